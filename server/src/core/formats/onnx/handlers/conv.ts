// ONNX Conv, ConvTranspose and the pools mapped onto conv2d, conv_transpose2d, maxpool, avgpool,
// global_avgpool and global_maxpool. The weight's shape gives the output channels and kernel (the
// entry counts the parameters from it, checked against the file afterwards); padding comes from
// `pads` or `auto_pad`. Asymmetric padding, which the table's symmetric `pad` cannot express, is a
// Caffe-style ceil-mode pool when that gives the same output, and otherwise a separate pad layer.
// 1-D convolutions and pools are counted as 2-D ones of height 1.
import { fmtShape, numel, type Shape } from '../../../ops/types';
import type { GraphTensor } from '../../../semantics/graphBuilder';
import { NotInferred, type NodeCtx } from '../context';
import { autoPads, windowLength } from '../shapes';

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  begin: number[];
  end: number[];
}

/** Strides, dilations and padding of a windowed node, checked for the number of spatial dimensions. */
function windowOf(c: NodeCtx, kernel: number[], x: Shape | null): Window {
  const n = kernel.length;
  const ones = new Array<number>(n).fill(1);
  const strides = c.ints('strides') ?? ones;
  const dilations = c.ints('dilations') ?? ones;
  const autoPad = c.str('auto_pad', 'NOTSET');
  let begin: number[];
  let end: number[];
  if (autoPad === 'NOTSET' || autoPad === '') {
    const pads = c.ints('pads') ?? new Array<number>(2 * n).fill(0);
    if (pads.length !== 2 * n) throw new NotInferred(`'pads' has ${pads.length} values for ${n} spatial dimension(s)`);
    begin = pads.slice(0, n);
    end = pads.slice(n);
  } else {
    if (!x) return { kernel, strides, dilations, begin: new Array<number>(n).fill(0), end: new Array<number>(n).fill(0) };
    const p = kernel.map((k, i) => autoPads(autoPad, x[2 + i], k, strides[i], dilations[i]));
    begin = p.map((q) => q[0]);
    end = p.map((q) => q[1]);
  }
  if (strides.length !== n || dilations.length !== n) throw new NotInferred(`'strides' or 'dilations' do not have ${n} values`);
  const bad = [...kernel, ...strides, ...dilations].some((v) => !Number.isSafeInteger(v) || v < 1) || [...begin, ...end].some((v) => !Number.isSafeInteger(v) || v < 0);
  if (bad) throw new NotInferred(`invalid window: kernel [${kernel}], strides [${strides}], dilations [${dilations}], pads [${begin}, ${end}]`);
  return { kernel, strides, dilations, begin, end };
}

/** The spatial output sizes ONNX defines for a window. */
function spatialOut(x: Shape, w: Window, ceil: boolean): number[] {
  return w.kernel.map((k, i) => windowLength(x[2 + i], k, w.strides[i], w.dilations[i], w.begin[i], w.end[i], ceil));
}

/** A 1-D window seen as 2-D of height 1. */
function as2d(w: Window): Window {
  return { kernel: [1, w.kernel[0]], strides: [1, w.strides[0]], dilations: [1, w.dilations[0]], begin: [0, w.begin[0]], end: [0, w.end[0]] };
}

/** The input as a 4-D tensor (1-D windows get a height of 1). */
function input4d(c: NodeCtx, x: Shape | null): GraphTensor {
  const t = c.tensor(0);
  return x && x.length === 3 ? c.reshaped(t, [x[0], x[1], 1, x[2]]) : t;
}

/** Output of a 2-D layer back to the node's rank (drops the height of 1 of a 1-D window). */
function outputRank(c: NodeCtx, y: GraphTensor, rank: number): GraphTensor {
  return rank === 3 && y.shape ? c.reshaped(y, [y.shape[0], y.shape[1], y.shape[3]]) : y;
}

/** A pad layer for the padding beyond the symmetric part; returns the tensor to window over. */
function padExtra(c: NodeCtx, t: GraphTensor, w: Window, sym: number[], note: string): GraphTensor {
  const before = w.begin.map((b, i) => b - sym[i]);
  const after = w.end.map((e, i) => e - sym[i]);
  if (before.every((v) => v === 0) && after.every((v) => v === 0)) return t;
  return c.layer('pad', [t], { pads: [0, 0, ...before, 0, 0, ...after] }, { suffix: 'pad', notes: [note] })[0];
}

