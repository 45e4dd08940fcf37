// A fuzz campaign: inputs made from the seeds by the mutators (a seeded PRNG, so the same seed makes
// the same inputs), the formats taken in turn, run through the pool of workers, and counted per
// format: runs, aborts, runs over the time limit, runs over the heap limit, runs over 5 s, and
// outcomes whose numbers lie (non-finite, or past 2^53 and not flagged) or that report an internal
// error. Every failing input is shrunk to a minimal reproducer (chunks removed while it still
// fails the same way) and, with `out`, written beside a note of how it fails.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderTable } from '../../server/src/cli/table';
import { mutate, prng, type Rng } from './mutators';
import { FuzzPool, type Verdict, type VerdictKind } from './pool';
import { EXTENSION, FUZZ_FORMATS, type FuzzFormat, type Seed } from './seeds';

export interface CampaignOptions {
  seeds: Seed[];
  seed: number;
  /** Stop after this many inputs... */
  runs?: number;
  /** ...or after this long (whichever comes first). */
  minutes?: number;
  jobs: number;
  heapMb: number;
  timeMs: number;
  /** Folder for minimal reproducers; none written without it. */
  out?: string;
  /** Attempts to shrink one failing input. */
  shrinkAttempts?: number;
  /** Inputs longer than this are cut to it (the quick run of the test suite); none by default. */
  maxInputBytes?: number;
  log?: (line: string) => void;
}

export interface FormatStats {
  runs: number;
  aborts: number;
  timeouts: number;
  oom: number;
  /** Runs that finished but took more than 5 s of CPU time (what the input costs)... */
  overFiveSeconds: number;
  /** ...and of wall-clock time (on a machine shared with other work, this counts waiting too). */
  overFiveSecondsWall: number;
  nonFinite: number;
  unflaggedInexact: number;
  internalErrors: number;
  maxMs: number;
  totalMs: number;
}

export interface Failure {
  format: FuzzFormat;
  kind: VerdictKind;
  seed: string;
  mutators: string[];
  detail: string;
  bytes: Uint8Array;
  /** The shrunk input, and where it was written. */
  minimal?: Uint8Array;
  file?: string;
}

export interface CampaignResult {
  stats: Record<FuzzFormat, FormatStats>;
  failures: Failure[];
  runs: number;
  elapsedMs: number;
}

function emptyStats(): FormatStats {
  return { runs: 0, aborts: 0, timeouts: 0, oom: 0, overFiveSeconds: 0, overFiveSecondsWall: 0, nonFinite: 0, unflaggedInexact: 0, internalErrors: 0, maxMs: 0, totalMs: 0 };
}

function count(s: FormatStats, v: Verdict): void {
  s.runs++;
  s.totalMs += v.ms;
  s.maxMs = Math.max(s.maxMs, v.ms);
  if (v.kind === 'abort') s.aborts++;
  if (v.kind === 'timeout') s.timeouts++;
  if (v.kind === 'oom') s.oom++;
  if (v.kind !== 'timeout' && (v.cpuMs ?? v.ms) > 5000) s.overFiveSeconds++;
  if (v.kind !== 'timeout' && v.ms > 5000) s.overFiveSecondsWall++;
  if (v.outcome) {
    if (v.outcome.nonFinite.length) s.nonFinite++;
    if (v.outcome.unflaggedInexact.length) s.unflaggedInexact++;
    if (v.outcome.internalErrors.length) s.internalErrors++;
  }
}

/** The inputs of a campaign, in order: a deterministic function of the seed. */
function* inputs(seeds: Seed[], rng: Rng, maxBytes = Infinity): Generator<{ format: FuzzFormat; seed: Seed; bytes: Uint8Array; mutators: string[] }> {
  const byFormat = new Map<FuzzFormat, Seed[]>();
  for (const s of seeds) byFormat.set(s.format, [...(byFormat.get(s.format) ?? []), s]);
  const formats = FUZZ_FORMATS.filter((f) => byFormat.has(f));
  for (let i = 0; ; i++) {
    const format = formats[i % formats.length];
    const list = byFormat.get(format) as Seed[];
    const seed = list[Math.floor(rng() * list.length)];
    const other = list[Math.floor(rng() * list.length)];
    const m = mutate(seed.bytes, format, rng, other.bytes);
    yield { format, seed, bytes: m.bytes.length > maxBytes ? m.bytes.slice(0, maxBytes) : m.bytes, mutators: m.mutators };
  }
}

