// CSV export of the layer table (RFC 4180): a field holding a comma, a double quote, CR or LF is
// quoted and its quotes doubled; records end with CRLF. Numbers are written in base units at full
// precision (seconds, bytes, op/s), not as the table prints them. Pure.
import type { PanelData, PanelLayer } from '../../../server/src/protocol/panel';

export type CsvValue = string | number | boolean | undefined | null;

export function csvField(v: CsvValue): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

export const CSV_HEADER = [
  'index',
  'name',
  'op',
  'line',
  'precision',
  'counted',
  'bound',
  'bound_roof',
  'ctc_op_per_byte',
  'attainable_op_per_s',
  'time_s',
  'share',
  'ops',
  'macs',
  'traffic_compulsory_bytes',
  'traffic_tiled_bytes',
  'buffer_need_bytes',
  'tile',
  'tile_source',
  'utilization',
  'fused_into',
  'fused',
] as const;

/** Every layer (not only the drawn sample), in the order given (the table's sort). Line numbers
 *  are one-based, as editors show them. */
export function layersCsv(data: PanelData, order: readonly PanelLayer[] = data.layers): string {
  const rows: CsvValue[][] = [CSV_HEADER.slice()];
  for (const l of order) {
    rows.push([
      l.index,
      l.name,
      l.op,
      l.line + 1,
      l.precision,
      l.counted,
      l.bound,
      l.boundLabel,
      l.counted ? l.ctc : undefined,
      l.counted ? l.attainable : undefined,
      l.counted ? l.time : undefined,
      l.counted ? l.share : undefined,
      l.ops,
      l.macs,
      l.trafficCompulsory,
      l.trafficTiled,
      l.bufferNeed,
      l.tile,
      l.tileSource,
      l.utilization,
      l.fusedInto,
      l.fused?.join(' '),
    ]);
  }
  return toCsv(rows);
}