export function conv(c: NodeCtx): void {
  const x = c.shape(0);
  const wShape = c.shape(1);
  if (!wShape) throw new NotInferred(`the shape of its weight '${c.node.inputs[1] ?? ''}' is not known`);
  if (wShape.length < 3) throw new NotInferred(`its weight ${fmtShape(wShape)} is not a convolution kernel`);
  const group = c.int('group', 1);
  const m = wShape[0];
  const kernel = wShape.slice(2);
  const ks = c.ints('kernel_shape');
  if (ks && ks.join() !== kernel.join()) c.warn('RL605', `kernel_shape [${ks.join(', ')}] disagrees with the weight ${fmtShape(wShape)}; the weight's kernel is used`);
  const w = windowOf(c, kernel, x);
  if (x && x.length !== wShape.length) throw new NotInferred(`its input ${fmtShape(x)} and weight ${fmtShape(wShape)} differ in rank`);
  const out = x ? [x[0], m, ...spatialOut(x, w, false)] : null;
  if (kernel.length > 2) throw new NotInferred(`${kernel.length}-D convolutions are not in the operator table (1-D and 2-D are)`, [out]);
  if (x && x[1] !== wShape[1] * group) c.warn('RL605', `its input ${fmtShape(x)} has ${x[1]} channels, the weight ${fmtShape(wShape)} with group=${group} expects ${wShape[1] * group}`);
  if (c.has(2)) {
    const b = c.shape(2);
    if (b && numel(b) !== m) c.warn('RL605', `the bias ${fmtShape(b)} does not have one value per output channel (${m})`);
  }
  const w2 = kernel.length === 1 ? as2d(w) : w;
  const sym = w2.begin.map((b, i) => Math.min(b, w2.end[i]));
  const t = padExtra(c, input4d(c, x), w2, sym, 'Asymmetric convolution padding: the part beyond the symmetric padding is this separate pad layer.');
  const [y] = c.layer('conv2d', [t], { out: m, kernel: w2.kernel, stride: w2.strides, pad: sym, dilation: w2.dilations, groups: group, bias: c.has(2) }, kernel.length === 1 ? { notes: ['A 1-D convolution, counted as a 2-D one of height 1.'] } : {});
  c.checkParams(y, [1, 2]);
  c.setTensor(0, outputRank(c, y, wShape.length));
}

