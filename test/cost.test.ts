// Hand-computed cases of the pure cost models: tiled traffic and buffers (Zhang et al., FPGA 2015),
// the roofline (Williams et al., CACM 2009), unrolled-engine cycles and the execution models. The
// arithmetic is written out beside each expected figure.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { ConvDims, GemmDims } from '../server/src/core/ops/types';
import { tileBufferBytes } from '../server/src/core/cost/buffer';
import { convCycles, gemmCycles, unrolledCompute, computationalRoof } from '../server/src/core/cost/compute';
import { convNest, gemmNest, clipTile, factorsToPins, tileToFactors } from '../server/src/core/cost/nest';
import { attainable, ctc, ridgePoint, roofline, LOW_UTILIZATION } from '../server/src/core/cost/roofline';
import { compulsoryBytes, convTiledTraffic, gemmTiledTraffic, nestTraffic } from '../server/src/core/cost/traffic';
import { quotientCandidates } from '../server/src/core/cost/tileSearch';
import { nearestPrecision } from '../server/src/core/cost/peak';

const conv = (o: Partial<ConvDims>): ConvDims => ({ kind: 'conv', batch: 1, groups: 1, m: 1, n: 1, r: 1, c: 1, kh: 1, kw: 1, stride: 1, ...o });

describe('cost: compulsory traffic', () => {
  it('is input + weight + output + cache, without the input when fused', () => {
    const b = { input: 100, weight: 20, output: 50, cache: 7 };
    assert.equal(compulsoryBytes(b), 177);
    assert.equal(compulsoryBytes(b, true), 77);
  });
});

describe('cost: tiled conv traffic (Zhang et al.)', () => {
  it('small conv, stride 1, per group x groups x batch', () => {
    // M=4 N=3 R=C=4 K=3 S=1, tile Tm=2 Tn=2 Tr=2 Tc=2, fp32 (4 bytes), 2 groups, batch 3.
    // B_in  = Tn (S Tr + K - S)(S Tc + K - S) = 2 x (2 + 2) x (2 + 2) = 32 words
    // B_w   = Tm Tn K K = 2 x 2 x 9 = 36
    // B_out = Tm Tr Tc = 2 x 2 x 2 = 8
    // trips = ceil(4/2) ceil(3/2) ceil(4/2) ceil(4/2) = 2 x 2 x 2 x 2 = 16
    // stores = ceil(4/2) ceil(4/2) ceil(4/2) = 8
    // words per group = 16 x (32 + 36) + 8 x 8 = 1088 + 64 = 1152; x 2 groups x 3 images = 6912
    const d = conv({ m: 4, n: 3, r: 4, c: 4, kh: 3, kw: 3, groups: 2, batch: 3 });
    const nt = nestTraffic(convNest(d)!, { m: 2, n: 2, r: 2, c: 2 });
    assert.deepEqual([nt.tileIn, nt.tileWeight, nt.tileOut, nt.trips, nt.stores], [32, 36, 8, 16, 8]);
    const t = convTiledTraffic(d, { m: 2, n: 2, r: 2, c: 2 }, 4);
    assert.equal(t.words, 6912);
    assert.equal(t.bytes, 27648);
    // Input 16 x 32 x 6 = 3072 words; weights 16 x 36 x 6 = 3456; outputs 8 x 8 x 6 = 384.
    assert.deepEqual([t.input, t.weight, t.output], [3072 * 4, 3456 * 4, 384 * 4]);
    // Buffer = 2 x (32 + 36 + 8) x 4 = 608 bytes (per group: groups run one after another).
    assert.equal(tileBufferBytes(convNest(d)!, { m: 2, n: 2, r: 2, c: 2 }, 4), 608);
  });

  it('stride 2, uneven tiles, fp16', () => {
    // M=8 N=4 R=C=5 K=3 S=2, tile Tm=4 Tn=4 Tr=5 Tc=3, 2 bytes.
    // B_in  = 4 x (2x5 + 3 - 2) x (2x3 + 3 - 2) = 4 x 11 x 7 = 308
    // B_w   = 4 x 4 x 9 = 144;  B_out = 4 x 5 x 3 = 60
    // trips = ceil(8/4) ceil(4/4) ceil(5/5) ceil(5/3) = 2 x 1 x 1 x 2 = 4;  stores = 2 x 1 x 2 = 4
    // words = 4 x (308 + 144) + 4 x 60 = 1808 + 240 = 2048 -> 4096 bytes
    // buffer = 2 x (308 + 144 + 60) x 2 = 2048 bytes
    const d = conv({ m: 8, n: 4, r: 5, c: 5, kh: 3, kw: 3, stride: 2 });
    assert.equal(convTiledTraffic(d, { m: 4, n: 4, r: 5, c: 3 }, 2).bytes, 4096);
    assert.equal(tileBufferBytes(convNest(d)!, { m: 4, n: 4, r: 5, c: 3 }, 2), 2048);
  });

  it('clips tiles to the layer', () => {
    const d = conv({ m: 8, n: 4, r: 5, c: 5, kh: 3, kw: 3, stride: 2 });
    assert.deepEqual(clipTile(convNest(d)!, { m: 100, n: 0, r: 5.7, c: 3 }), { m: 8, n: 1, r: 5, c: 3 });
    assert.equal(convTiledTraffic(d, { m: 100, n: 4, r: 5, c: 3 }, 2).bytes, convTiledTraffic(d, { m: 8, n: 4, r: 5, c: 3 }, 2).bytes);
  });

  it('the whole layer as one tile moves every operand once (padding aside)', () => {
    // M=16 N=8 R=C=6 K=1: B_in = 8 x 6 x 6 = 288, B_w = 128, B_out = 576: 992 words, one trip.
    const d = conv({ m: 16, n: 8, r: 6, c: 6 });
    assert.equal(convTiledTraffic(d, { m: 16, n: 8, r: 6, c: 6 }, 1).words, 288 + 128 + 576);
  });
});

