// Darknet sections -> operators of the table, with Darknet's defaults (parser.c). A [convolutional]
// is conv2d, then batchnorm when batch_normalize=1, then its activation (default logistic). Params
// follow PyTorch: the conv weights, plus the conv bias without batch norm, or the batch norm's
// scales and biases with it (Darknet's rolling mean and variance are read but not learnable).
// [maxpool] uses Darknet's padding rule (darknet_maxpool); [route] is a concat (a copy, also of a
// single layer) or, with groups/group_id, a slice of the channels; [shortcut] is an add (or, between
// maps of different sizes, Darknet's sampled add, darknet_shortcut); the heads
// [yolo] and [region] are a logistic over their input (see the note), [detection] the identity.
import type { GraphTensor } from '../../semantics/graphBuilder';
import type { DarknetContext, Section } from './context';

/** Converts one section; `x` is the previous layer's output (the network input for layer 0). */
export type Converter = (ctx: DarknetContext, s: Section, x: GraphTensor) => GraphTensor;

const BN_NOTE = 'Darknet stores a bias, a scale, a rolling mean and a rolling variance per filter: the bias and the scale are the learnable parameters of this batch norm (the conv has no bias); the rolling statistics are read, not learned.';

function batchnormAfter(ctx: DarknetContext, s: Section, x: GraphTensor): GraphTensor {
  if (s.o.int('batch_normalize', 0) === 0) return x;
  const at = s.o.option('batch_normalize');
  return ctx.layer(s, { op: 'batchnorm', name: `${s.base}.bn`, inputs: [x], args: { affine: true }, span: at?.span, notes: [BN_NOTE] });
}

const convolutional: Converter = (ctx, s, x) => {
  const o = s.o;
  const size = o.int('size', 1, 1);
  const stride = o.int('stride', 1, 1);
  const pad = o.int('pad', 0) !== 0 ? Math.floor(size / 2) : o.int('padding', 0, 0);
  const bn = o.int('batch_normalize', 0) !== 0;
  const y = ctx.layer(s, {
    op: 'conv2d',
    inputs: [x],
    args: { out: o.int('filters', 1, 1), kernel: size, stride: [o.int('stride_y', stride, 1), o.int('stride_x', stride, 1)], pad, dilation: o.int('dilation', 1, 1), groups: o.int('groups', 1, 1), bias: !bn },
  });
  return ctx.activation(s, batchnormAfter(ctx, s, y), 'logistic');
};

const deconvolutional: Converter = (ctx, s, x) => {
  const o = s.o;
  const size = o.int('size', 1, 1);
  const pad = o.int('pad', 0) !== 0 ? Math.floor(size / 2) : o.int('padding', 0, 0);
  const bn = o.int('batch_normalize', 0) !== 0;
  const y = ctx.layer(s, { op: 'conv_transpose2d', inputs: [x], args: { out: o.int('filters', 1, 1), kernel: size, stride: o.int('stride', 1, 1), pad, bias: !bn } });
  return ctx.activation(s, batchnormAfter(ctx, s, y), 'logistic');
};

const connected: Converter = (ctx, s, x) => {
  const notes: string[] = [];
  let input = x;
  if (x.shape && x.shape.length > 2) {
    const flat = [x.shape[0], x.shape.slice(1).reduce((a, v) => a * v, 1)];
    input = { ...x, shape: flat };
    notes.push(`Darknet reads the input [${x.shape.join(', ')}] as [${flat.join(', ')}] (a view).`);
  }
  const bn = s.o.int('batch_normalize', 0) !== 0;
  const y = ctx.layer(s, { op: 'linear', inputs: [input], args: { out: s.o.int('output', 1, 1), bias: !bn }, notes });
  return ctx.activation(s, batchnormAfter(ctx, s, y), 'logistic');
};

const maxpool: Converter = (ctx, s, x) => {
  const o = s.o;
  const stride = o.int('stride', 1, 1);
  const size = o.int('size', stride, 1);
  if (o.int('maxpool_depth', 0) !== 0) return ctx.uncounted(s, 'darknet_maxpool', [x], null, `${s.base}: maxpool_depth (pooling across channels) is not supported: not counted`);
  const args = { kernel: size, stride: [o.int('stride_y', stride, 1), o.int('stride_x', stride, 1)], padding: o.int('padding', size - 1, 0) };
  return ctx.layer(s, { op: 'darknet_maxpool', inputs: [x], args, notes: o.has('padding') ? [] : [`No 'padding': Darknet's default, size - 1 = ${size - 1} in total.`] });
};

