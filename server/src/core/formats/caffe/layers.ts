// Caffe layer types -> operators of the table. Each converter reads its `*_param` message with
// Caffe's defaults (caffe.proto) and makes one layer (Eltwise over more than two blobs makes a chain
// of binary layers). Conventions: Convolution and InnerProduct have a bias unless bias_term: false;
// BatchNorm holds running statistics only (0 learnable parameters, as PyTorch would count a
// BatchNorm2d with affine=False): the learnable scale and shift are the Scale layer after it;
// Pooling rounds up (Caffe's ceil) and drops a last window that would start in the padding;
// InnerProduct flattens its input from `axis` (a view, so its input is shown flattened);
// Dropout and Split are the identity at inference. ELU, PReLU, AbsVal, BNLL, Exp, Log, Clip use the
// entries added for ONNX (ops/activation.ts, ops/elementwise.ts); Power, Threshold, Bias and MVN are listed but not counted.
import { pooledLength } from '../../ops/pool';
import type { Shape } from '../../ops/types';
import type { GraphTensor, PlainArg } from '../../semantics/graphBuilder';
import type { CaffeContext, CaffeLayer } from './context';
import type { Fields } from './fields';

type Converter = (ctx: CaffeContext, L: CaffeLayer) => GraphTensor[];

/** Caffe's pooled length: ceil (or floor) rounding, then one less if the last window starts in the padding. */
export function caffePooledLength(size: number, k: number, s: number, p: number, ceil: boolean): number {
  const span = size + 2 * p - k;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (p > 0 && (out - 1) * s >= size + p) out--;
  return out;
}

/** A 2-D pair from `single` (repeated: 0, 1 or 2 values) or from `h`/`w`; undefined after an error (reported). */
function pair(p: Fields, single: string, h: string, w: string, fallback: number, min: number): [number, number] | undefined {
  if (p.has(h) || p.has(w)) return [p.int(h, fallback, min), p.int(w, fallback, min)];
  const vs = p.ints(single, min);
  if (vs.length !== p.all(single).length) return undefined;
  if (vs.length === 0) return [fallback, fallback];
  if (vs.length === 1) return [vs[0], vs[0]];
  if (vs.length === 2) return [vs[0], vs[1]];
  p.fail(single, `'${single}' gives ${vs.length} values; only 2-D layers are supported (1 or 2 values)`);
  return undefined;
}

function first(L: CaffeLayer): GraphTensor {
  return L.bottoms[0].tensor;
}

function needBottoms(ctx: CaffeContext, L: CaffeLayer, n: number, op: string): GraphTensor[] | undefined {
  if (L.bottoms.length >= n) return undefined;
  L.f.fail('bottom', `a ${L.type} layer needs ${n === 1 ? 'a bottom blob' : `at least ${n} bottom blobs`}`);
  return [ctx.uncounted(L, op, null, `${L.name}: not counted (missing bottom)`, null)];
}

const convolution: Converter = (ctx, L) => {
  const deconv = L.type === 'Deconvolution';
  const op = deconv ? 'conv_transpose2d' : 'conv2d';
  const p = L.f.sub('convolution_param');
  const missing = needBottoms(ctx, L, 1, op);
  if (missing) return missing;
  const out = p.optInt('num_output', 1);
  const hasKernel = p.has('kernel_size') || p.has('kernel_h') || p.has('kernel_w');
  if (out === undefined && !p.has('num_output')) p.fail('num_output', "needs 'num_output'");
  if (!hasKernel) p.fail('kernel_size', "needs 'kernel_size' (or 'kernel_h' and 'kernel_w')");
  const kernel = hasKernel ? pair(p, 'kernel_size', 'kernel_h', 'kernel_w', 1, 1) : undefined;
  const stride = pair(p, 'stride', 'stride_h', 'stride_w', 1, 1);
  const pad = pair(p, 'pad', 'pad_h', 'pad_w', 0, 0);
  const dilation = pair(p, 'dilation', '', '', 1, 1);
  const axis = p.int('axis', 1);
  if (axis !== 1) p.fail('axis', `only axis 1 (channels) is supported, got ${axis}`);
  if (out === undefined || !kernel || !stride || !pad || !dilation || axis !== 1) {
    return [ctx.uncounted(L, op, null, `${L.name}: not counted (see the error in its convolution_param)`, null)];
  }
  const args: Record<string, PlainArg> = { out, kernel, stride, pad, dilation, groups: p.int('group', 1, 1), bias: p.bool('bias_term', true) };
  return ctx.layer(L, { op, inputs: [first(L)], args });
};

