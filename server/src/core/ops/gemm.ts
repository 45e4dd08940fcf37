// Matrix products: linear (a learned weight over the last dimension) and matmul (two tensors,
// batch dimensions broadcast as in NumPy).
import { type OpSpec, type Shape, fmtShape, numel } from './types';
import { broadcastShapes } from './broadcast';

export const linear: OpSpec = {
  name: 'linear',
  category: 'gemm',
  summary: 'Fully connected layer over the last dimension: y = x W^T + b.',
  opsRule: '2 ops per MAC; MACs = elements of x / in_features x out_features.',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [..., in_features]' },
    { name: 'out', kind: 'int', doc: 'out_features' },
    { name: 'bias', kind: 'bool', doc: 'learnable bias', default: true },
    { name: 'tied', kind: 'bool', doc: "the weight is another layer's (tied to an embedding table): read, but not counted again as parameters", default: false },
  ],
  infer(a) {
    const x = a.tensor('x');
    if (x.length < 1) a.shapeError('x', `linear expects at least a 1-D input, got ${fmtShape(x)}`);
    const out = a.int('out');
    if (!Number.isInteger(out) || out < 1) a.fail('out', `linear: 'out' must be a positive whole number, got ${out}`);
    const k = x[x.length - 1];
    const rows = numel(x) / k;
    const macs = rows * k * out;
    const biasElems = a.bool('bias') ? out : 0;
    const tied = a.bool('tied');
    const notes = a.bool('bias') ? ['The bias add is not counted as operations (torchvision/fvcore convention).'] : [];
    if (tied) notes.push('Tied weight: read like any weight, counted as parameters once, at the embedding it shares.');
    return {
      outputs: [[...x.slice(0, -1), out]],
      macs,
      ops: 2 * macs,
      params: (tied ? 0 : k * out) + biasElems,
      weightElems: k * out + biasElems,
      dims: { kind: 'gemm', batch: 1, m: rows, k, n: out, weightRhs: true },
      notes,
    };
  },
};

export const matmul: OpSpec = {
  name: 'matmul',
  category: 'gemm',
  summary: 'Matrix product of two tensors [..., m, k] x [..., k, n]; batch dimensions broadcast.',
  opsRule: '2 ops per MAC; MACs = batch x m x k x n.',
  args: [
    { name: 'a', kind: 'tensor', doc: 'left operand [..., m, k]' },
    { name: 'b', kind: 'tensor', doc: 'right operand [..., k, n]' },
  ],
  infer(args) {
    const a = args.tensor('a');
    const b = args.tensor('b');
    if (a.length < 2) args.shapeError('a', `matmul expects at least 2-D operands, got ${fmtShape(a)}`);
    if (b.length < 2) args.shapeError('b', `matmul expects at least 2-D operands, got ${fmtShape(b)}`);
    const [m, k] = a.slice(-2);
    const [k2, n] = b.slice(-2);
    if (k !== k2) args.shapeError('b', `matmul: inner dimensions differ: ${fmtShape(a)} x ${fmtShape(b)} (${k} vs ${k2})`);
    const batch: Shape | string = broadcastShapes(a.slice(0, -2), b.slice(0, -2));
    if (typeof batch === 'string') args.shapeError('b', `matmul: batch dimensions of ${fmtShape(a)} and ${fmtShape(b)} do not broadcast`);
    const nb = numel(batch as Shape);
    const macs = nb * m * k * n;
    return { outputs: [[...(batch as Shape), m, n]], macs, ops: 2 * macs, params: 0, weightElems: 0, dims: { kind: 'gemm', batch: nb, m, k, n, weightRhs: false } };
  },
};
