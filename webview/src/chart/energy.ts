// The energy chart as a specification: one stacked bar per layer with energy (model order), its
// height the layer's joules on a linear scale, split into the levels that spent them (MAC, register
// file, PE array, buffer, then each memory level, bottom up), with a legend of the levels. More
// layers than the plot has room for (three pixels a bar) are summed: each bar is then the energy of a
// run of consecutive layers, so the total is never hidden. Pure.
import type { PanelData, PanelLayer } from '../../../server/src/protocol/panel';
import { formatCount, formatJoules, formatNoun, significant } from '../../../server/src/protocol/format';
import { px, type Box, type Tick } from './geometry';

export interface EnergySegment {
  level: string;
  /** Index of the level in `levels` (its colour class). */
  slot: number;
  y: number;
  height: number;
  joules: number;
}

export interface EnergyBar {
  /** PanelLayer.index of the first layer of the bar. */
  layer: number;
  x: number;
  width: number;
  segments: EnergySegment[];
  joules: number;
  count: number;
  title: string;
}

export interface EnergySpec {
  width: number;
  height: number;
  plot: Box;
  yTicks: Tick[];
  xLabel: string;
  yLabel: string;
  /** The levels present, bottom to top of a bar (and in the legend). */
  levels: string[];
  bars: EnergyBar[];
  aggregated: boolean;
  /** One line under the chart: the total, the largest level, what is missing. */
  text: string;
}

export interface EnergyOptions {
  width: number;
  height: number;
  /** Narrowest bar before runs of layers are summed; default 3 px. */
  minBarWidth?: number;
}

export const ENERGY_MARGIN: Box = { left: 64, top: 24, right: 16, bottom: 30 };

/** Levels inside the chip first, in the order data moves outward; memory levels after, by name. */
const LEVEL_ORDER = ['MAC', 'RF', 'array', 'buffer'];

/** Ticks of a linear axis from 0 to the first at or above `max`, at 1, 2 or 5 x 10^k, about `count` steps. */
export function linearTicks(max: number, count: number): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0];
  const raw = max / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const v = Number((i * step).toPrecision(12));
    out.push(v);
    if (v >= max * (1 - 1e-12)) break;
  }
  return out;
}

function levelsOf(layers: PanelLayer[]): string[] {
  const seen = new Set<string>();
  for (const l of layers) for (const [k, j] of Object.entries(l.energyByLevel ?? {})) if (j > 0) seen.add(k);
  const inner = LEVEL_ORDER.filter((k) => seen.has(k));
  const memory = [...seen].filter((k) => !LEVEL_ORDER.includes(k)).sort();
  return [...inner, ...memory];
}

export function energySpec(data: PanelData, options: EnergyOptions): EnergySpec {
  const width = Math.max(200, options.width);
  const height = Math.max(100, options.height);
  const m = ENERGY_MARGIN;
  const plot: Box = { left: m.left, top: m.top, right: width - m.right, bottom: height - m.bottom };
  const layers = data.layers.filter((l) => l.counted && (l.energy ?? 0) > 0 && l.energyByLevel);
  const levels = levelsOf(layers);
  const base = { width, height, plot, xLabel: 'layers in model order', yLabel: 'energy', levels };
  if (layers.length === 0) return { ...base, yTicks: [], bars: [], aggregated: false, text: 'no energy figures: the target has no energy table, or no layer is costed' };

  const plotWidth = plot.right - plot.left;
  const slots = Math.max(1, Math.floor(plotWidth / (options.minBarWidth ?? 3)));
  const run = Math.max(1, Math.ceil(layers.length / slots));
  const nBars = Math.ceil(layers.length / run);
  // Per bar, the joules of each level summed over its run.
  const sums: { first: PanelLayer; byLevel: number[]; total: number; count: number }[] = [];
  for (let b = 0; b < nBars; b++) {
    const group = layers.slice(b * run, (b + 1) * run);
    const byLevel = levels.map((lv) => group.reduce((s, l) => s + (l.energyByLevel?.[lv] ?? 0), 0));
    sums.push({ first: group[0], byLevel, total: byLevel.reduce((a, x) => a + x, 0), count: group.length });
  }
  const max = Math.max(...sums.map((s) => s.total));
  const ticks = linearTicks(max, Math.max(2, Math.floor((plot.bottom - plot.top) / 28)));
  const top = ticks[ticks.length - 1];
  const y = (j: number) => plot.bottom - (j / top) * (plot.bottom - plot.top);
  const yTicks = ticks.map((v) => ({ value: v, pos: px(y(v)), label: v === 0 ? '0' : formatJoules(v) }));
  const slot = plotWidth / nBars;
  const gap = slot >= 6 ? Math.min(4, slot * 0.2) : 0;
  const bars: EnergyBar[] = sums.map((s, b) => {
    let acc = 0;
    const segments: EnergySegment[] = [];
    s.byLevel.forEach((j, slotIndex) => {
      if (!(j > 0)) return;
      const y0 = y(acc);
      acc += j;
      const y1 = y(acc);
      segments.push({ level: levels[slotIndex], slot: slotIndex, y: px(y1), height: px(Math.max(0, y0 - y1)), joules: j });
    });
    const parts = segments.map((g) => `${g.level} ${formatJoules(g.joules)}`).join(', ');
    const who = s.count > 1 ? `${formatCount(s.count)} layers from ${s.first.name}` : `${s.first.name} (${s.first.op})`;
    const eff = s.count === 1 && s.first.opsPerJoule !== undefined ? `, ${significant(s.first.opsPerJoule / 1e9)} GOP/J` : '';
    return { layer: s.first.index, x: px(plot.left + b * slot + gap / 2), width: px(Math.max(0.5, slot - gap)), segments, joules: s.total, count: s.count, title: `${who}: ${formatJoules(s.total)}${eff} (${parts})` };
  });

  const total = layers.reduce((s, l) => s + (l.energy ?? 0), 0);
  const byLevel = levels.map((lv) => [lv, layers.reduce((s, l) => s + (l.energyByLevel?.[lv] ?? 0), 0)] as const).sort((a, b) => b[1] - a[1]);
  const parts = [`${formatJoules(total)} in ${formatNoun(layers.length, 'layer')}`];
  if (byLevel.length > 0 && total > 0) parts.push(`most on ${byLevel[0][0]} (${Math.round((byLevel[0][1] / total) * 100)}%)`);
  if (data.totals.opsPerJoule !== undefined) parts.push(`${significant(data.totals.opsPerJoule / 1e9)} GOP/J for the model`);
  if (run > 1) parts.push(`each bar sums ${formatCount(run)} consecutive layers`);
  return { ...base, yTicks, bars, aggregated: run > 1, text: parts.join('; ') };
}
