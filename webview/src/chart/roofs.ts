// The roofs of a target as line segments in data coordinates (op/B, op/s): one horizontal segment
// per compute roof, from where it meets the fastest memory roof to the right edge; one diagonal per
// memory roof (performance = bandwidth x CTC), from the left edge up to the highest compute roof;
// and the ridge points (CTC = peak / bandwidth) where a compute roof meets a memory roof. Pure.
import type { PanelRidge, PanelRoof } from '../../../server/src/protocol/panel';

export interface RoofSegment {
  kind: 'compute' | 'memory';
  label: string;
  /** Compute roofs: the precision. */
  precision?: string;
  /** ops/s (compute) or bytes/s (memory). */
  value: number;
  /** Segment ends in data units: x in op/B, y in op/s. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const valid = (r: PanelRoof): boolean => Number.isFinite(r.value) && r.value > 0;

/** The roofs as segments inside `xDomain` and `yDomain` (both log domains, min > 0). */
export function roofSegments(roofs: readonly PanelRoof[], xDomain: readonly [number, number], yDomain: readonly [number, number]): RoofSegment[] {
  const [xMin, xMax] = xDomain;
  const [yMin, yMax] = yDomain;
  const compute = roofs.filter((r) => r.kind === 'compute' && valid(r));
  const memory = roofs.filter((r) => r.kind === 'memory' && valid(r));
  const topPeak = compute.length ? Math.max(...compute.map((r) => r.value)) : yMax;
  const topBandwidth = memory.length ? Math.max(...memory.map((r) => r.value)) : 0;
  const out: RoofSegment[] = [];
  for (const r of compute) {
    // Starts where it meets the fastest memory roof: nothing can be attained left of that.
    const x1 = topBandwidth > 0 ? Math.max(xMin, r.value / topBandwidth) : xMin;
    if (x1 >= xMax) continue;
    out.push({ kind: 'compute', label: r.label, ...(r.precision ? { precision: r.precision } : {}), value: r.value, x1, y1: r.value, x2: xMax, y2: r.value });
  }
  for (const r of memory) {
    // y = bandwidth * x, from the left edge (or the floor of the chart) up to the top compute roof.
    let x1 = xMin;
    if (r.value * x1 < yMin) x1 = yMin / r.value;
    let x2 = Math.min(xMax, topPeak / r.value);
    if (r.value * x2 > yMax) x2 = yMax / r.value;
    if (x2 <= x1) continue;
    out.push({ kind: 'memory', label: r.label, value: r.value, x1, y1: r.value * x1, x2, y2: r.value * x2 });
  }
  return out;
}

/** Every compute roof against every memory roof: CTC = peak / bandwidth, at performance = peak.
 *  For data that come without ridges; the analysis's own `ridges` take precedence when present. */
export function computeRidges(roofs: readonly PanelRoof[]): PanelRidge[] {
  const compute = roofs.filter((r) => r.kind === 'compute' && valid(r));
  const memory = roofs.filter((r) => r.kind === 'memory' && valid(r));
  const out: PanelRidge[] = [];
  for (const c of compute) {
    for (const m of memory) {
      out.push({ label: `${c.precision ?? c.label} / ${m.level ?? m.label}`, ctc: c.value / m.value, performance: c.value });
    }
  }
  return out;
}
