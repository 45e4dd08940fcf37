// CSV export of the layer table. The cells and records (RFC 4180 quoting, formula-looking text
// neutralised) are the protocol's csv.ts, shared with `roofline analyze --format csv`. Numbers are
// written in base units at full precision (seconds, bytes, op/s), not as the table prints them. Pure.
import { toCsv, type CsvValue } from '../../../server/src/protocol/csv';
import type { PanelData, PanelLayer } from '../../../server/src/protocol/panel';

export { csvField, toCsv, type CsvValue } from '../../../server/src/protocol/csv';

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
