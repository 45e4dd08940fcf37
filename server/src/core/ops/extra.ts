// Operators the ONNX importer needs beyond the core families (and that model files may call too):
// binary element-wise sub, div, pow, minimum and where (NumPy broadcasting, 1 op per output
// element, like add and mul); activations and math functions (1 op per element, as every
// activation of the table counts); prelu (learned slopes); instancenorm; reductions over chosen
// dimensions; global max pooling; and data movement without arithmetic: pad, gather, expand, cast.
// leaky_relu, relu6, maximum and identity live in extraCaffeDarknet.ts and are shared.
import { broadcastShapes } from './broadcast';
import { binary } from './elementwise';
import { type ArgSpec, type BoundArgs, type OpSpec, type Shape, axis, fmtShape, numel } from './types';
import { PRECISIONS } from '../precision';

export const sub = binary('sub', 'Element-wise difference of two tensors (NumPy broadcasting).');
export const div = binary('div', 'Element-wise quotient of two tensors (NumPy broadcasting).');
export const pow = binary('pow', 'Element-wise power a^b (NumPy broadcasting).');
export const minimum = binary('minimum', 'Element-wise minimum of two tensors (NumPy broadcasting).');

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

function unary(name: string, summary: string, category: 'activation' | 'elementwise' = 'activation', extra: ArgSpec[] = []): OpSpec {
  return {
    name,
    category,
    summary,
    opsRule: '1 op per element.',
    args: [{ name: 'x', kind: 'tensor', doc: 'input' }, ...extra],
    infer(a) {
      const x = a.tensor('x');
      return { outputs: [x], macs: 0, ops: numel(x), params: 0, weightElems: 0 };
    },
  };
}

export const clip = unary('clip', 'Clamps every element to [min, max] (ReLU6 is clip(x, min=0, max=6)).', 'activation', [
  { name: 'min', kind: 'number', doc: 'lower bound', optional: true },
  { name: 'max', kind: 'number', doc: 'upper bound', optional: true },
]);
export const elu = unary('elu', 'Exponential linear unit, x if x > 0 else alpha (e^x - 1).', 'activation', [{ name: 'alpha', kind: 'number', doc: 'scale of the negative part', default: 1 }]);
export const hardsigmoid = unary('hardsigmoid', 'Hard sigmoid, max(0, min(1, alpha x + beta)).');
export const hardswish = unary('hardswish', 'Hard swish, x hardsigmoid(x) (MobileNetV3).');
export const softplus = unary('softplus', 'Softplus, log(1 + e^x).');
export const sqrt = unary('sqrt', 'Square root of every element.', 'elementwise');
export const exp = unary('exp', 'Exponential of every element.', 'elementwise');
export const log = unary('log', 'Natural logarithm of every element.', 'elementwise');
export const erf = unary('erf', 'Error function of every element (the exact GELU is built from it).', 'elementwise');
export const abs = unary('abs', 'Absolute value of every element.', 'elementwise');
export const neg = unary('neg', 'Negation of every element.', 'elementwise');
export const reciprocal = unary('reciprocal', 'Reciprocal 1/x of every element.', 'elementwise');

export const prelu: OpSpec = {
  name: 'prelu',
  category: 'activation',
  summary: 'Parametric ReLU: x if x > 0 else slope x, with learned slopes (one per channel, or one shared).',
  opsRule: '1 op per element.',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [N, C, ...]' },
    { name: 'slopes', kind: 'int', doc: 'number of learned slopes (the channels, or 1)', default: 1 },
  ],
  infer(a) {
    const x = a.tensor('x');
    const slopes = a.int('slopes');
    if (!Number.isInteger(slopes) || slopes < 1) a.fail('slopes', `prelu: 'slopes' must be a positive whole number, got ${slopes}`);
    return { outputs: [x], macs: 0, ops: numel(x), params: slopes, weightElems: slopes };
  },
};

export const instancenorm: OpSpec = {
  name: 'instancenorm',
  category: 'norm',
  summary: 'Instance normalisation: per sample and channel over the spatial positions, with a per-channel scale and shift.',
  opsRule: '5 ops per element (mean, variance, normalise, scale, shift).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [N, C, ...]' },
    { name: 'affine', kind: 'bool', doc: 'learnable per-channel scale and shift', default: true },
  ],
  infer(a) {
    const x = a.tensor('x');
    if (x.length < 3) a.shapeError('x', `instancenorm expects an input [N, C, spatial...], got ${fmtShape(x)}`);
    const params = a.bool('affine') ? 2 * x[1] : 0;
    return { outputs: [x], macs: 0, ops: 5 * numel(x), params, weightElems: params };
  },
};

/** The dimensions of a reduction, normalised, checked and without repeats. */
function reducedDims(a: BoundArgs, x: Shape): Set<number> {
  const dims = a.has('dims') ? a.ints('dims') : x.map((_, i) => i);
  const set = new Set<number>();
  for (const d of dims) {
    const n = axis(a, 'dims', d, Math.max(1, x.length));
    if (set.has(n)) a.fail('dims', `${a.op}: dimension ${d} is listed twice`);
    set.add(n);
  }
  return set;
}

