// Element-wise operators other than activations (activation.ts): the one-tensor helper `unary` and
// the math functions (sqrt, exp, log, erf, abs, neg, reciprocal); softmax; the binary operators
// with NumPy broadcasting (add, mul, sub, div, pow, minimum, maximum) and where; and Darknet's
// shortcut between maps of different sizes (pjreddie's ResNet cfgs), which `add` cannot express.
import { type ArgSpec, type OpCategory, type OpSpec, fmtShape, numel, axis } from './types';
import { broadcastShapes } from './broadcast';

/** An operator of one tensor to a tensor of the same shape, `perElement` ops per element. */
export function unary(name: string, category: OpCategory, summary: string, extraArgs: ArgSpec[] = [], perElement = 1): OpSpec {
  return {
    name,
    category,
    summary,
    opsRule: `${perElement} op${perElement === 1 ? '' : 's'} per element.`,
    args: [{ name: 'x', kind: 'tensor', doc: 'input' }, ...extraArgs],
    infer(a) {
      const x = a.tensor('x');
      return { outputs: [x], macs: 0, ops: perElement * numel(x), params: 0, weightElems: 0 };
    },
  };
}

export const sqrt = unary('sqrt', 'elementwise', 'Square root of every element.');
export const exp = unary('exp', 'elementwise', 'Exponential of every element.');
export const log = unary('log', 'elementwise', 'Natural logarithm of every element.');
export const erf = unary('erf', 'elementwise', 'Error function of every element (the exact GELU is built from it).');
export const abs = unary('abs', 'elementwise', 'Absolute value of every element.');
export const neg = unary('neg', 'elementwise', 'Negation of every element.');
export const reciprocal = unary('reciprocal', 'elementwise', 'Reciprocal 1/x of every element.');

export const softmax: OpSpec = {
  name: 'softmax',
  category: 'elementwise',
  summary: 'Softmax along one dimension (the last by default).',
  opsRule: '5 ops per element (max, subtract, exponent, sum, divide).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'dim', kind: 'int', doc: 'dimension to normalise', default: -1 },
  ],
  infer(a) {
    const x = a.tensor('x');
    axis(a, 'dim', a.int('dim'), Math.max(1, x.length));
    return { outputs: [x], macs: 0, ops: 5 * numel(x), params: 0, weightElems: 0 };
  },
};

/** A binary element-wise operator with NumPy broadcasting, 1 op per output element. */
export function binary(name: string, summary: string): OpSpec {
  return {
    name,
    category: 'elementwise',
    summary,
    opsRule: '1 op per output element.',
    args: [
      { name: 'a', kind: 'tensor', doc: 'left operand' },
      { name: 'b', kind: 'tensor', doc: 'right operand (broadcast against a)' },
    ],
    infer(args) {
      const a = args.tensor('a');
      const b = args.tensor('b');
      const out = broadcastShapes(a, b);
      if (typeof out === 'string') return args.shapeError('b', `${name}: shapes ${fmtShape(a)} and ${fmtShape(b)} do not broadcast (${out})`);
      return { outputs: [out], macs: 0, ops: numel(out), params: 0, weightElems: 0 };
    },
  };
}

export const add = binary('add', 'Element-wise sum of two tensors (NumPy broadcasting).');
export const mul = binary('mul', 'Element-wise product of two tensors (NumPy broadcasting).');
export const sub = binary('sub', 'Element-wise difference of two tensors (NumPy broadcasting).');
export const div = binary('div', 'Element-wise quotient of two tensors (NumPy broadcasting).');
export const pow = binary('pow', 'Element-wise power a^b (NumPy broadcasting).');
export const minimum = binary('minimum', 'Element-wise minimum of two tensors (NumPy broadcasting).');
export const maximum = binary('maximum', 'Element-wise maximum of two tensors (NumPy broadcasting; Caffe Eltwise MAX).');

export const where: OpSpec = {
  name: 'where',
  category: 'elementwise',
  summary: 'Element-wise choice: a where cond is true, else b (all three broadcast).',
  opsRule: '1 op per output element.',
  args: [
    { name: 'cond', kind: 'tensor', doc: 'condition' },
    { name: 'a', kind: 'tensor', doc: 'values where cond is true' },
    { name: 'b', kind: 'tensor', doc: 'values where cond is false' },
  ],
  infer(args) {
    const c = args.tensor('cond');
    const a = args.tensor('a');
    const b = args.tensor('b');
    const ab = broadcastShapes(a, b);
    if (typeof ab === 'string') return args.shapeError('b', `where: shapes ${fmtShape(a)} and ${fmtShape(b)} do not broadcast (${ab})`);
    const out = broadcastShapes(c, ab);
    if (typeof out === 'string') return args.shapeError('cond', `where: the condition ${fmtShape(c)} does not broadcast against ${fmtShape(ab)} (${out})`);
    return { outputs: [out], macs: 0, ops: numel(out), params: 0, weightElems: 0 };
  },
};

export const darknetShortcut: OpSpec = {
  name: 'darknet_shortcut',
  category: 'elementwise',
  summary: "Darknet's [shortcut] between maps of different sizes: the output is x, and its first min(C) channels get `from` added, sampled with a stride (a larger `from`) or spread out (a smaller one).",
  opsRule: '1 op per element that receives an add: batch x the smaller channels x the smaller height x the smaller width.',
  args: [
    { name: 'x', kind: 'tensor', doc: 'the previous layer [N, C, H, W] (the output has its shape)' },
    { name: 'from', kind: 'tensor', doc: 'the layer added [N, C2, H2, W2]' },
  ],
  infer(a) {
    const x = a.tensor('x');
    const f = a.tensor('from');
    if (x.length !== 4) a.shapeError('x', `darknet_shortcut expects 4-D inputs [N, C, H, W], got ${fmtShape(x)}`);
    if (f.length !== 4 || f[0] !== x[0]) a.shapeError('from', `darknet_shortcut: ${fmtShape(f)} cannot be added to ${fmtShape(x)} (4-D, same batch)`);
    // As Darknet's shortcut_cpu: stride = w1 / w2 and sample = w2 / w1 (whole-number division), the
    // same along the height, at least 1.
    const stride = Math.floor(f[3] / x[3]);
    const sample = Math.floor(x[3] / f[3]);
    if (stride !== Math.floor(f[2] / x[2]) || sample !== Math.floor(x[2] / f[2])) a.shapeError('from', `darknet_shortcut: ${fmtShape(f)} and ${fmtShape(x)} are not scaled alike in height and width`);
    const adds = x[0] * Math.min(x[1], f[1]) * Math.min(x[2], f[2]) * Math.min(x[3], f[3]);
    return {
      outputs: [x],
      macs: 0,
      ops: adds,
      params: 0,
      weightElems: 0,
      inputElemsRead: numel(x) + adds,
      notes: [`Darknet copies x and adds ${fmtShape(f)} into its first ${Math.min(x[1], f[1])} channels${stride > 1 ? `, read with a stride of ${stride}` : sample > 1 ? `, into one position of every ${sample} x ${sample} block` : ''}.`],
    };
  },
};