const innerProduct: Converter = (ctx, L) => {
  const p = L.f.sub('inner_product_param');
  const missing = needBottoms(ctx, L, 1, 'linear');
  if (missing) return missing;
  const out = p.optInt('num_output', 1);
  if (out === undefined) {
    if (!p.has('num_output')) p.fail('num_output', "needs 'num_output'");
    return [ctx.uncounted(L, 'linear', null, `${L.name}: not counted (see the error in its inner_product_param)`, null)];
  }
  const x = first(L);
  const axis = p.int('axis', 1);
  const notes: string[] = [];
  let input = x;
  if (x.shape && axis >= 1 && x.shape.length > axis + 1) {
    const flat: Shape = [...x.shape.slice(0, axis), x.shape.slice(axis).reduce((a, v) => a * v, 1)];
    input = { ...x, shape: flat };
    notes.push(`Caffe flattens the input [${x.shape.join(', ')}] from axis ${axis} to [${flat.join(', ')}] (a view).`);
  }
  return ctx.layer(L, { op: 'linear', inputs: [input], args: { out, bias: p.bool('bias_term', true) }, notes });
};

const pooling: Converter = (ctx, L) => {
  const p = L.f.sub('pooling_param');
  const method = p.word('pool') ?? 'MAX';
  const missing = needBottoms(ctx, L, 1, method === 'MAX' ? 'maxpool' : 'avgpool');
  if (missing) return missing;
  const x = first(L);
  const notes: string[] = [];
  if (method === 'STOCHASTIC') notes.push("Caffe's stochastic pooling is a probability-weighted average at test time: counted as average pooling.");
  else if (method !== 'MAX' && method !== 'AVE') p.fail('pool', `unknown pooling method '${method}' (MAX, AVE or STOCHASTIC): counted as MAX`);
  const op = method === 'AVE' || method === 'STOCHASTIC' ? 'avgpool' : 'maxpool';
  if (p.bool('global_pooling', false)) {
    if (op === 'avgpool') return ctx.layer(L, { op: 'global_avgpool', inputs: [x], notes });
    return ctx.layer(L, { op: 'global_maxpool', inputs: [x], notes });
  }
  const hasKernel = p.has('kernel_size') || p.has('kernel_h') || p.has('kernel_w');
  if (!hasKernel) {
    p.fail('kernel_size', "needs 'kernel_size' (or 'kernel_h' and 'kernel_w', or global_pooling: true)");
    return [ctx.uncounted(L, op, null, `${L.name}: not counted (see the error in its pooling_param)`, null)];
  }
  const kernel = pair(p, 'kernel_size', 'kernel_h', 'kernel_w', 1, 1);
  const stride = pair(p, 'stride', 'stride_h', 'stride_w', 1, 1);
  const pad = pair(p, 'pad', 'pad_h', 'pad_w', 0, 0);
  if (!kernel || !stride || !pad) return [ctx.uncounted(L, op, null, `${L.name}: not counted (see the error in its pooling_param)`, null)];
  const ceil = (p.word('round_mode') ?? 'CEIL') !== 'FLOOR';
  if (x.shape && x.shape.length === 4) {
    for (const d of [0, 1]) {
      const size = x.shape[2 + d];
      const caffe = caffePooledLength(size, kernel[d], stride[d], pad[d], ceil);
      const counted = pooledLength(size, kernel[d], stride[d], pad[d], ceil);
      if (caffe !== counted) notes.push(`Caffe's rule gives ${caffe} ${d ? 'columns' : 'rows'}; counted with ${counted} (a last window that starts past the input is dropped).`);
    }
  }
  return ctx.layer(L, { op, inputs: [x], args: { kernel, stride, pad, ceil }, notes });
};

/** Layers of one input whose whole work is one operator of the table. */
function simple(op: string, args?: (L: CaffeLayer) => Record<string, PlainArg>, notes: string[] = []): Converter {
  return (ctx, L) => ctx.layer(L, { op, inputs: [first(L)], args: args?.(L), notes });
}

const relu: Converter = (ctx, L) => {
  const slope = L.f.sub('relu_param').number('negative_slope', 0);
  if (slope !== 0) return ctx.layer(L, { op: 'leaky_relu', inputs: [first(L)], args: { slope } });
  return ctx.layer(L, { op: 'relu', inputs: [first(L)] });
};

const lrn: Converter = (ctx, L) => {
  const p = L.f.sub('lrn_param');
  const size = p.int('local_size', 5, 1);
  if ((p.word('norm_region') ?? 'ACROSS_CHANNELS') === 'WITHIN_CHANNEL') {
    return ctx.layer(L, { op: 'lrn', inputs: [first(L)], args: { size: size * size }, notes: [`WITHIN_CHANNEL: the window is ${size}x${size} positions of one channel, counted as an LRN window of ${size * size}.`] });
  }
  return ctx.layer(L, { op: 'lrn', inputs: [first(L)], args: { size } });
};

