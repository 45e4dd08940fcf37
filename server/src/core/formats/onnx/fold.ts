// Constant folding of shape computations, so that a Reshape's target computed by a chain of
// Shape / Gather / Unsqueeze / Concat (and Slice, Squeeze, Cast, Constant, ConstantOfShape,
// Range, integer arithmetic) is known before the Reshape is mapped. A node folds when its inputs
// are constants with known values (small: at most MAX_VALUES elements), or, for Shape and Size,
// when its input's shape is known. Data-movement nodes on constants without values (weights made
// by ConstantOfShape, then reshaped or transposed) fold to constants of the new shape: they stay
// weights, not layers. Folded nodes make no layer.
import { numel, type Shape } from '../../ops/types';
import type { NodeCtx } from './context';
import { dataTypeInfo, FLOAT, INT64 } from './dataTypes';
import { broadcast, flattenShape, normAxis, reshapeTarget, sliceAxes, sliceShape, squeezeShape, transposeShape, unsqueezeShape } from './shapes';
import { MAX_VALUES } from './tensor';

/** Strides of a shape (row-major). */
function strides(s: Shape): number[] {
  const out = new Array<number>(s.length).fill(1);
  for (let i = s.length - 2; i >= 0; i--) out[i] = out[i + 1] * s[i + 1];
  return out;
}

/** Element-wise over broadcast inputs with known values (small outputs only). */
function elementwise(shapes: Shape[], values: number[][], f: (...v: number[]) => number): { shape: Shape; values: number[] } | undefined {
  const out = broadcast(...shapes);
  if (!out || numel(out) > MAX_VALUES) return undefined;
  const outStrides = strides(out);
  const result: number[] = [];
  for (let i = 0; i < numel(out); i++) {
    const args = shapes.map((s, k) => {
      const st = strides(s);
      let idx = 0;
      for (let d = 0; d < s.length; d++) {
        const coord = Math.floor(i / outStrides[d + out.length - s.length]) % out[d + out.length - s.length];
        idx += (s[d] === 1 ? 0 : coord) * st[d];
      }
      return values[k][idx];
    });
    result.push(f(...args));
  }
  return { shape: out, values: result };
}

const ARITH: Record<string, (...v: number[]) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Mod: (a, b) => a % b,
  // Loops, not Math.max(...v): a node with 200,000 inputs must not overflow the call stack.
  Max: (...v) => v.reduce((a, b) => Math.max(a, b), -Infinity),
  Min: (...v) => v.reduce((a, b) => Math.min(a, b), Infinity),
  Equal: (a, b) => (a === b ? 1 : 0),
  Less: (a, b) => (a < b ? 1 : 0),
  Greater: (a, b) => (a > b ? 1 : 0),
  LessOrEqual: (a, b) => (a <= b ? 1 : 0),
  GreaterOrEqual: (a, b) => (a >= b ? 1 : 0),
  And: (a, b) => (a && b ? 1 : 0),
  Or: (a, b) => (a || b ? 1 : 0),
  Where: (c, a, b) => (c ? a : b),
  Not: (a) => (a ? 0 : 1),
  Neg: (a) => -a,
  Abs: (a) => Math.abs(a),
  Floor: (a) => Math.floor(a),
  Ceil: (a) => Math.ceil(a),
  Sqrt: (a) => Math.sqrt(a),
  Reciprocal: (a) => 1 / a,
  Sign: (a) => Math.sign(a),
};

const COMPARISONS = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Not']);

/** Data-movement operators that fold on constants whose values are not known (weights). */
const SHAPE_ONLY = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Identity', 'Cast', 'Dropout']);

/** Converts values to an element type (integers truncate toward zero, as Cast does). */
function castValues(values: number[], to: number): number[] {
  const info = dataTypeInfo(to);
  return info?.integer ? values.map((v) => (Number.isFinite(v) ? Math.trunc(v) : 0)) : values;
}

/** The values of input `i` as whole numbers (an attribute-free int list), when known. */
function intsOf(c: NodeCtx, i: number): number[] | undefined {
  const v = c.values(i);
  return v && v.every((x) => Number.isFinite(x)) ? v.map(Math.trunc) : undefined;
}

