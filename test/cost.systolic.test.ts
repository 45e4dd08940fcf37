// SCALE-Sim v2's committed golden (scalesim-project/scale-sim-v2, test/golden_trace/COMPUTE_REPORT.csv):
// AlexNet Conv1, 224 x 224 input, 11 x 11 x 3 filters, 96 of them, stride 4, on a 32 x 32 array,
// weight stationary: 112,283 cycles, Overall Util 91.68309650614964 %, Mapping Efficiency 94.53125 %,
// Compute Util 90.78000992063485 %. SCALE-Sim's conventions: no padding, output ceil((224 - 11 + 4) / 4)
// = 55, one-byte words.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { nestSystolic, scaleSimConv, systolicCycles } from '../server/src/core/cost/systolic';
import { convNest } from '../server/src/core/cost/nest';

describe('cost: systolic arrays (SCALE-Sim v2)', () => {
  const conv1 = scaleSimConv(224, 224, 11, 11, 3, 96, 4);

  it('builds the operand matrices with SCALE-Sim conventions', () => {
    // ofmap 55 x 55 = 3,025 pixels; window 11 x 11 x 3 = 363; 96 filters.
    assert.deepEqual(conv1, { ofmapPixels: 3025, window: 363, filters: 96 });
  });

  it('reproduces the committed golden (ws, 32 x 32)', () => {
    // rows carry the window: ceil(363/32) = 12 folds; columns the filters: ceil(96/32) = 3 -> 36 folds.
    // A fold: 2 x 32 + 32 + 3,025 - 2 = 3,119 cycles; 36 x 3,119 - 1 = 112,283.
    const r = systolicCycles(conv1, { rows: 32, cols: 32, dataflow: 'ws' });
    assert.equal(r.folds, 36);
    assert.equal(r.cyclesPerFold, 3119);
    assert.equal(r.cycles, 112_283);
    // Mapping efficiency: 363 x 96 / (36 x 1,024) = 34,848 / 36,864 = 94.53125 %.
    assert.equal(r.mappingEfficiency * 100, 94.53125);
    // Utilisation (SCALE-Sim "Overall Util"): 105,415,200 MACs / (112,283 x 1,024) = 91.683 %.
    assert.equal(r.macs, 105_415_200);
    assert.ok(Math.abs(r.utilization * 100 - 91.68309650614964) < 1e-11);
    assert.equal((r.utilization * 100).toFixed(3), '91.683');
    // SCALE-Sim "Compute Util": per fold used x 3,025 / (1,024 x (2x32 + 2x32 + 3,025 - 3)), averaged:
    // (33 x 1,024 + 3 x 352) x 3,025 / (1,024 x 3,150) / 36 = 90.78 %.
    assert.ok(Math.abs(r.computeUtilization! * 100 - 90.78000992063485) < 1e-11);
  });

  it('output and input stationary follow the table of cost-model.md', () => {
    // os: rows carry 3,025 pixels (95 folds), columns 96 filters (3): 285 folds of 32 + 32 + 363 - 2 = 425.
    const os = systolicCycles(conv1, { rows: 32, cols: 32, dataflow: 'os' });
    assert.deepEqual([os.folds, os.cyclesPerFold, os.cycles], [285, 425, 285 * 425 - 1]);
    // is: rows carry the window (12 folds), columns 3,025 pixels (95): 1,140 folds of 64 + 32 + 96 - 2 = 190.
    const is = systolicCycles(conv1, { rows: 32, cols: 32, dataflow: 'is' });
    assert.deepEqual([is.folds, is.cyclesPerFold, is.cycles], [1140, 190, 1140 * 190 - 1]);
    // is counts a fold's own cycles as ws does (2 x 32 + 2 x 32 + 96 - 3 = 221): folds of 32 x 32, 11 x 32,
    // 32 x 17 and 11 x 17 PEs used (12 row folds, the last of 11; 95 column folds, the last of 17).
    const used = 11 * 94 * 1024 + 94 * 11 * 32 + 11 * 32 * 17 + 11 * 17;
    assert.ok(Math.abs(is.computeUtilization! - (used * 96) / (1024 * 221) / 1140) < 1e-12);
  });

  it('runs every group and image of a nest separately', () => {
    const nest = convNest({ kind: 'conv', batch: 2, groups: 2, m: 48, n: 3, r: 55, c: 55, kh: 11, kw: 11, stride: 4 })!;
    const one = systolicCycles({ ofmapPixels: 3025, window: 363, filters: 48 }, { rows: 32, cols: 32, dataflow: 'ws' });
    const all = nestSystolic(nest, { rows: 32, cols: 32, dataflow: 'ws' });
    assert.equal(all.cycles, 4 * one.cycles);
    assert.equal(all.macs, 4 * one.macs);
    assert.ok(Math.abs(all.utilization - one.utilization) < 1e-15);
  });
});
