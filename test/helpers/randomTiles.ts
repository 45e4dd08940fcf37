// Seeded random layers for the tile-search tests: small conv and GEMM nests with pinned factors,
// fused inputs, tiny and unbounded buffers, so that exhaustive enumeration stays cheap.
import type { Nest, Tile } from '../../server/src/core/cost/nest';
import type { SearchSpec } from '../../server/src/core/cost/tileSearch';

export { prng } from './prng';

export function randomSpec(rnd: () => number): SearchSpec {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const gemm = rnd() < 0.2;
  const s = gemm ? 1 : int(1, 3);
  const nest: Nest = gemm
    ? { m: int(1, 16), n: int(1, 16), r: int(1, 24), c: 1, kh: 1, kw: 1, s: 1, repeat: int(1, 3) }
    : { m: int(1, 12), n: int(1, 12), r: int(1, 11), c: int(1, 11), kh: int(1, 5), kw: int(1, 5), s, repeat: int(1, 4) };
  const pins: Partial<Tile> = {};
  const mode = rnd();
  if (mode < 0.35) {
    pins.m = int(1, 16); // a fixed unroll, maybe larger than the layer
    pins.n = int(1, 8);
  } else if (mode < 0.45) {
    pins.r = int(1, nest.r); // a partial @tile from the file
  }
  const bytes = [0.5, 1, 2, 4][int(0, 3)];
  const whole = 2 * bytes * (nest.n * (s * nest.r + nest.kh - s) * (s * nest.c + nest.kw - s) + nest.m * nest.n * nest.kh * nest.kw + nest.m * nest.r * nest.c);
  const capacity = rnd() < 0.1 ? Infinity : whole * rnd() * 1.1;
  const ops = 2 * nest.m * nest.n * nest.r * nest.c * nest.kh * nest.kw * nest.repeat;
  return { nest, bytes, ops, computeRoof: rnd() < 0.5 ? 1e9 : 1e6 + rnd() * 1e12, bandwidth: rnd() < 0.1 ? Infinity : 1e8 * (1 + 9 * rnd()), capacity, pins, fused: rnd() < 0.15 };
}

