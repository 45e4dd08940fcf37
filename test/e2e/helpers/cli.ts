// The reference the editors are checked against: `node bin/roofline.js analyze FILE --format json
// [--target T]` (docs/cli-json.md), run on the same file and target as the editor. Only the fields
// the end-to-end tests read are typed. Also the catalog (`roofline targets --format json`) for a
// target's memory levels, and how a report's numbers read in a hover card.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './paths';

export interface CliRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface CliLayer {
  name: string;
  op: string;
  range: CliRange;
  macs: number;
  ops: number;
  counted: boolean;
  ctc?: number;
  attainable?: number;
  bound?: string;
  utilization?: number;
  tile?: { factors: Record<string, number>; source: 'file' | 'search'; fits: boolean };
  /** Under a parallel plan: a collective's kind and the link that bounds it. */
  collective?: { kind: string; link: string; devices: number };
  time?: number;
  /** Off-chip bytes (with a target). */
  traffic?: number;
  /** A member of a fused group: the producer's name. */
  fusedInto?: string;
  /** A part of a call taken apart (attention): the call's layer name and the part's. */
  part?: { of: string; name: string };
}

export interface CliDiagnostic {
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  range: CliRange;
}

export interface CliReport {
  file: string;
  model: string | null;
  layers: CliLayer[];
  /** --phase generate: time to first token, per output token, total (seconds) and tokens/s. */
  generation?: { prompt: number; new: number; ttft: number; tpot: number; total: number; tokensPerSecond: number };
  target?: { name: string; origin: string };
  diagnostics: CliDiagnostic[];
}

export interface CliTarget {
  name: string;
  title: string;
  memory: { name: string; offChip?: boolean }[];
}

function runCli(args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'roofline.js'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // Exit 1 means "the file has errors": the JSON report is still written.
  if (r.status !== 0 && r.status !== 1) throw new Error(`roofline ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** The JSON report of `file` on `target` (the file's own `use target` when undefined), with more options. */
export function analyze(file: string, target?: string, more: string[] = []): CliReport {
  const args = ['analyze', file, '--format', 'json', ...(target ? ['--target', target] : []), ...more];
  return JSON.parse(runCli(args)) as CliReport;
}

/** The catalog entry of a target. */
export function catalogTarget(name: string): CliTarget {
  const all = JSON.parse(runCli(['targets', '--format', 'json'])) as CliTarget[] | { targets: CliTarget[] };
  const list = Array.isArray(all) ? all : all.targets;
  const t = list.find((x) => x.name === name);
  if (!t) throw new Error(`target ${name} is not in the catalog`);
  return t;
}

/** The off-chip memory level of a catalog target ('HBM3', 'DDR3'). */
export function offChipLevel(name: string): string {
  const t = catalogTarget(name);
  const off = t.memory.find((m) => m.offChip) ?? t.memory[t.memory.length - 1];
  return off.name;
}

/** A count as the hover card writes it exactly: 223948800 -> '223,948,800'. */
export function exactCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A ratio with 3 significant digits, as cards and hints write a CTC: 57.0673 -> '57.1', 1234.5 -> '1,235'. */
export function ratio3(x: number): string {
  return Math.abs(x) >= 1000 ? exactCount(Math.round(x)) : String(Number(x.toPrecision(3)));
}

/** What a hover card says of a layer's bound, as a pattern: 'compute-bound', 'memory-bound on HBM3'. */
export function boundPattern(bound: string): RegExp {
  switch (bound) {
    case 'compute':
      return /compute-bound/;
    case 'utilization':
      return /array utilisation/;
    case 'buffer':
      return /on-chip buffer/;
    case 'none':
      return /no work/;
    default:
      return new RegExp(`memory-bound on ${bound.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  }
}
