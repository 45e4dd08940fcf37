// On-chip buffer occupancy of a tile. Source: Zhang et al., FPGA 2015 (double-buffered tile buffers)
// as restated in cost-model.md: buffer = 2 x (B_in + B_w + B_out) x bytes. Approximation: every
// buffer holds a full tile in both halves; bank rounding (BRAM blocks of 18/36 Kb) is not modelled.
import { clipTile, type Nest, type Tile } from './nest';

/** Words of one copy of the input, weight and output tiles. */
export function nestBufferWords(nest: Nest, tm: number, tn: number, tr: number, tc: number): number {
  const s = nest.s;
  return tn * (s * tr + nest.kh - s) * (s * tc + nest.kw - s) + tm * tn * nest.kh * nest.kw + tm * tr * tc;
}

/** Bytes of on-chip buffer a tile needs, double-buffered. The tile is clipped to the nest. */
export function tileBufferBytes(nest: Nest, tile: Tile, bytes: number): number {
  const t = clipTile(nest, tile);
  return 2 * nestBufferWords(nest, t.m, t.n, t.r, t.c) * bytes;
}
