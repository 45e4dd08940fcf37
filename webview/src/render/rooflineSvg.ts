// Draws a roofline specification as SVG strings: under the points, the grid and axes with decade
// ticks and titles, the roofs with their labels and the ridge markers; then one circle per point
// (data-layer, a <title> for the tooltip; the selected one last, on top); over them, the legend.
// Colours come from classes (style.css maps them to var(--vscode-*)); an exported SVG carries its
// own <style> with the colours resolved. Pure.
import type { PointMark, RooflineSpec } from '../chart/roofline';
import { px } from '../chart/geometry';
import { LINE_HEIGHT } from '../chart/labels';
import { textWidth } from '../chart/text';
import type { Mark } from './marks';
import { marksSvg } from './marks';
import { esc, tag } from './svg';

export interface SvgOptions {
  /** Layer to draw as selected. */
  selected?: number;
  /** A stylesheet to embed (exported files); the page's own CSS applies otherwise. */
  styleSheet?: string;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** The <svg> element's attributes, as a string. */
export function svgOpen(cls: string, width: number, height: number, label: string): string {
  return `<svg xmlns="${SVG_NS}" class="rl-svg ${cls}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}">`;
}

export function rooflineLabel(spec: RooflineSpec): string {
  return `roofline: ${spec.sample.shown} layers against ${spec.roofs.length} roofs`;
}

/** Background, grid, axes, roofs and ridges. */
export function rooflineUnder(spec: RooflineSpec): string {
  const { plot, width, height } = spec;
  const out: string[] = [];
  out.push(tag('rect', { class: 'rl-bg', x: 0, y: 0, width, height }));
  const grid: string[] = [];
  for (const t of spec.xTicks) grid.push(`<line x1="${t.pos}" y1="${plot.top}" x2="${t.pos}" y2="${plot.bottom}"/>`);
  for (const t of spec.yTicks) grid.push(`<line x1="${plot.left}" y1="${t.pos}" x2="${plot.right}" y2="${t.pos}"/>`);
  out.push(tag('g', { class: 'rl-grid' }, ...grid));
  out.push(tag('rect', { class: 'rl-frame', x: plot.left, y: plot.top, width: plot.right - plot.left, height: plot.bottom - plot.top }));
  const axis: string[] = [];
  for (const t of spec.xTicks) axis.push(tag('text', { class: 'rl-tick rl-tick-x', x: t.pos, y: plot.bottom + 14, 'text-anchor': 'middle' }, esc(t.label)));
  for (const t of spec.yTicks) axis.push(tag('text', { class: 'rl-tick rl-tick-y', x: plot.left - 5, y: t.pos, dy: '0.32em', 'text-anchor': 'end' }, esc(t.label)));
  axis.push(tag('text', { class: 'rl-axis-title rl-axis-x', x: (plot.left + plot.right) / 2, y: height - 8, 'text-anchor': 'middle' }, esc(spec.xLabel)));
  const midY = (plot.top + plot.bottom) / 2;
  axis.push(tag('text', { class: 'rl-axis-title rl-axis-y', x: 13, y: midY, 'text-anchor': 'middle', transform: `rotate(-90 13 ${midY})` }, esc(spec.yLabel)));
  out.push(tag('g', { class: 'rl-axes' }, ...axis));

  const roofs: string[] = [];
  for (const r of spec.roofs) {
    roofs.push(tag('line', { class: `rl-roof rl-roof-${r.kind}`, 'data-roof': r.label, x1: r.x1, y1: r.y1, x2: r.x2, y2: r.y2 }, tag('title', {}, esc(r.title))));
    if (!r.text) continue;
    roofs.push(
      tag(
        'text',
        {
          class: `rl-roof-label rl-roof-label-${r.kind}`,
          x: r.labelX,
          y: r.labelY,
          'text-anchor': r.anchor,
          transform: r.labelAngle ? `rotate(${r.labelAngle} ${r.labelX} ${r.labelY})` : undefined,
        },
        esc(r.text),
      ),
    );
  }
  out.push(tag('g', { class: 'rl-roofs' }, ...roofs));

  // Ridge points: a diamond, then the intensity and the ridge's name, where the spec placed them.
  const ridges: string[] = [];
  for (const r of spec.ridges) {
    const d = 4.5;
    ridges.push(
      tag(
        'g',
        { class: 'rl-ridge', 'data-ridge': r.label },
        tag('path', { class: 'rl-ridge-mark', d: `M${r.cx} ${r.cy - d}L${r.cx + d} ${r.cy}L${r.cx} ${r.cy + d}L${r.cx - d} ${r.cy}Z` }, tag('title', {}, esc(r.title))),
        tag('text', { class: 'rl-ridge-label', x: r.labelX, y: r.labelY, 'text-anchor': r.anchor }, esc(r.text)),
        tag('text', { class: 'rl-ridge-name', x: r.labelX, y: px(r.labelY + LINE_HEIGHT), 'text-anchor': r.anchor }, esc(r.label)),
      ),
    );
  }
  out.push(tag('g', { class: 'rl-ridges' }, ...ridges));
  return out.join('');
}

/** The points as marks, in drawing order: largest first, the selected one last. */
export function pointMarks(points: readonly PointMark[], selected?: number): Mark[] {
  const marks: Mark[] = [];
  let last: Mark | undefined;
  for (const p of points) {
    const isSel = p.layer === selected;
    const m: Mark = { key: p.layer, cls: `rl-point ${p.cls}${isSel ? ' selected' : ''}`, attrs: { cx: p.cx, cy: p.cy, r: p.r }, title: p.title };
    if (isSel) last = m;
    else marks.push(m);
  }
  if (last) marks.push(last);
  return marks;
}

/** The legend in the top margin: one swatch per bound present, then what the area means. */
export function rooflineOver(spec: RooflineSpec): string {
  const legend: string[] = [];
  let lx = spec.plot.left;
  const ly = Math.max(12, spec.plot.top - 14);
  for (const e of spec.legend) {
    const text = `${e.label} (${e.count})`;
    legend.push(tag('g', { class: 'rl-legend-entry', 'data-bound': e.bound }, `<circle class="rl-legend-dot ${e.cls}" cx="${lx + 5}" cy="${ly}" r="5"/>`, tag('text', { x: lx + 14, y: ly, dy: '0.32em' }, esc(text))));
    lx += 14 + textWidth(text) + 14;
  }
  legend.push(tag('text', { class: 'rl-legend-note', x: lx, y: ly, dy: '0.32em' }, 'area ∝ time'));
  return tag('g', { class: 'rl-legend' }, ...legend);
}

export function rooflineSvg(spec: RooflineSpec, options: SvgOptions = {}): string {
  const style = options.styleSheet ? `<style>${options.styleSheet.replace(/<\/style/gi, '<\\/style')}</style>` : '';
  return (
    svgOpen('rl-roofline-svg', spec.width, spec.height, rooflineLabel(spec)) +
    style +
    `<g class="rl-under">${rooflineUnder(spec)}</g>` +
    `<g class="rl-points">${marksSvg('circle', pointMarks(spec.points, options.selected))}</g>` +
    `<g class="rl-over">${rooflineOver(spec)}</g></svg>`
  );
}