/** The axes of Squeeze / Unsqueeze: an attribute before opset 13, the second input from 13 on. */
export function axesOf(c: NodeCtx): number[] | undefined {
  return c.opset >= 13 && c.has(1) ? intsOf(c, 1) : c.ints('axes');
}

/** Folds the node when it is a constant computation; true when it did (its outputs are set). */
export function tryFold(c: NodeCtx): boolean {
  const op = c.op;
  if (op === 'Constant') return foldConstant(c);
  if (op === 'Shape' || op === 'Size') {
    const x = c.shape(0);
    if (!x) return false;
    if (op === 'Size') c.setConst(0, [], INT64, [numel(x)]);
    else {
      const start = normAxisClamped(c.int('start', 0), x.length);
      const end = c.attr('end') ? normAxisClamped(c.int('end', x.length), x.length) : x.length;
      c.setConst(0, [Math.max(0, end - start)], INT64, x.slice(start, Math.max(start, end)));
    }
    return true;
  }
  if (op === 'ConstantOfShape') return foldConstantOfShape(c);
  const inputs = c.node.inputs.map((_, i) => c.input(i));
  const given = inputs.filter((k) => k !== undefined);
  if (!given.length || !given.every((k) => k?.constant)) return false;
  const allValues = given.every((k) => k?.constant?.values !== undefined);
  if (!allValues && !SHAPE_ONLY.has(op)) return false;
  const x = c.shape(0);
  const elemType = c.input(0)?.elemType ?? INT64;
  const vals = c.values(0);
  switch (op) {
    case 'Identity':
    case 'Dropout':
      c.setConst(0, x, elemType, vals);
      return true;
    case 'Cast': {
      const to = c.int('to', elemType);
      c.setConst(0, x, to, vals && castValues(vals, to));
      return true;
    }
    case 'Reshape': {
      const target = c.opset >= 5 ? intsOf(c, 1) : c.ints('shape');
      if (!x || !target) return false;
      const out = reshapeTarget(x, target, c.int('allowzero', 0) === 1);
      if (typeof out === 'string' || numel(out) !== numel(x)) return false;
      c.setConst(0, out, elemType, vals);
      return true;
    }
    case 'Flatten': {
      const out = x && flattenShape(x, c.int('axis', 1));
      if (!out) return false;
      c.setConst(0, out, elemType, vals);
      return true;
    }
    case 'Squeeze':
    case 'Unsqueeze': {
      const axes = axesOf(c);
      if (!x || (op === 'Unsqueeze' && !axes)) return false;
      const out = op === 'Squeeze' ? squeezeShape(x, axes) : unsqueezeShape(x, axes as number[]);
      if (!out) return false;
      c.setConst(0, out, elemType, vals);
      return true;
    }
    case 'Transpose': {
      const out = x && transposeShape(x, c.ints('perm'));
      if (!out) return false;
      // Values are dropped unless the tensor is 1-D (a transpose of a vector is itself).
      c.setConst(0, out, elemType, x.length <= 1 ? vals : undefined);
      return true;
    }
    case 'Gather':
      return foldGather(c);
    case 'Concat':
      return foldConcat(c);
    case 'Slice':
      return foldSlice(c);
    case 'Range': {
      const [s, l, d] = [c.values(0)?.[0], c.values(1)?.[0], c.values(2)?.[0]];
      if (s === undefined || l === undefined || d === undefined || d === 0) return false;
      const n = Math.max(0, Math.ceil((l - s) / d));
      if (!Number.isSafeInteger(n)) return false;
      c.setConst(0, [n], elemType, n <= MAX_VALUES ? Array.from({ length: n }, (_, i) => s + i * d) : undefined);
      return true;
    }
    default: {
      const f = Object.hasOwn(ARITH, op) ? ARITH[op] : undefined;
      if (!f || !allValues) return false;
      const shapes = given.map((k) => k?.shape);
      if (shapes.some((s) => !s)) return false;
      const integer = dataTypeInfo(elemType)?.integer ?? false;
      const g = op === 'Div' && integer ? (a: number, b: number) => Math.trunc(a / b) : f;
      const r = elementwise(shapes as Shape[], given.map((k) => k?.constant?.values ?? []), g);
      if (!r) return false;
      const outType = COMPARISONS.has(op) ? 9 : op === 'Where' ? (c.input(1)?.elemType ?? elemType) : elemType;
      c.setConst(0, r.shape, outType, r.values);
      return true;
    }
  }
}