const eltwise: Converter = (ctx, L) => {
  const p = L.f.sub('eltwise_param');
  const operation = p.word('operation') ?? 'SUM';
  const op = operation === 'PROD' ? 'mul' : operation === 'MAX' ? 'maximum' : 'add';
  if (operation !== 'SUM' && operation !== 'PROD' && operation !== 'MAX') p.fail('operation', `unknown operation '${operation}' (SUM, PROD or MAX): counted as SUM`);
  const missing = needBottoms(ctx, L, 2, op);
  if (missing) return missing;
  const notes = op === 'add' && p.has('coeff') ? ['The coefficients of the weighted sum are not counted as operations.'] : [];
  let acc = L.bottoms[0].tensor;
  for (let i = 1; i < L.bottoms.length; i++) {
    [acc] = ctx.layer(L, { op, name: i === 1 ? L.name : `${L.name}.${i}`, inputs: [acc, L.bottoms[i].tensor], notes });
  }
  return [acc];
};

const scale: Converter = (ctx, L) => {
  const p = L.f.sub('scale_param');
  const bias = p.bool('bias_term', false);
  const axis = p.int('axis', 1, -Infinity);
  const x = first(L);
  if (L.bottoms.length >= 2) {
    // The scale is the second blob, its dimensions lined up with the input's from `axis` on.
    const s = L.bottoms[1].tensor;
    const rank = x.shape?.length ?? 0;
    const at = axis < 0 ? axis + rank : axis;
    const aligned: GraphTensor = x.shape && s.shape && at >= 0 && at + s.shape.length <= rank
      ? { ...s, shape: [...new Array<number>(at).fill(1), ...s.shape, ...new Array<number>(rank - at - s.shape.length).fill(1)] }
      : s;
    const notes = [`The second blob is the scale, lined up with the input from axis ${axis}.`, ...(bias ? ['The learnable bias of this Scale is not counted.'] : [])];
    return ctx.layer(L, { op: 'mul', inputs: [x, aligned], notes });
  }
  if (axis !== 1 || p.int('num_axes', 1, -Infinity) !== 1) {
    return [ctx.uncounted(L, 'scale', x.shape, `${L.name}: a Scale over other axes than the channels is not counted`)];
  }
  return ctx.layer(L, { op: 'scale', inputs: [x], args: { bias } });
};

const concat: Converter = (ctx, L) => {
  const p = L.f.sub('concat_param');
  const missing = needBottoms(ctx, L, 1, 'concat');
  if (missing) return missing;
  const dim = p.has('concat_dim') ? p.int('concat_dim', 1) : p.int('axis', 1, -Infinity);
  return ctx.layer(L, { op: 'concat', inputs: L.bottoms.map((x) => x.tensor), args: { dim } });
};

const slice: Converter = (ctx, L) => {
  const p = L.f.sub('slice_param');
  const x = first(L);
  const dim = p.has('slice_dim') ? p.int('slice_dim', 1) : p.int('axis', 1, -Infinity);
  const points = p.ints('slice_point', 1);
  let parts: PlainArg = L.tops.length;
  if (points.length > 0 && x.shape) {
    const d = dim < 0 ? dim + x.shape.length : dim;
    const edges = [0, ...points, x.shape[d] ?? 0];
    parts = edges.slice(1).map((e, i) => e - edges[i]);
  }
  return ctx.layer(L, { op: 'split', inputs: [x], args: { parts, dim } });
};

const flatten: Converter = (ctx, L) => {
  const p = L.f.sub('flatten_param');
  const end = p.int('end_axis', -1, -Infinity);
  if (end !== -1) return [ctx.uncounted(L, 'flatten', null, `${L.name}: Flatten with end_axis ${end} is not supported`)];
  return ctx.layer(L, { op: 'flatten', inputs: [first(L)], args: { start: p.int('axis', 1, -Infinity) } });
};

const reshape: Converter = (ctx, L) => {
  const p = L.f.sub('reshape_param');
  const x = first(L);
  const dims = p.sub('shape').ints('dim', -Infinity);
  if (p.int('axis', 0, -Infinity) !== 0 || p.int('num_axes', -1, -Infinity) !== -1) {
    return [ctx.uncounted(L, 'reshape', null, `${L.name}: Reshape over part of the axes is not supported`)];
  }
  // 0 copies the input's dimension at that position; -1 is inferred by the operator.
  const shape = dims.map((d, i) => (d === 0 ? x.shape?.[i] ?? 1 : d));
  return ctx.layer(L, { op: 'reshape', inputs: [x], args: { shape } });
};

