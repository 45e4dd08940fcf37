// Reproduction of Zhang et al., "Optimizing FPGA-based Accelerator Design for Deep Convolutional
// Neural Networks" (FPGA 2015): the original two-group AlexNet on a Virtex-7 485T (VC707) at 100 MHz
// in fp32 with a unified unroll (Tm, Tn) = (64, 7): 448 lanes, peak 2 x 448 x 100 MHz = 89.6 GFLOP/s,
// 4.5 GB/s off chip. The target is built here from the paper's figures (the catalog entry is another
// file's business). Fusion policy: 'none' (cost/fusion.ts), as the paper costs every layer as a
// kernel of its own; the last test shows that the default 'epilogue' leaves the conv cycles alone.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../server/src/core/analyze';
import { findTarget } from '../server/src/core/hardware/catalog';
import type { ConvDims } from '../server/src/core/ops/types';
import { costModel } from '../server/src/core/cost/analyzeCost';
import { convCycles } from '../server/src/core/cost/compute';
import { convNest } from '../server/src/core/cost/nest';
import { ALEXNET_ZHANG15, ZHANG15 } from './helpers/costFixtures';
import { bruteForceUnroll, convNestsOf, splitOutputMaps, unrollSearch, unrollSearchModel } from '../server/src/core/cost/unrollSearch';

// Zhang et al.'s table, per group (per GPU half): L1 M=48 N=3 R=C=55 K=11 S=4; L2 M=128 N=48 R=C=27
// K=5; L3 M=192 N=256; L4 M=192 N=192; L5 M=128 N=192; R=C=13 K=3 for L3-L5; two halves each.
const conv = (m: number, n: number, r: number, k: number, stride = 1): ConvDims => ({ kind: 'conv', batch: 1, groups: 2, m, n, r, c: r, kh: k, kw: k, stride });
const PAPER = [conv(48, 3, 55, 11, 4), conv(128, 48, 27, 5), conv(192, 256, 13, 3), conv(192, 192, 13, 3), conv(128, 192, 13, 3)];

function model() {
  const a = analyzeText(ALEXNET_ZHANG15);
  assert.deepEqual(a.diagnostics, []);
  return a.models[0];
}

