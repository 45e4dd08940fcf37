// Draws a buffer specification as SVG strings: under the bars, byte ticks and axes; one bar per
// tiled layer (data-layer, a <title>); over them, a triangle on each bar that overflows, and the
// capacity line with its label. Colours from classes, as for the roofline. Pure.
import type { BufferBar, BufferSpec } from '../chart/buffer';
import { marksSvg, type Mark } from './marks';
import { svgOpen, type SvgOptions } from './rooflineSvg';
import { esc, tag } from './svg';

export function bufferUnder(spec: BufferSpec): string {
  const { plot, width, height } = spec;
  const out: string[] = [];
  out.push(tag('rect', { class: 'rl-bg', x: 0, y: 0, width, height }));
  const grid: string[] = [];
  const axis: string[] = [];
  for (const t of spec.yTicks) {
    grid.push(`<line x1="${plot.left}" y1="${t.pos}" x2="${plot.right}" y2="${t.pos}"/>`);
    axis.push(tag('text', { class: 'rl-tick rl-tick-y', x: plot.left - 5, y: t.pos, dy: '0.32em', 'text-anchor': 'end' }, esc(t.label)));
  }
  out.push(tag('g', { class: 'rl-grid' }, ...grid));
  out.push(tag('rect', { class: 'rl-frame', x: plot.left, y: plot.top, width: plot.right - plot.left, height: plot.bottom - plot.top }));
  axis.push(tag('text', { class: 'rl-axis-title rl-axis-x', x: (plot.left + plot.right) / 2, y: height - 10, 'text-anchor': 'middle' }, esc(spec.xLabel)));
  const midY = (plot.top + plot.bottom) / 2;
  axis.push(tag('text', { class: 'rl-axis-title rl-axis-y', x: 13, y: midY, 'text-anchor': 'middle', transform: `rotate(-90 13 ${midY})` }, esc(spec.yLabel)));
  out.push(tag('g', { class: 'rl-axes' }, ...axis));
  return out.join('');
}

export function barMarks(bars: readonly BufferBar[], selected?: number): Mark[] {
  return bars.map((b) => ({
    key: b.layer,
    cls: `rl-bar ${b.overflow ? 'overflow' : 'fits'}${b.layer === selected ? ' selected' : ''}`,
    attrs: { x: b.x, y: b.y, width: b.width, height: b.height },
    title: b.title,
  }));
}

export function bufferOver(spec: BufferSpec): string {
  const { plot } = spec;
  const out: string[] = [];
  const marks: string[] = [];
  for (const b of spec.bars) {
    if (!b.overflow) continue;
    const cx = Math.round((b.x + b.width / 2) * 100) / 100;
    const top = Math.max(plot.top - 2, b.y - 3);
    marks.push(`<path d="M${cx - 3.5} ${top - 6}L${cx + 3.5} ${top - 6}L${cx} ${top}Z"/>`);
  }
  out.push(tag('g', { class: 'rl-overflow-marks' }, ...marks));
  if (spec.capacity) {
    const c = spec.capacity;
    out.push(
      tag(
        'g',
        { class: 'rl-capacity' },
        tag('line', { x1: plot.left, y1: c.y, x2: plot.right, y2: c.y }, tag('title', {}, esc(c.label))),
        tag('text', { x: plot.right - 4, y: c.y - 4, 'text-anchor': 'end' }, esc(c.label)),
      ),
    );
  }
  if (spec.bars.length === 0) out.push(tag('text', { class: 'rl-empty', x: (plot.left + plot.right) / 2, y: (plot.top + plot.bottom) / 2, 'text-anchor': 'middle' }, esc(spec.text)));
  return out.join('');
}

export const BUFFER_LABEL = 'on-chip buffer per layer';

export function bufferSvg(spec: BufferSpec, options: SvgOptions = {}): string {
  const style = options.styleSheet ? `<style>${options.styleSheet.replace(/<\/style/gi, '<\\/style')}</style>` : '';
  return (
    svgOpen('rl-buffer-svg', spec.width, spec.height, BUFFER_LABEL) +
    style +
    `<g class="rl-under">${bufferUnder(spec)}</g>` +
    `<g class="rl-bars">${marksSvg('rect', barMarks(spec.bars, options.selected))}</g>` +
    `<g class="rl-over">${bufferOver(spec)}</g></svg>`
  );
}
