// `npm run fuzz -- [options]` (USAGE below; --help prints it):
// a fuzz campaign over every format's seeds (test/fixtures), each input run by the core in a child
// process with a heap limit (500 MB) and a time limit (30 s of wall-clock time, a hang guard: the
// table counts the runs over 5 s of CPU time, and of wall-clock time, apart), the figures printed per
// format, and a minimal reproducer of each kind of failure written to DIR (default fuzz-out/).
// Exits 1 when any input aborted, ran out of time or memory, or gave a number that lies.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign, statsTable } from './campaign';
import { loadSeeds } from './seeds';

const OPTIONS = {
  minutes: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string', default: '1' },
  jobs: { type: 'string', default: '2' },
  out: { type: 'string', default: 'fuzz-out' },
  'heap-mb': { type: 'string', default: '500' },
  'time-ms': { type: 'string', default: '30000' },
  help: { type: 'boolean' },
} as const;

const USAGE = 'usage: npm run fuzz -- [--minutes N | --runs N] [--seed S] [--jobs J] [--out DIR] [--heap-mb MB] [--time-ms MS]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: OPTIONS });
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const root = path.join(__dirname, '..', '..');
  const minutes = values.minutes !== undefined ? Number(values.minutes) : undefined;
  const runs = values.runs !== undefined ? Number(values.runs) : minutes === undefined ? 1000 : undefined;
  const seeds = loadSeeds(root);
  const options = { seeds, seed: Number(values.seed), runs, minutes, jobs: Number(values.jobs), heapMb: Number(values['heap-mb']), timeMs: Number(values['time-ms']), out: path.resolve(values.out ?? 'fuzz-out') };
  const formats = [...new Set(seeds.map((s) => s.format))];
  console.log(`fuzz: ${seeds.length} seeds (${formats.join(', ')}), seed ${options.seed}, ${runs !== undefined ? `${runs} inputs` : `${minutes} minutes`}, ${options.jobs} jobs, ${options.heapMb} MB heap and ${options.timeMs} ms per input`);
  const r = await runCampaign({ ...options, log: (l) => console.log(l) });
  console.log(`\n${r.runs} inputs in ${(r.elapsedMs / 60_000).toFixed(1)} min`);
  console.log(statsTable(r));
  for (const f of r.failures.filter((x) => x.file)) console.log(`\n${f.kind} (${f.format}, from ${f.seed} by ${f.mutators.join(' + ')}): ${f.file} (${f.minimal?.length} bytes, from ${f.bytes.length})\n  ${f.detail.slice(0, 400)}`);
  return r.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
