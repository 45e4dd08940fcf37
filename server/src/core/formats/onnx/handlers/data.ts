// ONNX data-movement operators: Reshape (its target a constant or a folded shape computation),
// Flatten, Squeeze / Unsqueeze (views: reshape layers), Transpose, Concat, Split (sizes as an
// attribute before opset 13, as an input from 13, or equal parts), Slice (one slice layer per
// sliced axis), Gather (an embedding when the data is a constant table), Pad, Resize / Upsample
// (integer spatial factors), Expand, Cast, Identity / Dropout (views) and the reductions.
import { fmtShape, numel, type Shape } from '../../../ops/types';
import { NotInferred, type NodeCtx } from '../context';
import { dataTypeInfo } from '../dataTypes';
import { axesOf } from '../fold';
import { flattenShape, normAxis, reshapeTarget, sliceAxes, sliceShape, squeezeShape, transposeShape, unsqueezeShape } from '../shapes';
import { formatCount } from '../../../../protocol/format';

/** The values of input `i` as whole numbers, or fails the node naming what is missing. */
function constInts(c: NodeCtx, i: number, what: string): number[] {
  const v = c.values(i);
  if (!v) throw new NotInferred(`its ${what} '${c.node.inputs[i] ?? ''}' is not a constant the importer could compute`);
  return v.map(Math.trunc);
}

export function reshape(c: NodeCtx): void {
  const x = c.shape(0);
  const target = c.opset >= 5 ? constInts(c, 1, 'target shape') : c.ints('shape');
  if (!target) throw new NotInferred('it has no target shape');
  if (!x) {
    c.setTensor(0, c.layer('reshape', [c.tensor(0)], { shape: target })[0]);
    return;
  }
  const out = reshapeTarget(x, target, c.int('allowzero', 0) === 1);
  const explicit = target.every((d) => d > 0);
  if (explicit && (typeof out === 'string' || numel(out) !== numel(x))) {
    // The file is inconsistent (e.g. a converter's pooling padding left more elements than the
    // target holds): the layers after it take the target, as ONNX shape inference does.
    c.uncounted(`${c.where()}: its target [${target.join(', ')}] has ${formatCount(numel(target))} elements but its input ${fmtShape(x)} has ${formatCount(numel(x))}: the file is inconsistent; the layers after it use the target shape`, [target], 'RL606');
    return;
  }
  if (typeof out === 'string') throw new NotInferred(out);
  c.setTensor(0, c.layer('reshape', [c.tensor(0)], { shape: out })[0]);
}

/** A reshape layer to a shape computed by the importer (Squeeze, Unsqueeze, Flatten). */
function view(c: NodeCtx, out: Shape | undefined, what: string): void {
  const x = c.shape(0);
  if (!x) {
    c.setTensor(0, c.layer('reshape', [c.tensor(0)], { shape: [-1] })[0]);
    return;
  }
  if (!out) throw new NotInferred(`its ${what} do not fit its input ${fmtShape(x)}`);
  c.setTensor(0, c.layer('reshape', [c.tensor(0)], { shape: out }, { notes: [`${c.op}: a view, counted as a reshape.`] })[0]);
}

export function flatten(c: NodeCtx): void {
  const x = c.shape(0);
  const axis = c.int('axis', 1);
  if (x && x.length >= 2 && normAxis(axis, x.length) === 1) {
    c.setTensor(0, c.layer('flatten', [c.tensor(0)], { start: 1 })[0]);
    return;
  }
  view(c, x ? flattenShape(x, axis) : undefined, 'axis');
}

export function squeeze(c: NodeCtx): void {
  const x = c.shape(0);
  const axes = axesOf(c);
  if (c.opset >= 13 && c.has(1) && !axes) throw new NotInferred(`its axes '${c.node.inputs[1]}' are not a constant`);
  view(c, x ? squeezeShape(x, axes) : undefined, 'axes');
}

export function unsqueeze(c: NodeCtx): void {
  const x = c.shape(0);
  const axes = axesOf(c);
  if (!axes) throw new NotInferred('its axes are not known');
  view(c, x ? unsqueezeShape(x, axes) : undefined, 'axes');
}

