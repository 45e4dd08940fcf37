// The layer table as data: its columns (title, sort key, cell text), a stable sort by any column
// (missing values last in either direction), and the window of rows to draw for a scroll position,
// so that a 10,000-layer table draws only the rows in view. Pure.
import type { PanelData, PanelLayer } from '../../../server/src/protocol/panel';
import { formatBytes, formatCount, formatOps, formatOpsPerByte, formatOpsPerSecond, formatPercent, formatSeconds, significant } from '../../../server/src/protocol/format';
import { boundText, fusionText } from './points';

export type ColumnId = 'index' | 'name' | 'op' | 'bound' | 'ctc' | 'attainable' | 'time' | 'share' | 'ops' | 'traffic' | 'buffer' | 'cycles' | 'opsPerJoule' | 'tile';
export type SortDir = 'asc' | 'desc';

export interface SortState {
  column: ColumnId;
  dir: SortDir;
}

export interface Column {
  id: ColumnId;
  title: string;
  numeric: boolean;
  /** The sort key; NaN or '' for a missing value, which sorts last. */
  key(l: PanelLayer, data: PanelData): number | string;
  text(l: PanelLayer, data: PanelData): string;
}

/** 'compute-bound (fp32 peak) · +2 fused', 'fused into conv1 (folded)', 'not counted'. */
function boundCell(l: PanelLayer): string {
  if (!l.counted) return boundText('uncounted');
  if (l.bound === 'fused') return `fused ${fusionText(l)}`;
  const fused = fusionText(l);
  return `${boundText(l.bound)}${l.boundLabel ? ` (${l.boundLabel})` : ''}${fused ? ` · ${fused}` : ''}`;
}

const counted = (l: PanelLayer, v: number): number => (l.counted && Number.isFinite(v) ? v : NaN);
const traffic = (l: PanelLayer, d: PanelData): number => (d.trafficMode === 'tiled' ? l.trafficTiled : l.trafficCompulsory);

export const COLUMNS: readonly Column[] = [
  { id: 'index', title: '#', numeric: true, key: (l) => l.index, text: (l) => String(l.index) },
  { id: 'name', title: 'layer', numeric: false, key: (l) => l.name, text: (l) => l.name },
  { id: 'op', title: 'op', numeric: false, key: (l) => l.op, text: (l) => l.op },
  { id: 'bound', title: 'bound by', numeric: false, key: (l) => l.bound, text: boundCell },
  { id: 'ctc', title: 'CTC', numeric: true, key: (l) => counted(l, l.ctc), text: (l) => (l.counted ? formatOpsPerByte(l.ctc) : '—') },
  { id: 'attainable', title: 'attainable', numeric: true, key: (l) => counted(l, l.attainable), text: (l) => (l.counted ? formatOpsPerSecond(l.attainable) : '—') },
  { id: 'time', title: 'time', numeric: true, key: (l) => counted(l, l.time), text: (l) => (l.counted ? formatSeconds(l.time) : '—') },
  { id: 'share', title: 'share', numeric: true, key: (l) => counted(l, l.share), text: (l) => (l.counted ? formatPercent(l.share) : '—') },
  { id: 'ops', title: 'ops', numeric: true, key: (l) => counted(l, l.ops), text: (l) => (l.counted ? formatOps(l.ops) : '—') },
  { id: 'traffic', title: 'traffic', numeric: true, key: (l, d) => counted(l, traffic(l, d)), text: (l, d) => (l.counted ? formatBytes(traffic(l, d)) : '—') },
  { id: 'buffer', title: 'buffer', numeric: true, key: (l) => (l.bufferNeed > 0 ? l.bufferNeed : NaN), text: (l) => (l.bufferNeed > 0 ? formatBytes(l.bufferNeed) : '—') },
  {
    id: 'cycles',
    title: 'cycles',
    numeric: true,
    key: (l) => l.cycles ?? NaN,
    text: (l) => (l.cycles === undefined ? '—' : `${formatCount(l.cycles)}${l.stallCycles ? ` (${formatCount(l.stallCycles)} stalls)` : ''}`),
  },
  { id: 'opsPerJoule', title: 'GOP/J', numeric: true, key: (l) => l.opsPerJoule ?? NaN, text: (l) => (l.opsPerJoule === undefined ? '—' : significant(l.opsPerJoule / 1e9)) },
  { id: 'tile', title: 'tile', numeric: false, key: (l) => l.tile ?? '', text: (l) => (l.tile ? `${l.tile}${l.tileSource ? ` (${l.tileSource})` : ''}` : '') },
];

export const DEFAULT_SORT: SortState = { column: 'index', dir: 'asc' };

export function columnById(id: string): Column | undefined {
  return COLUMNS.find((c) => c.id === id);
}

/** The sort after clicking a header: the same column flips; a new one starts descending for
 *  numbers (largest first: the slow layers) and ascending for text. */
export function nextSort(current: SortState, clicked: ColumnId): SortState {
  if (current.column === clicked) return { column: clicked, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  const col = columnById(clicked);
  return { column: clicked, dir: col?.numeric && clicked !== 'index' ? 'desc' : 'asc' };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const missing = (k: number | string): boolean => (typeof k === 'number' ? Number.isNaN(k) : k === '');

/** The layers sorted by `sort`; stable (equal keys keep their input order), missing values last. */
export function sortLayers(layers: readonly PanelLayer[], sort: SortState, data: PanelData): PanelLayer[] {
  const col = columnById(sort.column) ?? COLUMNS[0];
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = layers.map((l, i) => ({ l, i, k: col.key(l, data) }));
  keyed.sort((a, b) => {
    const ma = missing(a.k);
    const mb = missing(b.k);
    if (ma || mb) return ma === mb ? a.i - b.i : ma ? 1 : -1;
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k));
    return c !== 0 ? sign * c : a.i - b.i;
  });
  return keyed.map((e) => e.l);
}

export interface RowWindow {
  /** First row drawn. */
  start: number;
  /** One past the last row drawn. */
  end: number;
  /** Heights of the empty space above and below the drawn rows, px. */
  padTop: number;
  padBottom: number;
}

/** The rows to draw for a scroll position: those in view plus `overscan` on each side. */
export function visibleRows(o: { scrollTop: number; viewport: number; rowHeight: number; count: number; overscan?: number }): RowWindow {
  const overscan = o.overscan ?? 10;
  const rh = Math.max(1, o.rowHeight);
  const first = Math.floor(Math.max(0, o.scrollTop) / rh);
  const inView = Math.ceil(Math.max(0, o.viewport) / rh) + 1;
  const start = Math.max(0, Math.min(o.count, first - overscan));
  const end = Math.max(start, Math.min(o.count, first + inView + overscan));
  return { start, end, padTop: start * rh, padBottom: (o.count - end) * rh };
}
