// The exact replay of SCALE-Sim's buffers (cost/systolicReplay.ts, systolicBuffers.ts): the layer it
// replays (SCALE-Sim's ifmap from a nest), when it applies (replayLimit), and its agreement with the
// closed form where nothing is re-fetched. Its figures against real SCALE-Sim runs:
// accel.scalesimReference.test.ts and accel.scalesimUser.test.ts.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { convNest, gemmNest } from '../server/src/core/cost/nest';
import { systolicCycles } from '../server/src/core/cost/systolic';
import { systolicMemory, type ArrayMemory } from '../server/src/core/cost/systolicMemory';
import { nestGeometry, replayScaleSim, replayWork } from '../server/src/core/cost/systolicReplay';

describe('cost: the replay of SCALE-Sim\'s buffers', () => {
  it('takes SCALE-Sim\'s ifmap from the nest: its own overhang, a padded input, a GEMM', () => {
    // AlexNet Conv1 as SCALE-Sim runs it: 224 x 224, 11 x 11, stride 4 -> 55 x 55 (overhang of 3).
    const conv1 = convNest({ kind: 'conv', batch: 1, groups: 1, m: 96, n: 3, r: 55, c: 55, kh: 11, kw: 11, stride: 4, h: 224, w: 224 })!;
    assert.deepEqual(nestGeometry(conv1), { ifmapH: 224, ifmapW: 224, filterH: 11, filterW: 11, channels: 3, stride: 4, filters: 96 });
    // A 3 x 3 conv with one pixel of padding reads its padded 58 x 58 input.
    const padded = convNest({ kind: 'conv', batch: 1, groups: 1, m: 64, n: 64, r: 56, c: 56, kh: 3, kw: 3, stride: 1, h: 56, w: 56 })!;
    assert.equal(nestGeometry(padded).ifmapH, 58);
    // Without the input size: the rows the windows read.
    assert.equal(nestGeometry({ ...padded, ih: undefined, iw: undefined }).ifmapW, 58);
    // GEMM M x K by K x N: M pixels of a 1 x 1 kernel over K channels.
    assert.deepEqual(nestGeometry(gemmNest({ kind: 'gemm', batch: 1, m: 128, k: 512, n: 64, weightRhs: true })!), { ifmapH: 128, ifmapW: 1, filterH: 1, filterW: 1, channels: 512, stride: 1, filters: 64 });
  });

  const g = { ifmapH: 12, ifmapW: 12, filterH: 3, filterW: 3, channels: 16, stride: 1, filters: 32 };
  const layer = { ofmapPixels: 100, window: 144, filters: 32 };
  const mem = (kB: number, limit?: number): ArrayMemory => ({ sram: { ifmap: kB * 1024, filter: kB * 1024, ofmap: kB * 1024 }, bandwidth: 4, sharing: 'ports', mode: 'user', ...(limit !== undefined ? { replayLimit: limit } : {}) });

  it('replays a layer within the limit, and gives the closed form beyond it', () => {
    const s = systolicCycles(layer, { rows: 8, cols: 8, dataflow: 'ws' });
    const work = replayWork('ws', g, 8, 8);
    const replayed = systolicMemory('ws', layer, s.mapping, 8, 8, s.cycles, mem(1), g);
    assert.equal(replayed.replayed, true);
    assert.ok(work <= 500_000);
    const closed = systolicMemory('ws', layer, s.mapping, 8, 8, s.cycles, mem(1, work - 1), g);
    assert.equal(closed.replayed, false);
    assert.equal(systolicMemory('ws', layer, s.mapping, 8, 8, s.cycles, mem(1, work), g).replayed, true);
    // SCALE-Sim's figures for this layer (user_ws L2 of the committed runs), and the closed form's.
    assert.deepEqual([replayed.accesses.dram.ifmap.reads, replayed.cycles, replayed.stallCycles], [399_872, 100_641, 91_858]);
    assert.deepEqual([closed.accesses.dram.ifmap.reads, closed.cycles], [57_856, 14_488]);
    assert.equal(closed.resweeps, true);
    // Same SRAM words either way.
    assert.deepEqual(replayed.accesses.sram.ifmap.reads, closed.accesses.sram.ifmap.reads);
    // Shared bandwidth (a catalog target) is always the closed form.
    assert.equal(systolicMemory('ws', layer, s.mapping, 8, 8, s.cycles, { ...mem(1), sharing: 'shared' }, g).replayed, false);
  });

  for (const df of ['os', 'ws', 'is'] as const) {
    it(`${df}: when every operand fits its SRAM, one fetch each, every output drained once and no stall, as the closed form says`, () => {
      const s = systolicCycles(layer, { rows: 8, cols: 8, dataflow: df });
      const r = replayScaleSim(df, g, 8, 8, { ifmap: 1 << 20, filter: 1 << 20, ofmap: 1 << 20 }, 4);
      assert.equal(r.stallCycles, 0);
      assert.equal(r.lines, s.cycles + 1);
      const closed = systolicMemory(df, layer, s.mapping, 8, 8, s.cycles, mem(1024, 0), g);
      // Every valid ofmap word written is drained once (after the last cycle when it fits).
      assert.deepEqual(r.dram, { ifmap: closed.accesses.dram.ifmap.reads, filter: closed.accesses.dram.filter.reads, ofmap: closed.accesses.dram.ofmap.writes });
    });
  }
});
