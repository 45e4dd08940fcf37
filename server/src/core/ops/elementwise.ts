// Element-wise operators: activations (one tensor in, same shape out), softmax, and the binary
// operators add and mul with NumPy broadcasting.
import { type OpCategory, type OpSpec, fmtShape, numel, axis } from './types';
import { broadcastShapes } from './broadcast';

function activation(name: string, summary: string, perElement = 1, category: OpCategory = 'activation'): OpSpec {
  return {
    name,
    category,
    summary,
    opsRule: `${perElement} op${perElement === 1 ? '' : 's'} per element.`,
    args: [{ name: 'x', kind: 'tensor', doc: 'input' }],
    infer(a) {
      const x = a.tensor('x');
      return { outputs: [x], macs: 0, ops: perElement * numel(x), params: 0, weightElems: 0 };
    },
  };
}

export const relu = activation('relu', 'Rectified linear unit, max(x, 0).');
export const gelu = activation('gelu', 'Gaussian error linear unit.');
export const silu = activation('silu', 'Sigmoid linear unit (swish), x * sigmoid(x).');
export const sigmoid = activation('sigmoid', 'Logistic sigmoid.');
export const tanh = activation('tanh', 'Hyperbolic tangent.');

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
