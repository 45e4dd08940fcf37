// Placing the chart's labels (roof labels, ridge labels) so that they hide no point and no other
// label: each label comes with candidate places in order of preference, and `placeLabels` takes,
// label by label, the first candidate whose box overlaps no obstacle (the points, the ridge marks)
// and no label placed before it, inside the plot; when none is free, the candidate that overlaps
// least. A label's box is a rectangle around its text, rotated with it about its anchor point
// (memory roofs' labels follow their slope). `labelOverlaps` is the check the tests run: every
// pair of a label box and a point, or of two label boxes, that intersect. Pure.
import type { Box } from './geometry';
import { textWidth } from './text';

/** Text metrics at the charts' 11 px font (as Chromium draws it: a 13 px box, 10 above the
 *  baseline): height above the baseline, below it, line spacing. */
export const ASCENT = 10;
export const DESCENT = 3;
export const LINE_HEIGHT = 11;

export type Anchor = 'start' | 'middle' | 'end';

/** One place for a label: the first line's baseline anchor, the text's alignment and rotation. */
export interface LabelPlace {
  x: number;
  y: number;
  anchor: Anchor;
  /** Degrees, clockwise on screen, about (x, y). */
  angle: number;
}

export interface LabelRequest {
  id: string;
  /** Ids of the lines it may touch (its own roof). */
  own?: string[];
  lines: string[];
  /** Per line: bold text runs wider. */
  bold?: boolean;
  /** In order of preference. */
  candidates: LabelPlace[];
}

export interface Circle {
  cx: number;
  cy: number;
  r: number;
  /** What it is, for the messages of the check ('point conv1', 'ridge fp32 / DDR3'). */
  id: string;
}

/** A rectangle rotated about a point: its four corners, clockwise. */
export type Quad = [Pt, Pt, Pt, Pt];
interface Pt {
  x: number;
  y: number;
}

export interface PlacedLabel extends LabelPlace {
  id: string;
  lines: string[];
  quad: Quad;
  /** Obstacles and earlier labels it still overlaps (0 when it found a free place). */
  overlaps: number;
}

/** Width of a label's widest line, erring wide: the estimate of text.ts plus 5% (labels hold
 *  digits, which run wider), 15% for bold text (measured in Chromium: 'fp32 peak 89.6 GOP/s' in
 *  bold is 134 px, 'DDR3 4.50 GB/s' 98 px). */
export function labelWidth(lines: readonly string[], bold = false): number {
  const w = Math.max(0, ...lines.map((l) => textWidth(l)));
  return Math.ceil(w * (bold ? 1.15 : 1.05));
}

/** Space kept around a placed label's box: glyphs overhang their advance by a fraction of a
 *  pixel (Chromium draws 'fp32 peak 1.28 TOP/s' right-aligned 0.45 px past its anchor). */
export const LABEL_PAD = 1;

/** The box of a label at a place, as the renderer draws it (text-anchor, then the rotation),
 *  grown by `pad` on every side. */
export function labelQuad(lines: readonly string[], place: LabelPlace, bold = false, pad = 0): Quad {
  const w = labelWidth(lines, bold);
  const h = ASCENT + DESCENT + LINE_HEIGHT * (lines.length - 1);
  const left = (place.anchor === 'start' ? 0 : place.anchor === 'end' ? -w : -w / 2) - pad;
  const top = -ASCENT - pad;
  const corners: Pt[] = [
    { x: left, y: top },
    { x: left + w + 2 * pad, y: top },
    { x: left + w + 2 * pad, y: top + h + 2 * pad },
    { x: left, y: top + h + 2 * pad },
  ];
  const a = (place.angle * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  return corners.map((c) => ({ x: place.x + c.x * cos - c.y * sin, y: place.y + c.x * sin + c.y * cos })) as Quad;
}

function axes(q: Quad): Pt[] {
  return [
    { x: q[1].x - q[0].x, y: q[1].y - q[0].y },
    { x: q[3].x - q[0].x, y: q[3].y - q[0].y },
  ];
}

function project(q: Quad, axis: Pt): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of q) {
    const d = p.x * axis.x + p.y * axis.y;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  return [lo, hi];
}

/** Two rotated rectangles intersect (separating axis theorem; touching edges do not count). */
export function quadsOverlap(a: Quad, b: Quad): boolean {
  for (const axis of [...axes(a), ...axes(b)]) {
    const [a0, a1] = project(a, axis);
    const [b0, b1] = project(b, axis);
    if (a1 <= b0 || b1 <= a0) return false;
  }
  return true;
}

/** A line the labels must not cross (a roof other than the label's own). */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  id: string;
}

