// The roofline chart as a specification: log scales fitted to the layers and the roofs, decade
// ticks, the roof segments in pixels with their label positions, the ridge markers, one point per
// plottable layer (sampled for huge models) and the legend. Pure: the renderer only draws this.
import type { Bound, PanelData, PanelRidge } from '../../../server/src/protocol/panel';
import { formatBandwidth, formatOpsPerByte, formatOpsPerSecond, formatTick, significant } from '../../../server/src/protocol/format';
import { computeRidges, roofSegments } from './roofs';
import { BOUND_ORDER, boundClass, boundText, isPlottable, pointRadius } from './points';
import { sampleLayers, type SampleOptions } from './sample';
import { px, type Box, type Tick } from './geometry';
import { decade, logTicks, niceLogDomain, scaleLog, type LogScale } from './scale';
import { textWidth } from './text';

export interface RoofMark {
  kind: 'compute' | 'memory';
  label: string;
  title: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  labelX: number;
  labelY: number;
  /** Rotation of the label in degrees (memory roofs follow their slope). */
  labelAngle: number;
  anchor: 'start' | 'end';
}

export interface RidgeMark {
  label: string;
  ctc: number;
  performance: number;
  cx: number;
  cy: number;
  /** '19.9 op/B'. */
  text: string;
  title: string;
}

export interface PointMark {
  /** PanelLayer.index. */
  layer: number;
  name: string;
  cx: number;
  cy: number;
  r: number;
  bound: Bound;
  cls: string;
  title: string;
}

export interface LegendEntry {
  bound: Bound;
  cls: string;
  label: string;
  count: number;
}

export interface RooflineSpec {
  width: number;
  height: number;
  plot: Box;
  x: LogScale;
  y: LogScale;
  xTicks: Tick[];
  yTicks: Tick[];
  xLabel: string;
  yLabel: string;
  roofs: RoofMark[];
  ridges: RidgeMark[];
  /** Drawing order: largest first, so that small points stay on top and clickable. */
  points: PointMark[];
  legend: LegendEntry[];
  /** Plottable layers, points drawn, and the 'showing N of M layers' text ('' when all are drawn). */
  sample: { shown: number; total: number; sampled: boolean; text: string };
  /** Layers without a point (not counted, or no operations). */
  notPlotted: number;
}

export interface RooflineOptions extends SampleOptions {
  width: number;
  height: number;
  margin?: Partial<Box>;
}

export const ROOFLINE_MARGIN: Box = { left: 72, top: 30, right: 16, bottom: 44 };

