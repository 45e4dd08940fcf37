// `roofline analyze --format csv`: one row per layer of every file, in base units at full
// precision (bytes, seconds, op/s), for spreadsheets. Cells go through the protocol's csv.ts, the
// same as the panel's export: RFC 4180 quoting, formula-looking text neutralised (a layer named
// `=HYPERLINK(...)` stays text). Times are per run of the model, which processes `batch` samples.
import { toCsv, type CsvValue } from '../protocol/csv';
import { boundLabel, tileText } from './analyzeTable';
import { batchOf } from './core';
import type { LoadedModel } from './loadModel';

export const ANALYZE_CSV_HEADER = [
  'file',
  'model',
  'index',
  'name',
  'op',
  'line',
  'output',
  'precision',
  'counted',
  'batch',
  'macs',
  'ops',
  'params',
  'bytes_input',
  'bytes_weight',
  'bytes_output',
  'bytes_cache',
  'target',
  'bound',
  'traffic_bytes',
  'ctc_op_per_byte',
  'attainable_op_per_s',
  'time_per_run_s',
  'share',
  'tile',
  'utilization',
] as const;

/** The rows of one file (no header). */
export function csvRows(loaded: LoadedModel): CsvValue[][] {
  const { model, cost, analysis } = loaded;
  if (!model) return [];
  const batch = batchOf(model);
  const target = analysis.chosen?.target.name;
  return model.layers.map((l, i) => {
    const c = cost?.layers[i];
    const ok = c?.status === 'ok' ? c : undefined;
    return [
      loaded.file,
      model.name,
      i,
      l.name,
      l.op,
      loaded.lines.position(l.span.start).line + 1,
      l.outputs[0] ? `[${l.outputs[0].join(', ')}]` : '',
      l.precision,
      l.counted,
      batch,
      l.counted ? l.macs : undefined,
      l.counted ? l.ops : undefined,
      l.counted ? l.params : undefined,
      l.counted ? l.bytes.input : undefined,
      l.counted ? l.bytes.weight : undefined,
      l.counted ? l.bytes.output : undefined,
      l.counted ? l.bytes.cache : undefined,
      target,
      ok ? boundLabel(ok) : c?.status,
      ok?.traffic?.used,
      ok?.ctc,
      ok?.attainable,
      ok?.time,
      ok?.share,
      ok ? tileText(ok) : undefined,
      ok?.utilization,
    ];
  });
}

/** The CSV of several files: one header, then every file's rows. */
export function analyzeCsv(files: LoadedModel[]): string {
  return toCsv([[...ANALYZE_CSV_HEADER], ...files.flatMap(csvRows)]);
}
