// The peak a layer runs at: the target's dense peak for the layer's precision, or, when the target
// lists none for it, the nearest precision it does list (an approximation the layer names). Nearest:
// the closest datatype width (log2 of bytes), then the same family (float or integer), then the order
// of PRECISIONS. Source of the figures: the target's catalog entry.
import { bytesOf, PRECISIONS, type Precision } from '../precision';
import type { Target } from '../hardware/types';

const FLOAT: ReadonlySet<Precision> = new Set<Precision>(['fp32', 'tf32', 'fp16', 'bf16', 'fp8']);

export interface PeakChoice {
  precision: Precision;
  /** Ops per second. */
  peak: number;
  source: string;
  fallback: boolean;
}

/** Distance between two datatypes for the fallback: width first, then family. */
export function precisionDistance(a: Precision, b: Precision): number {
  return 2 * Math.abs(Math.log2(bytesOf(a)) - Math.log2(bytesOf(b))) + (FLOAT.has(a) === FLOAT.has(b) ? 0 : 1);
}

/** The nearest precision of `available` to `p` (p itself when available). */
export function nearestPrecision(p: Precision, available: Precision[]): Precision | undefined {
  let best: Precision | undefined;
  let bestD = Infinity;
  for (const q of PRECISIONS) {
    if (!available.includes(q)) continue;
    const d = precisionDistance(p, q);
    if (d < bestD) {
      best = q;
      bestD = d;
    }
  }
  return best;
}

export function peakFor(target: Target, p: Precision): PeakChoice | undefined {
  const usable = (q: Precision) => {
    const v = target.peak[q]?.value;
    return v !== undefined && Number.isFinite(v) && v > 0;
  };
  const available = PRECISIONS.filter(usable);
  const q = usable(p) ? p : nearestPrecision(p, available);
  if (!q) return undefined;
  const fig = target.peak[q]!;
  return { precision: q, peak: fig.value, source: fig.source, fallback: q !== p };
}
