// Sampling for huge models: a chart of more than `maxPoints` (2,000) points is slow to draw and
// unreadable, so it keeps every layer that takes at least `minShare` (0.1%) of the model's time,
// the layers the caller must keep (the selected one), and an even, deterministic sample of the rest;
// and it says so ("showing N of M layers"). Pure.
import { formatCount, formatPercent } from '../../../server/src/protocol/format';

export interface SampleOptions {
  /** Most points drawn; default 2,000. */
  maxPoints?: number;
  /** Layers with at least this share of the time are always kept; default 0.001 (0.1%). */
  minShare?: number;
  /** Layer indices (PanelLayer.index) always kept, such as the selected layer. */
  keep?: readonly number[];
}

export interface SampleResult<T> {
  /** The kept items, in their input order. */
  items: T[];
  shown: number;
  total: number;
  sampled: boolean;
  /** '' when nothing was left out; else 'showing 2,000 of 10,000 layers: ...'. */
  text: string;
}

export const DEFAULT_MAX_POINTS = 2000;
export const DEFAULT_MIN_SHARE = 0.001;

/** Keeps at most `maxPoints` of `items` (plus any forced ones) by the rule above. */
export function sampleLayers<T extends { index: number; share: number }>(items: readonly T[], options: SampleOptions = {}): SampleResult<T> {
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  const minShare = options.minShare ?? DEFAULT_MIN_SHARE;
  const total = items.length;
  if (total <= maxPoints) return { items: items.slice(), shown: total, total, sampled: false, text: '' };
  const keep = new Set(options.keep ?? []);
  const chosen = new Uint8Array(total);
  const rest: number[] = [];
  let important = 0;
  for (let i = 0; i < total; i++) {
    const it = items[i];
    if (it.share >= minShare || keep.has(it.index)) {
      chosen[i] = 1;
      important++;
    } else rest.push(i);
  }
  const budget = Math.min(rest.length, Math.max(0, maxPoints - important));
  // Evenly spaced through the rest, centred in each stride: the same input always gives the same sample.
  for (let j = 0; j < budget; j++) chosen[rest[Math.floor(((j + 0.5) * rest.length) / budget)]] = 1;
  const kept: T[] = [];
  for (let i = 0; i < total; i++) if (chosen[i]) kept.push(items[i]);
  const text =
    `showing ${formatCount(kept.length)} of ${formatCount(total)} layers: every layer with at least ` +
    `${formatPercent(minShare)} of the time, and an even sample of the rest`;
  return { items: kept, shown: kept.length, total, sampled: true, text };
}