export function rooflineSpec(data: PanelData, options: RooflineOptions): RooflineSpec {
  const width = Math.max(200, options.width);
  const height = Math.max(160, options.height);
  const m = { ...ROOFLINE_MARGIN, ...options.margin };
  const plot: Box = { left: m.left, top: m.top, right: width - m.right, bottom: height - m.bottom };

  const plottable = data.layers.filter(isPlottable);
  const ridges: PanelRidge[] = (data.ridges.length ? data.ridges : computeRidges(data.roofs)).filter((r) => r.ctc > 0 && r.performance > 0 && Number.isFinite(r.ctc));
  const computeRoofs = data.roofs.filter((r) => r.kind === 'compute' && r.value > 0 && Number.isFinite(r.value));
  const memoryRoofs = data.roofs.filter((r) => r.kind === 'memory' && r.value > 0 && Number.isFinite(r.value));

  const xDomain = niceLogDomain([...plottable.map((l) => l.ctc), ...ridges.map((r) => r.ctc)], 2);
  const yDomain = performanceDomain([...plottable.map((l) => l.attainable), ...computeRoofs.map((r) => r.value), ...memoryRoofs.map((r) => r.value * xDomain[0])]);
  const x = scaleLog(xDomain, [plot.left, plot.right]);
  const y = scaleLog(yDomain, [plot.bottom, plot.top]);

  const xTicks = logTicks(xDomain, Math.max(3, Math.floor((plot.right - plot.left) / 60))).map((v) => ({ value: v, pos: px(x(v)), label: formatTick(v) }));
  const yTicks = logTicks(yDomain, Math.max(3, Math.floor((plot.bottom - plot.top) / 28))).map((v) => ({ value: v, pos: px(y(v)), label: formatTick(v) }));

  const sample = sampleLayers(plottable, options);
  let maxShare = 0;
  for (const l of plottable) if (l.share > maxShare) maxShare = l.share;
  const points: PointMark[] = sample.items.map((l) => ({
    layer: l.index,
    name: l.name,
    cx: px(x(l.ctc)),
    cy: px(y(l.attainable)),
    r: px(pointRadius(l.share, maxShare)),
    bound: l.bound,
    cls: boundClass(l.bound),
    // Name, operator and bound only: the numbers are in the hover card, and a title that stays the
    // same across edits spares 2,000 text writes per update.
    title: `${l.name} (${l.op}): ${boundText(l.bound)}${l.boundLabel ? ` (${l.boundLabel})` : ''}`,
  }));
  points.sort((a, b) => b.r - a.r || a.layer - b.layer);

  const roofs: RoofMark[] = roofSegments(data.roofs, xDomain, yDomain).map((s) => {
    const x1 = px(x(s.x1));
    const y1 = px(y(s.y1));
    const x2 = px(x(s.x2));
    const y2 = px(y(s.y2));
    if (s.kind === 'compute') {
      return { kind: s.kind, label: s.label, title: `${s.label}: ${formatOpsPerSecond(s.value)}`, x1, y1, x2, y2, labelX: px(x2 - 4), labelY: px(y1 - 5), labelAngle: 0, anchor: 'end' };
    }
    const angle = (Math.atan2(y2 - y1, x2 - x1) * 180) / Math.PI;
    const t = labelPlace(x1, y1, x2, y2, textWidth(s.label), points);
    return {
      kind: s.kind,
      label: s.label,
      title: `${s.label}: ${formatBandwidth(s.value)}`,
      x1,
      y1,
      x2,
      y2,
      labelX: px(x1 + t * (x2 - x1) + 2),
      labelY: px(y1 + t * (y2 - y1) - 5),
      labelAngle: px(angle),
      anchor: 'start',
    };
  });

  const ridgeMarks: RidgeMark[] = ridges
    .filter((r) => r.ctc >= xDomain[0] && r.ctc <= xDomain[1])
    .map((r) => ({
      label: r.label,
      ctc: r.ctc,
      performance: r.performance,
      cx: px(x(r.ctc)),
      cy: px(y(r.performance)),
      text: formatOpsPerByte(r.ctc),
      title: `ridge ${r.label}: ${formatOpsPerByte(r.ctc)} at ${formatOpsPerSecond(r.performance)}`,
    }));

  const counts = new Map<Bound, number>();
  for (const l of plottable) counts.set(l.bound, (counts.get(l.bound) ?? 0) + 1);
  const legend: LegendEntry[] = BOUND_ORDER.filter((b) => counts.has(b)).map((b) => ({ bound: b, cls: boundClass(b), label: boundText(b), count: counts.get(b) ?? 0 }));

  return {
    width,
    height,
    plot,
    x,
    y,
    xTicks,
    yTicks,
    xLabel: 'operational intensity (op/B)',
    yLabel: 'attainable performance (op/s)',
    roofs,
    ridges: ridgeMarks,
    points,
    legend,
    sample: { shown: sample.shown, total: sample.total, sampled: sample.sampled, text: sample.text },
    notPlotted: data.layers.length - plottable.length,
  };
}

/** The performance axis: from the decade below the lowest value to half as much again as the
 *  highest (room for the label above the top roof, without a mostly empty decade), two decades
 *  at least. */
export function performanceDomain(values: readonly number[]): [number, number] {
  let max = 0;
  for (const v of values) if (v > max && Number.isFinite(v)) max = v;
  if (!(max > 0)) return [1, 100];
  const hi = max * 1.5;
  const lo = Math.min(niceLogDomain(values, 1)[0], decade(Math.floor(Math.log10(hi / 100))));
  return [lo, hi];
}

/** Where along a memory roof (0..1) its label goes: the first of a few candidate places whose
 *  stretch of line has the fewest points on it, so that the label does not hide layers. */
export function labelPlace(x1: number, y1: number, x2: number, y2: number, labelWidth: number, points: readonly { cx: number; cy: number; r: number }[]): number {
  const len = Math.hypot(x2 - x1, y2 - y1) || 1;
  const span = Math.min(0.5, labelWidth / len);
  let best = 0.04;
  let bestCount = Infinity;
  for (const t of [0.04, 0.2, 0.36, 0.52]) {
    if (t + span > 0.98 && t > 0.04) continue;
    // The label covers t..t+span along the line, and about 14 px above it.
    const ax = x1 + t * (x2 - x1);
    const ay = y1 + t * (y2 - y1);
    const bx = x1 + (t + span) * (x2 - x1);
    const by = y1 + (t + span) * (y2 - y1);
    let count = 0;
    for (const p of points) {
      const u = ((p.cx - ax) * (bx - ax) + (p.cy - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2 || 1);
      if (u < -0.05 || u > 1.05) continue;
      const d = Math.abs((p.cx - ax) * (by - ay) - (p.cy - ay) * (bx - ax)) / Math.hypot(bx - ax, by - ay);
      if (d < 16 + p.r) count++;
    }
    if (count < bestCount) {
      best = t;
      bestCount = count;
    }
  }
  return best;
}

/** '3 layers not plotted (not counted, or no operations)'; '' when every layer has a point. */
export function notPlottedText(n: number): string {
  if (n <= 0) return '';
  return `${significant(n, 6)} layer${n === 1 ? '' : 's'} not plotted (not counted, or no operations)`;
}