/** Shrinks a failing input: removes chunks (halves, quarters... single bytes) while it fails the same way. */
async function shrink(pool: FuzzPool, format: FuzzFormat, bytes: Uint8Array, kind: VerdictKind, attempts: number): Promise<Uint8Array> {
  let best = bytes;
  let left = attempts;
  for (let chunk = Math.max(1, Math.floor(best.length / 2)); chunk >= 1 && left > 0; chunk = chunk === 1 ? 0 : Math.max(1, Math.floor(chunk / 2))) {
    for (let at = 0; at < best.length && left > 0; ) {
      const candidate = new Uint8Array(best.length - Math.min(chunk, best.length - at));
      candidate.set(best.subarray(0, at), 0);
      candidate.set(best.subarray(at + chunk), at);
      left--;
      const v = await pool.run(format, candidate);
      if (v.kind === kind) best = candidate;
      else at += chunk;
    }
  }
  return best;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const started = performance.now();
  const deadline = o.minutes !== undefined ? started + o.minutes * 60_000 : Infinity;
  const maxRuns = o.runs ?? Infinity;
  const stats = Object.fromEntries(FUZZ_FORMATS.map((f) => [f, emptyStats()])) as Record<FuzzFormat, FormatStats>;
  const failures: Failure[] = [];
  const pool = new FuzzPool({ jobs: o.jobs, heapMb: o.heapMb, timeMs: o.timeMs });
  const gen = inputs(o.seeds, prng(o.seed), o.maxInputBytes);
  let issued = 0;
  let lastLog = started;
  try {
    const worker = async (): Promise<void> => {
      while (issued < maxRuns && performance.now() < deadline) {
        issued++;
        const input = gen.next().value as { format: FuzzFormat; seed: Seed; bytes: Uint8Array; mutators: string[] };
        const v = await pool.run(input.format, input.bytes);
        if (v.kind === 'ok' && (v.cpuMs ?? 0) > 5000) v.kind = 'slow';
        count(stats[input.format], v);
        if (v.kind !== 'ok') failures.push({ format: input.format, kind: v.kind, seed: input.seed.name, mutators: input.mutators, detail: v.detail ?? '', bytes: input.bytes });
        if (o.log && performance.now() - lastLog > 30_000) {
          lastLog = performance.now();
          o.log(`${issued} inputs, ${failures.length} failing, ${((lastLog - started) / 60_000).toFixed(1)} min`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, () => worker()));
    // Shrink the failures (the first of each format and kind), and write them out.
    const seen = new Set<string>();
    for (const f of failures) {
      const key = `${f.format}:${f.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // Slow and timed-out inputs shrink by few attempts (each costs seconds).
      const attempts = f.kind === 'timeout' || f.kind === 'slow' ? Math.min(20, o.shrinkAttempts ?? 300) : (o.shrinkAttempts ?? 300);
      f.minimal = f.kind === 'slow' ? f.bytes : await shrink(pool, f.format, f.bytes, f.kind, attempts);
      if (o.out) {
        fs.mkdirSync(o.out, { recursive: true });
        const base = path.join(o.out, `${f.format}-${f.kind}-${seen.size}`);
        fs.writeFileSync(base + EXTENSION[f.format], f.minimal);
        fs.writeFileSync(`${base}.original${EXTENSION[f.format]}`, f.bytes);
        fs.writeFileSync(`${base}.json`, JSON.stringify({ format: f.format, kind: f.kind, seed: f.seed, mutators: f.mutators, detail: f.detail, bytes: f.bytes.length, minimalBytes: f.minimal.length }, null, 2));
        f.file = base + EXTENSION[f.format];
      }
    }
  } finally {
    pool.close();
  }
  return { stats, failures, runs: issued, elapsedMs: performance.now() - started };
}

/** The figures of a campaign as a plain-text table (cli/table.ts), one row per format and the totals. */
export function statsTable(r: CampaignResult): string {
  const head = ['format', 'runs', 'aborts', 'over time limit', 'over 5 s CPU', 'over 5 s wall', 'over heap limit', 'non-finite', 'unflagged inexact', 'internal errors', 'max ms', 'mean ms'];
  const rows: string[][] = [];
  const total = emptyStats();
  for (const f of FUZZ_FORMATS) {
    const s = r.stats[f];
    if (s.runs === 0) continue;
    for (const k of Object.keys(total) as (keyof FormatStats)[]) total[k] = k === 'maxMs' ? Math.max(total[k], s[k]) : total[k] + s[k];
    rows.push([f, ...figures(s)]);
  }
  rows.push(['all', ...figures(total)]);
  return renderTable(head.map((title, i) => ({ title, align: i === 0 ? 'left' : 'right' })), rows);
}

function figures(s: FormatStats): string[] {
  return [s.runs, s.aborts, s.timeouts, s.overFiveSeconds, s.overFiveSecondsWall, s.oom, s.nonFinite, s.unflaggedInexact, s.internalErrors].map(String).concat([s.maxMs.toFixed(0), (s.runs ? s.totalMs / s.runs : 0).toFixed(1)]);
}
