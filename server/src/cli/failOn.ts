// `--fail-on memory-bound|buffer|utilization<X`: thresholds for CI. A layer that crosses one makes
// the command exit with status 3, after saying which layers crossed which threshold.
import type { CostedLayer } from '../core';
import { UsageError } from './args';

export type FailRule = { kind: 'memory-bound' } | { kind: 'buffer' } | { kind: 'utilization'; below: number };

export function parseFailOn(values: string[]): FailRule[] {
  return values.map((v) => {
    if (v === 'memory-bound') return { kind: 'memory-bound' };
    if (v === 'buffer') return { kind: 'buffer' };
    const m = /^utilization<(\d*\.?\d+)(%?)$/.exec(v);
    if (m) {
      const below = Number(m[1]) / (m[2] ? 100 : 1);
      if (below > 0 && below <= 1) return { kind: 'utilization', below };
    }
    throw new UsageError(`--fail-on takes memory-bound, buffer or utilization<X (X a fraction such as 0.5, or 50%), got '${v}'`);
  });
}

const NOT_MEMORY = new Set(['compute', 'utilization', 'buffer']);

/** The sentences of every crossing: one per layer and rule. */
export function crossings(layers: CostedLayer[], rules: FailRule[]): string[] {
  const out: string[] = [];
  for (const l of layers) {
    if (l.status !== 'ok') continue;
    for (const r of rules) {
      if (r.kind === 'memory-bound' && l.bound !== undefined && !NOT_MEMORY.has(l.bound)) out.push(`${l.name} is memory-bound (${l.bound})`);
      if (r.kind === 'buffer' && (l.bound === 'buffer' || l.tile?.fits === false)) out.push(`${l.name} overflows the on-chip buffer`);
      if (r.kind === 'utilization' && l.utilization !== undefined && l.utilization < r.below) out.push(`${l.name} uses ${(l.utilization * 100).toFixed(1)}% of the compute array (below ${(r.below * 100).toFixed(1)}%)`);
    }
  }
  return out;
}