export function convTranspose(c: NodeCtx): void {
  const x = c.shape(0);
  const wShape = c.shape(1);
  if (!wShape) throw new NotInferred(`the shape of its weight '${c.node.inputs[1] ?? ''}' is not known`);
  if (wShape.length !== 4) throw new NotInferred(`only 2-D transposed convolutions are in the operator table (weight ${fmtShape(wShape)})`);
  const group = c.int('group', 1);
  const m = wShape[1] * group;
  const kernel = wShape.slice(2);
  const strides = c.ints('strides') ?? [1, 1];
  const dil = c.ints('dilations') ?? [1, 1];
  let outPad = c.ints('output_padding') ?? [0, 0];
  const autoPad = c.str('auto_pad', 'NOTSET');
  const outputShape = c.ints('output_shape');
  let begin: number[];
  let end: number[];
  if (x && (outputShape || autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER')) {
    const target = outputShape ? outputShape.slice(-2) : [x[2] * strides[0], x[3] * strides[1]];
    const total = kernel.map((k, i) => strides[i] * (x[2 + i] - 1) + outPad[i] + (k - 1) * dil[i] + 1 - target[i]);
    const upper = autoPad === 'SAME_UPPER';
    begin = total.map((t) => (upper ? Math.floor(t / 2) : t - Math.floor(t / 2)));
    end = total.map((t, i) => t - begin[i]);
  } else {
    const pads = c.ints('pads') ?? [0, 0, 0, 0];
    begin = pads.slice(0, 2);
    end = pads.slice(2);
  }
  if ([...begin, ...end].some((p) => !(p >= 0))) throw new NotInferred(`its padding [${begin}, ${end}] is negative`);
  const out = x ? [x[0], m, ...kernel.map((k, i) => strides[i] * (x[2 + i] - 1) + outPad[i] + (k - 1) * dil[i] + 1 - begin[i] - end[i])] : null;
  // Asymmetric padding removes |begin - end| more rows at one end: the larger padding on both
  // sides plus that much output padding gives the same output size.
  const pad = begin.map((b, i) => Math.max(b, end[i]));
  outPad = outPad.map((p, i) => p + Math.abs(begin[i] - end[i]));
  if (outPad.some((p, i) => p >= Math.max(strides[i], dil[i]))) throw new NotInferred(`its padding [${begin}, ${end}] cannot be expressed by conv_transpose2d`, [out]);
  const [y] = c.layer('conv_transpose2d', [c.tensor(0)], { out: m, kernel, stride: strides, pad, output_pad: outPad, dilation: dil, groups: group, bias: c.has(2) });
  c.checkParams(y, [1, 2]);
  c.setTensor(0, y);
}

export function pool(c: NodeCtx, op: 'maxpool' | 'avgpool'): void {
  const x = c.shape(0);
  const kernel = c.ints('kernel_shape');
  if (!kernel) throw new NotInferred('it has no kernel_shape');
  const w = windowOf(c, kernel, x);
  const ceil = c.int('ceil_mode', 0) === 1;
  if (x && x.length !== kernel.length + 2) throw new NotInferred(`its input ${fmtShape(x)} does not have ${kernel.length} spatial dimensions`);
  const out = x ? [x[0], x[1], ...spatialOut(x, w, ceil)] : null;
  if (kernel.length > 2) throw new NotInferred(`${kernel.length}-D pooling is not in the operator table (1-D and 2-D are)`, [out]);
  if (w.dilations.some((d) => d !== 1)) throw new NotInferred('dilated pooling is not in the operator table', [out]);
  const w2 = kernel.length === 1 ? as2d(w) : w;
  const x4 = x && x.length === 3 ? [x[0], x[1], 1, x[2]] : x;
  let t = input4d(c, x);
  let pad = w2.begin;
  let useCeil = ceil;
  let padLayer = false;
  const notes: string[] = [];
  const asymmetric = w2.begin.some((b, i) => b !== w2.end[i]);
  if (asymmetric && x4) {
    // Caffe's ceil-mode pooling, exported as extra padding at the end: the same output size.
    const sameAsCeil = w2.kernel.every((k, i) => windowLength(x4[2 + i], k, w2.strides[i], 1, w2.begin[i], w2.begin[i], true) === windowLength(x4[2 + i], k, w2.strides[i], 1, w2.begin[i], w2.end[i], ceil));
    if (sameAsCeil) {
      useCeil = true;
      notes.push(`Its asymmetric pads [${[...w.begin, ...w.end].join(', ')}] give the output size of ceil-mode rounding: counted as a ceil-mode pool.`);
    } else {
      pad = w2.begin.map((b, i) => Math.min(b, w2.end[i]));
      padLayer = true;
    }
  }
  if (pad.some((p, i) => 2 * p > w2.kernel[i])) throw new NotInferred(`its padding [${pad.join(', ')}] is more than half the window [${w2.kernel.join(', ')}], which the table's ${op} does not accept`, [out]);
  if (padLayer) t = padExtra(c, t, w2, pad, 'Asymmetric pooling padding: the part beyond the symmetric padding is this separate pad layer.');
  if (kernel.length === 1) notes.push('A 1-D pool, counted as a 2-D one of height 1.');
  const [y] = c.layer(op, [t], { kernel: w2.kernel, stride: w2.strides, pad, ceil: useCeil }, { notes });
  const result = outputRank(c, y, kernel.length + 2);
  if (result.shape && out && result.shape.join() !== out.join()) c.warn('RL606', `the pool gives ${fmtShape(result.shape)} where ONNX's rule gives ${fmtShape(out)}`);
  c.setTensor(0, result);
}

export function globalPool(c: NodeCtx, op: 'global_avgpool' | 'global_maxpool'): void {
  const [y] = c.layer(op, [c.tensor(0)]);
  c.setTensor(0, y);
}