export function transpose(c: NodeCtx): void {
  const x = c.shape(0);
  const perm = c.ints('perm') ?? (x ? x.map((_, i) => x.length - 1 - i) : undefined);
  if (x && !transposeShape(x, perm)) throw new NotInferred(`perm [${perm?.join(', ')}] is not a permutation of the dimensions of ${fmtShape(x)}`);
  c.setTensor(0, c.layer('transpose', [c.tensor(0)], perm ? { perm } : {})[0]);
}

export function concat(c: NodeCtx): void {
  const inputs = c.node.inputs.map((_, i) => i).filter((i) => c.has(i));
  c.setTensor(0, c.layer('concat', inputs.map((i) => c.tensor(i)), { dim: c.int('axis', 1) })[0]);
}

export function split(c: NodeCtx): void {
  const x = c.shape(0);
  const axis = c.int('axis', 0);
  const outputs = c.node.outputs.length;
  let sizes: number[] | undefined = c.opset >= 13 ? (c.has(1) ? constInts(c, 1, 'split sizes') : undefined) : c.ints('split');
  if (!sizes && x) {
    const d = normAxis(axis, x.length);
    if (d === undefined) throw new NotInferred(`axis ${axis} is out of range for ${fmtShape(x)}`);
    // Equal parts, one per output (opset 18's num_outputs must equal the outputs' count; the last
    // part may be smaller).
    const parts = outputs;
    const each = Math.ceil(x[d] / parts);
    sizes = Array.from({ length: parts }, (_, i) => Math.max(0, Math.min(each, x[d] - i * each)));
  }
  const outs = c.layer('split', [c.tensor(0)], { parts: sizes ?? [1], dim: axis });
  for (let i = 0; i < outputs; i++) c.setTensor(i, outs[i] ?? { shape: null, precision: outs[0].precision, producer: outs[0].producer, output: i });
}

export function slice(c: NodeCtx): void {
  const x = c.shape(0);
  const old = c.opset < 10;
  const starts = old ? c.ints('starts') : constInts(c, 1, 'starts');
  const ends = old ? c.ints('ends') : constInts(c, 2, 'ends');
  const axes = old ? c.ints('axes') : c.has(3) ? constInts(c, 3, 'axes') : undefined;
  const steps = old ? undefined : c.has(4) ? constInts(c, 4, 'steps') : undefined;
  if (!starts || !ends) throw new NotInferred('it has no starts or ends');
  if (!x) {
    c.setTensor(0, c.layer('slice', [c.tensor(0)], { dim: 0 })[0]);
    return;
  }
  const ax = sliceAxes(x, starts, ends, axes, steps);
  if (!ax) throw new NotInferred(`its starts, ends, axes or steps do not fit ${fmtShape(x)}`);
  const out = sliceShape(x, ax);
  const changed = ax.filter((a) => !(a.start === 0 && a.step === 1 && a.count === x[a.axis]));
  if (changed.some((a) => a.step !== 1)) throw new NotInferred('slices with a step other than 1 are not in the operator table', [out]);
  if (changed.some((a) => a.count === 0)) throw new NotInferred('the slice is empty', [out]);
  let t = c.tensor(0);
  if (!changed.length) [t] = c.layer('identity', [t], {}, { notes: ['The slice takes the whole tensor.'] });
  changed.forEach((a, k) => {
    [t] = c.layer('slice', [t], { dim: a.axis, start: a.start, end: a.start + a.count }, k ? { suffix: `${k + 1}` } : {});
  });
  c.setTensor(0, t);
}

export function gather(c: NodeCtx): void {
  const data = c.input(0);
  const axis = c.int('axis', 0);
  if (data?.constant && data.shape?.length === 2 && normAxis(axis, 2) === 0 && !c.isConstant(1)) {
    const [y] = c.layer('embedding', [c.tensor(1)], { vocab: data.shape[0], dim: data.shape[1] }, { notes: [`Gather from the constant table '${c.node.inputs[0]}' ${fmtShape(data.shape)}: an embedding.`] });
    c.checkParams(y, [0]);
    c.setTensor(0, y, data.elemType);
    return;
  }
  c.setTensor(0, c.layer('gather', [c.tensor(0), c.tensor(1)], { dim: axis })[0]);
}

