// Draws an energy specification as SVG strings: linear joule ticks and axes, one stacked bar per
// layer (each level a <rect> with a class of its slot, the bar's <title> on its group), and the
// legend of the levels. Colours from classes (rl-energy-0.., style.css), as for the other charts. Pure.
import type { EnergySpec } from '../chart/energy';
import { svgOpen, type SvgOptions } from './rooflineSvg';
import { esc, tag } from './svg';

export const ENERGY_LABEL = 'energy per layer, by level';

function axes(spec: EnergySpec): string {
  const { plot, width, height } = spec;
  const grid: string[] = [];
  const axis: string[] = [];
  for (const t of spec.yTicks) {
    grid.push(`<line x1="${plot.left}" y1="${t.pos}" x2="${plot.right}" y2="${t.pos}"/>`);
    axis.push(tag('text', { class: 'rl-tick rl-tick-y', x: plot.left - 5, y: t.pos, dy: '0.32em', 'text-anchor': 'end' }, esc(t.label)));
  }
  axis.push(tag('text', { class: 'rl-axis-title rl-axis-x', x: (plot.left + plot.right) / 2, y: height - 10, 'text-anchor': 'middle' }, esc(spec.xLabel)));
  const midY = (plot.top + plot.bottom) / 2;
  axis.push(tag('text', { class: 'rl-axis-title rl-axis-y', x: 13, y: midY, 'text-anchor': 'middle', transform: `rotate(-90 13 ${midY})` }, esc(spec.yLabel)));
  return (
    tag('rect', { class: 'rl-bg', x: 0, y: 0, width, height }) +
    tag('g', { class: 'rl-grid' }, ...grid) +
    tag('rect', { class: 'rl-frame', x: plot.left, y: plot.top, width: plot.right - plot.left, height: plot.bottom - plot.top }) +
    tag('g', { class: 'rl-axes' }, ...axis)
  );
}

function legend(spec: EnergySpec): string {
  const items = spec.levels.map((level, i) => {
    const x = spec.plot.left + i * 78;
    return tag('g', { class: `rl-legend-item rl-energy-${i % 8}` }, tag('rect', { x, y: 6, width: 10, height: 10 }), tag('text', { x: x + 14, y: 15 }, esc(level)));
  });
  return tag('g', { class: 'rl-legend' }, ...items);
}

function bars(spec: EnergySpec, selected?: number): string {
  return spec.bars
    .map((b) =>
      tag(
        'g',
        { class: `rl-energy-bar${b.layer === selected ? ' selected' : ''}`, 'data-layer': b.layer },
        tag('title', {}, esc(b.title)),
        ...b.segments.map((s) => tag('rect', { class: `rl-energy-${s.slot % 8}`, x: b.x, y: s.y, width: b.width, height: s.height })),
      ),
    )
    .join('');
}

export function energySvg(spec: EnergySpec, options: SvgOptions = {}): string {
  const style = options.styleSheet ? `<style>${options.styleSheet.replace(/<\/style/gi, '<\\/style')}</style>` : '';
  const empty = spec.bars.length === 0 ? tag('text', { class: 'rl-empty', x: (spec.plot.left + spec.plot.right) / 2, y: (spec.plot.top + spec.plot.bottom) / 2, 'text-anchor': 'middle' }, esc(spec.text)) : '';
  return svgOpen('rl-energy-svg', spec.width, spec.height, ENERGY_LABEL) + style + `<g class="rl-under">${axes(spec)}</g><g class="rl-bars">${bars(spec, options.selected)}</g><g class="rl-over">${legend(spec)}${empty}</g></svg>`;
}
