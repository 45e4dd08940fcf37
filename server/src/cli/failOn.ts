// `--fail-on memory-bound|buffer|utilization<X` with `--min-share X`: thresholds for CI. A layer
// that crosses one makes `roofline analyze` exit with status 3, after one summary line and one line
// per crossing (standard error). Each layer is checked on its own:
//   memory-bound     its bound is a memory level, and it moves data (a flatten or a view, which
//                    moves no byte, is never memory-bound);
//   buffer           its tile overflows the on-chip buffer (whatever its share: it cannot run);
//   utilization<X    it uses less than X of the compute array (X a fraction, or a percentage).
// memory-bound and utilization apply only to layers with at least --min-share of the model's time
// (default: the editor's roofline.diagnostics.minShare default, 1%), so a tiny layer does not fail
// a build.
import { isMemoryBound } from '../ide/boundWords';
import { option, UsageError, type OptionSpec, type ParsedArgs } from './args';
import { paint } from './colour';
import { DEFAULT_RULE_SETTINGS, didYouMean, formatNoun, formatPercent, type CostedLayer } from './core';
import type { CliIO } from './io';

export type FailRule = { kind: 'memory-bound' } | { kind: 'buffer' } | { kind: 'utilization'; below: number };

export const FAIL_ON_WORDS = ['memory-bound', 'buffer', 'utilization<X'] as const;

export const GATE_OPTIONS: OptionSpec[] = [
  { name: 'fail-on', value: true, repeatable: true, placeholder: 'RULE', help: 'exit 3 when a layer is memory-bound, overflows the buffer (buffer), or uses less than X of the compute array (utilization<0.5 or utilization<50%)' },
  { name: 'min-share', value: true, placeholder: 'X', help: `--fail-on checks only layers with at least this share of the model time (0.01 or 1%; default ${DEFAULT_RULE_SETTINGS.minShare}, as the editor's roofline.diagnostics.minShare)` },
];

/** A fraction written as 0.05 or 5%, from 0 to `max` (1; a change may exceed 100%). */
export function parseFraction(text: string, what: string, max = 1): number {
  const m = /^(\d*\.?\d+)(%?)$/.exec(text.trim());
  const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(v >= 0 && v <= max)) throw new UsageError(`${what} must be ${max === 1 ? 'a fraction from 0 to 1 (0.01)' : 'a fraction (0.05)'} or a percentage (${max === 1 ? '1%' : '5%'}), got '${text}'`);
  return v;
}

export function parseFailOn(values: string[]): FailRule[] {
  return values.map((v) => {
    if (v === 'memory-bound') return { kind: 'memory-bound' };
    if (v === 'buffer') return { kind: 'buffer' };
    const m = /^utilization<(.+)$/.exec(v);
    if (m) {
      const below = parseFraction(m[1], '--fail-on utilization<X: X');
      if (below > 0) return { kind: 'utilization', below };
    }
    throw new UsageError(`--fail-on takes ${FAIL_ON_WORDS.join(', ')} (X a fraction such as 0.5, or 50%), got '${v}'${didYouMean(v, ['memory-bound', 'buffer'])}`);
  });
}

export function minShareOption(args: ParsedArgs): number {
  const text = option(args, 'min-share');
  return text === undefined ? DEFAULT_RULE_SETTINGS.minShare : parseFraction(text, '--min-share');
}

export interface Crossing {
  layer: string;
  rule: FailRule['kind'];
  text: string;
  share: number;
}

export interface GateResult {
  crossed: Crossing[];
  /** Layers below --min-share that a time rule skipped. */
  small: number;
  /** Layers that move no data, never memory-bound. */
  noData: number;
}

/** Every crossing: one per layer and rule. */
export function crossings(layers: CostedLayer[], rules: FailRule[], minShare: number): GateResult {
  const out: GateResult = { crossed: [], small: 0, noData: 0 };
  const timeRules = rules.some((r) => r.kind !== 'buffer');
  for (const l of layers) {
    if (l.status !== 'ok') continue;
    const share = l.share ?? 0;
    // A tolerance so that a share printed as exactly the threshold is kept (as the editor's rules).
    const bigEnough = share >= minShare - 1e-12;
    const movesData = (l.traffic?.used ?? 0) > 0;
    if (timeRules && !bigEnough) out.small++;
    for (const r of rules) {
      if (r.kind === 'memory-bound' && isMemoryBound(l.bound)) {
        if (!movesData) out.noData++;
        else if (bigEnough) out.crossed.push({ layer: l.name, rule: r.kind, share, text: `${l.name} is memory-bound (${l.bound}): ${formatPercent(share)} of the time` });
      }
      if (r.kind === 'buffer' && (l.bound === 'buffer' || l.tile?.fits === false)) out.crossed.push({ layer: l.name, rule: r.kind, share, text: `${l.name} overflows the on-chip buffer` });
      if (r.kind === 'utilization' && bigEnough && l.utilization !== undefined && l.utilization < r.below) {
        out.crossed.push({ layer: l.name, rule: r.kind, share, text: `${l.name} uses ${formatPercent(l.utilization)} of the compute array (below ${formatPercent(r.below)}): ${formatPercent(share)} of the time` });
      }
    }
  }
  return out;
}

function ruleWord(r: FailRule): string {
  return r.kind === 'utilization' ? `utilization<${formatPercent(r.below)}` : r.kind;
}

/** Prints the summary line, then one line per crossing; true when something crossed. */
export function reportGates(display: string, rules: FailRule[], layers: CostedLayer[], minShare: number, io: CliIO): boolean {
  const g = crossings(layers, rules, minShare);
  const layersCrossed = new Set(g.crossed.map((c) => c.layer)).size;
  const byRule = rules.map((r) => `${ruleWord(r)} ${g.crossed.filter((c) => c.rule === r.kind).length}`);
  const skipped: string[] = [];
  if (g.small > 0) skipped.push(`${formatNoun(g.small, 'layer')} under ${formatPercent(minShare)} of the time (--min-share)`);
  if (g.noData > 0) skipped.push(`${g.noData} moving no data`);
  const notChecked = skipped.length > 0 ? `; not checked: ${skipped.join(', ')}` : '';
  if (g.crossed.length === 0) {
    io.err(`${display}: fail-on: ${paint(io.errColor, 'green', 'passed')} (${rules.map(ruleWord).join(', ')}${notChecked})`);
    return false;
  }
  const share = [...new Map(g.crossed.map((c) => [c.layer, c.share])).values()].reduce((a, b) => a + b, 0);
  io.err(`${display}: fail-on: ${paint(io.errColor, 'red', `${formatNoun(layersCrossed, 'layer')} crossed`)} (${byRule.join(', ')}), ${formatPercent(share)} of the time${notChecked}`);
  for (const c of g.crossed) io.err(`${display}: fail-on: ${c.text}`);
  return true;
}
