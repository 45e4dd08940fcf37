// Pooling over the spatial dimensions of NCHW tensors: maxpool, avgpool (window, stride, padding,
// ceil mode as in PyTorch), global_avgpool, global_maxpool and adaptive_avgpool; and Darknet's max
// pooling, whose padding is a total added before and after (`padding/2` before, the rest after),
// which the symmetric `maxpool` cannot express.
import { type BoundArgs, type OpSpec, type Shape, fmtShape, numel } from './types';

/** Output length of a pooling window along one dimension, PyTorch's rule (ceil mode included). */
export function pooledLength(size: number, k: number, s: number, p: number, ceil: boolean): number {
  const span = size + 2 * p - k;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= size + p) out--;
  return out;
}

function windowPool(name: 'maxpool' | 'avgpool', summary: string): OpSpec {
  return {
    name,
    category: 'pool',
    summary,
    opsRule: '1 op per output element per window position (kernel height x kernel width).',
    args: [
      { name: 'x', kind: 'tensor', doc: 'input [N, C, H, W]' },
      { name: 'kernel', kind: 'ints', doc: 'window k or [kh, kw]', pair: true },
      { name: 'stride', kind: 'ints', doc: 'stride (defaults to the window)', optional: true, pair: true },
      { name: 'pad', kind: 'ints', doc: 'padding on each side', default: 0, pair: true },
      { name: 'ceil', kind: 'bool', doc: 'round the output size up (Caffe style)', default: false },
    ],
    infer(a) {
      const x = a.tensor('x');
      if (x.length !== 4) a.shapeError('x', `${name} expects a 4-D input [N, C, H, W], got ${fmtShape(x)}`);
      const [kh, kw] = a.pair('kernel');
      const [sh, sw] = a.has('stride') ? a.pair('stride') : [kh, kw];
      const [ph, pw] = a.pair('pad');
      for (const [arg, v, min] of [['kernel', kh, 1], ['kernel', kw, 1], ['stride', sh, 1], ['stride', sw, 1], ['pad', ph, 0], ['pad', pw, 0]] as const) {
        if (!Number.isInteger(v) || v < min) a.fail(arg, `${name}: '${arg}' must be a ${min ? 'positive' : 'non-negative'} whole number, got ${v}`);
      }
      if (ph * 2 > kh || pw * 2 > kw) a.fail('pad', `${name}: padding ${ph}x${pw} must be at most half the window ${kh}x${kw}`);
      if (x[2] + 2 * ph < kh || x[3] + 2 * pw < kw) a.shapeError('kernel', `${name}: window ${kh}x${kw} is larger than the padded input ${x[2] + 2 * ph}x${x[3] + 2 * pw} of ${fmtShape(x)}`);
      const ceil = a.bool('ceil');
      const out: Shape = [x[0], x[1], pooledLength(x[2], kh, sh, ph, ceil), pooledLength(x[3], kw, sw, pw, ceil)];
      return { outputs: [out], macs: 0, ops: numel(out) * kh * kw, params: 0, weightElems: 0 };
    },
  };
}

export const maxpool = windowPool('maxpool', 'Max pooling over a window.');
export const avgpool = windowPool('avgpool', 'Average pooling over a window.');

function spatial(a: BoundArgs): Shape {
  const x = a.tensor('x');
  if (x.length < 3) a.shapeError('x', `${a.op} expects an input [N, C, H, W], got ${fmtShape(x)}`);
  return x;
}

export const globalAvgpool: OpSpec = {
  name: 'global_avgpool',
  category: 'pool',
  summary: 'Average over all spatial positions: [N, C, H, W] to [N, C, 1, 1].',
  opsRule: '1 op per input element.',
  args: [{ name: 'x', kind: 'tensor', doc: 'input [N, C, H, W]' }],
  infer(a) {
    const x = spatial(a);
    return { outputs: [[x[0], x[1], ...x.slice(2).map(() => 1)]], macs: 0, ops: numel(x), params: 0, weightElems: 0 };
  },
};

