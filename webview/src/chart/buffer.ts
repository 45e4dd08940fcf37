// The buffer chart as a specification: one bar per tiled layer (model order) of the on-chip buffer
// its tile needs, on a log scale of bytes with ticks at powers of two, the capacity as a line, and
// the layers that overflow it marked. More layers than the plot has room for (two pixels a bar)
// are aggregated: each bar is then the largest of a run of consecutive layers, so an overflow is
// never hidden. Pure.
import type { PanelData } from '../../../server/src/protocol/panel';
import { formatBytes, formatCount, formatPercent } from '../../../server/src/protocol/format';
import { px, type Box, type Tick } from './geometry';
import { binaryTicks, niceBinaryDomain, scaleLog, type LogScale } from './scale';

export interface BufferBar {
  /** PanelLayer.index of the layer the bar shows (the largest of its run when aggregated). */
  layer: number;
  x: number;
  y: number;
  width: number;
  height: number;
  overflow: boolean;
  /** Layers the bar stands for (1 unless aggregated). */
  count: number;
  title: string;
}

export interface BufferSpec {
  width: number;
  height: number;
  plot: Box;
  y: LogScale | undefined;
  yTicks: Tick[];
  xLabel: string;
  yLabel: string;
  bars: BufferBar[];
  capacity: { y: number; label: string } | undefined;
  tiled: number;
  overflowing: number;
  aggregated: boolean;
  /** One line under the chart: what is shown, what overflows, what is missing. */
  text: string;
}

export interface BufferOptions {
  width: number;
  height: number;
  /** Narrowest bar before runs of layers are aggregated; default 2 px. */
  minBarWidth?: number;
}

export const BUFFER_MARGIN: Box = { left: 72, top: 14, right: 16, bottom: 30 };

export function bufferSpec(data: PanelData, options: BufferOptions): BufferSpec {
  const width = Math.max(200, options.width);
  const height = Math.max(100, options.height);
  const m = BUFFER_MARGIN;
  const plot: Box = { left: m.left, top: m.top, right: width - m.right, bottom: height - m.bottom };
  const capacity = data.bufferCapacity !== undefined && data.bufferCapacity > 0 && Number.isFinite(data.bufferCapacity) ? data.bufferCapacity : undefined;
  const tiled = data.layers.filter((l) => l.bufferNeed > 0 && Number.isFinite(l.bufferNeed));
  const overflowing = capacity === undefined ? 0 : tiled.filter((l) => l.bufferNeed > capacity).length;
  const base = { width, height, plot, xLabel: 'tiled layers in model order', yLabel: 'on-chip buffer', tiled: tiled.length, overflowing };
  if (tiled.length === 0) {
    return { ...base, y: undefined, yTicks: [], bars: [], capacity: undefined, aggregated: false, text: capacity === undefined ? 'no layer is tiled, and the target declares no on-chip buffer' : `no layer is tiled; the buffer holds ${formatBytes(capacity)}` };
  }

  // Down to half the smallest need at least, so that the smallest bar still shows.
  // A loop, not Math.min(...): a model of 100,000 tiled layers would overflow the call stack.
  const smallest = tiled.reduce((m, l) => Math.min(m, l.bufferNeed), Infinity);
  const domain = niceBinaryDomain([smallest / 2, ...tiled.map((l) => l.bufferNeed), ...(capacity !== undefined ? [capacity] : [])]);
  const y = scaleLog(domain, [plot.bottom, plot.top]);
  const yTicks = binaryTicks(domain, Math.max(2, Math.floor((plot.bottom - plot.top) / 22))).map((v) => ({ value: v, pos: px(y(v)), label: formatBytes(v) }));

  const plotWidth = plot.right - plot.left;
  const minBar = options.minBarWidth ?? 2;
  const slots = Math.max(1, Math.floor(plotWidth / minBar));
  const run = Math.max(1, Math.ceil(tiled.length / slots));
  const nBars = Math.ceil(tiled.length / run);
  const slot = plotWidth / nBars;
  const gap = slot >= 6 ? Math.min(4, slot * 0.2) : 0;
  const bars: BufferBar[] = [];
  for (let b = 0; b < nBars; b++) {
    let top = tiled[b * run];
    let over = false;
    const end = Math.min(tiled.length, (b + 1) * run);
    for (let i = b * run; i < end; i++) {
      const l = tiled[i];
      if (l.bufferNeed > top.bufferNeed) top = l;
      if (capacity !== undefined && l.bufferNeed > capacity) over = true;
    }
    const by = px(y(top.bufferNeed));
    const count = end - b * run;
    const share = capacity !== undefined ? ` (${formatPercent(top.bufferNeed / capacity)} of ${formatBytes(capacity)})` : '';
    bars.push({
      layer: top.index,
      x: px(plot.left + b * slot + gap / 2),
      y: by,
      width: px(Math.max(0.5, slot - gap)),
      height: px(Math.max(0, plot.bottom - by)),
      overflow: over,
      count,
      title: `${count > 1 ? `largest of ${count} layers: ` : ''}${top.name} (${top.op}) needs ${formatBytes(top.bufferNeed)}${share}${top.tile ? `, tile ${top.tile}` : ''}`,
    });
  }

  const parts: string[] = [];
  if (capacity !== undefined) {
    parts.push(overflowing ? `${formatCount(overflowing)} of ${formatCount(tiled.length)} tiled layers overflow the ${formatBytes(capacity)} buffer` : `every tiled layer fits the ${formatBytes(capacity)} buffer`);
  } else parts.push('the target declares no on-chip buffer');
  if (run > 1) parts.push(`each bar is the largest of ${formatCount(run)} consecutive layers`);
  const untiled = data.layers.length - tiled.length;
  if (untiled > 0) parts.push(`${formatCount(untiled)} untiled layer${untiled === 1 ? '' : 's'} not shown`);

  return {
    ...base,
    y,
    yTicks,
    bars,
    capacity: capacity !== undefined ? { y: px(y(capacity)), label: `capacity ${formatBytes(capacity)}` } : undefined,
    aggregated: run > 1,
    text: parts.join('; '),
  };
}
