// The roofline chart as a specification: log scales fitted to the layers and the roofs, decade
// ticks, the roof segments in pixels, the ridge markers, one point per plottable layer (sampled for
// huge models), the legend, and the roof and ridge labels placed clear of the points and of each
// other (labels.ts). Pure: the renderer only draws this.
import type { Bound, PanelData, PanelRidge } from '../../../server/src/protocol/panel';
import { formatBandwidth, formatOpsPerByte, formatOpsPerSecond, formatTick, significant } from '../../../server/src/protocol/format';
import { computeRidges, roofSegments } from './roofs';
import { BOUND_ORDER, boundClass, boundText, isPlottable, MAX_RADIUS, pointRadius } from './points';
import { sampleLayers, type SampleOptions } from './sample';
import { px, type Box, type Tick } from './geometry';
import { decade, logTicks, niceLogDomain, scaleLog, type LogScale } from './scale';
import { ASCENT, DESCENT, labelOverlaps, labelWidth, LINE_HEIGHT, placeLabels, type Segment as LabelSegment, type Circle, type LabelPlace, type LabelRequest, type Overlap, type PlacedLabel } from './labels';

export interface RoofMark {
  kind: 'compute' | 'memory';
  label: string;
  /** The label drawn: '' when another roof's label names this one (equal peaks share one line). */
  text: string;
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
  /** Where its two lines go (the text, then the label under it). */
  labelX: number;
  labelY: number;
  anchor: 'start' | 'middle' | 'end';
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
  /** Layers without a point (not counted, or no operations), fused members apart. */
  notPlotted: number;
  /** Members of fused groups: their figures are in their producer's point. */
  fused: number;
  /** The roof and ridge labels as placed, with their boxes. */
  labels: PlacedLabel[];
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
  // Room above the top roof for its label, clear of the largest points on that roof.
  const yDomain = performanceDomain([...plottable.map((l) => l.attainable), ...computeRoofs.map((r) => r.value), ...memoryRoofs.map((r) => r.value * xDomain[0])], ASCENT + DESCENT + MAX_RADIUS + 6, plot.bottom - plot.top);
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

  const segments = roofSegments(data.roofs, xDomain, yDomain).map((s) => ({ s, x1: px(x(s.x1)), y1: px(y(s.y1)), x2: px(x(s.x2)), y2: px(y(s.y2)), text: s.label }));
  // Compute roofs of equal peaks (fp16 and bf16) are one line: one label names them all.
  for (const g of segments) {
    if (g.s.kind !== 'compute' || !g.text) continue;
    const same = segments.filter((o) => o !== g && o.s.kind === 'compute' && o.s.value === g.s.value);
    if (same.length === 0) continue;
    g.text = `${[g, ...same].map((o) => o.s.precision ?? o.s.label).join(' / ')} peak ${formatOpsPerSecond(g.s.value)}`;
    for (const o of same) o.text = '';
  }
  const ridgeAt = ridges
    .filter((r) => r.ctc >= xDomain[0] && r.ctc <= xDomain[1])
    .map((r) => ({ r, cx: px(x(r.ctc)), cy: px(y(r.performance)), text: formatOpsPerByte(r.ctc) }));

  // Labels, each clear of the points, the ridge marks and the labels placed before it: the ridges'
  // (the fewest places), the compute roofs', the memory roofs'; when that leaves an overlap, the
  // other orders of the three kinds are tried and the one with the fewest overlaps is kept.
  const kinds: LabelRequest[][] = [
    ridgeAt.map((g) => ({ id: `ridge ${g.r.label}`, lines: [g.text, g.r.label], candidates: ridgeLabelPlaces(g.cx, g.cy) })),
    segments.filter((g) => g.text && g.s.kind === 'compute').map((g) => ({ id: `roof ${g.s.label}`, own: ownLines(g, segments), lines: [g.text], bold: true, candidates: computeLabelPlaces(g, labelWidth([g.text], true), plot) })),
    segments.filter((g) => g.text && g.s.kind === 'memory').map((g) => ({ id: `roof ${g.s.label}`, own: ownLines(g, segments), lines: [g.text], bold: true, candidates: memoryLabelPlaces(g) })),
  ];
  const roofLines = roofLinesOf(segments);
  const obstacles = obstaclesOf(points, ridgeAt);
  let labels: PlacedLabel[] = [];
  let fewest = Infinity;
  for (const order of LABEL_ORDERS) {
    const placed = placeLabels(order.flatMap((k) => kinds[k]), obstacles, plot, roofLines);
    const overlaps = placed.reduce((n, l) => n + l.overlaps, 0);
    if (overlaps < fewest) {
      labels = placed;
      fewest = overlaps;
    }
    if (overlaps === 0) break;
  }
  const placeOf = (id: string): PlacedLabel | undefined => labels.find((l) => l.id === id);

