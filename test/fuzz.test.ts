// The fuzz suite's quick run, part of the tests: a few thousand inputs made from every format's
// seeds by every mutator (seed 12, so the same inputs every time), each run by the core in a
// child process with a 500 MB heap (scripts/fuzz/). The test holds the suite to its promise: no
// input aborts the core, exhausts the heap, hangs (the pool kills a child after 30 s of wall-clock
// time: a hang guard, not a timing), gives a non-finite number or a count past 2^53 that is not
// flagged, or reports an internal error. The quick run keeps seeds and inputs small (16 KB each,
// a longer input is cut) so that it takes seconds; `npm run fuzz -- --minutes N` is the long run,
// on every seed at full size, which also counts the inputs past 5 s of CPU time.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCampaign, statsTable } from '../scripts/fuzz/campaign';
import { FUZZ_FORMATS, loadSeeds } from '../scripts/fuzz/seeds';

const ROOT = path.join(__dirname, '..');
const RUNS = 2_000;

describe('fuzz: a quick deterministic run over every format', function () {
  this.timeout(300_000);

  it(`${RUNS} inputs: no abort, no heap or hang limit, no lying number, no internal error`, async () => {
    const seeds = loadSeeds(ROOT, 16 * 1024);
    assert.deepEqual([...new Set(seeds.map((s) => s.format))].sort(), [...FUZZ_FORMATS].sort(), 'a seed of every format');
    const r = await runCampaign({ seeds, seed: 12, runs: RUNS, jobs: 2, heapMb: 500, timeMs: 30_000, maxInputBytes: 16 * 1024, shrinkAttempts: 100 });
    const table = statsTable(r);
    for (const f of FUZZ_FORMATS) assert.ok(r.stats[f].runs >= RUNS / FUZZ_FORMATS.length - 1, `${f} was fuzzed\n${table}`);
    const failing = r.failures.map((f) => `${f.kind} (${f.format}, ${f.seed} by ${f.mutators.join(' + ')}), minimal ${f.minimal?.length ?? '?'} bytes: ${f.detail.slice(0, 300)}\n${Buffer.from(f.minimal ?? f.bytes).toString('latin1').slice(0, 300)}`);
    assert.deepEqual(failing, [], table);
  });
});