const identity = (what: string): Converter => (ctx, L) => {
  const outs = ctx.layer(L, { op: 'identity', inputs: [first(L)], notes: [`${what} is the identity at inference.`] });
  return L.tops.map(() => outs[0]);
};

/** Caffe types counted by one converter each; the key is the layer's `type`. */
export const CONVERTERS: Record<string, Converter> = {
  Convolution: convolution,
  Deconvolution: convolution,
  InnerProduct: innerProduct,
  Pooling: pooling,
  ReLU: relu,
  Sigmoid: simple('sigmoid'),
  TanH: simple('tanh'),
  ELU: simple('elu', (L) => ({ alpha: L.f.sub('elu_param').number('alpha', 1) })),
  PReLU: (ctx, L) => {
    const shared = L.f.sub('prelu_param').bool('channel_shared', false);
    return ctx.layer(L, { op: 'prelu', inputs: [first(L)], args: { slopes: shared ? 1 : first(L).shape?.[1] ?? 1 } });
  },
  AbsVal: simple('abs'),
  BNLL: simple('softplus', undefined, ['BNLL is log(1 + e^x), the softplus.']),
  Swish: simple('silu', undefined, ['Caffe Swish, x sigmoid(beta x): counted as SiLU.']),
  Exp: simple('exp', undefined, ["Caffe Exp computes base^(shift + scale x): counted as one exponential per element."]),
  Log: simple('log', undefined, ["Caffe Log computes log_base(shift + scale x): counted as one logarithm per element."]),
  Clip: simple('clip', (L) => ({ min: L.f.sub('clip_param').number('min', 0), max: L.f.sub('clip_param').number('max', 0) })),
  LRN: lrn,
  Softmax: simple('softmax', (L) => ({ dim: L.f.sub('softmax_param').int('axis', 1, -Infinity) })),
  Dropout: identity('Dropout'),
  Split: identity('Split (its tops share the bottom blob)'),
  Concat: concat,
  Slice: slice,
  Flatten: flatten,
  Reshape: reshape,
  BatchNorm: simple('batchnorm', () => ({ affine: false }), [
    "Caffe's BatchNorm holds the running mean and variance (and a scale factor) only: 0 learnable parameters; the learnable scale and shift are the Scale layer that follows it.",
  ]),
  Scale: scale,
  Eltwise: eltwise,
};

/** Caffe types that keep their input's shape but have no entry in the operator table. */
export const SHAPE_KEEPING = new Set(['Power', 'Threshold', 'Bias', 'MVN']);

/** Types that read a dataset (their shape is not in the prototxt). */
export const DATA_TYPES = new Set(['Data', 'ImageData', 'HDF5Data', 'MemoryData', 'WindowData', 'Python', 'AnnotatedData', 'VideoData']);

/** Training-only types: losses and accuracy, which have no place in an inference graph. */
export const TRAINING_TYPES = new Set(['SoftmaxWithLoss', 'Accuracy', 'EuclideanLoss', 'HingeLoss', 'InfogainLoss', 'MultinomialLogisticLoss', 'SigmoidCrossEntropyLoss', 'ContrastiveLoss', 'Silence']);

/** V1 (`layers { type: CONVOLUTION }`) type enums, by their V2 names. */
export const V1_TYPES: Record<string, string> = {
  CONVOLUTION: 'Convolution', DECONVOLUTION: 'Deconvolution', INNER_PRODUCT: 'InnerProduct', POOLING: 'Pooling',
  RELU: 'ReLU', SIGMOID: 'Sigmoid', TANH: 'TanH', LRN: 'LRN', SOFTMAX: 'Softmax', DROPOUT: 'Dropout', SPLIT: 'Split',
  CONCAT: 'Concat', SLICE: 'Slice', FLATTEN: 'Flatten', ELTWISE: 'Eltwise', POWER: 'Power', ABSVAL: 'AbsVal', BNLL: 'BNLL',
  THRESHOLD: 'Threshold', EXP: 'Exp', MVN: 'MVN', DATA: 'Data', IMAGE_DATA: 'ImageData', HDF5_DATA: 'HDF5Data',
  MEMORY_DATA: 'MemoryData', WINDOW_DATA: 'WindowData', DUMMY_DATA: 'DummyData', SOFTMAX_LOSS: 'SoftmaxWithLoss',
  ACCURACY: 'Accuracy', EUCLIDEAN_LOSS: 'EuclideanLoss', HINGE_LOSS: 'HingeLoss', INFOGAIN_LOSS: 'InfogainLoss',
  MULTINOMIAL_LOGISTIC_LOSS: 'MultinomialLogisticLoss', SIGMOID_CROSS_ENTROPY_LOSS: 'SigmoidCrossEntropyLoss',
  CONTRASTIVE_LOSS: 'ContrastiveLoss', SILENCE: 'Silence',
};
