// Costed figures in words, shared by hovers, inlay hints and code lenses: what bounds a layer (a
// sentence, and a short mark), the roof its attainable performance sits on, where its tile came
// from, and a model's dominant bound. Numbers go through protocol/format.ts only.
import { APPROXIMATIONS } from '../core/cost/approximations';
import type { Bound, CostedLayer, CostTotals, LayerTile, LevelRoof } from '../core/cost/types';
import { formatBandwidth, formatCount, formatNoun, formatOpsPerSecond, formatPercent } from '../protocol/format';

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

/** The memory roof a layer's time is set by, or undefined when it is the compute roof. */
export function memoryRoofHit(c: CostedLayer): LevelRoof | undefined {
  const roofs = c.roofs ?? [];
  if (isMemoryBound(c.bound) && c.bound !== 'buffer') return roofs.find((r) => r.name === c.bound);
  if (c.bound !== 'buffer') return undefined;
  // Bound by the buffer: the figures are those of the smallest tile; name the roof that sets them.
  const computeTime = c.ops !== undefined && c.computeRoof ? c.ops / c.computeRoof : 0;
  let hit: LevelRoof | undefined;
  for (const r of roofs) if (r.time > Math.max(computeTime, hit?.time ?? 0)) hit = r;
  return hit;
}

/** '88.6 GOP/s of the 89.6 GOP/s fp32 peak', '2.21 GOP/s on the DDR3 roof at 4.5 GB/s'. */
export function attainableWords(c: CostedLayer): string {
  if (c.attainable === undefined) return '—';
  if (c.bound === 'none') return 'no work';
  const att = formatOpsPerSecond(c.attainable);
  const roof = memoryRoofHit(c);
  if (roof) return `${att} on the ${roof.name} roof at ${formatBandwidth(roof.bandwidth)}`;
  if (c.peak === undefined) return att;
  return `${att} of the ${[formatOpsPerSecond(c.peak), c.peakPrecision, 'peak'].filter(Boolean).join(' ')}`;
}

/** 'm=64 n=7 r=13 c=13' */
export function tileFactors(t: LayerTile): string {
  return Object.entries(t.factors)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** The tile and where it came from: 'm=64 n=7 r=13 c=13, found by the search (92 tiles evaluated of 61,397)'. */
export function tileWords(c: CostedLayer): string | undefined {
  const t = c.tile;
  if (!t) return undefined;
  if (t.source === 'none') return 'none: the traffic is the compulsory traffic';
  const factors = tileFactors(t);
  if (t.source === 'file') {
    const filled = c.approximations.includes(APPROXIMATIONS.fileTileFilled);
    return `${factors}, from @tile in the file${filled ? ' (factors it omits filled in)' : ''}`;
  }
  const s = t.search;
  if (!s) return `${factors}, found by the search`;
  return `${factors}, found by the search (${formatNoun(s.evaluations, 'tile')} evaluated of ${formatCount(s.space)}${s.exact ? '' : ', cut short'})`;
}