const route: Converter = (ctx, s) => {
  const items = s.o.ints('layers');
  if (items.length === 0) {
    s.o.fail('layers', "needs 'layers' (the layers to join, e.g. layers=-1,-4)");
    return ctx.uncounted(s, 'concat', [], null, `${s.base}: not counted`, null);
  }
  const found = items.map((it) => ({ it, t: ctx.ref(s, it.value, it.span) }));
  const inputs = found.map((f) => f.t ?? { shape: null, precision: ctx.precision, producer: -1 });
  const groups = s.o.int('groups', 1, 1);
  const groupId = s.o.int('group_id', 0, 0);
  if (groups === 1) return ctx.layer(s, { op: 'concat', inputs, args: { dim: 1 }, notes: inputs.length === 1 ? ['A route of one layer copies its output.'] : [] });
  if (groupId >= groups) s.o.fail('group_id', `group_id ${groupId} must be below groups=${groups}`);
  const parts = inputs.map((t, k) => {
    const c = t.shape?.[1];
    if (c !== undefined && c % groups !== 0) s.o.fail('groups', `the ${c} channels of layer ${items[k].value} do not split into ${groups} groups`);
    const size = c !== undefined ? Math.floor(c / groups) : 1;
    const name = inputs.length === 1 ? s.base : `${s.base}.part${k}`;
    return ctx.layer(s, { op: 'slice', name, inputs: [t], args: { dim: 1, start: Math.min(groupId, groups - 1) * size, end: (Math.min(groupId, groups - 1) + 1) * size }, notes: [`Group ${groupId} of ${groups} of the channels.`] });
  });
  return parts.length === 1 ? parts[0] : ctx.layer(s, { op: 'concat', inputs: parts, args: { dim: 1 } });
};

const shortcut: Converter = (ctx, s, x) => {
  const from = s.o.ints('from');
  if (from.length === 0) {
    s.o.fail('from', "needs 'from' (the layer to add, e.g. from=-3)");
    return ctx.uncounted(s, 'add', [x], x.shape, `${s.base}: not counted`, null);
  }
  const weighted = s.o.str('weights_type', 'none') !== 'none';
  let acc = x;
  from.forEach((f, k) => {
    const other = ctx.ref(s, f.value, f.span) ?? { shape: null, precision: ctx.precision, producer: -1 };
    // Equal shapes: an add; otherwise Darknet's sampled, channel-truncated add.
    const same = !acc.shape || !other.shape || acc.shape.join() === other.shape.join();
    acc = ctx.layer(s, { op: same ? 'add' : 'darknet_shortcut', name: k === 0 ? s.base : `${s.base}.${k + 1}`, inputs: [acc, other], notes: weighted ? ['The weights of this weighted shortcut are not counted.'] : [] });
  });
  return ctx.activation(s, acc, 'linear');
};

const upsample: Converter = (ctx, s, x) => {
  const stride = s.o.int('stride', 2);
  if (stride < 0 || stride === 0) {
    const k = Math.abs(stride) || 1;
    const shape = x.shape && x.shape.length === 4 ? [x.shape[0], x.shape[1], Math.floor(x.shape[2] / k), Math.floor(x.shape[3] / k)] : null;
    return ctx.uncounted(s, 'upsample', [x], shape, `${s.base}: a negative stride (down-sampling) has no entry in the operator table: not counted`);
  }
  return ctx.layer(s, { op: 'upsample', inputs: [x], args: { scale: stride, mode: 'nearest' } });
};

