// `roofline simulate` against real SCALE-Sim v2 runs in USER bandwidth mode (committed under
// test/fixtures/reference/scalesim/user-bandwidth/, README.md there says how they were run), with
// SCALE-Sim's own .cfg as the target and no option: these layers are small enough for the exact
// replay of SCALE-Sim's buffers by default (cost/systolicReplay.ts).
//
// Stated tolerance: none. On all six runs (os, ws, is; 8 x 8 with 1 kB SRAMs and 4 words a cycle,
// 16 x 16 with 8/8/4 kB and 8 words a cycle): total cycles, stall cycles, compute cycles, SRAM words
// and DRAM words of every operand equal SCALE-Sim's, including the runs where SCALE-Sim re-fetches
// whole sweeps (1 kB SRAMs, the is dataflow).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { run } from '../server/src/cli/run';
import type { SimulationReport } from '../server/src/core/cost/simulationReport';

const DIR = path.join(__dirname, 'fixtures', 'reference', 'scalesim', 'user-bandwidth');

function simulate(run_: string, format = 'json'): { status: number; out: string } {
  let out = '';
  const status = run(['simulate', path.join(DIR, 'topology.csv'), '--target', path.join(DIR, run_, 'scale.cfg'), '--format', format], { out: (l) => (out += l + '\n'), err: () => undefined, write: (c) => (out += c) });
  return { status, out };
}

/** SCALE-Sim's report rows: numbers by column name. */
function report(run_: string, file: string): Record<string, number>[] {
  const [head, ...rows] = fs.readFileSync(path.join(DIR, run_, file), 'utf8').trim().split('\n');
  const names = head.split(',').map((c) => c.trim()).filter(Boolean);
  return rows.map((r) => Object.fromEntries(r.split(',').map((c) => c.trim()).filter(Boolean).map((c, i) => [names[i], Number(c)])));
}

function ours(run_: string): SimulationReport {
  const r = simulate(run_);
  assert.equal(r.status, 0);
  return JSON.parse(r.out) as SimulationReport;
}

describe('accelerators: SCALE-Sim USER bandwidth runs', () => {
  for (const name of ['userB_ws', 'userB_os', 'userB_is', 'user_ws', 'user_os', 'user_is']) {
    it(`${name}: cycles, stalls and words exactly as SCALE-Sim`, () => {
      const sim = ours(name);
      const compute = report(name, 'COMPUTE_REPORT.csv');
      const detail = report(name, 'DETAILED_ACCESS_REPORT.csv');
      assert.equal(sim.layers.length, 3);
      sim.layers.forEach((l, i) => {
        const c = compute[i];
        const d = detail[i];
        const at = `${name} ${l.name}`;
        assert.equal(l.replayed, true, at);
        assert.equal(l.cycles, c['Total Cycles'], at);
        assert.equal(l.stallCycles, c['Stall Cycles'], at);
        assert.equal(l.computeCycles, c['Total Cycles'] - c['Stall Cycles'], at);
        assert.equal(l.accesses!.sram.ifmap.reads, d['SRAM IFMAP Reads']);
        assert.equal(l.accesses!.sram.filter.reads, d['SRAM Filter Reads']);
        assert.equal(l.accesses!.sram.ofmap.writes, d['SRAM OFMAP Writes']);
        assert.equal(l.accesses!.dram.ifmap.reads, d['DRAM IFMAP Reads'], at);
        assert.equal(l.accesses!.dram.filter.reads, d['DRAM Filter Reads'], at);
        assert.equal(l.accesses!.dram.ofmap.writes, d['DRAM OFMAP Writes'], at);
        assert.ok(Math.abs(l.mappingEfficiency! * 100 - c['Mapping Efficiency %']) < 1e-9);
        assert.ok(Math.abs(l.computeUtilization! * 100 - c['Compute Util %']) < 1e-9);
      });
    });
  }

  it('where SCALE-Sim re-fetches whole sweeps, the replay reads what it reads', () => {
    // user_ws L2: 399,872 ifmap words from DRAM (6.9 passes over its 57,600-word demand), and
    // 100,641 cycles of which 91,858 stalls; userB_is L1: the stationary ifmap fetched 3.5 times.
    const ws = ours('user_ws').layers[1];
    assert.deepEqual([ws.accesses!.dram.ifmap.reads, ws.cycles, ws.stallCycles], [399_872, 100_641, 91_858]);
    assert.equal(ours('userB_is').layers[0].accesses!.dram.ifmap.reads, 57_344);
  });

  it('the CSV has SCALE-Sim\'s column names, in its layout', () => {
    const csv = simulate('userB_ws', 'csv').out.trim().split('\n');
    const scaleSim = fs.readFileSync(path.join(DIR, 'userB_ws', 'COMPUTE_REPORT.csv'), 'utf8').split('\n')[0].trim();
    assert.ok(csv[0].startsWith(scaleSim.replace(/,$/, '')), csv[0]);
    for (const c of ['SRAM IFMAP Reads', 'SRAM Filter Reads', 'SRAM OFMAP Writes', 'DRAM IFMAP Reads', 'DRAM Filter Reads', 'DRAM OFMAP Writes']) assert.ok(csv[0].includes(`, ${c},`), c);
    assert.match(csv[1], /^0, \d+, \d+, /);
  });
});
