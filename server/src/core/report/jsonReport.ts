// The JSON report of one model: the public, documented schema of `roofline analyze --format json`
// (docs/cli-json.md). Users' scripts depend on these field names: add fields, never rename them.
import type { FileAnalysis } from '../analyze';
import type { Diagnostic } from '../diagnostics/types';
import type { Shape } from '../ops/types';
import type { Layer, ModelResult } from '../semantics/model';
import { LineIndex, type Range } from '../text/lineIndex';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonLayer {
  name: string;
  op: string;
  range: Range;
  inputs: (Shape | null)[];
  output: Shape | null;
  /** Present only for operators with several outputs (split). */
  outputs?: (Shape | null)[];
  precision: string;
  macs: number;
  ops: number;
  params: number;
  bytes: { input: number; weight: number; output: number; cache: number };
  counted: boolean;
  notes: string[];
  tile?: Record<string, number>;
  fuse?: boolean;
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: Range;
}

export interface JsonReport {
  schemaVersion: number;
  file: string;
  model: string | null;
  models: string[];
  params: Record<string, number>;
  inputs: { name: string; shape: Shape | null; precision: string }[];
  layers: JsonLayer[];
  totals: { macs: number; ops: number; params: number; complete: boolean; layers: number; uncounted: number };
  diagnostics: JsonDiagnostic[];
}

export function jsonDiagnostic(d: Diagnostic, lines: LineIndex): JsonDiagnostic {
  return { code: d.code, severity: d.severity, message: d.message, range: lines.range(d.span.start, d.span.end) };
}

export function jsonLayer(l: Layer, lines: LineIndex): JsonLayer {
  const out: JsonLayer = {
    name: l.name,
    op: l.op,
    range: lines.range(l.span.start, l.span.end),
    inputs: l.inputs,
    output: l.outputs[0] ?? null,
    precision: l.precision,
    macs: l.macs,
    ops: l.ops,
    params: l.params,
    bytes: { ...l.bytes },
    counted: l.counted,
    notes: l.notes,
  };
  if (l.outputs.length > 1) out.outputs = l.outputs;
  if (l.tile) out.tile = l.tile;
  if (l.fuse) out.fuse = true;
  return out;
}

/** The report of `model` (the first model of the file when absent). */
export function jsonReport(analysis: FileAnalysis, fileName: string, model?: ModelResult): JsonReport {
  const lines = new LineIndex(analysis.text);
  const m = model ?? analysis.models[0];
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    file: fileName,
    model: m ? m.name : null,
    models: analysis.models.map((x) => x.name),
    params: Object.fromEntries((m?.params ?? []).map((p) => [p.name, p.value])),
    inputs: (m?.inputs ?? []).map((i) => ({ name: i.name, shape: i.shape, precision: i.precision })),
    layers: (m?.layers ?? []).map((l) => jsonLayer(l, lines)),
    totals: m ? { ...m.totals } : { macs: 0, ops: 0, params: 0, complete: false, layers: 0, uncounted: 0 },
    diagnostics: analysis.diagnostics.map((d) => jsonDiagnostic(d, lines)),
  };
}
