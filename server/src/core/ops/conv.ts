// Convolutions: conv2d (groups, dilation, depthwise) and conv_transpose2d, on NCHW tensors.
// MACs follow torchvision/fvcore: output elements x (input channels per group) x kernel area.
import { type BoundArgs, type OpSpec, type Shape, fmtShape } from './types';

function check4d(a: BoundArgs, shape: Shape): [number, number, number, number] {
  if (shape.length !== 4) a.shapeError('x', `${a.op} expects a 4-D input [N, C, H, W], got ${fmtShape(shape)}`);
  return [shape[0], shape[1], shape[2], shape[3]];
}

function positive(a: BoundArgs, arg: string, values: number[], allowZero = false): void {
  for (const v of values) {
    if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) a.fail(arg, `${a.op}: '${arg}' must be a ${allowZero ? 'non-negative' : 'positive'} whole number, got ${v}`);
  }
}

/** Checks and returns the group count, from `groups` or `depthwise=true`. */
function groupsOf(a: BoundArgs, cin: number, out: number, inShape: Shape): number {
  const depthwise = a.bool('depthwise');
  const groups = depthwise ? cin : a.int('groups');
  positive(a, 'groups', [groups]);
  if (depthwise && a.has('groups') && a.int('groups') !== 1 && a.int('groups') !== cin) {
    a.fail('groups', `${a.op}: depthwise means groups = input channels (${cin}), got groups=${a.int('groups')}`);
  }
  if (cin % groups !== 0) a.shapeError(depthwise ? 'depthwise' : 'groups', `${a.op}: input ${fmtShape(inShape)} has ${cin} channels, not divisible by groups=${groups}`);
  if (out % groups !== 0) a.fail(depthwise ? 'depthwise' : 'groups', `${a.op}: ${out} output channels are not divisible by groups=${groups}`);
  return groups;
}

export const conv2d: OpSpec = {
  name: 'conv2d',
  category: 'conv',
  summary: '2-D convolution over an NCHW tensor (groups, dilation, depthwise).',
  opsRule: '2 ops per MAC; MACs = output elements x input channels per group x kernel height x kernel width.',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [N, C, H, W]' },
    { name: 'out', kind: 'int', doc: 'output channels (defaults to the input channels when depthwise)', optional: true },
    { name: 'kernel', kind: 'ints', doc: 'kernel size k or [kh, kw]', pair: true },
    { name: 'stride', kind: 'ints', doc: 'stride s or [sh, sw]', default: 1, pair: true },
    { name: 'pad', kind: 'ints', doc: 'zero padding p or [ph, pw] on each side', default: 0, pair: true },
    { name: 'dilation', kind: 'ints', doc: 'dilation d or [dh, dw]', default: 1, pair: true },
    { name: 'groups', kind: 'int', doc: 'groups (input and output channels split into this many)', default: 1 },
    { name: 'depthwise', kind: 'bool', doc: 'one group per input channel', default: false },
    { name: 'bias', kind: 'bool', doc: 'learnable bias per output channel', default: true },
  ],
  infer(a) {
    const x = a.tensor('x');
    const [n, cin, h, w] = check4d(a, x);
    const out = a.has('out') ? a.int('out') : a.bool('depthwise') ? cin : a.fail('out', "conv2d needs the argument 'out' (output channels)");
    positive(a, 'out', [out]);
    const [kh, kw] = a.pair('kernel');
    const [sh, sw] = a.pair('stride');
    const [ph, pw] = a.pair('pad');
    const [dh, dw] = a.pair('dilation');
    positive(a, 'kernel', [kh, kw]);
    positive(a, 'stride', [sh, sw]);
    positive(a, 'pad', [ph, pw], true);
    positive(a, 'dilation', [dh, dw]);
    const groups = groupsOf(a, cin, out, x);
    const ekh = dh * (kh - 1) + 1;
    const ekw = dw * (kw - 1) + 1;
    if (h + 2 * ph < ekh || w + 2 * pw < ekw) {
      a.shapeError('kernel', `conv2d: kernel ${kh}x${kw}${dh > 1 || dw > 1 ? ` (dilated ${ekh}x${ekw})` : ''} is larger than the padded input ${h + 2 * ph}x${w + 2 * pw} of ${fmtShape(x)}`);
    }
    const ho = Math.floor((h + 2 * ph - ekh) / sh) + 1;
    const wo = Math.floor((w + 2 * pw - ekw) / sw) + 1;
    const cinG = cin / groups;
    const macs = n * out * ho * wo * cinG * kh * kw;
    const params = out * cinG * kh * kw + (a.bool('bias') ? out : 0);
    return {
      outputs: [[n, out, ho, wo]],
      macs,
      ops: 2 * macs,
      params,
      weightElems: params,
      dims: { kind: 'conv', batch: n, groups, m: out / groups, n: cinG, r: ho, c: wo, kh, kw, stride: Math.max(sh, sw), h, w },
      notes: a.bool('bias') ? ['The bias add is not counted as operations (torchvision/fvcore convention).'] : [],
    };
  },
};

