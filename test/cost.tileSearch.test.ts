// The tile search (Zhang et al., FPGA 2015, section 3.3) must equal exhaustive enumeration: the same
// tile and the same figures, on random small layers (seeded) and on ResNet-50's conv layers, with far
// fewer evaluations. Also the cross-layer unroll search against its brute force.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { analyzeText } from '../server/src/core/analyze';
import { nestOf, type Nest } from '../server/src/core/cost/nest';
import { bruteForceTiles, searchTiles, type SearchSpec } from '../server/src/core/cost/tileSearch';
import { prng, randomSpec } from './helpers/randomTiles';
import { bruteForceUnroll, unrollSearch } from '../server/src/core/cost/unrollSearch';

function resnetConvs(): { nest: Nest; ops: number }[] {
  const text = fs.readFileSync(path.join(__dirname, '..', 'examples', 'resnet50.nnm'), 'utf8');
  return analyzeText(text).models[0].layers.filter((l) => l.dims?.kind === 'conv').map((l) => ({ nest: nestOf(l.dims!)!, ops: l.ops }));
}

describe('cost: tile search equals exhaustive enumeration', () => {
  it('on 400 random small layers (conv, strided, K < S, GEMM, pinned factors, fused, tiny and unbounded buffers)', () => {
    const rnd = prng(20150222);
    let brute = 0;
    let fast = 0;
    let probes = 0;
    let infeasible = 0;
    for (let i = 0; i < 400; i++) {
      const spec = randomSpec(rnd);
      const a = bruteForceTiles(spec);
      const b = searchTiles(spec);
      assert.deepEqual(b.best, a.best, `layer ${i}: ${JSON.stringify(spec)}`);
      assert.equal(b.fits, a.fits);
      assert.equal(b.exact, true);
      assert.equal(b.space, a.evaluations);
      if (!a.fits) infeasible++;
      brute += a.evaluations;
      fast += b.evaluations;
      probes += b.probes;
    }
    assert.ok(infeasible > 0 && infeasible < 100, `${infeasible} layers where no tile fits`);
    // Even on tiny layers the search evaluates far fewer tiles (measured: 278,173 vs 1,594, 175x; 19x
    // counting its bound and buffer checks too).
    assert.ok(brute / fast > 100, `evaluation ratio ${brute / fast}`);
    assert.ok(brute / (fast + probes) > 10, `work ratio ${brute / (fast + probes)}`);
  });

  it('on every ResNet-50 conv layer with a fixed (64, 7) unroll, at 4.6 MB and at 64 KiB of buffer', () => {
    for (const capacity of [4_746_240, 65_536]) {
      let brute = 0;
      let work = 0;
      for (const { nest, ops } of resnetConvs()) {
        const spec: SearchSpec = { nest, bytes: 4, ops, computeRoof: 89.6e9, bandwidth: 4.5e9, capacity, pins: { m: 64, n: 7 } };
        const a = bruteForceTiles(spec);
        const b = searchTiles(spec);
        assert.deepEqual(b.best, a.best);
        assert.equal(b.space, a.evaluations);
        brute += a.evaluations;
        work += b.evaluations + b.probes;
      }
      // Measured: 61,397 tiles vs 451 evaluations and checks (136x) at 4.6 MB; vs 1,791 (34x) at 64 KiB.
      if (capacity > 1e6) assert.ok(brute / work >= 100, `ResNet-50 at (64, 7): ${brute} tiles vs ${work} evaluations and checks`);
    }
  });

  it('searches all four factors of ResNet-50 with >= 100x fewer evaluations than the enumeration would', () => {
    let space = 0;
    let evaluations = 0;
    let probes = 0;
    for (const { nest, ops } of resnetConvs()) {
      const r = searchTiles({ nest, bytes: 2, ops, computeRoof: 312e12, bandwidth: 2.039e12, capacity: 256 * 1024 });
      assert.equal(r.exact, true);
      space += r.space;
      evaluations += r.evaluations;
      probes += r.probes;
    }
    // 2.33 billion tiles would be evaluated exhaustively (M x N x R x C per layer); measured: 2,327
    // evaluations and 46,122 checks.
    assert.equal(space, 2_327_363_584);
    assert.ok(space / (evaluations + probes) > 1000, `${space} / (${evaluations} + ${probes})`);
  });
});

describe('cost: unroll search equals its brute force', () => {
  it('on 100 random sets of conv layers and lane budgets', () => {
    const rnd = prng(448);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    for (let i = 0; i < 100; i++) {
      const nests: Nest[] = Array.from({ length: int(1, 6) }, () => ({ m: int(1, 300), n: int(1, 300), r: int(1, 30), c: int(1, 30), kh: int(1, 5), kw: int(1, 5), s: 1, repeat: int(1, 2) }));
      const lanes = int(1, 600);
      assert.deepEqual(unrollSearch(nests, lanes)!.best, bruteForceUnroll(nests, lanes)!.best, JSON.stringify({ nests, lanes }));
    }
    assert.equal(unrollSearch([], 448), undefined);
    assert.equal(unrollSearch([{ m: 1, n: 1, r: 1, c: 1, kh: 1, kw: 1, s: 1, repeat: 1 }], 0), undefined);
  });
});
