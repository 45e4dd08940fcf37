// `roofline analyze FILE`: shapes and exact counts of every layer, as a table or as JSON.
// Exit status: 0 success, 1 the file has errors, 2 bad usage or an unreadable file.
import * as fs from 'node:fs';
import { analyzeText, type FileAnalysis } from '../core/analyze';
import { isPrecision, PRECISIONS } from '../core/precision';
import { jsonReport } from '../core/report/jsonReport';
import { fmtShape } from '../core/ops/types';
import { LineIndex } from '../core/text/lineIndex';
import { UsageError, option, paramOverrides, parseArgs, type OptionSpec } from './args';
import { renderTable, thousands } from './table';
import type { CliIO } from './io';

export const ANALYZE_OPTIONS: OptionSpec[] = [
  { name: 'param', value: true, repeatable: true },
  { name: 'format', value: true },
  { name: 'model', value: true },
  { name: 'precision', value: true },
];

export const ANALYZE_USAGE = `usage: roofline analyze FILE [--param NAME=VALUE]... [--format table|json] [--model NAME] [--precision P]`;

/** Prints every diagnostic as `file:line:col: severity CODE: message` (1-based line and column). */
export function printDiagnostics(io: CliIO, file: string, analysis: FileAnalysis): number {
  const lines = new LineIndex(analysis.text);
  let errors = 0;
  for (const d of analysis.diagnostics) {
    const p = lines.position(d.span.start);
    if (d.severity === 'error') errors++;
    io.err(`${file}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  }
  return errors;
}

export function readModelFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export function runAnalyze(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, ANALYZE_OPTIONS);
  if (args.positionals.length !== 1) throw new UsageError(ANALYZE_USAGE);
  const file = args.positionals[0];
  const format = option(args, 'format') ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, got '${format}'`);
  const precision = option(args, 'precision');
  if (precision !== undefined && !isPrecision(precision)) throw new UsageError(`--precision must be one of ${PRECISIONS.join(', ')}`);
  const text = readModelFile(file);
  const analysis = analyzeText(text, { params: paramOverrides(args), ...(precision ? { precision } : {}) });
  const modelName = option(args, 'model');
  const model = modelName ? analysis.models.find((m) => m.name === modelName) : analysis.models[0];
  if (modelName && !model) throw new UsageError(`${file} has no model '${modelName}' (models: ${analysis.models.map((m) => m.name).join(', ') || 'none'})`);
  const errors = printDiagnostics(io, file, analysis);
  if (format === 'json') {
    io.out(JSON.stringify(jsonReport(analysis, file, model), null, 2));
  } else if (model) {
    const rows = model.layers.map((l) => [
      l.name,
      l.op,
      fmtShape(l.outputs[0]),
      l.counted ? thousands(l.macs) : '?',
      l.counted ? thousands(l.ops) : '?',
      l.counted ? thousands(l.params) : '?',
      l.counted ? thousands(l.bytes.input + l.bytes.weight + l.bytes.output + l.bytes.cache) : '?',
    ]);
    io.out(
      renderTable(
        [
          { title: 'layer', align: 'left' },
          { title: 'op', align: 'left' },
          { title: 'output', align: 'left' },
          { title: 'MACs', align: 'right' },
          { title: 'ops', align: 'right' },
          { title: 'params', align: 'right' },
          { title: 'bytes', align: 'right' },
        ],
        rows,
      ),
    );
    const t = model.totals;
    io.out('');
    io.out(`model ${model.name}: ${t.layers} layers, ${thousands(t.macs)} MACs, ${thousands(t.ops)} ops, ${thousands(t.params)} params${t.complete ? '' : ` (incomplete: ${t.uncounted} layer${t.uncounted === 1 ? '' : 's'} not counted)`}`);
    io.out('MACs: multiply-accumulates of conv, linear, matmul and attention. ops: 2 x MACs + element-wise work. bytes: inputs + weights + outputs (+ KV cache) at the layer precision.');
  } else {
    io.out(`${file} has no model`);
  }
  return errors > 0 ? 1 : 0;
}