export const convTranspose2d: OpSpec = {
  name: 'conv_transpose2d',
  category: 'conv',
  summary: '2-D transposed convolution (deconvolution) over an NCHW tensor.',
  opsRule: '2 ops per MAC; MACs = input elements x output channels per group x kernel area (as PyTorch profilers count).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [N, C, H, W]' },
    { name: 'out', kind: 'int', doc: 'output channels' },
    { name: 'kernel', kind: 'ints', doc: 'kernel size k or [kh, kw]', pair: true },
    { name: 'stride', kind: 'ints', doc: 'stride', default: 1, pair: true },
    { name: 'pad', kind: 'ints', doc: 'padding removed from each side of the output', default: 0, pair: true },
    { name: 'output_pad', kind: 'ints', doc: 'extra rows/columns added to one side of the output', default: 0, pair: true },
    { name: 'dilation', kind: 'ints', doc: 'dilation', default: 1, pair: true },
    { name: 'groups', kind: 'int', doc: 'groups', default: 1 },
    { name: 'bias', kind: 'bool', doc: 'learnable bias per output channel', default: true },
  ],
  infer(a) {
    const x = a.tensor('x');
    const [n, cin, h, w] = check4d(a, x);
    const out = a.int('out');
    positive(a, 'out', [out]);
    const [kh, kw] = a.pair('kernel');
    const [sh, sw] = a.pair('stride');
    const [ph, pw] = a.pair('pad');
    const [oph, opw] = a.pair('output_pad');
    const [dh, dw] = a.pair('dilation');
    positive(a, 'kernel', [kh, kw]);
    positive(a, 'stride', [sh, sw]);
    positive(a, 'pad', [ph, pw], true);
    positive(a, 'output_pad', [oph, opw], true);
    positive(a, 'dilation', [dh, dw]);
    // As PyTorch: output padding must be smaller than the stride or the dilation.
    if (oph >= Math.max(sh, dh) || opw >= Math.max(sw, dw)) a.fail('output_pad', `conv_transpose2d: output_pad ${oph}x${opw} must be smaller than the stride ${sh}x${sw} or the dilation ${dh}x${dw}`);
    const groups = a.int('groups');
    positive(a, 'groups', [groups]);
    if (cin % groups !== 0) a.shapeError('groups', `conv_transpose2d: input ${fmtShape(x)} has ${cin} channels, not divisible by groups=${groups}`);
    if (out % groups !== 0) a.fail('groups', `conv_transpose2d: ${out} output channels are not divisible by groups=${groups}`);
    const ho = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1;
    const wo = (w - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;
    if (ho < 1 || wo < 1) a.shapeError('pad', `conv_transpose2d: padding leaves no output for input ${fmtShape(x)}`);
    const coutG = out / groups;
    const macs = n * cin * h * w * coutG * kh * kw;
    const params = cin * coutG * kh * kw + (a.bool('bias') ? out : 0);
    return { outputs: [[n, out, ho, wo]], macs, ops: 2 * macs, params, weightElems: params };
  },
};
