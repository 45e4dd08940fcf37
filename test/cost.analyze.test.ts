// The cost façade `costModel`: per-layer figures, statuses, tiles from the file and the search,
// traffic models, precision fallback, memory levels, systolic and energy targets, execution models,
// and robustness. Targets are built here (the catalog is another file's business).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { analyzeText } from '../server/src/core/analyze';
import type { Target } from '../server/src/core/hardware/types';
import { APPROXIMATIONS, costModel, type CostedModel } from '../server/src/core/cost/analyzeCost';
import { convNest } from '../server/src/core/cost/nest';
import { nestTraffic } from '../server/src/core/cost/traffic';
import type { ConvDims } from '../server/src/core/ops/types';
import { ALEXNET_ZHANG15, ZHANG15 } from './helpers/costFixtures';

const BRANCHY = `use precision fp32
model branchy {
  input x: [1, 16, 32, 32]
  a = conv2d(x, 64, kernel=3, pad=1)
  b = conv2d(a, 64, kernel=3, pad=1)
  skip = conv2d(x, 64, kernel=1)
  y = add(b, skip) @fuse
  bad = conv2d(y, 64, kernel=3, groups=5)
  worse = relu(bad)
  output z = relu(y)
}
model mlp {
  input t: [8, 512]
  h = linear(t, 256) @tile(m=8, n=64, k=128)
  g = relu(linear(h, 128)) @tile(m=4, n=32, k=32, r=9)
  output o = softmax(g)
}
`;

/** A GPU-like target: two memory levels, no unroll, an energy table. Figures are round, not a product's. */
const GPU: Target = {
  name: 'test-gpu',
  title: 'Test GPU',
  kind: 'gpu',
  clock: { value: 1.4e9, source: 'test' },
  peak: { fp16: { value: 300e12, source: 'test' }, int8: { value: 600e12, source: 'test' } },
  defaultPrecision: 'fp16',
  memory: [
    { name: 'HBM', bandwidth: { value: 2e12, source: 'test' }, offChip: true },
    { name: 'L2', bandwidth: { value: 6e12, source: 'test' }, capacity: { value: 40e6, source: 'test' }, offChip: false },
  ],
  buffer: { value: 8 * 2 ** 20, source: 'test' },
  energy: { macPj: { fp16: 1.5, int8: 0.23 }, bytePj: { HBM: 60, L2: 5, buffer: 1 }, source: 'test' },
  execution: 'sequential',
};

/** A TPU-v1-like systolic array: 256 x 256 weight stationary at 700 MHz, int8. */
const SYSTOLIC: Target = {
  name: 'test-systolic',
  title: 'Test systolic array',
  kind: 'tpu',
  clock: { value: 700e6, source: 'test' },
  peak: { int8: { value: 2 * 256 * 256 * 700e6, source: 'derived' } },
  defaultPrecision: 'int8',
  memory: [{ name: 'DDR3', bandwidth: { value: 34e9, source: 'test' }, offChip: true }],
  buffer: { value: 28 * 2 ** 20, source: 'test' },
  systolic: { rows: 256, cols: 256, dataflow: 'ws', source: 'test' },
  execution: 'sequential',
};

function models(text: string) {
  return analyzeText(text).models;
}

const SENTENCES = new Set<string>(Object.values(APPROXIMATIONS));

/** No NaN or Infinity anywhere, and every approximation from the catalogue. */
function checkPlain(c: CostedModel): void {
  const json = JSON.stringify(c, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`non-finite number in the costed model`);
    return v;
  });
  assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(c)));
  for (const l of c.layers) for (const a of l.approximations) assert.ok(SENTENCES.has(a), a);
}

