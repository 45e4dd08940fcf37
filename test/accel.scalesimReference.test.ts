// `roofline simulate` against the 13 SCALE-Sim v2 reference runs of test/fixtures/reference/scalesim/
// (USER bandwidth on os, ws and is, 32 x 32 to 128 x 128, one CALC; README.md there).
// - `--exact` (the replay of SCALE-Sim's buffers, cost/systolicReplay.ts): on every USER-mode layer,
//   DRAM words of each operand, stall cycles and total cycles equal SCALE-Sim's.
// - The closed form (cost/systolicMemory.ts, what larger layers get): total cycles within 5% where
//   SCALE-Sim's SRAM window slides forward only; elsewhere fewer DRAM words and cycles than SCALE-Sim,
//   which re-fetches whole sweeps (approximation `systolicResweep`), asserted as they are.
// - Both: compute cycles (total - stalls), SRAM words of every operand, Mapping Efficiency, Compute
//   Util, and the CALC run's total cycles.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { run } from '../server/src/cli/run';
import { targetFromScaleSimConfig } from '../server/src/core/hardware/scaleSimConfig';
import { analyzeDocumentRoofline } from '../server/src/core/roofline';
import { simulationReport, type SimulationReport } from '../server/src/core/cost/simulationReport';

const DIR = path.join(__dirname, 'fixtures', 'reference', 'scalesim');
const CASES = fs.readdirSync(DIR).filter((c) => fs.existsSync(path.join(DIR, c, 'COMPUTE_REPORT.csv')));

function report(c: string, file: string): Record<string, number>[] {
  const [head, ...rows] = fs.readFileSync(path.join(DIR, c, file), 'utf8').trim().split('\n');
  const names = head.split(',').map((x) => x.trim()).filter(Boolean);
  return rows.map((r) => Object.fromEntries(r.split(',').map((x) => x.trim()).filter(Boolean).map((x, i) => [names[i], Number(x)])));
}

function topologyOf(c: string): string {
  return path.join(DIR, c, fs.readdirSync(path.join(DIR, c)).find((f) => f.endsWith('.csv') && !f.includes('REPORT'))!);
}

function simulate(c: string): SimulationReport {
  let out = '';
  const status = run(['simulate', topologyOf(c), '--target', path.join(DIR, c, 'scale.cfg'), '--format', 'json', '--exact'], { out: (l) => (out += l + '\n'), err: () => undefined, write: (x) => (out += x) });
  assert.equal(status, 0, c);
  return JSON.parse(out) as SimulationReport;
}

/** The closed form on every layer (no replay). */
function closedForm(c: string): SimulationReport {
  const { target } = targetFromScaleSimConfig(fs.readFileSync(path.join(DIR, c, 'scale.cfg'), 'utf8'));
  const analysis = analyzeDocumentRoofline({ format: 'scalesim', text: fs.readFileSync(topologyOf(c), 'utf8') }, { fileName: path.basename(topologyOf(c)), target: target!, replayLimit: 0 });
  return simulationReport(analysis.costs[0], target!.systolic!.rows * target!.systolic!.cols);
}

/** Runs (case, layer) where SCALE-Sim's window slides forward only: closed-form total cycles within 5%. */
const FORWARD: [string, string][] = [
  ['alexnet_ws_128x128_user_sram512k_bw32', 'Conv1'],
  ['alexnet_ws_128x128_user_sram512k_bw32', 'Conv2'],
  ['alexnet_ws_128x128_tpulike_user_bw32', 'Conv1'],
  ['alexnet_ws_128x128_tpulike_user_bw32', 'Conv3'],
  ['alexnet_ws_128x128_tpulike_user_bw32', 'Conv4'],
  ['alexnet_ws_128x128_tpulike_user_bw32', 'Conv5'],
  ['gemm_ws_32x32_user_bw64', 'G1'],
  ['gemm_ws_32x32_user_bw64', 'G2'],
  ['gemm_ws_32x32_user_bw64', 'G3'],
];

