// The tile search's own counts (evaluations, shown in the hover and `roofline tiles`; probes,
// spent against the search budgets of core/limits.ts) are figures like its answer: a faster search
// must find the same tile with the same evaluations and probes. Recorded from the search as it was
// before its inner loops were made to allocate nothing: on seeded random layers (every order) and
// on the ten GEMMs of a Llama-2-70B generation on h100-sxm (prefill of 2,048 tokens and one decode
// step: q/o, k/v, gate/up, down and lm-head projections).
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { searchTiles, type SearchSpec } from '../server/src/core/cost/tileSearch';
import { prng, randomSpec } from './helpers/randomTiles';

/** h100-sxm as the cost model gives it to the search: fp16 dense peak, HBM3, 50 MiB of L2. */
function llamaGemm(m: number, n: number, r: number): SearchSpec {
  return { nest: { m, n, r, c: 1, kh: 1, kw: 1, s: 1, repeat: 1 }, bytes: 2, ops: 2 * m * n * r, computeRoof: 989.4e12, bandwidth: 3.35e12, capacity: 52_428_800, budget: 2_000_000, orders: ['output', 'weight', 'input'], pins: {} };
}

describe('cost: the tile search counts its work as before', () => {
  it('on 600 seeded random layers, every loop order: the same tiles, evaluations and probes', () => {
    const rnd = prng(1307);
    let evaluations = 0;
    let probes = 0;
    let tiles = 0;
    for (let i = 0; i < 600; i++) {
      const spec: SearchSpec = i % 2 === 0 ? randomSpec(rnd) : { ...randomSpec(rnd), orders: ['output', 'weight', 'input'] };
      const r = searchTiles(spec);
      evaluations += r.evaluations;
      probes += r.probes;
      // A checksum of the tiles found (their factors, weighted by place).
      tiles += (i + 1) * (r.best.tile.m + 3 * r.best.tile.n + 5 * r.best.tile.r + 7 * r.best.tile.c);
    }
    assert.deepEqual({ evaluations, probes, tiles }, RANDOM);
  });

  it('on the ten GEMMs of a Llama-2-70B generation on h100-sxm', () => {
    const got = LLAMA_70B.map(([m, n, r]) => {
      const s = searchTiles(llamaGemm(m, n, r));
      return [m, n, r, s.best.tile.m, s.best.tile.n, s.best.tile.r, s.best.order, s.evaluations, s.probes, s.exact];
    });
    assert.deepEqual(got, LLAMA_70B);
  });
});

const RANDOM = { evaluations: 5346, probes: 45058, tiles: 11276680 };

/** M, N, R; the tile's Tm, Tn, Tr (Tc = 1); its loop order; evaluations; probes; exact. */
const LLAMA_70B: [number, number, number, number, number, number, string, number, number, boolean][] = [
  [8192, 8192, 2048, 4096, 1, 2048, 'output', 75, 37081, true],
  [1024, 8192, 2048, 1024, 1, 2048, 'output', 39, 12786, true],
  [28672, 8192, 2048, 5735, 1, 2048, 'output', 183, 71457, true],
  [8192, 28672, 2048, 4096, 1, 2048, 'output', 105, 68861, true],
  [32000, 8192, 2048, 5334, 1, 2048, 'output', 216, 75557, true],
  [8192, 8192, 1, 1, 8192, 1, 'input', 33, 4110, true],
  [1024, 8192, 1, 1024, 1, 1, 'output', 26, 2557, true],
  [28672, 8192, 1, 1, 8192, 1, 'input', 59, 8472, true],
  [8192, 28672, 1, 8192, 1, 1, 'output', 40, 7244, true],
  [32000, 8192, 1, 1, 8192, 1, 'input', 72, 10896, true],
];
