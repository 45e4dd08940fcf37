// `roofline diff --fail-on RULE`: thresholds for CI on a comparison (exit status 3). B is the new
// side (the second file, or the --vs target or params):
//   slower>X          the model's time grew by more than X (5% or 0.05): B > A x (1 + X), per
//                     sample (time per run / batch: per run when both sides have the same batch);
//   traffic>X         the model's off-chip traffic per run grew by more than X;
//   layer-slower>X    a layer present on both sides, with at least --min-share of B's time, got
//                     slower by more than X;
//   new-memory-bound  a layer with at least --min-share of B's time that moves data is memory-bound
//                     in B and was not in A (or is new).
// One summary line, then one line per crossing, on standard error.
import { UsageError } from './args';
import { paint } from './colour';
import { didYouMean, formatNoun, formatPercent } from './core';
import { isMemoryBound } from '../ide/boundWords';
import { parseFraction } from './failOn';
import type { CliIO } from './io';
import type { ModelDiff } from './modelDiff';

export type DiffRule = { kind: 'slower' | 'traffic' | 'layer-slower'; above: number } | { kind: 'new-memory-bound' };

const WORDS = ['slower>X', 'traffic>X', 'layer-slower>X', 'new-memory-bound'];

/** A diff's bound label (analyzeTable.ts boundLabel) that names a memory level: not 'view' (a layer
 *  that moves nothing) nor '' (no bound). */
function memoryLabel(label: string | undefined): boolean {
  return label !== undefined && label !== 'view' && label !== '' && isMemoryBound(label);
}

export function parseDiffFailOn(values: string[]): DiffRule[] {
  return values.map((v) => {
    if (v === 'new-memory-bound') return { kind: 'new-memory-bound' };
    const m = /^(slower|traffic|layer-slower)>(.+)$/.exec(v);
    if (m) return { kind: m[1] as 'slower' | 'traffic' | 'layer-slower', above: parseFraction(m[2], `--fail-on ${m[1]}>X: X`, Infinity) };
    throw new UsageError(`diff --fail-on takes ${WORDS.join(', ')} (X a percentage such as 5%, or a fraction such as 0.05), got '${v}'${didYouMean(v, ['new-memory-bound'])}`);
  });
}

/** Signed relative change in words: '+12.3%', '-4.1%', '0%'. */
export function changeWords(x: number | undefined): string {
  if (x === undefined) return '';
  return `${x > 0 ? '+' : x < 0 ? '-' : ''}${formatPercent(Math.abs(x))}`;
}

export function diffCrossings(d: ModelDiff, rules: DiffRule[], minShare: number): string[] {
  const out: string[] = [];
  const big = (share: number | undefined) => (share ?? 0) >= minShare - 1e-12;
  for (const r of rules) {
    if (r.kind === 'slower' && d.totals.timeChange !== undefined && d.totals.timeChange > r.above) out.push(`the model's time${d.a.batch === d.b.batch ? ' per run' : ' per sample'} is ${changeWords(d.totals.timeChange)} (over ${formatPercent(r.above)})`);
    if (r.kind === 'traffic' && d.totals.trafficChange !== undefined && d.totals.trafficChange > r.above) out.push(`the model's off-chip traffic per run is ${changeWords(d.totals.trafficChange)} (over ${formatPercent(r.above)})`);
    for (const l of d.layers) {
      if (r.kind === 'layer-slower' && l.status === 'changed' && big(l.b?.share) && l.timeChange !== undefined && l.timeChange > r.above) {
        out.push(`${l.name} takes ${changeWords(l.timeChange)} time (over ${formatPercent(r.above)}): ${formatPercent(l.b?.share ?? 0)} of the time`);
      }
      if (r.kind === 'new-memory-bound' && (l.status === 'changed' || l.status === 'added') && big(l.b?.share) && (l.b?.traffic ?? 0) > 0 && memoryLabel(l.b?.bound) && !memoryLabel(l.a?.bound)) {
        out.push(`${l.name} is ${l.status === 'added' ? 'new and ' : ''}memory-bound (${l.b?.bound}${l.a?.bound ? `, was ${l.a.bound}` : ''}): ${formatPercent(l.b?.share ?? 0)} of the time`);
      }
    }
  }
  return out;
}

/** Prints the summary line and the crossings; true when something crossed. */
export function reportDiffGates(d: ModelDiff, rules: DiffRule[], minShare: number, io: CliIO): boolean {
  const crossed = diffCrossings(d, rules, minShare);
  const words = rules.map((r) => (r.kind === 'new-memory-bound' ? r.kind : `${r.kind}>${formatPercent(r.above)}`)).join(', ');
  if (crossed.length === 0) {
    io.err(`diff: fail-on: ${paint(io.errColor, 'green', 'passed')} (${words}; time ${changeWords(d.totals.timeChange) || 'not comparable'})`);
    return false;
  }
  io.err(`diff: fail-on: ${paint(io.errColor, 'red', formatNoun(crossed.length, 'crossing'))} (${words}; time ${changeWords(d.totals.timeChange) || 'not comparable'})`);
  for (const c of crossed) io.err(`diff: fail-on: ${c}`);
  return true;
}
