// Costed figures in words, shared by hovers, inlay hints and code lenses: the roof a layer's
// attainable performance sits on, and where its tile came from (what bounds it: boundWords.ts).
// Numbers go through protocol/format.ts only.
import { APPROXIMATIONS, type CostedLayer, type LayerTile, type LevelRoof } from '../core';
import { formatBandwidth, formatCount, formatNoun, formatOpsPerSecond } from '../protocol/format';
import { isMemoryBound } from './boundWords';

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
  if (t.source === 'none') return c.systolic && c.accesses ? "none: the array's dataflow and SRAMs set the DRAM words" : 'none: the traffic is the compulsory traffic';
  const factors = tileFactors(t) + (t.order ? `, ${t.order}-stationary order` : '');
  if (t.source === 'file') {
    const filled = c.approximations.includes(APPROXIMATIONS.fileTileFilled);
    return `${factors}, from @tile in the file${filled ? ' (factors it omits filled in)' : ''}`;
  }
  const s = t.search;
  if (!s) return `${factors}, found by the search`;
  return `${factors}, found by the search (${formatNoun(s.evaluations, 'tile')} evaluated of ${formatCount(s.space)}${s.exact ? '' : ', cut short'})`;
}
