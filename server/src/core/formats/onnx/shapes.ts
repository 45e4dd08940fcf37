// Shape rules of ONNX operators, shared by constant folding (fold.ts) and the layer handlers:
// Reshape (0 copies a dimension, -1 is inferred), Flatten (always 2-D), Squeeze / Unsqueeze,
// Transpose, Slice (clamping, negative steps), Concat, broadcasting, and the output size of a
// convolution or pooling window with explicit or automatic (SAME_UPPER / SAME_LOWER) padding.
import { broadcastShapes } from '../../ops/broadcast';
import { fmtShape, numel, type Shape } from '../../ops/types';

/** Normalises an axis against a rank; undefined when out of range. */
export function normAxis(a: number, rank: number): number | undefined {
  const n = a < 0 ? a + rank : a;
  return Number.isInteger(n) && n >= 0 && n < rank ? n : undefined;
}

/** Reshape's target with 0 (copy, unless allowzero) and one -1 resolved; or a reason it fails. */
export function reshapeTarget(x: Shape, target: number[], allowzero: boolean): Shape | string {
  const out = target.map((d, i) => (d === 0 && !allowzero ? x[i] : d));
  if (out.some((d) => d === undefined || !Number.isSafeInteger(d) || d < -1)) return `invalid target shape [${target.join(', ')}] for ${fmtShape(x)}`;
  const free = out.filter((d) => d === -1).length;
  if (free > 1) return `target shape [${target.join(', ')}] has more than one -1`;
  const total = numel(x);
  const known = out.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
  if (free === 1) {
    if (known === 0 || total % known !== 0) return `${fmtShape(x)} (${total} elements) cannot take the shape [${target.join(', ')}]`;
    out[out.indexOf(-1)] = total / known;
  }
  return out;
}

export function flattenShape(x: Shape, axis: number): Shape | undefined {
  const a = axis < 0 ? axis + x.length : axis;
  if (!Number.isInteger(a) || a < 0 || a > x.length) return undefined;
  return [numel(x.slice(0, a)), numel(x.slice(a))];
}

export function squeezeShape(x: Shape, axes: number[] | undefined): Shape | undefined {
  if (!axes) return x.filter((d) => d !== 1);
  const set = new Set<number>();
  for (const a of axes) {
    const n = normAxis(a, x.length);
    if (n === undefined || x[n] !== 1) return undefined;
    set.add(n);
  }
  return x.filter((_, i) => !set.has(i));
}

export function unsqueezeShape(x: Shape, axes: number[]): Shape | undefined {
  const rank = x.length + axes.length;
  const set = new Set<number>();
  for (const a of axes) {
    const n = normAxis(a, rank);
    if (n === undefined || set.has(n)) return undefined;
    set.add(n);
  }
  const out: Shape = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(set.has(i) ? 1 : x[j++]);
  return out;
}

export function transposeShape(x: Shape, perm: number[] | undefined): Shape | undefined {
  const p = perm ?? x.map((_, i) => x.length - 1 - i);
  const sorted = p.slice().sort((a, b) => a - b);
  if (p.length !== x.length || sorted.some((v, i) => v !== i)) return undefined;
  return p.map((i) => x[i]);
}

/** One axis of a Slice: its first index, step and element count, ONNX's clamping included. */
export interface SliceAxis {
  axis: number;
  start: number;
  step: number;
  count: number;
}

export function sliceAxes(x: Shape, starts: number[], ends: number[], axes: number[] | undefined, steps: number[] | undefined): SliceAxis[] | undefined {
  if (starts.length !== ends.length) return undefined;
  const out: SliceAxis[] = [];
  for (let i = 0; i < starts.length; i++) {
    const axis = normAxis(axes ? axes[i] : i, x.length);
    const step = steps ? steps[i] : 1;
    if (axis === undefined || !step || !Number.isFinite(step)) return undefined;
    const dim = x[axis];
    let s = starts[i] < 0 ? starts[i] + dim : starts[i];
    let e = ends[i] < 0 ? ends[i] + dim : ends[i];
    let count: number;
    if (step > 0) {
      s = Math.min(Math.max(s, 0), dim);
      e = Math.min(Math.max(e, 0), dim);
      count = Math.max(0, Math.ceil((e - s) / step));
    } else {
      s = Math.min(Math.max(s, 0), dim - 1);
      e = Math.min(Math.max(e, -1), dim - 1);
      count = Math.max(0, Math.ceil((s - e) / -step));
    }
    out.push({ axis, start: s, step, count });
  }
  return out;
}

export function sliceShape(x: Shape, axes: SliceAxis[]): Shape {
  const out = x.slice();
  for (const a of axes) out[a.axis] = a.count;
  return out;
}

export function concatShape(xs: Shape[], axis: number): Shape | undefined {
  if (!xs.length) return undefined;
  const a = normAxis(axis, xs[0].length);
  if (a === undefined) return undefined;
  const out = xs[0].slice();
  out[a] = 0;
  for (const s of xs) {
    if (s.length !== out.length || s.some((d, i) => i !== a && d !== out[i])) return undefined;
    out[a] += s[a];
  }
  return out;
}

export function broadcast(...shapes: Shape[]): Shape | undefined {
  let out: Shape = [];
  for (const s of shapes) {
    const r = broadcastShapes(out, s);
    if (typeof r === 'string') return undefined;
    out = r;
  }
  return out;
}

/**
 * Padding of one spatial dimension: explicit [begin, end], or from auto_pad (SAME_UPPER puts the
 * odd unit at the end, SAME_LOWER at the beginning; VALID is none).
 */
export function autoPads(autoPad: string, size: number, k: number, stride: number, dilation: number): [number, number] {
  if (autoPad === 'VALID') return [0, 0];
  const eff = (k - 1) * dilation + 1;
  const out = Math.ceil(size / stride);
  const total = Math.max(0, (out - 1) * stride + eff - size);
  const small = Math.floor(total / 2);
  return autoPad === 'SAME_LOWER' ? [total - small, small] : [small, total - small];
}

/** Output length of a window (conv or pool) with padding [begin, end], floor or ceil mode. */
export function windowLength(size: number, k: number, stride: number, dilation: number, begin: number, end: number, ceil: boolean): number {
  const eff = (k - 1) * dilation + 1;
  const span = size + begin + end - eff;
  if (span < 0) return 0;
  let out = (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // As ONNX (and PyTorch): in ceil mode the last window must start inside the input or the
  // leading padding.
  if (ceil && (out - 1) * stride >= size + begin) out--;
  return out;
}