/** A rotated rectangle and a line segment intersect (separating axis theorem). */
export function quadSegmentOverlap(q: Quad, s: Segment): boolean {
  const seg: Pt[] = [
    { x: s.x1, y: s.y1 },
    { x: s.x2, y: s.y2 },
  ];
  const normal = { x: -(s.y2 - s.y1), y: s.x2 - s.x1 };
  for (const axis of [...axes(q), normal]) {
    const [a0, a1] = project(q, axis);
    const b = seg.map((p) => p.x * axis.x + p.y * axis.y);
    if (a1 <= Math.min(...b) || Math.max(...b) <= a0) return false;
  }
  return true;
}

/** A rotated rectangle and a disc intersect: the disc's centre is within r of the rectangle. */
export function quadCircleOverlap(q: Quad, c: Circle): boolean {
  // The centre in the rectangle's own frame (origin at corner 0, unit axes along its sides).
  const [u, v] = axes(q);
  const lu = Math.hypot(u.x, u.y) || 1;
  const lv = Math.hypot(v.x, v.y) || 1;
  const dx = c.cx - q[0].x;
  const dy = c.cy - q[0].y;
  const pu = (dx * u.x + dy * u.y) / lu;
  const pv = (dx * v.x + dy * v.y) / lv;
  const nu = Math.min(lu, Math.max(0, pu));
  const nv = Math.min(lv, Math.max(0, pv));
  return Math.hypot(pu - nu, pv - nv) < c.r;
}

const CELL = 32;

/** Obstacles bucketed by a 32 px grid, so that a label tests only the discs near it. */
function obstacleGrid(obstacles: readonly Circle[]): { near(q: Quad): Circle[] } {
  const cells = new Map<number, Circle[]>();
  let maxR = 0;
  const key = (i: number, j: number) => i * 100_003 + j;
  for (const c of obstacles) {
    maxR = Math.max(maxR, c.r);
    const k = key(Math.floor(c.cx / CELL), Math.floor(c.cy / CELL));
    const list = cells.get(k);
    if (list) list.push(c);
    else cells.set(k, [c]);
  }
  return {
    near(q) {
      const xs = q.map((p) => p.x);
      const ys = q.map((p) => p.y);
      const i0 = Math.floor((Math.min(...xs) - maxR) / CELL);
      const i1 = Math.floor((Math.max(...xs) + maxR) / CELL);
      const j0 = Math.floor((Math.min(...ys) - maxR) / CELL);
      const j1 = Math.floor((Math.max(...ys) + maxR) / CELL);
      const out: Circle[] = [];
      for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) out.push(...(cells.get(key(i, j)) ?? []));
      return out;
    },
  };
}

function inside(q: Quad, bounds: Box): boolean {
  return q.every((p) => p.x >= bounds.left && p.x <= bounds.right && p.y >= bounds.top && p.y <= bounds.bottom);
}

/**
 * Places every label, in the order given (earlier labels have first choice), with LABEL_PAD
 * around its box. A candidate outside
 * `bounds` is taken only when no candidate is inside; among the rest, the first with the fewest
 * overlaps wins.
 */
export function placeLabels(requests: readonly LabelRequest[], obstacles: readonly Circle[], bounds: Box, lines: readonly Segment[] = []): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const grid = obstacleGrid(obstacles);
  for (const req of requests) {
    let best: PlacedLabel | undefined;
    let bestScore = Infinity;
    for (const place of req.candidates) {
      const quad = labelQuad(req.lines, place, req.bold, LABEL_PAD);
      // Outside the plot counts as worse than any number of overlaps inside it.
      let score = inside(quad, bounds) ? 0 : 1e6;
      if (score >= bestScore) continue;
      for (const p of placed) if (quadsOverlap(quad, p.quad)) score++;
      for (const l of lines) if (!req.own?.includes(l.id) && quadSegmentOverlap(quad, l)) score++;
      for (const c of grid.near(quad)) {
        if (score >= bestScore) break;
        if (quadCircleOverlap(quad, c)) score++;
      }
      if (score < bestScore) {
        best = { ...place, id: req.id, lines: req.lines, quad, overlaps: score % 1e6 };
        bestScore = score;
        if (score === 0) break;
      }
    }
    if (best) placed.push(best);
  }
  return placed;
}

export interface Overlap {
  label: string;
  with: string;
}

/** Every label box that overlaps an obstacle (a point, a ridge mark), another label box, or a
 *  line that is not its own (`lines`, ids matched against the label's id). */
export function labelOverlaps(labels: readonly { id: string; quad: Quad }[], obstacles: readonly Circle[], lines: readonly Segment[] = []): Overlap[] {
  const out: Overlap[] = [];
  labels.forEach((l, i) => {
    for (const c of obstacles) if (quadCircleOverlap(l.quad, c)) out.push({ label: l.id, with: c.id });
    for (const s of lines) if (s.id !== l.id && quadSegmentOverlap(l.quad, s)) out.push({ label: l.id, with: s.id });
    for (const m of labels.slice(i + 1)) if (quadsOverlap(l.quad, m.quad)) out.push({ label: l.id, with: m.id });
  });
  return out;
}