function reduction(name: string, summary: string): OpSpec {
  return {
    name,
    category: 'elementwise',
    summary,
    opsRule: '1 op per input element.',
    args: [
      { name: 'x', kind: 'tensor', doc: 'input' },
      { name: 'dims', kind: 'ints', doc: 'dimensions to reduce (all when omitted)', optional: true },
      { name: 'keepdims', kind: 'bool', doc: 'keep the reduced dimensions with size 1', default: true },
    ],
    infer(a) {
      const x = a.tensor('x');
      const dims = reducedDims(a, x);
      const keep = a.bool('keepdims');
      const out: Shape = [];
      x.forEach((d, i) => {
        if (!dims.has(i)) out.push(d);
        else if (keep) out.push(1);
      });
      return { outputs: [out], macs: 0, ops: numel(x), params: 0, weightElems: 0 };
    },
  };
}

export const reduceMean = reduction('reduce_mean', 'Mean over the given dimensions.');
export const reduceSum = reduction('reduce_sum', 'Sum over the given dimensions.');
export const reduceMax = reduction('reduce_max', 'Maximum over the given dimensions.');

export const globalMaxpool: OpSpec = {
  name: 'global_maxpool',
  category: 'pool',
  summary: 'Maximum over all spatial positions: [N, C, H, W] to [N, C, 1, 1].',
  opsRule: '1 op per input element.',
  args: [{ name: 'x', kind: 'tensor', doc: 'input [N, C, H, W]' }],
  infer(a) {
    const x = a.tensor('x');
    if (x.length < 3) a.shapeError('x', `global_maxpool expects an input [N, C, H, W], got ${fmtShape(x)}`);
    return { outputs: [[x[0], x[1], ...x.slice(2).map(() => 1)]], macs: 0, ops: numel(x), params: 0, weightElems: 0 };
  },
};

export const pad: OpSpec = {
  name: 'pad',
  category: 'data',
  summary: 'Pads a tensor: `pads` lists the amounts before every dimension, then after every dimension (ONNX order).',
  opsRule: '0 ops (a copy).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'pads', kind: 'ints', doc: '[before_0, ..., before_n-1, after_0, ..., after_n-1]' },
  ],
  infer(a) {
    const x = a.tensor('x');
    const pads = a.ints('pads');
    if (pads.length !== 2 * x.length) a.fail('pads', `pad: ${pads.length} amounts for a ${x.length}-D input ${fmtShape(x)} (needs ${2 * x.length})`);
    const out = x.map((d, i) => d + pads[i] + pads[i + x.length]);
    if (pads.some((p) => !Number.isInteger(p)) || out.some((d) => d < 1)) a.fail('pads', `pad: [${pads.join(', ')}] leaves no elements of ${fmtShape(x)}`);
    return { outputs: [out], macs: 0, ops: 0, params: 0, weightElems: 0 };
  },
};

export const gather: OpSpec = {
  name: 'gather',
  category: 'data',
  summary: 'Takes the entries `indices` of one dimension (a lookup); the index tensor replaces that dimension.',
  opsRule: '0 ops (a copy).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'data' },
    { name: 'indices', kind: 'tensor', doc: 'integer indices' },
    { name: 'dim', kind: 'int', doc: 'dimension to index', default: 0 },
  ],
  infer(a) {
    const x = a.tensor('x');
    const idx = a.tensor('indices');
    if (x.length < 1) a.shapeError('x', `gather expects at least a 1-D input, got ${fmtShape(x)}`);
    const d = axis(a, 'dim', a.int('dim'), x.length);
    const out: Shape = [...x.slice(0, d), ...idx, ...x.slice(d + 1)];
    return { outputs: [out], macs: 0, ops: 0, params: 0, weightElems: 0, inputElemsRead: numel(out) + numel(idx), notes: ['Only the gathered elements (and the indices) are read.'] };
  },
};

export const expand: OpSpec = {
  name: 'expand',
  category: 'data',
  summary: 'Broadcasts a tensor to a larger shape (NumPy rules), materialising the copy.',
  opsRule: '0 ops (a copy).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'shape', kind: 'ints', doc: 'shape to broadcast to' },
  ],
  infer(a) {
    const x = a.tensor('x');
    const shape = a.ints('shape');
    const out = broadcastShapes(x, shape);
    if (typeof out === 'string') return a.shapeError('shape', `expand: ${fmtShape(x)} does not broadcast to [${shape.join(', ')}] (${out})`);
    return { outputs: [out], macs: 0, ops: 0, params: 0, weightElems: 0 };
  },
};

export const cast: OpSpec = {
  name: 'cast',
  category: 'data',
  summary: 'Converts the elements to another type (give the layer the precision of its output: the ONNX importer does; in a model file, @precision).',
  opsRule: '0 ops (a copy that converts).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'to', kind: 'word', doc: 'the new element type', choices: [...PRECISIONS] },
  ],
  infer(a) {
    const x = a.tensor('x');
    const to = a.word('to');
    if (!(PRECISIONS as string[]).includes(to)) a.fail('to', `cast: unknown type '${to}' (known: ${PRECISIONS.join(', ')})`);
    return { outputs: [x], macs: 0, ops: 0, params: 0, weightElems: 0 };
  },
};

/** Every entry of this family, for the operator table. */
export const ONNX_OPS: OpSpec[] = [
  sub, div, pow, minimum, where,
  clip, elu, hardsigmoid, hardswish, softplus, prelu,
  sqrt, exp, log, erf, abs, neg, reciprocal,
  instancenorm, reduceMean, reduceSum, reduceMax, globalMaxpool,
  pad, gather, expand, cast,
];