  const roofs: RoofMark[] = segments.map(({ s, x1, y1, x2, y2, text }) => {
    const at = placeOf(`roof ${s.label}`);
    const title = s.kind === 'compute' ? `${s.label}: ${formatOpsPerSecond(s.value)}` : `${s.label}: ${formatBandwidth(s.value)}`;
    return { kind: s.kind, label: s.label, text, title, x1, y1, x2, y2, labelX: px(at?.x ?? x2), labelY: px(at?.y ?? y1), labelAngle: px(at?.angle ?? 0), anchor: at?.anchor === 'end' ? 'end' : 'start' };
  });

  const ridgeMarks: RidgeMark[] = ridgeAt.map(({ r, cx, cy, text }) => {
    const at = placeOf(`ridge ${r.label}`);
    return {
      label: r.label,
      ctc: r.ctc,
      performance: r.performance,
      cx,
      cy,
      text,
      title: `ridge ${r.label}: ${formatOpsPerByte(r.ctc)} at ${formatOpsPerSecond(r.performance)}`,
      labelX: px(at?.x ?? cx),
      labelY: px(at?.y ?? cy + 15),
      anchor: at?.anchor ?? 'middle',
    };
  });

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
    notPlotted: data.layers.filter((l) => l.bound !== 'fused' && !isPlottable(l)).length,
    fused: data.layers.filter((l) => l.bound === 'fused').length,
    labels,
  };
}

/** Orders in which the three kinds of labels (0 ridges, 1 compute roofs, 2 memory roofs) are placed. */
const LABEL_ORDERS = [[0, 1, 2], [1, 2, 0], [2, 1, 0], [1, 0, 2], [0, 2, 1], [2, 0, 1]] as const;

interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A compute roof's label: right-aligned just above the roof at its right end, then just below
 *  it, then further left along it (past its start, over the memory roofs, when the roof is short);
 *  then the same a little further from the line (compute-bound points sit on it). */
function computeLabelPlaces(g: Segment, width: number, plot: Box): LabelPlace[] {
  const out: LabelPlace[] = [];
  const leftmost = Math.max(plot.left, Math.min(g.x1, g.x2 - 4 - width) - width);
  for (const d of [0, 7, 14, 21, 28]) {
    for (let x = g.x2 - 4; x - width >= leftmost - 1; x -= 12) {
      out.push({ x, y: g.y1 - DESCENT - 2 - d, anchor: 'end', angle: 0 }, { x, y: g.y1 + ASCENT + 3 + d, anchor: 'end', angle: 0 });
    }
  }
  if (out.length === 0) out.push({ x: g.x2 - 4, y: g.y1 - DESCENT - 2, anchor: 'end', angle: 0 });
  return out;
}

/** A memory roof's label: along its slope, above the line then below it, from its lower end up. */
function memoryLabelPlaces(g: Segment): LabelPlace[] {
  const angle = (Math.atan2(g.y2 - g.y1, g.x2 - g.x1) * 180) / Math.PI;
  const a = (angle * Math.PI) / 180;
  // The unit normal pointing above the line on screen.
  const nx = Math.sin(a);
  const ny = -Math.cos(a);
  const out: LabelPlace[] = [];
  for (const d of [0, 8, 16, 24]) {
    for (let t = 0.02; t <= 0.9601; t += 0.02) {
      const bx = g.x1 + t * (g.x2 - g.x1);
      const by = g.y1 + t * (g.y2 - g.y1);
      const above = DESCENT + 2 + d;
      const below = ASCENT + 3 + d;
      out.push({ x: bx + nx * above, y: by + ny * above, anchor: 'start', angle }, { x: bx - nx * below, y: by - ny * below, anchor: 'start', angle });
    }
  }
  return out;
}

/** A ridge's two lines: under its mark, above, right, left, then the same further out. */
function ridgeLabelPlaces(cx: number, cy: number): LabelPlace[] {
  const out: LabelPlace[] = [];
  const h = LINE_HEIGHT + ASCENT + DESCENT;
  for (const d of [0, 8, 16, 24, 32, 44, 56]) {
    out.push(
      { x: cx, y: cy + 6 + ASCENT + d, anchor: 'middle', angle: 0 },
      { x: cx, y: cy - 6 - h + ASCENT - d, anchor: 'middle', angle: 0 },
      { x: cx + 8 + d, y: cy - h / 2 + ASCENT, anchor: 'start', angle: 0 },
      { x: cx - 8 - d, y: cy - h / 2 + ASCENT, anchor: 'end', angle: 0 },
      { x: cx + 6 + d, y: cy + 6 + ASCENT + d, anchor: 'start', angle: 0 },
      { x: cx - 6 - d, y: cy + 6 + ASCENT + d, anchor: 'end', angle: 0 },
      { x: cx + 6 + d, y: cy - 6 - h + ASCENT - d, anchor: 'start', angle: 0 },
      { x: cx - 6 - d, y: cy - 6 - h + ASCENT - d, anchor: 'end', angle: 0 },
    );
  }
  return out;
}