function normAxisClamped(a: number, rank: number): number {
  const n = a < 0 ? a + rank : a;
  return Math.min(Math.max(n, 0), rank);
}

function foldConstant(c: NodeCtx): boolean {
  const v = c.attr('value');
  if (v?.kind === 'tensor') {
    const k = c.imp.constantFrom(v.value, 'Constant');
    c.setOut(0, k);
    return true;
  }
  const pick = (['value_int', 'value_ints', 'value_float', 'value_floats'] as const).find((n) => c.attr(n));
  const list = pick && c.ints(pick);
  if (!pick || !list) return false;
  const scalar = pick === 'value_int' || pick === 'value_float';
  const type = pick.startsWith('value_int') ? INT64 : FLOAT;
  c.setOut(0, { shape: scalar ? [] : [list.length], elemType: type, constant: { origin: 'Constant', values: list.length <= MAX_VALUES ? list : undefined } });
  return true;
}

function foldConstantOfShape(c: NodeCtx): boolean {
  const dims = intsOf(c, 0);
  if (!dims || dims.some((d) => !Number.isSafeInteger(d) || d < 0)) return false;
  const v = c.attr('value');
  const type = v?.kind === 'tensor' ? v.value.dataType : FLOAT;
  const fill = v?.kind === 'tensor' ? (v.value.values?.[0] ?? 0) : 0;
  const n = numel(dims);
  c.setOut(0, { shape: dims, elemType: type, constant: { origin: 'ConstantOfShape', values: n <= MAX_VALUES ? new Array<number>(n).fill(fill) : undefined } });
  return true;
}

function foldGather(c: NodeCtx): boolean {
  const data = c.values(0);
  const x = c.shape(0);
  const idx = c.values(1);
  const idxShape = c.shape(1);
  if (!data || !x || !idx || !idxShape || x.length !== 1) return false;
  if (normAxis(c.int('axis', 0), 1) !== 0) return false;
  const out: number[] = [];
  for (const i of idx) {
    const j = i < 0 ? i + x[0] : i;
    if (!(j >= 0 && j < x[0])) return false;
    out.push(data[j]);
  }
  c.setConst(0, idxShape, c.input(0)?.elemType ?? INT64, out);
  return true;
}

function foldConcat(c: NodeCtx): boolean {
  const shapes: Shape[] = [];
  const values: number[] = [];
  for (let i = 0; i < c.node.inputs.length; i++) {
    if (!c.has(i)) continue;
    const s = c.shape(i);
    const v = c.values(i);
    if (!s || !v || s.length !== 1) return false;
    shapes.push(s);
    values.push(...v);
  }
  if (!shapes.length || normAxis(c.int('axis', 0), 1) !== 0) return false;
  c.setConst(0, [values.length], c.input(0)?.elemType ?? INT64, values);
  return true;
}

function foldSlice(c: NodeCtx): boolean {
  const x = c.shape(0);
  const data = c.values(0);
  if (!x || !data || x.length !== 1) return false;
  const old = c.opset < 10;
  const starts = old ? c.ints('starts') : intsOf(c, 1);
  const ends = old ? c.ints('ends') : intsOf(c, 2);
  const axes = old ? c.ints('axes') : c.has(3) ? intsOf(c, 3) : undefined;
  const steps = old ? undefined : c.has(4) ? intsOf(c, 4) : undefined;
  if (!starts || !ends) return false;
  const ax = sliceAxes(x, starts, ends, axes, steps);
  if (!ax) return false;
  const out: number[] = [];
  const a = ax[0];
  for (let i = 0; a && i < a.count; i++) out.push(data[a.start + i * a.step]);
  c.setConst(0, sliceShape(x, ax), c.input(0)?.elemType ?? INT64, a ? out : data);
  return true;
}
