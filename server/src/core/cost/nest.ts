// Loop nests for the tiling and compute models (Zhang et al., FPGA 2015).
// A convolution is its own nest, per group: M output maps, N input maps, R x C outputs, Kh x Kw
// kernel, stride S. A GEMM (M x K) by (K x N) is the nest of a 1 x 1 convolution: output maps = N
// (columns, the output features), input maps = K (the inner dimension), R = M rows, C = 1, S = 1, so
// one set of formulas serves both. Approximation: ConvDims carries one stride (the larger of the two)
// and no dilation or padding, so a non-square stride or a dilated kernel is modelled with the
// undilated kernel and the larger stride.
import type { ConvDims, GemmDims } from '../ops/types';

/** One group's loop nest; `repeat` = groups x batch (conv) or batch (GEMM) copies of it. */
export interface Nest {
  m: number;
  n: number;
  r: number;
  c: number;
  kh: number;
  kw: number;
  s: number;
  repeat: number;
  /** Input rows and columns before padding, when known. */
  ih?: number;
  iw?: number;
}

/** Tile factors in nest terms (Tm output maps, Tn input maps, Tr x Tc outputs). */
export interface Tile {
  m: number;
  n: number;
  r: number;
  c: number;
}

export const TILE_DIMS = ['m', 'n', 'r', 'c'] as const;

/** Which tile stays on chip across the innermost tile loop (traffic.ts): output, weight or input. */
export const LOOP_ORDERS = ['output', 'weight', 'input'] as const;
export type LoopOrder = (typeof LOOP_ORDERS)[number];
export type TileDim = (typeof TILE_DIMS)[number];

function whole(v: number): boolean {
  return Number.isSafeInteger(v) && v >= 1;
}

/** The nest of a convolution, or undefined when a dimension is not a positive whole number. */
export function convNest(d: ConvDims): Nest | undefined {
  const nest: Nest = { m: d.m, n: d.n, r: d.r, c: d.c, kh: d.kh, kw: d.kw, s: d.stride, repeat: d.groups * d.batch };
  if (d.h !== undefined && d.w !== undefined) {
    nest.ih = d.h;
    nest.iw = d.w;
  }
  return validNest(nest) ? nest : undefined;
}

/** The nest of a matrix product: a 1 x 1 convolution with M = columns, N = inner, R = rows, C = 1. */
export function gemmNest(d: GemmDims): Nest | undefined {
  const nest: Nest = { m: d.n, n: d.k, r: d.m, c: 1, kh: 1, kw: 1, s: 1, repeat: d.batch };
  return validNest(nest) ? nest : undefined;
}

export function nestOf(dims: ConvDims | GemmDims): Nest | undefined {
  return dims.kind === 'conv' ? convNest(dims) : gemmNest(dims);
}

function validNest(n: Nest): boolean {
  return whole(n.m) && whole(n.n) && whole(n.r) && whole(n.c) && whole(n.kh) && whole(n.kw) && whole(n.s) && whole(n.repeat);
}

/** Clips every factor to 1..dimension (and rounds it down to a whole number). */
export function clipTile(nest: Nest, t: Tile): Tile {
  const clip = (v: number, d: number) => (Number.isFinite(v) ? Math.min(d, Math.max(1, Math.floor(v))) : d);
  return { m: clip(t.m, nest.m), n: clip(t.n, nest.n), r: clip(t.r, nest.r), c: clip(t.c, nest.c) };
}

/** Multiply-accumulates of the whole nest (all repeats). */
export function nestMacs(n: Nest): number {
  return n.m * n.n * n.r * n.c * n.kh * n.kw * n.repeat;
}

/**
 * Tile factors as the file writes them: conv {m, n, r, c}; GEMM {m, n, k} over (M x K) by (K x N),
 * i.e. m = rows (nest r), n = columns (nest m), k = inner (nest n).
 */
export function tileToFactors(kind: 'conv' | 'gemm', t: Tile): Record<string, number> {
  return kind === 'conv' ? { m: t.m, n: t.n, r: t.r, c: t.c } : { m: t.r, n: t.m, k: t.n };
}

/** Nest factors named by a file's `@tile(...)`; `ignored` lists the keys that mean nothing here. */
export function factorsToPins(kind: 'conv' | 'gemm', f: Record<string, number>): { pins: Partial<Tile>; ignored: string[] } {
  const pins: Partial<Tile> = {};
  const ignored: string[] = [];
  const map: Record<string, TileDim> = kind === 'conv' ? { m: 'm', n: 'n', r: 'r', c: 'c' } : { m: 'r', n: 'm', k: 'n' };
  for (const [key, value] of Object.entries(f)) {
    const dim = map[key];
    if (dim && whole(value)) pins[dim] = value;
    else ignored.push(key);
  }
  if (kind === 'gemm') pins.c = 1;
  return { pins, ignored };
}