/** [yolo] and [region]: the logistic the head applies, counted over the whole input. */
const head: Converter = (ctx, s, x) => {
  if (s.o.int('new_coords', 0) !== 0) return ctx.layer(s, { op: 'identity', inputs: [x], notes: [`With new_coords=1 Darknet's [${s.section.type}] applies no logistic: it reads its input; decoding boxes is post-processing, not counted.`] });
  const classes = s.o.int('classes', 20, 0);
  const anchors = s.section.type === 'yolo' ? s.o.ints('mask').length || s.o.int('num', 1, 1) : s.o.int('num', 1, 1);
  const notes = [
    `Darknet's [${s.section.type}] applies the logistic function to the box centre, objectness and class scores of ${anchors} anchor${anchors === 1 ? '' : 's'} x (5 + ${classes}) channels${s.section.type === 'region' ? ' (softmax over the classes with softmax=1)' : ''}: counted as a sigmoid over the whole input (1 op per element), which also counts the ${2 * anchors} width/height channels it leaves linear.`,
    'Box decoding and non-maximum suppression are post-processing: not counted.',
  ];
  return ctx.layer(s, { op: 'sigmoid', inputs: [x], notes });
};

const identity = (note: string): Converter => (ctx, s, x) => ctx.layer(s, { op: 'identity', inputs: [x], notes: [note] });

const softmax: Converter = (ctx, s, x) => {
  const groups = s.o.int('groups', 1, 1);
  const notes = groups > 1 || (x.shape && x.shape.length > 2 && x.shape.slice(2).some((d) => d > 1)) ? [`Darknet normalises each of ${groups} group(s) of the flattened input; the count (5 ops per element) is the same.`] : [];
  return ctx.layer(s, { op: 'softmax', inputs: [x], args: { dim: 1 }, notes });
};

/** [scale_channels] and [sam]: the `from` layer's output multiplied by the previous layer's. */
const scaleFrom: Converter = (ctx, s, x) => {
  const from = s.o.ints('from')[0];
  const other = from ? ctx.ref(s, from.value, from.span) : undefined;
  if (!from) s.o.fail('from', "needs 'from'");
  return ctx.activation(s, ctx.layer(s, { op: 'mul', inputs: [other ?? { shape: null, precision: ctx.precision, producer: -1 }, x] }), 'linear');
};

const reorg: Converter = (ctx, s, x) => {
  const k = s.o.int('stride', 1, 1);
  const shape = x.shape && x.shape.length === 4 && !s.o.int('reverse', 0) ? [x.shape[0], x.shape[1] * k * k, Math.floor(x.shape[2] / k), Math.floor(x.shape[3] / k)] : null;
  return ctx.uncounted(s, 'reorg', [x], shape, `${s.base}: [reorg] (space to depth) has no entry in the operator table: not counted, the totals are incomplete`);
};

/** Converters by section name (Darknet's short names included). */
export const CONVERTERS: Record<string, Converter> = {
  convolutional,
  conv: convolutional,
  deconvolutional,
  deconv: deconvolutional,
  connected,
  conn: connected,
  maxpool,
  max: maxpool,
  avgpool: (ctx, s, x) => ctx.layer(s, { op: 'global_avgpool', inputs: [x] }),
  avg: (ctx, s, x) => ctx.layer(s, { op: 'global_avgpool', inputs: [x] }),
  route,
  shortcut,
  upsample,
  yolo: head,
  region: head,
  detection: identity("Darknet's [detection] head reads its input; decoding boxes is post-processing: not counted."),
  dropout: identity('Dropout is the identity at inference.'),
  cost: identity('[cost] is the training loss: no work at inference.'),
  empty: identity('[empty] passes its input through.'),
  silence: identity('[silence] passes its input through.'),
  softmax,
  soft: softmax,
  batchnorm: (ctx, s, x) => ctx.layer(s, { op: 'batchnorm', inputs: [x], args: { affine: true } }),
  activation: (ctx, s, x) => ctx.activation(s, x, 'linear'),
  logistic: (ctx, s, x) => ctx.layer(s, { op: 'sigmoid', inputs: [x] }),
  normalization: (ctx, s, x) => ctx.layer(s, { op: 'lrn', inputs: [x], args: { size: s.o.int('size', 5, 1) } }),
  scale_channels: scaleFrom,
  sam: scaleFrom,
  reorg,
};

const SHORT: Record<string, string> = { convolutional: 'conv', deconvolutional: 'deconv', max: 'maxpool', avg: 'avgpool', conn: 'connected', soft: 'softmax' };

/** Short layer-name bases (`conv12`), by section name. */
export function baseName(type: string): string {
  return Object.prototype.hasOwnProperty.call(SHORT, type) ? SHORT[type] : type.replace(/[^a-z0-9_]/g, '_') || 'layer';
}
