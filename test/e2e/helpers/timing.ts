// Phase timings of the end-to-end suites: each phase (install, package, code-server start, browser,
// every scenario step, Neovim) is recorded with its duration and outcome, and one table is printed
// when the whole run ends (a root-level `after` hook, so that it comes before the reporter's
// closing "N passed, N failed" line). The install script's own timings are read from the TSV file
// it writes in the artifacts folder, when that file was written for this run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifactsDir } from './paths';

export interface PhaseRecord {
  suite: string;
  phase: string;
  ms: number;
  outcome: 'ok' | 'failed' | 'skipped';
}

const records: PhaseRecord[] = [];
const runStarted = Date.now();

/** Times `run` as phase `phase` of `suite`; records a failure (and rethrows) when it throws. */
export async function timed<T>(suite: string, phase: string, run: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    const value = await run();
    records.push({ suite, phase, ms: performance.now() - start, outcome: 'ok' });
    return value;
  } catch (error) {
    records.push({ suite, phase, ms: performance.now() - start, outcome: 'failed' });
    throw error;
  }
}

/** Records a phase that did not run (a pending step). */
export function skipped(suite: string, phase: string): void {
  records.push({ suite, phase, ms: 0, outcome: 'skipped' });
}

/** The install script's step timings (`name<TAB>seconds`), when written no earlier than 30 min before this run. */
function installRecords(): PhaseRecord[] {
  const file = path.join(artifactsDir(), 'install-timings.tsv');
  try {
    const stat = fs.statSync(file);
    if (stat.mtimeMs < runStarted - 30 * 60_000) return [];
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => {
        const [phase, seconds] = l.split('\t');
        return { suite: 'install', phase, ms: Number(seconds) * 1000, outcome: 'ok' as const };
      });
  } catch {
    return [];
  }
}

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function summaryTable(): string {
  const rows = [...installRecords(), ...records];
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((r) => r.suite.length + r.phase.length + 3), 20);
  const lines = ['', '  e2e phase timings', `  ${'-'.repeat(width + 22)}`];
  for (const r of rows) {
    const label = `${r.suite} / ${r.phase}`;
    lines.push(`  ${label.padEnd(width)}  ${formatMs(r.ms).padStart(9)}  ${r.outcome}`);
  }
  const mochaMs = Date.now() - runStarted;
  lines.push(`  ${'-'.repeat(width + 22)}`, `  ${'mocha run, wall clock'.padEnd(width)}  ${formatMs(mochaMs).padStart(9)}`);
  return lines.join('\n');
}

let registered = false;

/** Registers (once) the root-level hook that prints the table and writes it to the artifacts folder. */
export function reportTimingsAtEnd(): void {
  if (registered) return;
  registered = true;
  after(function () {
    const table = summaryTable();
    if (!table) return;
    console.log(table);
    fs.mkdirSync(artifactsDir(), { recursive: true });
    fs.writeFileSync(path.join(artifactsDir(), 'timings.txt'), `${table}\n`);
  });
}