describe('accelerators: the SCALE-Sim v2 reference runs', function () {
  this.timeout(120_000);
  it('has the 13 runs', () => assert.equal(CASES.length, 13, CASES.join(', ')));

  for (const c of CASES) {
    const calc = c.endsWith('_calc');
    it(`${c}: ${calc ? 'CALC cycles' : 'DRAM words per operand, stall and total cycles'} exactly as SCALE-Sim (--exact)`, () => {
      const sim = simulate(c);
      const compute = report(c, 'COMPUTE_REPORT.csv');
      const detail = report(c, 'DETAILED_ACCESS_REPORT.csv');
      assert.equal(sim.layers.length, compute.length);
      sim.layers.forEach((l, i) => {
        const r = compute[i];
        const d = detail[i];
        const at = `${c} ${l.name}`;
        assert.equal(l.computeCycles, r['Total Cycles'] - r['Stall Cycles'], at);
        assert.equal(l.cycles, r['Total Cycles'], at);
        assert.equal(l.stallCycles, r['Stall Cycles'], at);
        assert.equal(l.accesses!.sram.ifmap.reads, d['SRAM IFMAP Reads']);
        assert.equal(l.accesses!.sram.filter.reads, d['SRAM Filter Reads']);
        assert.equal(l.accesses!.sram.ofmap.writes, d['SRAM OFMAP Writes']);
        assert.ok(Math.abs(l.mappingEfficiency! * 100 - r['Mapping Efficiency %']) < 1e-9);
        assert.ok(Math.abs(l.computeUtilization! * 100 - r['Compute Util %']) < 1e-9, `${at}: compute util ${l.computeUtilization! * 100} vs ${r['Compute Util %']}`);
        if (calc) {
          assert.equal(l.replayed, false);
          // CALC's DRAM counts come from SCALE-Sim's estimating buffer: ofmap writes within 1%.
          assert.ok(Math.abs(l.accesses!.dram.ofmap.writes - d['DRAM OFMAP Writes']) <= 0.01 * d['DRAM OFMAP Writes'], at);
          return;
        }
        assert.equal(l.replayed, true, at);
        assert.deepEqual(
          [l.accesses!.dram.ifmap.reads, l.accesses!.dram.filter.reads, l.accesses!.dram.ofmap.writes],
          [d['DRAM IFMAP Reads'], d['DRAM Filter Reads'], d['DRAM OFMAP Writes']],
          at,
        );
        // SRAM writes are the words DRAM brings in; the ofmap SRAM is read for every word drained.
        assert.equal(l.accesses!.sram.ifmap.writes, d['DRAM IFMAP Reads']);
        assert.equal(l.accesses!.sram.ofmap.reads, d['DRAM OFMAP Writes']);
      });
    });
  }

  for (const c of CASES.filter((x) => !x.endsWith('_calc'))) {
    it(`${c}: the closed form, within its stated tolerance`, () => {
      const sim = closedForm(c);
      const compute = report(c, 'COMPUTE_REPORT.csv');
      const detail = report(c, 'DETAILED_ACCESS_REPORT.csv');
      sim.layers.forEach((l, i) => {
        const r = compute[i];
        const d = detail[i];
        const at = `${c} ${l.name}`;
        assert.equal(l.replayed, false, at);
        assert.equal(l.computeCycles, r['Total Cycles'] - r['Stall Cycles'], at);
        assert.equal(l.accesses!.sram.ifmap.reads, d['SRAM IFMAP Reads']);
        assert.ok(Math.abs(l.accesses!.dram.ofmap.writes - d['DRAM OFMAP Writes']) <= 0.01 * d['DRAM OFMAP Writes'], at);
        if (FORWARD.some(([fc, fl]) => fc === c && fl === l.name)) {
          assert.ok(Math.abs(l.cycles - r['Total Cycles']) <= 0.05 * r['Total Cycles'], `${at}: ${l.cycles} vs ${r['Total Cycles']}`);
          return;
        }
        // Approximation systolicResweep: SCALE-Sim re-fetches whole sweeps that the closed form does not
        // count, so it reads more and takes longer; except tpulike Conv2 (no stall in SCALE-Sim,
        // 12,259 in the closed form: +35%).
        if (c === 'alexnet_ws_128x128_tpulike_user_bw32' && l.name === 'Conv2') {
          assert.deepEqual([l.stallCycles, r['Stall Cycles']], [12_259, 0]);
          return;
        }
        const ours = l.accesses!.dram.ifmap.reads + l.accesses!.dram.filter.reads;
        assert.ok(ours <= d['DRAM IFMAP Reads'] + d['DRAM Filter Reads'] && l.cycles <= r['Total Cycles'] * 1.01, at);
      });
    });
  }
});
