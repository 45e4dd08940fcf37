// What bounds a layer or a model, in words: a sentence ('memory-bound on DDR3'), the short mark
// of an inlay hint, a share label, an adjective for a model ('mostly DDR3-bound (74%)'). Shared by
// hovers, inlay hints, code lenses and the client's status bar item; it imports core types only,
// so the extension client that shows the status bar does not bundle the analysis core.
import type { Bound, CostedLayer, CostTotals } from '../core';
import { formatPercent } from '../protocol/format';

const KNOWN = new Set(['compute', 'utilization', 'buffer', 'none']);

/** True when the bound is a memory level's name. */
export function isMemoryBound(bound: Bound | undefined): bound is string {
  return bound !== undefined && !KNOWN.has(bound);
}

/** The bound as a sentence: 'compute-bound', 'memory-bound on DDR3', 'limited by array utilisation (32.1%)'. */
export function boundWords(c: CostedLayer): string {
  switch (c.bound) {
    case undefined:
      return '—';
    case 'compute':
      return 'compute-bound';
    case 'utilization':
      return `limited by array utilisation (${formatPercent(c.utilization ?? 0)})`;
    case 'buffer':
      return 'bound by the on-chip buffer: no tile fits';
    case 'none':
      return 'no work: nothing to compute or move';
    default:
      return `memory-bound on ${c.bound}`;
  }
}

/** The short mark of an inlay hint: 'compute', 'DDR3', 'buffer', 'util 32.1%', 'no work'. */
export function boundMark(c: CostedLayer): string {
  switch (c.bound) {
    case undefined:
      return '—';
    case 'utilization':
      return `util ${formatPercent(c.utilization ?? 0)}`;
    case 'none':
      return 'no work';
    default:
      return c.bound;
  }
}

/** A bound as a share label: 'compute', 'utilisation', 'buffer', 'DDR3'. */
export function boundLabel(bound: Bound): string {
  return bound === 'utilization' ? 'utilisation' : bound === 'none' ? 'no work' : bound;
}

/** A model-level bound as an adjective: 'compute-bound', 'DDR3-bound', 'utilisation-limited'. */
export function boundAdjective(bound: Bound): string {
  return bound === 'utilization' ? 'utilisation-limited' : bound === 'none' ? 'idle' : `${bound}-bound`;
}

/** 'mostly DDR3-bound (74%)' for a model's totals; undefined when nothing is costed. */
export function dominantBound(t: CostTotals): string | undefined {
  if (!t.bound || t.boundShare === undefined) return undefined;
  const share = formatPercent(t.boundShare);
  if (t.boundShare >= 0.995) return `${boundAdjective(t.bound)} (100%)`;
  if (t.boundShare >= 0.5) return `mostly ${boundAdjective(t.bound)} (${share})`;
  return `${boundAdjective(t.bound)} the most (${share})`;
}