describe('cost: tiled GEMM traffic', () => {
  it('(M x K) by (K x N) with Tm, Tn, Tk; the output tile stays on chip across the inner loop', () => {
    // M=6 rows, K=5, N=4; Tm=4 Tn=2 Tk=3; int8 (1 byte).
    // trips = ceil(6/4) ceil(4/2) ceil(5/3) = 2 x 2 x 2 = 8; each loads A 4x3 = 12 and B 3x2 = 6 -> 144
    // stores = ceil(6/4) ceil(4/2) = 4 output tiles of 4x2 = 8 -> 32; words = 176
    // buffer = 2 x (12 + 6 + 8) x 1 = 52 bytes
    const d: GemmDims = { kind: 'gemm', batch: 1, m: 6, k: 5, n: 4, weightRhs: true };
    const t = gemmTiledTraffic(d, { m: 4, n: 2, k: 3 }, 1);
    assert.equal(t.words, 176);
    assert.deepEqual([t.input, t.weight, t.output], [96, 48, 32]);
    const nest = gemmNest(d)!;
    assert.equal(tileBufferBytes(nest, { m: 2, n: 3, r: 4, c: 1 }, 1), 52);
    // Batched: x batch.
    assert.equal(gemmTiledTraffic({ ...d, batch: 3 }, { m: 4, n: 2, k: 3 }, 2).bytes, 176 * 3 * 2);
  });

  it('maps GEMM tile factors to the 1 x 1 nest and back', () => {
    assert.deepEqual(tileToFactors('gemm', { m: 2, n: 3, r: 4, c: 1 }), { m: 4, n: 2, k: 3 });
    assert.deepEqual(factorsToPins('gemm', { m: 4, n: 2, k: 3, r: 9 }), { pins: { r: 4, m: 2, n: 3, c: 1 }, ignored: ['r'] });
    assert.deepEqual(factorsToPins('conv', { m: 64, n: 7, r: 13, c: 13, k: 2 }), { pins: { m: 64, n: 7, r: 13, c: 13 }, ignored: ['k'] });
  });
});

describe('cost: quotient candidates', () => {
  it('gives the smallest tile for every distinct ceil(D/T), at most 2 sqrt(D)', () => {
    // D = 10: ceil(10/T) for T = 1..10 is 10 5 4 3 2 2 2 2 2 1 -> smallest T per quotient: 1 2 3 4 5 10.
    assert.deepEqual(quotientCandidates(10).values, [10, 5, 4, 3, 2, 1]);
    assert.deepEqual(quotientCandidates(1).values, [1]);
    for (const d of [7, 55, 56, 112, 1000, 4096]) {
      const { values } = quotientCandidates(d);
      const distinct = new Set(Array.from({ length: d }, (_, i) => Math.ceil(d / (i + 1))));
      assert.equal(values.length, distinct.size);
      assert.ok(values.length <= 2 * Math.sqrt(d) + 1);
      for (const t of values) assert.ok(t === 1 || Math.ceil(d / (t - 1)) !== Math.ceil(d / t), `T=${t} is the smallest of its quotient`);
    }
  });
});

