// Normalisations: batchnorm (per channel, dimension 1), layernorm and rmsnorm (over the last
// dimension), local response normalisation (AlexNet's LRN, across channels), instancenorm (per
// sample and channel), and scale (Caffe's Scale: the learnable affine half of a batch norm).
import { type OpSpec, fmtShape, numel } from './types';

export const batchnorm: OpSpec = {
  name: 'batchnorm',
  category: 'norm',
  summary: 'Batch normalisation at inference: per-channel scale and shift with running statistics.',
  opsRule: '2 ops per element (a multiply and an add, with the statistics folded into scale and shift).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [N, C, ...]' },
    { name: 'affine', kind: 'bool', doc: 'learnable scale and shift', default: true },
  ],
  infer(a) {
    const x = a.tensor('x');
    if (x.length < 2) a.shapeError('x', `batchnorm expects an input [N, C, ...], got ${fmtShape(x)}`);
    const c = x[1];
    const params = a.bool('affine') ? 2 * c : 0;
    return {
      outputs: [x],
      macs: 0,
      ops: 2 * numel(x),
      params,
      weightElems: params + 2 * c,
      notes: ['Running mean and variance are read as weights but are not learnable parameters.'],
    };
  },
};

function lastDimNorm(name: 'layernorm' | 'rmsnorm', perElement: number, learnedPerFeature: number): OpSpec {
  return {
    name,
    category: 'norm',
    summary: name === 'layernorm' ? 'Layer normalisation over the last dimension, with scale and shift.' : 'RMS normalisation over the last dimension, with a scale.',
    opsRule: `${perElement} ops per element (${name === 'layernorm' ? 'mean, variance, normalise, scale, shift' : 'square, mean, normalise, scale'}).`,
    args: [
      { name: 'x', kind: 'tensor', doc: 'input [..., features]' },
      { name: 'affine', kind: 'bool', doc: 'learnable per-feature parameters', default: true },
    ],
    infer(a) {
      const x = a.tensor('x');
      if (x.length < 1) a.shapeError('x', `${name} expects at least a 1-D input, got ${fmtShape(x)}`);
      const d = x[x.length - 1];
      const params = a.bool('affine') ? learnedPerFeature * d : 0;
      return { outputs: [x], macs: 0, ops: perElement * numel(x), params, weightElems: params };
    },
  };
}

export const layernorm = lastDimNorm('layernorm', 5, 2);
export const rmsnorm = lastDimNorm('rmsnorm', 4, 1);

export const lrn: OpSpec = {
  name: 'lrn',
  category: 'norm',
  summary: 'Local response normalisation across channels (AlexNet).',
  opsRule: '2 x size + 3 ops per element (squares and window sum, then scale, power and divide).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [N, C, H, W]' },
    { name: 'size', kind: 'int', doc: 'channels in the window', default: 5 },
  ],
  infer(a) {
    const x = a.tensor('x');
    if (x.length < 2) a.shapeError('x', `lrn expects an input [N, C, ...], got ${fmtShape(x)}`);
    const size = a.int('size');
    if (!Number.isInteger(size) || size < 1) a.fail('size', `lrn: 'size' must be a positive whole number, got ${size}`);
    return { outputs: [x], macs: 0, ops: (2 * size + 3) * numel(x), params: 0, weightElems: 0 };
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

export const scale: OpSpec = {
  name: 'scale',
  category: 'norm',
  summary: 'Learnable per-channel scale (and bias) over dimension 1 (Caffe Scale; the affine half of a batch norm).',
  opsRule: '1 op per element (a multiply), 2 with the bias (a multiply and an add).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [N, C, ...]' },
    { name: 'bias', kind: 'bool', doc: 'learnable bias per channel', default: true },
  ],
  infer(a) {
    const x = a.tensor('x');
    if (x.length < 2) a.shapeError('x', `scale expects an input [N, C, ...], got ${fmtShape(x)}`);
    const bias = a.bool('bias');
    const params = (bias ? 2 : 1) * x[1];
    return { outputs: [x], macs: 0, ops: (bias ? 2 : 1) * numel(x), params, weightElems: params };
  },
};