/** What labels must not cover: every point (with its outline) and every ridge mark. */
function obstaclesOf(points: readonly PointMark[], ridges: readonly { r: PanelRidge; cx: number; cy: number }[]): Circle[] {
  return [...points.map((p) => ({ cx: p.cx, cy: p.cy, r: p.r + 1, id: `point ${p.name}` })), ...ridges.map((g) => ({ cx: g.cx, cy: g.cy, r: 5.5, id: `ridge mark ${g.r.label}` }))];
}

/** The roof lines as segments labels must not cross, each named as its label is ('roof HBM3 ...'). */
function roofLinesOf(segments: readonly { s: { label: string }; x1: number; y1: number; x2: number; y2: number }[]): LabelSegment[] {
  return segments.map((g) => ({ x1: g.x1, y1: g.y1, x2: g.x2, y2: g.y2, id: `roof ${g.s.label}` }));
}

/** A roof label's own lines: its roof, and the roofs of equal value its label also names. */
function ownLines(g: { s: { label: string; kind: string; value: number } }, segments: readonly { s: { label: string; kind: string; value: number } }[]): string[] {
  return segments.filter((o) => o.s.kind === g.s.kind && o.s.value === g.s.value).map((o) => `roof ${o.s.label}`);
}

/** The check: every roof or ridge label that overlaps a point, a ridge mark, another label, or a
 *  roof line other than its own. */
export function rooflineOverlaps(spec: RooflineSpec): Overlap[] {
  const ridges = spec.ridges.map((r) => ({ r: { label: r.label, ctc: r.ctc, performance: r.performance }, cx: r.cx, cy: r.cy }));
  const own = new Map(spec.roofs.map((r) => [`roof ${r.label}`, spec.roofs.filter((o) => o.kind === r.kind && o.y1 === r.y1 && o.kind === 'compute').map((o) => `roof ${o.label}`)]));
  const lines = roofLinesOf(spec.roofs.map((r) => ({ s: r, x1: r.x1, y1: r.y1, x2: r.x2, y2: r.y2 })));
  const out: Overlap[] = [];
  for (const o of labelOverlaps(spec.labels, obstaclesOf(spec.points, ridges), lines)) {
    if (!own.get(o.label)?.includes(o.with)) out.push(o);
  }
  return out;
}

/** The performance axis: from the decade below the lowest value to half as much again as the
 *  highest (room for the label above the top roof, without a mostly empty decade), two decades
 *  at least. `roomPx` of `heightPx`: the space to keep above the highest value, in pixels (a
 *  label's height), when 1.5 x leaves less. */
export function performanceDomain(values: readonly number[], roomPx = 0, heightPx = 0): [number, number] {
  let max = 0;
  for (const v of values) if (v > max && Number.isFinite(v)) max = v;
  if (!(max > 0)) return [1, 100];
  let hi = max * 1.5;
  let lo = Math.min(niceLogDomain(values, 1)[0], decade(Math.floor(Math.log10(hi / 100))));
  if (roomPx > 0 && heightPx > roomPx) {
    // Pixels above max = height x log(hi / max) / log(hi / lo): solve for log(hi / max).
    const below = Math.log10(max / lo);
    const room = (roomPx * below) / (heightPx - roomPx);
    if (room > Math.log10(1.5)) {
      hi = max * 10 ** room;
      lo = Math.min(lo, decade(Math.floor(Math.log10(hi / 100))));
    }
  }
  return [lo, hi];
}

/** '118 fused layers are in their group's point · 3 layers not plotted (not counted, or no
 *  operations)'; '' when every layer has a point of its own. */
export function notPlottedText(n: number, fused = 0): string {
  const parts: string[] = [];
  if (fused > 0) parts.push(`${significant(fused, 6)} fused layer${fused === 1 ? ' is' : 's are'} in ${fused === 1 ? 'its' : 'their'} group's point`);
  if (n > 0) parts.push(`${significant(n, 6)} layer${n === 1 ? '' : 's'} not plotted (not counted, or no operations)`);
  return parts.join(' · ');
}