export function pad(c: NodeCtx): void {
  const x = c.shape(0);
  let pads = c.opset >= 11 ? constInts(c, 1, 'pads') : (c.ints('pads') ?? c.ints('paddings'));
  if (!pads) throw new NotInferred('it has no pads');
  if (x && c.opset >= 18 && c.has(3)) {
    const axes = constInts(c, 3, 'axes').map((a) => normAxis(a, x.length));
    if (axes.some((a) => a === undefined) || pads.length !== 2 * axes.length) throw new NotInferred('its axes do not fit its input');
    const full = new Array<number>(2 * x.length).fill(0);
    axes.forEach((a, i) => {
      full[a as number] = (pads as number[])[i];
      full[(a as number) + x.length] = (pads as number[])[i + axes.length];
    });
    pads = full;
  }
  const mode = c.str('mode', 'constant');
  const notes = mode === 'constant' ? [] : [`Mode '${mode}': counted as a copy like constant padding.`];
  c.setTensor(0, c.layer('pad', [c.tensor(0)], { pads }, { notes })[0]);
}

export function resize(c: NodeCtx): void {
  const x = c.shape(0);
  let scales: number[] | undefined;
  let sizes: number[] | undefined;
  if (c.op === 'Upsample') scales = c.opset >= 9 ? c.values(1) : c.ints('scales');
  else if (c.opset < 11) scales = c.values(1);
  else {
    if (c.has(3)) sizes = c.values(3);
    if (!sizes && c.has(2)) scales = c.values(2);
  }
  if (!x) {
    c.setTensor(0, c.layer('upsample', [c.tensor(0)])[0]);
    return;
  }
  if (sizes?.length === 0) sizes = undefined;
  if (scales?.length === 0) scales = undefined;
  if (!sizes && !scales) throw new NotInferred('its scales or sizes are not constants the importer could compute');
  const out = sizes ? sizes.map(Math.trunc) : x.map((d, i) => Math.floor(d * (scales as number[])[i]));
  if (out.length !== x.length) throw new NotInferred(`its scales or sizes do not have one value per dimension of ${fmtShape(x)}`);
  const mode = c.str('mode', 'nearest');
  const tableMode = mode === 'nearest' ? 'nearest' : mode === 'linear' || mode === 'bilinear' ? 'bilinear' : undefined;
  const integer = x.length === 4 && out[0] === x[0] && out[1] === x[1] && out[2] % x[2] === 0 && out[3] % x[3] === 0 && out[2] >= x[2] && out[3] >= x[3];
  if (!integer || !tableMode) throw new NotInferred(`${!tableMode ? `mode '${mode}'` : `${fmtShape(x)} to ${fmtShape(out)}`} is not an integer nearest or bilinear up-sampling of [N, C, H, W]`, [out]);
  c.setTensor(0, c.layer('upsample', [c.tensor(0)], { scale: [out[2] / x[2], out[3] / x[3]], mode: tableMode })[0]);
}

export function expand(c: NodeCtx): void {
  c.setTensor(0, c.layer('expand', [c.tensor(0)], { shape: constInts(c, 1, 'shape') })[0]);
}

export function cast(c: NodeCtx): void {
  const to = c.int('to', 1);
  const info = dataTypeInfo(to);
  // The output has the type cast to (a float16 output of an fp32 model is fp16).
  const precision = info?.precision ?? c.imp.precision;
  const [y] = c.layer('cast', [c.tensor(0)], { to: precision }, { precision, notes: [`To ${info?.name ?? `type ${to}`}.`] });
  c.setTensor(0, y, to);
}

export function identity(c: NodeCtx): void {
  const notes = c.op === 'Dropout' ? ['Dropout at inference: passes its input through.'] : [];
  c.setTensor(0, c.layer('identity', [c.tensor(0)], {}, { notes })[0]);
}

export function reduce(c: NodeCtx, op: string): void {
  const inputAxes = (c.op === 'ReduceSum' && c.opset >= 13) || c.opset >= 18;
  const axes = inputAxes ? (c.has(1) ? constInts(c, 1, 'axes') : undefined) : c.ints('axes');
  const keepdims = c.int('keepdims', 1) === 1;
  if (axes && axes.length === 0 && c.int('noop_with_empty_axes', 0) === 1) {
    c.setTensor(0, c.layer('identity', [c.tensor(0)])[0]);
    return;
  }
  c.setTensor(0, c.layer(op, [c.tensor(0)], { ...(axes && axes.length ? { dims: axes } : {}), keepdims })[0]);
}
