// `roofline simulate` against real SCALE-Sim v2 runs in USER bandwidth mode (committed under
// test/fixtures/reference/scalesim/user-bandwidth/, README.md there says how they were run), with
// SCALE-Sim's own .cfg as the target.
//
// Stated tolerance, where SCALE-Sim's SRAM window slides forward only (os and ws, SRAMs of 8 kB on a
// 16 x 16 array, bandwidth 8 words a cycle): SRAM words exact; DRAM ifmap and filter reads exact;
// DRAM ofmap writes within 1%; total cycles within 5%; stall cycles within 5% of the total cycles.
// Outside it (1 kB SRAMs, the is dataflow) SCALE-Sim re-fetches whole sweeps and this model does not:
// those runs are asserted as they are, FIXME.
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
  for (const name of ['userB_ws', 'userB_os']) {
    it(`${name}: cycles, stalls and words within the stated tolerance`, () => {
      const sim = ours(name);
      const compute = report(name, 'COMPUTE_REPORT.csv');
      const detail = report(name, 'DETAILED_ACCESS_REPORT.csv');
      assert.equal(sim.layers.length, 3);
      sim.layers.forEach((l, i) => {
        const c = compute[i];
        const d = detail[i];
        const total = c['Total Cycles'];
        assert.ok(Math.abs(l.cycles - total) <= 0.05 * total, `${name} ${l.name}: ${l.cycles} cycles vs SCALE-Sim ${total}`);
        assert.ok(Math.abs(l.stallCycles - c['Stall Cycles']) <= 0.05 * total, `${name} ${l.name}: ${l.stallCycles} stalls vs ${c['Stall Cycles']}`);
        // The compute cycles are SCALE-Sim's exactly: total - stalls.
        assert.equal(l.computeCycles, total - c['Stall Cycles']);
        assert.equal(l.accesses!.sram.ifmap.reads, d['SRAM IFMAP Reads']);
        assert.equal(l.accesses!.sram.filter.reads, d['SRAM Filter Reads']);
        assert.equal(l.accesses!.sram.ofmap.writes, d['SRAM OFMAP Writes']);
        assert.equal(l.accesses!.dram.ifmap.reads, d['DRAM IFMAP Reads']);
        assert.equal(l.accesses!.dram.filter.reads, d['DRAM Filter Reads']);
        assert.ok(Math.abs(l.accesses!.dram.ofmap.writes - d['DRAM OFMAP Writes']) <= 0.01 * d['DRAM OFMAP Writes'], `${name} ${l.name}: DRAM ofmap ${l.accesses!.dram.ofmap.writes} vs ${d['DRAM OFMAP Writes']}`);
        assert.ok(Math.abs(l.mappingEfficiency! * 100 - c['Mapping Efficiency %']) < 1e-9);
        assert.ok(Math.abs(l.computeUtilization! * 100 - c['Compute Util %']) < 1e-9);
      });
    });
  }

  it('the CSV has SCALE-Sim\'s column names, in its layout', () => {
    const csv = simulate('userB_ws', 'csv').out.trim().split('\n');
    const scaleSim = fs.readFileSync(path.join(DIR, 'userB_ws', 'COMPUTE_REPORT.csv'), 'utf8').split('\n')[0].trim();
    assert.ok(csv[0].startsWith(scaleSim.replace(/,$/, '')), csv[0]);
    for (const c of ['SRAM IFMAP Reads', 'SRAM Filter Reads', 'SRAM OFMAP Writes', 'DRAM IFMAP Reads', 'DRAM Filter Reads', 'DRAM OFMAP Writes']) assert.ok(csv[0].includes(`, ${c},`), c);
    assert.match(csv[1], /^0, \d+, \d+, /);
  });

  it('FIXME: small SRAMs and the is dataflow, where SCALE-Sim re-fetches, are not reproduced', () => {
    // SCALE-Sim's read buffer keeps sets of addresses in a window that slides by half its size; a demand
    // just behind the window wraps it round the whole operand. The model counts one forward sweep:
    // user_ws layer L2 reads 57,856 ifmap words from DRAM here, 399,872 in SCALE-Sim (6.9x), and takes
    // 14,488 cycles against 100,641.
    const sim = ours('user_ws');
    const d = report('user_ws', 'DETAILED_ACCESS_REPORT.csv')[1];
    const c = report('user_ws', 'COMPUTE_REPORT.csv')[1];
    assert.equal(sim.layers[1].accesses!.dram.ifmap.reads, 57_856);
    assert.equal(d['DRAM IFMAP Reads'], 399_872);
    assert.equal(sim.layers[1].cycles, 14_488);
    assert.equal(c['Total Cycles'], 100_641);
    // The SRAM words and compute cycles still agree exactly there.
    assert.equal(sim.layers[1].accesses!.sram.ifmap.reads, d['SRAM IFMAP Reads']);
    assert.equal(sim.layers[1].computeCycles, c['Total Cycles'] - c['Stall Cycles']);
    // userB_is: the stationary ifmap is re-fetched 3.5 times by SCALE-Sim (57,344 words against 16,384).
    const is = ours('userB_is');
    assert.equal(is.layers[0].accesses!.dram.ifmap.reads, 16_384);
    assert.equal(report('userB_is', 'DETAILED_ACCESS_REPORT.csv')[0]['DRAM IFMAP Reads'], 57_344);
  });
});
