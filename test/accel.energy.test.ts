// Energy per target (issue: accelerators at simulator depth): per-target tables at the chip's process
// node (Horowitz's 45 nm figures scaled by node / 45), buffer energy interpolated on capacity, energy
// charged per access at each level from the engine's counts, Eyeriss' own normalised table, and
// GOP/J per layer and model. Fusion policy 'none': each layer's energy is its own accesses' (under
// fusion a group's producer adds the group's traffic, server/src/core/cost/groupFigures.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { analyzeRoofline, type RooflineAnalysis } from '../server/src/core/roofline';
import { findTarget } from '../server/src/core/hardware/catalog';
import { horowitzSramPjPerByte, nodeScale } from '../server/src/core/hardware/catalog/common';
import { layerEnergy } from '../server/src/core/cost/energy';
import { layerCostSection } from '../server/src/ide/costCards';
import { formatJoules } from '../server/src/protocol/format';

const ALEXNET = fs.readFileSync(path.join(__dirname, '..', 'examples', 'alexnet.nnm'), 'utf8');

function on(target: string): RooflineAnalysis {
  return analyzeRoofline(ALEXNET, { target, fusion: 'none' });
}

describe('accelerators: energy per target', () => {
  it("AlexNet's joules differ between edge-tpu, tpu-v1 and h100-sxm, and each adds up by level", () => {
    const joules = ['edge-tpu', 'tpu-v1', 'h100-sxm'].map((t) => {
      const c = on(t).costs[0];
      const byLevel = c.totals.energyByLevel!;
      const sum = Object.values(byLevel).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - c.totals.energy!) <= 1e-12 * c.totals.energy!, t);
      assert.ok(byLevel.MAC > 0 && byLevel.buffer > 0, t);
      assert.ok(Math.abs(c.totals.opsPerJoule! - c.totals.ops / c.totals.energy!) < 1e-6 * c.totals.opsPerJoule!);
      return c.totals.energy!;
    });
    assert.equal(new Set(joules).size, 3, `${joules}`);
    // The H100 (4 nm) spends less on MACs than the TPU v1 (28 nm) for the same MACs at the same precision.
    const mac = (t: string) => on(t).costs[0].totals.energyByLevel!.MAC;
    assert.ok(Math.abs(mac('h100-sxm') / mac('tpu-v1') - 4 / 28) < 1e-9);
    // The TPU v1 is charged from its access counts: PE-to-PE hops exist only there.
    assert.ok(on('tpu-v1').costs[0].totals.energyByLevel!.array > 0);
    assert.equal(on('h100-sxm').costs[0].totals.energyByLevel!.array, undefined);
  });

  it('the hover explains a layer\'s energy by level', () => {
    for (const t of ['edge-tpu', 'tpu-v1', 'h100-sxm']) {
      const a = on(t);
      const model = a.models[0];
      const layer = model.layers.find((l) => l.op === 'conv2d')!;
      const c = a.costs[0].layers[layer.index];
      const md = layerCostSection(a, { model, layer });
      const row = md.split('\n').find((l) => l.startsWith('| energy by level |'));
      assert.ok(row, md);
      for (const [level, j] of Object.entries(c.energyByLevel!)) if (j > 0) assert.ok(row.includes(`${level} ${formatJoules(j)}`), `${t}: ${level} in ${row}`);
      assert.ok(md.includes(`| energy | ${formatJoules(c.energy!)} · `), md);
    }
  });

  it('buffer energy is interpolated on capacity through Horowitz\'s points', () => {
    // 10 pJ (8 KB), 20 pJ (32 KB), 100 pJ (1 MB) per 64-bit read, per byte / 8.
    assert.equal(horowitzSramPjPerByte(8 * 1024), 10 / 8);
    assert.equal(horowitzSramPjPerByte(32 * 1024), 20 / 8);
    assert.ok(Math.abs(horowitzSramPjPerByte(1024 * 1024) - 100 / 8) < 1e-12);
    // 16 KB: the geometric mean of 10 and 20 (log-log line); 4 MB: 100 x sqrt(4) = 200 pJ.
    assert.ok(Math.abs(horowitzSramPjPerByte(16 * 1024) - Math.sqrt(200) / 8) < 1e-12);
    assert.ok(Math.abs(horowitzSramPjPerByte(4 * 1024 * 1024) - 200 / 8) < 1e-12);
    // A catalog buffer takes the figure of its own size, scaled to the node: TPU v1, 28 MiB at 28 nm.
    const tpu = findTarget('tpu-v1')!;
    assert.ok(Math.abs(tpu.energy!.bytePj.buffer - horowitzSramPjPerByte(28 * 2 ** 20) * nodeScale(28)) < 1e-12);
    assert.equal(tpu.energy!.node, 28);
  });

  it('on-chip reuse saves energy: charged per access at each level', () => {
    const table = findTarget('tpu-v1')!.energy!;
    const base = { macs: 1000, precision: 'int8' as const, levels: [{ name: 'DDR3', traffic: 0 }], wordBytes: 1, offChip: 'DDR3' };
    const reuse = { sram: { ifmap: { reads: 1000, writes: 100 }, filter: { reads: 1000, writes: 100 }, ofmap: { reads: 10, writes: 10 } }, dram: { ifmap: { reads: 100, writes: 0 }, filter: { reads: 100, writes: 0 }, ofmap: { reads: 0, writes: 10 } } };
    const noReuse = { ...reuse, dram: { ifmap: { reads: 1000, writes: 0 }, filter: { reads: 1000, writes: 0 }, ofmap: { reads: 0, writes: 10 } } };
    const a = layerEnergy(table, { ...base, accesses: reuse });
    const b = layerEnergy(table, { ...base, accesses: noReuse });
    // DRAM: 210 words against 2,010, at 243.75 pJ a byte.
    assert.ok(Math.abs(a.byLevel.DDR3 - 210 * 243.75e-12) < 1e-18);
    assert.ok(Math.abs(b.byLevel.DDR3 - 2010 * 243.75e-12) < 1e-18);
    assert.ok(a.joules < b.joules);
    // RF once and two PE hops a MAC, at 1x and 2x the MAC energy (Eyeriss' ratios).
    const mac = table.macPj.int8!;
    assert.ok(Math.abs(a.byLevel.RF - 1000 * mac * 1e-12) < 1e-18);
    assert.ok(Math.abs(a.byLevel.array - 2 * 1000 * 2 * mac * 1e-12) < 1e-18);
  });

  it('the Eyeriss preset uses its own normalised table', () => {
    const t = findTarget('eyeriss')!;
    assert.deepEqual(t.energy!.relative!.perAccess, { MAC: 1, RF: 1, array: 2, buffer: 6, DRAM: 200 });
    const c = on('eyeriss').costs[0];
    const conv = c.layers.find((l) => l.op === 'conv2d' && l.accesses)!;
    const mac = t.energy!.macPj.int16! * 1e-12;
    // Every level is its multiple of the MAC energy per 16-bit word (the file is fp32: 4-byte words
    // of the layer, so words are counted at its precision).
    const dramWords = conv.accesses!.dram.ifmap.reads + conv.accesses!.dram.filter.reads + conv.accesses!.dram.ofmap.writes;
    assert.ok(Math.abs(conv.energyByLevel!.DRAM - dramWords * 200 * mac) < 1e-9 * conv.energyByLevel!.DRAM);
    assert.ok(Math.abs(conv.energyByLevel!.RF - conv.macs! * mac) < 1e-9 * conv.energyByLevel!.RF);
  });
});
