// Operators that the Caffe and Darknet importers need beyond the core families: the activations
// leaky_relu (Darknet 'leaky'), mish and relu6; Caffe's Scale (a learnable per-channel scale and
// bias); an element-wise maximum (Caffe Eltwise MAX); identity (dropout at inference, Darknet's
// [cost] and [detection]); and Darknet's max pooling, whose padding is a total added before and
// after (`padding/2` before, the rest after), which the symmetric `maxpool` cannot express; and
// Darknet's shortcut between maps of different sizes (pjreddie's ResNet cfgs), which `add` cannot.
// Activations count 1 op per element, as every activation of the table does.
import { binary } from './elementwise';
import { type OpSpec, type Shape, fmtShape, numel } from './types';

function activation(name: string, summary: string, extraArgs: OpSpec['args'] = []): OpSpec {
  return {
    name,
    category: 'activation',
    summary,
    opsRule: '1 op per element.',
    args: [{ name: 'x', kind: 'tensor', doc: 'input' }, ...extraArgs],
    infer(a) {
      const x = a.tensor('x');
      return { outputs: [x], macs: 0, ops: numel(x), params: 0, weightElems: 0 };
    },
  };
}

export const leakyRelu = activation('leaky_relu', 'Leaky ReLU, x if x > 0 else slope x (Darknet "leaky": slope 0.1).', [
  { name: 'slope', kind: 'number', doc: 'slope for negative inputs', default: 0.1 },
]);
export const mish = activation('mish', 'Mish, x tanh(softplus(x)) (YOLOv4).');
export const relu6 = activation('relu6', 'ReLU clipped at 6, min(max(x, 0), 6).');

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

export const maximum = binary('maximum', 'Element-wise maximum of two tensors (NumPy broadcasting; Caffe Eltwise MAX).');

export const identity: OpSpec = {
  name: 'identity',
  category: 'data',
  summary: 'Passes its input through unchanged (dropout at inference): a view.',
  opsRule: '0 ops; a view moves no data.',
  args: [{ name: 'x', kind: 'tensor', doc: 'input' }],
  infer(a) {
    return { outputs: [a.tensor('x')], macs: 0, ops: 0, params: 0, weightElems: 0, view: true };
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
    { name: 'stride', kind: 'ints', doc: 'stride s or [sh, sw]', default: 1 },
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

/** Every entry of this family, for the operator table. */
export const CAFFE_DARKNET_OPS: OpSpec[] = [leakyRelu, mish, relu6, scale, maximum, identity, darknetMaxpool, darknetShortcut];