describe('cost: Zhang et al. FPGA 2015 reproduction', () => {
  it('the file gives the layers of the paper', () => {
    const convs = model().layers.filter((l) => l.dims?.kind === 'conv').map((l) => l.dims as ConvDims);
    assert.deepEqual(
      convs.map((d) => [d.groups, d.m, d.n, d.r, d.kh, d.stride]),
      [[1, 96, 3, 55, 11, 4], [2, 128, 48, 27, 5, 1], [1, 384, 256, 13, 3, 1], [2, 192, 192, 13, 3, 1], [2, 128, 192, 13, 3, 1]],
    );
  });

  it('conv1 takes 732,050 cycles at (64, 7); 366,025 per half of 48 maps', () => {
    const conv1 = model().layers.find((l) => l.op === 'conv2d')!.dims as ConvDims;
    // 96 maps whole: ceil(96/64) x ceil(3/7) x 55 x 55 x 11 x 11 = 2 x 1 x 366,025 = 732,050.
    assert.equal(convCycles(conv1, { m: 64, n: 7 }), 732_050);
    // Per half (the paper's L1, M = 48): ceil(48/64) x 1 x 366,025 = 366,025, twice.
    assert.equal(convCycles({ ...PAPER[0], groups: 1 }, { m: 64, n: 7 }), 366_025);
    assert.equal(convCycles(PAPER[0], { m: 64, n: 7 }), 732_050);
    assert.deepEqual(splitOutputMaps(conv1, 2), { ...PAPER[0], h: 227, w: 227 });
  });

  it('the five conv layers take 2,005,892 cycles: 20.06 ms, a 66.4 GFLOP/s compute-bound ceiling', () => {
    // L1 732,050 + L2 2 x (2 x 7 x 729 x 25 = 255,150) = 510,300 + L3 6 x 37 x 169 x 9 = 337,662
    // + L4 2 x (3 x 28 x 169 x 9 = 127,764) = 255,528 + L5 2 x (2 x 28 x 1,521 = 85,176) = 170,352.
    const per = PAPER.map((d) => convCycles(d, { m: 64, n: 7 }));
    assert.deepEqual(per, [732_050, 510_300, 337_662, 255_528, 170_352]);
    const cycles = per.reduce((a, b) => a + b, 0);
    assert.equal(cycles, 2_005_892);
    // The file's layers (conv1 and conv3 whole) give the same total at (64, 7).
    const fileCycles = convNestsOf(model()).reduce((s, n) => s + Math.ceil(n.m / 64) * Math.ceil(n.n / 7) * n.r * n.c * n.kh * n.kw * n.repeat, 0);
    assert.equal(fileCycles, 2_005_892);
    const seconds = cycles / 100e6;
    assert.ok(Math.abs(seconds - 0.02005892) < 1e-12); // 20.06 ms
    // 665,784,864 MACs = 1,331,569,728 FLOP = 1.3316 GFLOP.
    const flop = 2 * PAPER.reduce((s, d) => s + d.m * d.n * d.r * d.c * d.kh * d.kw * d.groups, 0);
    assert.equal(flop, 1_331_569_728);
    assert.equal((flop / seconds / 1e9).toFixed(1), '66.4');
  });

  it('the cost model: conv cycles, compute-bound convs, conv1 bound by utilisation', () => {
    const c = costModel(model(), ZHANG15, { fusion: 'none' });
    const convs = c.layers.filter((l) => l.op === 'conv2d');
    assert.deepEqual(convs.map((l) => l.cycles), [732_050, 510_300, 337_662, 255_528, 170_352]);
    assert.deepEqual(convs.map((l) => l.stallCycles), [0, 0, 0, 0, 0]);
    assert.equal(convs.reduce((s, l) => s + l.cycles!, 0), 2_005_892);
    // Every layer has whole cycles (pools, ReLUs and the classifier too): the summary's cycles and time agree.
    assert.equal(c.totals.cycles, c.layers.reduce((s, l) => s + (l.cycles ?? 0), 0));
    assert.ok(Math.abs(c.totals.time - c.totals.cycles! / 100e6) < 1e-12);
    // conv1 fills 3 of 7 input lanes and 96 of 128 output lanes: utilisation 0.321 < 0.75.
    assert.equal(convs[0].bound, 'utilization');
    assert.ok(Math.abs(convs[0].utilization! - 105_415_200 / (732_050 * 448)) < 1e-12);
    for (const l of convs.slice(1)) assert.equal(l.bound, 'compute', l.name);
    // Compute-bound at peak x utilisation = 2 MACs x 100 MHz / cycles: the conv time is the cycle time.
    const convTime = convs.reduce((s, l) => s + l.time!, 0);
    assert.ok(Math.abs(convTime - 0.02005892) < 1e-9, `${convTime}`);
    const convOps = convs.reduce((s, l) => s + l.ops!, 0);
    assert.equal((convOps / convTime / 1e9).toFixed(1), '66.4');
    // The file's tile is used as given; the search picks Tr = Tc = 13 for conv3-5 as the paper did.
    assert.deepEqual(convs[0].tile, { factors: { m: 64, n: 3, r: 55, c: 55 }, source: 'file', order: 'output', loopOrder: convs[0].tile!.loopOrder, fits: true });
    for (const l of convs.slice(2)) {
      assert.equal(l.tile!.source, 'search');
      assert.deepEqual(l.tile!.factors, { m: 64, n: 7, r: 13, c: 13 });
      // Buffer: 2 x (7 x 15 x 15 + 64 x 7 x 9 + 64 x 13 x 13) x 4 = 2 x 16,423 x 4 = 131,384 bytes.
      assert.deepEqual(l.buffer, { need: 131_384, capacity: 4_746_240 });
    }
    // Ridge: 89.6 GFLOP/s / 4.5 GB/s = 19.9 FLOP/byte; the convs' CTC is above it.
    assert.deepEqual(c.totals.ridge.map((r) => [r.precision, r.level, r.ridge.toFixed(2)]), [['fp32', 'DRAM', '19.91']]);
    for (const l of convs) assert.ok(l.ctc! > 19.92, `${l.name} CTC ${l.ctc}`);
  });

  it('the cross-layer unroll search within 448 lanes returns (64, 7) for the paper\'s layers', () => {
    const nests = PAPER.map((d) => convNest(d)!);
    const r = unrollSearch(nests, 448)!;
    assert.deepEqual(r.best, { unroll: { m: 64, n: 7 }, cycles: 2_005_892, lanes: 448 });
    assert.deepEqual(bruteForceUnroll(nests, 448)!.best, r.best);
    assert.ok(r.evaluations < bruteForceUnroll(nests, 448)!.evaluations);
  });

  it('without @split, conv1 and conv3 counted whole favour (128, 3): 1,925,707 cycles (the paper splits them per GPU half)', () => {
    // ceil(96/128) = 1 where 2 x ceil(48/128) = 2: counting conv1 and conv3 whole changes the optimum.
    const r = unrollSearchModel(model(), 448)!;
    assert.deepEqual(r.best, { unroll: { m: 128, n: 3 }, cycles: 1_925_707, lanes: 384 });
    assert.deepEqual(bruteForceUnroll(convNestsOf(model()), 448)!.best, r.best);
    // Split the two whole layers into their GPU halves and the paper's answer returns.
    const split = model().layers.filter((l) => l.dims?.kind === 'conv').map((l) => {
      const d = l.dims as ConvDims;
      return convNest(d.groups === 1 ? splitOutputMaps(d, 2) : d)!;
    });
    assert.deepEqual(unrollSearch(split, 448)!.best.unroll, { m: 64, n: 7 });
  });

  it('the committed example on the catalog\'s zhang15-vc707 gives the same cycles', () => {
    const a = analyzeText(fs.readFileSync(path.join(__dirname, '..', 'examples', 'alexnet_zhang15.nnm'), 'utf8'));
    const target = findTarget('zhang15-vc707');
    assert.ok(target);
    const c = costModel(a.models[0], target, { fusion: 'none' });
    const convs = c.layers.filter((l) => l.op === 'conv2d');
    assert.deepEqual(convs.map((l) => l.cycles), [732_050, 510_300, 337_662, 255_528, 170_352]);
    assert.equal(convs.reduce((s, l) => s + l.cycles!, 0), 2_005_892);
    assert.deepEqual(convs.map((l) => l.bound), ['utilization', 'compute', 'compute', 'compute', 'compute']);
    for (const l of convs.slice(2)) assert.deepEqual(l.tile!.factors, { m: 64, n: 7, r: 13, c: 13 });
    // The example maps conv1 and conv3 as the paper does (@split(m=2)): the search returns (64, 7).
    assert.deepEqual(unrollSearchModel(a.models[0], target.lanes!.value)!.best, { unroll: { m: 64, n: 7 }, cycles: 2_005_892, lanes: 448 });
    assert.equal(a.models[0].layers.find((l) => l.name === 'conv1')?.split, 2);
    // 20.06 ms at 100 MHz; 2 x 665,784,864 MACs / 20.06 ms = 66.4 GFLOP/s.
    const seconds = 2_005_892 / 100e6;
    assert.equal(seconds.toFixed(4), '0.0201');
    assert.equal(((2 * 665_784_864) / seconds / 1e9).toFixed(1), '66.4');
  });

  it("under the default fusion 'epilogue' the ReLUs run in the convs' kernels: the same cycles, conv1 still bound by utilisation", () => {
    const fused = costModel(model(), ZHANG15, { fusion: 'epilogue' });
    const alone = costModel(model(), ZHANG15, { fusion: 'none' });
    const convs = fused.layers.filter((l) => l.op === 'conv2d');
    assert.deepEqual(convs.map((l) => l.cycles), [732_050, 510_300, 337_662, 255_528, 170_352]);
    // The ReLUs' cycles go: each epilogue overlaps its conv's compute.
    const reluCycles = alone.layers.filter((l) => l.op === 'relu' && fused.layers[l.index].fusedInto).reduce((s, l) => s + l.cycles!, 0);
    assert.ok(reluCycles > 0);
    assert.equal(fused.totals.cycles, alone.totals.cycles! - reluCycles);
    assert.deepEqual(convs.map((l) => l.bound), ['utilization', 'compute', 'compute', 'compute', 'compute']);
    for (const l of convs) assert.ok(l.fused && l.fused.length > 0, `${l.name} has its ReLU fused`);
    for (const l of fused.layers.filter((x) => x.op === 'relu')) assert.equal(l.time, 0, l.name);
    assert.ok(fused.totals.time < alone.totals.time);
    assert.equal(fused.totals.ops, alone.totals.ops);
  });
});