describe('cost: costModel', () => {
  it('leaves uncounted layers without figures, with a status, and marks the totals incomplete', () => {
    const c = costModel(models(BRANCHY)[0], ZHANG15);
    checkPlain(c);
    const bad = c.layers.filter((l) => l.status !== 'ok');
    assert.deepEqual(bad.map((l) => [l.name, l.status]), [['bad', 'uncounted'], ['worse', 'uncounted']]);
    for (const l of bad) {
      assert.match(l.message!, /Not counted/);
      assert.equal(l.time, undefined);
      assert.equal(l.traffic, undefined);
      assert.equal(l.ctc, undefined);
      assert.equal(l.share, undefined);
      assert.equal(l.slack, undefined);
    }
    assert.equal(c.totals.complete, false);
    assert.equal(c.totals.missing, 2);
    const counted = c.layers.filter((l) => l.status === 'ok');
    assert.equal(c.totals.time, counted.reduce((s, l) => s + l.time!, 0));
    assert.ok(Math.abs(counted.reduce((s, l) => s + l.share!, 0) - 1) < 1e-12);
  });

  it('non-conv layers move their compulsory bytes and run at peak', () => {
    const c = costModel(models(BRANCHY)[1], ZHANG15);
    const o = c.layers.find((l) => l.name === 'o')!;
    // softmax of [8, 128] fp32 (not fused under the default policy): in and out, 2 x 4,096 bytes.
    assert.deepEqual(o.traffic, { compulsory: 8192, tiled: undefined, used: 8192, model: 'compulsory' });
    assert.equal(o.computeRoof, 89.6e9);
    assert.equal(o.utilization, undefined);
    // On an engine with a clock every layer takes whole cycles: time = cycles / clock (100 MHz).
    assert.equal(o.cycles, Math.ceil((8192 / 4.5e9) * 100e6));
    assert.equal(o.time, o.cycles! / 100e6);
    assert.ok(o.approximations.includes(APPROXIMATIONS.wholeCycles));
    assert.ok(o.approximations.includes(APPROXIMATIONS.elementwisePeak));
    assert.equal(o.tile, undefined);
  });

  it('@fuse: a layer runs in its producer\'s kernel, which reads the other operand once', () => {
    const m = models(BRANCHY)[0];
    const c = costModel(m, ZHANG15);
    const withNone = costModel(m, ZHANG15, { fusion: 'none' });
    const alone = costModel(models(BRANCHY.replace('add(b, skip) @fuse', 'add(b, skip)'))[0], ZHANG15, { fusion: 'none' });
    const by = (cm: CostedModel, n: string) => cm.layers.find((l) => l.name === n)!;
    const y = by(c, 'y');
    assert.equal(y.fusedInto, 'b');
    assert.equal(y.fusionRole, 'residual');
    assert.equal(y.time, 0);
    assert.equal(y.share, 0);
    assert.equal(y.traffic, undefined);
    const b = by(c, 'b');
    assert.deepEqual(b.fused, ['y']);
    assert.equal(b.fusionKind, 'epilogue');
    // @fuse holds under 'none' too.
    assert.equal(by(withNone, 'y').fusedInto, 'b');
    assert.equal(by(withNone, 'b').traffic!.used, b.traffic!.used);
    // b's output, read by y alone, stays on chip; the group reads skip (65,536 fp32 words) and writes
    // y (which bad and z read), 262,144 bytes each.
    const b0 = by(alone, 'b');
    assert.equal(by(alone, 'y').fusedInto, undefined);
    const nest = convNest(m.layers[b.index].dims as ConvDims)!;
    const tile = b0.tile!.factors;
    const stores = nestTraffic(nest, { m: tile.m, n: tile.n, r: tile.r, c: tile.c }).outputWords * 4;
    assert.equal(stores, 262_144, 'the tile divides the output: each output word is stored once');
    assert.equal(b.ops, m.layers[b.index].ops + m.layers[y.index].ops);
    assert.equal(b.traffic!.used, b0.traffic!.used - stores + 262_144 + 262_144);
    assert.equal(b.traffic!.compulsory, b0.traffic!.compulsory - 262_144 + 262_144 + 262_144);
    assert.ok(b.time! < b0.time! + by(alone, 'y').time!, 'one kernel takes less than the two alone');
    assert.ok(b.approximations.includes(APPROXIMATIONS.fusedGroup));
    assert.equal(c.totals.ops, c.layers.filter((l) => l.status === 'ok' && !l.fusedInto).reduce((s, l) => s + l.ops!, 0));
    assert.equal(c.totals.ops, m.layers.filter((l) => l.counted).reduce((s, l) => s + l.ops, 0), 'every counted op is in the totals once');
  });

  it('non-conv layers alone: memory-bound on DRAM', () => {
    const c = costModel(models(BRANCHY)[0], ZHANG15);
    // z = relu(y): input and output, 2 x 262,144 bytes; memory-bound at 4.5 GB/s (CTC 65,536 / 524,288).
    const z = c.layers.find((l) => l.name === 'z')!;
    assert.equal(z.traffic!.used, 524_288);
    assert.equal(z.bound, 'DRAM');
    assert.equal(z.ctc, 0.125);
    assert.equal(z.time, Math.ceil((524_288 / 4.5e9) * 100e6) / 100e6);
  });

  it('uses a file tile as given, clipped, from the statement\'s outer layer, and flags an overflow', () => {
    const mlp = models(BRANCHY)[1];
    const small: Target = { ...ZHANG15, buffer: { value: 40_000, source: 'test' } };
    const c = costModel(mlp, small);
    checkPlain(c);
    const h = c.layers.find((l) => l.name === 'h')!;
    // h = linear 8 x 512 by 512 x 256, tile m=8 rows, n=64 columns, k=128 inner (fp32).
    // Buffer: 2 x (8 x 128 + 128 x 64 + 8 x 64) x 4 = 2 x 9,728 x 4 = 77,824 bytes > 40,000.
    assert.equal(h.tile!.source, 'file');
    assert.deepEqual(h.tile!.factors, { m: 8, n: 64, k: 128 });
    assert.equal(h.tile!.fits, false);
    assert.deepEqual(h.buffer, { need: 77_824, capacity: 40_000 });
    assert.notEqual(h.bound, 'buffer');
    // The file's n and k differ from the (64, 7) unroll: cycles use the unroll.
    assert.ok(h.approximations.includes(APPROXIMATIONS.fileTileUnroll));
    assert.equal(h.computeCycles, Math.ceil(256 / 64) * Math.ceil(512 / 7) * 8);
    // Its 599,040 bytes at 4.5 GB/s and 100 MHz (45 bytes a cycle) take 13,312 cycles: the rest stalls.
    assert.equal(h.cycles, Math.ceil(599_040 / 45));
    assert.equal(h.stallCycles, h.cycles! - h.computeCycles!);
    assert.equal(h.time, h.cycles! / 100e6);
    // Traffic: trips = 1 x 4 x 4 = 16 of (8 x 128 + 128 x 64) words; 4 stores of 8 x 64; + 256 bias.
    // (16 x 9,216 + 4 x 512) x 4 + 1,024 = 589,824 + 8,192 + 1,024 = 599,040 bytes.
    assert.equal(h.traffic!.tiled, 599_040);
    assert.ok(h.approximations.includes(APPROXIMATIONS.biasOnce));
    assert.ok(h.approximations.includes(APPROXIMATIONS.gemmAsConv));
    // g's tile sits on the relu (the statement's outer layer) and applies to its linear; r is ignored.
    const gl = c.layers.find((l) => l.name === 'g.linear')!;
    assert.deepEqual(gl.tile!.factors, { m: 4, n: 32, k: 32 });
    assert.equal(gl.tile!.source, 'file');
    assert.ok(gl.notes.some((n) => /r .*ignored/.test(n)), gl.notes.join(' | '));
    assert.equal(c.layers.find((l) => l.name === 'g')!.tile, undefined);
  });

  it('fills the factors a file tile leaves out by the search', () => {
    const text = ALEXNET_ZHANG15.replace('@tile(m=64, n=7, r=55, c=55)', '@tile(r=11)');
    const c = costModel(models(text)[0], ZHANG15);
    const conv1 = c.layers[0];
    assert.equal(conv1.tile!.source, 'file');
    assert.equal(conv1.tile!.factors.r, 11);
    assert.deepEqual([conv1.tile!.factors.m, conv1.tile!.factors.n], [64, 3]);
    assert.ok(conv1.approximations.includes(APPROXIMATIONS.fileTileFilled));
  });

  it('reports a layer whose smallest tile cannot fit as bound by the buffer', () => {
    const tiny: Target = { ...ZHANG15, buffer: { value: 1000, source: 'test' } };
    const c = costModel(models(ALEXNET_ZHANG15)[0], tiny);
    const conv2 = c.layers.find((l) => l.name === 'conv2.conv2d')!;
    // Smallest tile at (64, 7): 2 x (7 x 5 x 5 + 64 x 7 x 25 + 64) x 4 = 91,512 bytes > 1,000.
    assert.equal(conv2.bound, 'buffer');
    assert.equal(conv2.tile!.fits, false);
    assert.deepEqual(conv2.tile!.factors, { m: 64, n: 7, r: 1, c: 1 });
    assert.equal(conv2.buffer!.need, 91_512);
  });

  it('search off, or no buffer capacity: compulsory traffic, said so', () => {
    const m = models(ALEXNET_ZHANG15)[0];
    const off = costModel(m, ZHANG15, { search: false }).layers.find((l) => l.name === 'conv3.conv2d')!;
    assert.deepEqual(off.tile, { factors: {}, source: 'none' });
    assert.equal(off.traffic!.model, 'compulsory');
    assert.ok(off.approximations.includes(APPROXIMATIONS.noTile));
    const { buffer: _drop, ...unbounded } = ZHANG15;
    const nb = costModel(m, unbounded).layers.find((l) => l.name === 'conv3.conv2d')!;
    assert.ok(nb.approximations.includes(APPROXIMATIONS.noBufferCapacity));
    assert.equal(nb.traffic!.used, nb.traffic!.compulsory);
  });

  it('traffic: compulsory uses the compulsory bytes off chip, keeps the tile for the buffer', () => {
    const m = models(ALEXNET_ZHANG15)[0];
    const tiled = costModel(m, ZHANG15).layers.find((l) => l.name === 'conv3.conv2d')!;
    const comp = costModel(m, ZHANG15, { traffic: 'compulsory' }).layers.find((l) => l.name === 'conv3.conv2d')!;
    assert.equal(tiled.traffic!.used, tiled.traffic!.tiled);
    assert.equal(comp.traffic!.used, comp.traffic!.compulsory);
    assert.equal(comp.traffic!.tiled, tiled.traffic!.tiled);
    assert.ok(comp.traffic!.compulsory < tiled.traffic!.tiled!);
    assert.ok(comp.ctc! > tiled.ctc!);
    assert.ok(comp.approximations.includes(APPROXIMATIONS.compulsoryChosen));
  });

  it('falls back to the nearest precision\'s peak, and rescales bytes for an analysis precision', () => {
    const m = models(ALEXNET_ZHANG15)[0];
    // The GPU lists fp16 and int8, the file is fp32: fp16's peak, named.
    const c = costModel(m, GPU);
    checkPlain(c);
    const conv3 = c.layers.find((l) => l.name === 'conv3.conv2d')!;
    assert.deepEqual([conv3.precision, conv3.peakPrecision, conv3.peak], ['fp32', 'fp16', 300e12]);
    assert.ok(conv3.approximations.includes(APPROXIMATIONS.precisionFallback));
    // At int8 (the analysis' choice): int8 peak, a quarter of the fp32 bytes.
    const i8 = costModel(m, GPU, { precision: 'int8' }).layers.find((l) => l.name === 'conv3.conv2d')!;
    assert.deepEqual([i8.precision, i8.peakPrecision, i8.peak], ['int8', 'int8', 600e12]);
    assert.equal(i8.traffic!.compulsory, conv3.traffic!.compulsory / 4);
    assert.ok(i8.approximations.includes(APPROXIMATIONS.precisionOverride));
  });

  it('gives a roof per memory level, and energy from the target\'s table', () => {
    const c = costModel(models(ALEXNET_ZHANG15)[0], GPU);
    const conv2 = c.layers.find((l) => l.name === 'conv2.conv2d')!;
    assert.deepEqual(conv2.roofs!.map((r) => [r.name, r.offChip, r.bandwidth]), [['HBM', true, 2e12], ['L2', false, 6e12]]);
    assert.equal(conv2.roofs![0].traffic, conv2.traffic!.used);
    assert.equal(conv2.roofs![1].traffic, conv2.traffic!.tiled);
    assert.ok(conv2.approximations.includes(APPROXIMATIONS.onChipTileLoads));
    // Energy = used x (60 + 1 buffer) + tiled x 5 (L2) pJ + MACs x 1.5 pJ (fp16, the nearest to fp32).
    const e = (conv2.traffic!.used * 61 + conv2.traffic!.tiled! * 5 + conv2.macs! * 1.5) * 1e-12;
    assert.ok(Math.abs(conv2.energy! - e) < 1e-15, `${conv2.energy} vs ${e}`);
    assert.ok(conv2.approximations.includes(APPROXIMATIONS.energyPrecision));
    const sum = c.layers.reduce((s, l) => s + (l.energy ?? 0), 0);
    assert.ok(Math.abs(c.totals.energy! - sum) < 1e-15);
    assert.ok(Math.abs(c.totals.efficiency! - c.totals.ops / sum / 1e9) < 1e-6);
    assert.deepEqual(c.totals.ridge.map((r) => [r.precision, r.level, r.ridge]), [['fp16', 'HBM', 150], ['fp16', 'L2', 50], ['int8', 'HBM', 300], ['int8', 'L2', 100]]);
    // No table: no energy, said once for the model.
    const z = costModel(models(ALEXNET_ZHANG15)[0], ZHANG15);
    assert.equal(z.totals.energy, undefined);
    assert.ok(z.layers.every((l) => l.energy === undefined));
    assert.ok(z.notes.some((n) => /no energy table/.test(n)));
  });

  it('costs conv layers on a systolic array with SCALE-Sim cycles', () => {
    const c = costModel(models(ALEXNET_ZHANG15)[0], SYSTOLIC);
    checkPlain(c);
    const conv1 = c.layers[0];
    // conv1 as one SCALE-Sim run: window 363 (2 row folds), 96 filters (1 column fold), 3,025 pixels:
    // 2 x (2 x 256 + 256 + 3,025 - 2) - 1 = 7,581 compute cycles.
    assert.equal(conv1.computeCycles, 7581);
    assert.equal(conv1.cycles, conv1.computeCycles! + conv1.stallCycles!);
    assert.equal(conv1.systolic!.folds, 2);
    assert.ok(Math.abs(conv1.utilization! - 105_415_200 / (7581 * 65536)) < 1e-12);
    assert.equal(conv1.peakPrecision, 'int8');
    // 21 % of the array busy would cap it at 19.5 TOP/s, but 34 GB/s of DDR3 caps it lower (as on TPU v1).
    assert.equal(conv1.bound, 'DDR3');
  });

  it('sequential: every layer adds its time; dataflow: a branch off the critical path saves nothing', () => {
    const m = models(BRANCHY)[0];
    const seq = costModel(m, ZHANG15);
    assert.ok(seq.layers.filter((l) => l.status === 'ok' && !l.fusedInto).every((l) => l.slack === 0 && l.critical));
    const df = costModel(m, ZHANG15, { execution: 'dataflow' });
    checkPlain(df);
    const by = (n: string) => df.layers.find((l) => l.name === n)!;
    // a -> b is the long branch, skip (a 1 x 1 conv) the short one: it has slack, its speed-up gains 0 %.
    assert.equal(by('a').critical, true);
    assert.equal(by('b').critical, true);
    assert.equal(by('skip').critical, false);
    assert.ok(Math.abs(by('skip').slack! - (by('a').time! + by('b').time! - by('skip').time!)) < 1e-15);
    assert.deepEqual(df.totals.criticalPath?.layers.map((i) => df.layers[i].name), ['a', 'b', 'y', 'z']);
    assert.equal(df.totals.criticalPath?.time, df.totals.time);
    // A sequential run's time is the sum of its layers': it has no critical path to give.
    assert.equal(seq.totals.criticalPath, undefined);
    assert.ok(Math.abs(df.totals.time - (by('a').time! + by('b').time! + by('y').time! + by('z').time!)) < 1e-15);
    assert.ok(df.totals.time < seq.totals.time);
  });

  it('pipelined: throughput from the slowest stage, slack for the rest', () => {
    const c = costModel(models(ALEXNET_ZHANG15)[0], { ...ZHANG15, execution: 'pipelined' });
    const times = c.layers.map((l) => l.time!);
    const slowest = Math.max(...times);
    assert.equal(c.totals.interval, slowest);
    assert.equal(c.totals.throughput, 1 / slowest);
    for (const l of c.layers) {
      assert.equal(l.slack, slowest - l.time!);
      assert.equal(l.critical, l.time === slowest);
    }
    assert.equal(c.layers.find((l) => l.critical)!.name, 'conv1.conv2d');
  });

  it('costs all of ResNet-50 on every kind of target, serialisable and complete', () => {
    const m = models(fs.readFileSync(path.join(__dirname, '..', 'examples', 'resnet50.nnm'), 'utf8'))[0];
    for (const t of [ZHANG15, GPU, SYSTOLIC]) {
      const c = costModel(m, t);
      checkPlain(c);
      assert.equal(c.totals.complete, true);
      assert.equal(c.layers.length, m.layers.length);
      assert.equal(c.totals.macs, m.totals.macs);
      assert.ok(c.totals.time > 0 && c.totals.throughput === 1 / c.totals.time);
      assert.ok(Math.abs(Object.values(c.totals.shares).reduce((a, b) => a + b, 0) - 1) < 1e-9);
      for (const l of c.layers.filter((x) => x.op === 'conv2d' || x.op === 'linear')) {
        if (t === SYSTOLIC) {
          // The array's dataflow and SRAMs set the DRAM words: no tile; the accesses say them.
          assert.equal(l.tile!.source, 'none', `${t.name} ${l.name}`);
          assert.ok(l.accesses!.dram.ifmap.reads > 0 && l.cycles! >= l.computeCycles!);
          continue;
        }
        assert.equal(l.tile!.source, 'search', `${t.name} ${l.name}`);
        assert.equal(l.tile!.fits, true, `${t.name} ${l.name}`);
        assert.ok(l.buffer!.need <= l.buffer!.capacity!);
      }
    }
  });

  it('never throws: a target without memory, peaks or sane numbers gives statuses', () => {
    const m = models(ALEXNET_ZHANG15)[0];
    const broken = { name: 'broken', title: 'Broken', kind: 'fpga', peak: {}, defaultPrecision: 'fp32', memory: [], execution: 'sequential' } as Target;
    const c = costModel(m, broken);
    checkPlain(c);
    assert.ok(c.layers.every((l) => l.status === 'no-peak'));
    assert.equal(c.totals.complete, false);
    const odd: Target = { ...ZHANG15, memory: [{ name: 'DRAM', bandwidth: { value: NaN, source: '' }, offChip: true }], buffer: { value: -1, source: '' }, clock: { value: 0, source: '' } };
    const d = costModel(m, odd);
    checkPlain(d);
    assert.ok(d.layers.every((l) => l.status === 'ok'));
    assert.ok(d.notes.some((n) => /no memory level/.test(n)));
    // A hostile model (a nonsense loop nest) does not break it either.
    const hostile = { ...m, layers: m.layers.map((l) => (l.dims?.kind === 'conv' ? { ...l, dims: { ...l.dims, r: -3, stride: NaN } } : l)) };
    checkPlain(costModel(hostile, ZHANG15));
  });
});