describe('cost: roofline', () => {
  // peak 100 ops/s, DRAM 10 B/s: ridge = 100 / 10 = 10 ops/byte; ops = 1000.
  const run = (traffic: number, utilization?: number) => roofline({ ops: 1000, peak: 100, utilization, levels: [{ name: 'DRAM', bandwidth: 10, traffic }] });

  it('ctc, attainable and ridge', () => {
    assert.equal(ctc(1000, 50), 20);
    assert.equal(ctc(1000, 0), null);
    assert.equal(ridgePoint(100, 10), 10);
    assert.equal(attainable(100, 1, 20, 10), 100); // min(100, 20 x 10 = 200)
    assert.equal(attainable(100, 1, 5, 10), 50); // min(100, 5 x 10)
    assert.equal(attainable(100, 0.3, 20, 10), 30);
  });

  it('compute-bound above the ridge', () => {
    // CTC = 1000 / 50 = 20 >= 10: attainable 100, time 1000 / 100 = 10 s.
    const r = run(50);
    assert.deepEqual([r.bound, r.attainable, r.time], ['compute', 100, 10]);
    assert.equal(r.roofs[0].ctc, 20);
    assert.equal(r.roofs[0].attainable, 200);
  });

  it('memory-bound below the ridge, named by the level', () => {
    // CTC = 1000 / 200 = 5: attainable 5 x 10 = 50, time 200 / 10 = 20 s.
    const r = run(200);
    assert.deepEqual([r.bound, r.attainable, r.time], ['DRAM', 50, 20]);
  });

  it('exactly at the ridge is compute-bound', () => {
    const r = run(100);
    assert.deepEqual([r.bound, r.time], ['compute', 10]);
  });

  it('a low utilisation ceiling is its own bound', () => {
    // peak x 0.5 = 50 < CTC x bandwidth = 200: time 1000 / 50 = 20 s, bound by utilisation.
    const r = run(50, 0.5);
    assert.deepEqual([r.bound, r.computeRoof, r.time], ['utilization', 50, 20]);
    assert.ok(0.5 < LOW_UTILIZATION);
    // At 0.9 the same layer is simply compute-bound (time 1000 / 90).
    assert.equal(run(50, 0.9).bound, 'compute');
    // And a memory roof below the lowered ceiling still wins: 50 x 0.5 = 25 > 1000 / 500 x 10 = 20.
    assert.equal(run(500, 0.5).bound, 'DRAM');
  });

  it('every level is a roof; the slowest one bounds', () => {
    // DRAM: 50 B at 10 B/s = 5 s; L2: 2000 B at 100 B/s = 20 s; compute 10 s -> L2, attainable 50.
    const r = roofline({ ops: 1000, peak: 100, levels: [{ name: 'DRAM', bandwidth: 10, traffic: 50 }, { name: 'L2', bandwidth: 100, traffic: 2000 }] });
    assert.deepEqual([r.bound, r.time, r.attainable], ['L2', 20, 50]);
    assert.deepEqual(r.roofs.map((x) => x.time), [5, 20]);
  });

  it('no work: no bound, no time', () => {
    const r = roofline({ ops: 0, peak: 100, levels: [{ name: 'DRAM', bandwidth: 10, traffic: 0 }] });
    assert.deepEqual([r.bound, r.time, r.attainable], ['none', 0, 0]);
    // Data movement only (a concat): the level bounds.
    assert.equal(roofline({ ops: 0, peak: 100, levels: [{ name: 'DRAM', bandwidth: 10, traffic: 30 }] }).bound, 'DRAM');
  });
});

describe('cost: unrolled engine cycles and utilisation', () => {
  it('ceil(M/Tm) ceil(N/Tn) R C K K per group, over groups and batch', () => {
    // M=96 N=3 R=C=55 K=11 at (64, 7): 2 x 1 x 3025 x 121 = 732,050 cycles.
    const d = conv({ m: 96, n: 3, r: 55, c: 55, kh: 11, kw: 11, stride: 4 });
    assert.equal(convCycles(d, { m: 64, n: 7 }), 732_050);
    assert.equal(convCycles({ ...d, batch: 4 }, { m: 64, n: 7 }), 4 * 732_050);
    // Utilisation = 105,415,200 MACs / (732,050 x 448 lanes) = 0.32143.
    const c = unrolledCompute(convNest(d)!, { m: 64, n: 7 });
    assert.equal(c.macs, 105_415_200);
    assert.ok(Math.abs(c.utilization - 105_415_200 / (732_050 * 448)) < 1e-15);
    // Computational roof = 2 x MACs / cycles x clock: 2 x 105,415,200 / 732,050 x 1e8 = 28.8 GOP/s.
    assert.ok(Math.abs(computationalRoof(105_415_200, 732_050, 1e8) - 28.8e9) < 1);
  });

  it('GEMM: output features on Tm, inner dimension on Tn', () => {
    // linear 9216 -> 4096 on 1 row at (64, 7): ceil(4096/64) x ceil(9216/7) x 1 = 64 x 1317 = 84,288.
    assert.equal(gemmCycles({ kind: 'gemm', batch: 1, m: 1, k: 9216, n: 4096, weightRhs: true }, { m: 64, n: 7 }), 84_288);
  });
});

describe('cost: precision fallback', () => {
  it('takes the closest width, then the same family', () => {
    assert.equal(nearestPrecision('fp32', ['fp16', 'int8', 'tf32']), 'tf32');
    assert.equal(nearestPrecision('fp32', ['fp16', 'int8']), 'fp16');
    assert.equal(nearestPrecision('bf16', ['fp16', 'fp32']), 'fp16');
    assert.equal(nearestPrecision('int8', ['fp8', 'int4', 'fp16']), 'fp8');
    assert.equal(nearestPrecision('int4', ['int8', 'fp8']), 'int8');
    assert.equal(nearestPrecision('fp32', []), undefined);
  });
});