export const adaptiveAvgpool: OpSpec = {
  name: 'adaptive_avgpool',
  category: 'pool',
  summary: 'Average pooling to a fixed output size (PyTorch AdaptiveAvgPool2d).',
  opsRule: '1 op per input element read by each window (input elements when the size already matches: 0).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [N, C, H, W]' },
    { name: 'size', kind: 'ints', doc: 'output size s or [oh, ow]', pair: true },
  ],
  infer(a) {
    const x = spatial(a);
    if (x.length !== 4) a.shapeError('x', `adaptive_avgpool expects a 4-D input [N, C, H, W], got ${fmtShape(x)}`);
    const [oh, ow] = a.pair('size');
    if (!(oh >= 1 && ow >= 1)) a.fail('size', `adaptive_avgpool: 'size' must be positive, got ${oh}x${ow}`);
    const out: Shape = [x[0], x[1], oh, ow];
    if (oh === x[2] && ow === x[3]) return { outputs: [out], macs: 0, ops: 0, params: 0, weightElems: 0, view: true, notes: ['The output size equals the input size: an identity, no data moved.'] };
    // Window of output i along a dimension of length L: [floor(i L / o), ceil((i + 1) L / o)).
    const win = (len: number, o: number) => {
      let total = 0;
      for (let i = 0; i < o; i++) total += Math.ceil(((i + 1) * len) / o) - Math.floor((i * len) / o);
      return total;
    };
    return { outputs: [out], macs: 0, ops: x[0] * x[1] * win(x[2], oh) * win(x[3], ow), params: 0, weightElems: 0 };
  },
};

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

/** Darknet's pooled length: floor((size + padding - k) / s) + 1, `padding` being a total. */
export function darknetPooledLength(size: number, k: number, s: number, padding: number): number {
  return Math.floor((size + padding - k) / s) + 1;
}

export const darknetMaxpool: OpSpec = {
  name: 'darknet_maxpool',
  category: 'pool',
  summary: 'Max pooling with Darknet\'s padding: `padding` rows and columns in total (default size - 1), padding/2 before and the rest after; out = floor((H + padding - size) / stride) + 1.',
  opsRule: '1 op per output element per window position (kernel height x kernel width), as Darknet counts its BFLOPs.',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [N, C, H, W]' },
    { name: 'kernel', kind: 'int', doc: 'window size' },
    { name: 'stride', kind: 'ints', doc: 'stride s or [sh, sw]', default: 1, pair: true },
    { name: 'padding', kind: 'int', doc: 'total padding (Darknet default: kernel - 1)', optional: true },
  ],
  infer(a) {
    const x = a.tensor('x');
    if (x.length !== 4) a.shapeError('x', `darknet_maxpool expects a 4-D input [N, C, H, W], got ${fmtShape(x)}`);
    const k = a.int('kernel');
    const [sh, sw] = a.pair('stride');
    const padding = a.has('padding') ? a.int('padding') : k - 1;
    for (const [arg, v, min] of [['kernel', k, 1], ['stride', sh, 1], ['stride', sw, 1], ['padding', padding, 0]] as const) {
      if (!Number.isInteger(v) || v < min) a.fail(arg, `darknet_maxpool: '${arg}' must be a ${min ? 'positive' : 'non-negative'} whole number, got ${v}`);
    }
    if (x[2] + padding < k || x[3] + padding < k) a.shapeError('kernel', `darknet_maxpool: window ${k}x${k} is larger than the padded input ${x[2] + padding}x${x[3] + padding} of ${fmtShape(x)}`);
    const out: Shape = [x[0], x[1], darknetPooledLength(x[2], k, sh, padding), darknetPooledLength(x[3], k, sw, padding)];
    return { outputs: [out], macs: 0, ops: numel(out) * k * k, params: 0, weightElems: 0 };
  },
};
