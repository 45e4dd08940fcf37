// Execution models (cost-model.md): sequential sum, layer-pipelined throughput and slack, and the
// critical path and slack of a graph with branches; and energy from per-access costs (Horowitz,
// ISSCC 2014 figures as a target would give them).
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { criticalPath, pipelined, sequentialTime } from '../server/src/core/cost/execution';
import { gopPerJoule, layerEnergy } from '../server/src/core/cost/energy';

describe('cost: execution models', () => {
  it('sequential: the sum of the layer times', () => {
    assert.equal(sequentialTime([1, 4, 2]), 7);
    assert.equal(sequentialTime([1, NaN, -3, Infinity, 2]), 3);
  });

  it('pipelined: one input every slowest stage; the others have slack', () => {
    // Stages 1, 4, 2 s: interval 4 s, 0.25 inputs/s; slack 4-1 = 3, 0, 4-2 = 2.
    const p = pipelined([1, 4, 2]);
    assert.deepEqual(p, { interval: 4, throughput: 0.25, slowest: 1, slack: [3, 0, 2] });
    assert.deepEqual(pipelined([]), { interval: 0, throughput: 0, slowest: -1, slack: [] });
  });

  it('a branching graph: the critical path, and zero gain off it', () => {
    //   0 stem (1 s) -> 1 long branch (5 s) -> 3 join (1 s)
    //                -> 2 short branch (2 s) ->
    // EF: 1, 6, 3, 7. Length 7 through 0, 1, 3. Branch 2 may grow by 6 - 3 = 3 s: optimising it saves 0 %.
    const cp = criticalPath([
      { time: 1, producers: [] },
      { time: 5, producers: [0] },
      { time: 2, producers: [0] },
      { time: 1, producers: [1, 2] },
    ]);
    assert.equal(cp.length, 7);
    assert.deepEqual(cp.path, [0, 1, 3]);
    assert.deepEqual(cp.earliestFinish, [1, 6, 3, 7]);
    assert.deepEqual(cp.slack, [0, 0, 3, 0]);
    assert.deepEqual(cp.critical, [true, true, false, true]);
  });

  it('two outputs: the shorter tail has slack to the model end', () => {
    // 0 (2 s) feeds 1 (3 s) and 2 (1 s), both outputs: length 5; layer 2 has 5 - 3 = 2 s of slack.
    const cp = criticalPath([{ time: 2, producers: [] }, { time: 3, producers: [0] }, { time: 1, producers: [0] }]);
    assert.equal(cp.length, 5);
    assert.deepEqual(cp.slack, [0, 0, 2]);
  });

  it('ignores malformed edges (forward, negative, repeated)', () => {
    const cp = criticalPath([{ time: 1, producers: [1, -1] }, { time: 2, producers: [0, 0, 7] }]);
    assert.equal(cp.length, 3);
    assert.deepEqual(cp.slack, [0, 0]);
  });
});

describe('cost: energy', () => {
  const table = { macPj: { fp32: 4.6, int8: 0.23 }, bytePj: { DRAM: 160, L2: 5, buffer: 2.5 }, source: 'Horowitz, ISSCC 2014 (45 nm): fp32 mult 3.7 + add 0.9 pJ; int8 0.2 + 0.03 pJ' };

  it('bytes x pJ/byte per level + MACs x pJ/MAC', () => {
    // DRAM 1,000 B x 160 pJ = 160,000 pJ; L2 4,000 B x 5 pJ = 20,000 pJ; buffer 1,000 B x 2.5 pJ = 2,500 pJ;
    // 1e6 fp32 MACs x 4.6 pJ = 4,600,000 pJ. Total 4,782,500 pJ = 4.7825e-6 J.
    const e = layerEnergy(table, { macs: 1e6, precision: 'fp32', levels: [{ name: 'DRAM', traffic: 1000 }, { name: 'L2', traffic: 4000 }], bufferBytes: 1000 });
    assert.ok(Math.abs(e.joules - 4.7825e-6) < 1e-18);
    assert.ok(Math.abs(e.macJoules - 4.6e-6) < 1e-18);
    assert.ok(Math.abs(e.byLevel.DRAM - 1.6e-7) < 1e-20);
    assert.deepEqual(e.missingLevels, []);
    // 2e6 ops / 4.7825e-6 J = 418.19 GOP/J.
    assert.equal(gopPerJoule(2e6, e.joules)!.toFixed(2), '418.19');
    assert.equal(gopPerJoule(2e6, 0), undefined);
  });

  it('names what it cannot charge, and falls back to the nearest MAC precision', () => {
    // HBM is not in the table: not charged, named. fp8 MACs take int8's 0.23 pJ (same width).
    const e = layerEnergy(table, { macs: 1000, precision: 'fp8', levels: [{ name: 'HBM', traffic: 10 }] });
    assert.deepEqual(e.missingLevels, ['HBM']);
    assert.equal(e.macPrecision, 'int8');
    assert.ok(Math.abs(e.joules - 230e-12) < 1e-24);
  });
});
