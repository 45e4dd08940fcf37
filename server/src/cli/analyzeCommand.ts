// `roofline analyze FILE...`: shapes and exact counts of every layer and, on a target, its place on
// the roofline (traffic, CTC, attainable performance, bound, time, share, tile, buffer, energy).
// Formats: a table (default), JSON (docs/cli-json.md; one object, or an array for several files;
// written as a stream, compact unless --pretty), CSV (one row per layer), Markdown (a summary for a
// pull-request comment) and SARIF 2.1.0 (for GitHub code scanning). `--fail-on` gates (failOn.ts).
import { choiceOption, parseCommand, type CommandSpec } from './args';
import { analyzeCsv } from './analyzeCsv';
import { analyzeMarkdown } from './analyzeMarkdown';
import { analyzeSarif } from './analyzeSarif';
import { writeTable } from './analyzeTable';
import { DEFAULT_RULE_SETTINGS, jsonReport, type JsonReport } from './core';
import { GATE_OPTIONS, minShareOption, parseFailOn, reportGates } from './failOn';
import { inputFiles } from './inputs';
import type { CliIO } from './io';
import { writeJson } from './jsonStream';
import { loadModel, MODEL_OPTIONS, modelOptions, type LoadedModel } from './loadModel';

export const ANALYZE_FORMATS = ['table', 'json', 'csv', 'markdown', 'sarif'] as const;

export const ANALYZE_COMMAND: CommandSpec = {
  name: 'analyze',
  usage: 'usage: roofline analyze FILE... [--target NAME|FILE] [--format table|json|csv|markdown|sarif] [--fail-on RULE]... [options]',
  summary: "Every layer's shapes and exact counts and, on a target, its place on the roofline. FILE is a model file (.nnm, .onnx, .prototxt, .cfg, SCALE-Sim .csv), '-' for standard input, or a glob ('models/*.onnx'); several files give one report each (one JSON array).",
  options: [
    ...MODEL_OPTIONS,
    { name: 'format', value: true, placeholder: 'F', help: 'table (default), json (docs/cli-json.md), csv (one row per layer), markdown (a pull-request summary) or sarif (SARIF 2.1.0, for GitHub code scanning)' },
    { name: 'pretty', value: false, help: 'indent the JSON (default: compact)' },
    ...GATE_OPTIONS,
  ],
  details: 'Exit status: 0 success, 1 a file has errors (or is empty), 2 bad usage (a missing file, a directory, an unknown option), 3 a --fail-on threshold crossed.',
};

export const ANALYZE_USAGE = ANALYZE_COMMAND.usage;

function report(l: LoadedModel): JsonReport {
  const chosen = l.analysis.chosen;
  return jsonReport(l.analysis, l.file, l.model, chosen && l.cost ? { chosen, cost: l.cost } : undefined);
}

export function runAnalyze(argv: string[], io: CliIO): number {
  const args = parseCommand(argv, ANALYZE_COMMAND, io.out);
  if (!args) return 0;
  const format = choiceOption(args, 'format', ANALYZE_FORMATS, 'table');
  const rules = parseFailOn(args.options.get('fail-on') ?? []);
  const minShare = minShareOption(args);
  const files = inputFiles(args.positionals, ANALYZE_USAGE);
  const opts = modelOptions(args, io);
  const loaded: LoadedModel[] = [];
  for (const f of files) {
    const l = loadModel(f, opts, io, rules.length > 0);
    loaded.push(l);
    // Text reports go out file by file.
    if (format === 'table') {
      if (files.length > 1) io.out(`${loaded.length > 1 ? '\n' : ''}== ${l.display} ==`);
      writeTable(l, io);
    } else if (format === 'markdown') {
      if (loaded.length > 1) io.out('');
      io.write(analyzeMarkdown(l));
    }
  }
  const pretty = args.flags.has('pretty');
  if (format === 'json') writeJson(io, files.length === 1 ? report(loaded[0]) : loaded.map(report), pretty);
  else if (format === 'csv') io.write(analyzeCsv(loaded));
  else if (format === 'sarif') writeJson(io, analyzeSarif(loaded, { ...DEFAULT_RULE_SETTINGS, minShare }, process.cwd()), pretty);
  if (loaded.some((l) => l.errors > 0)) return 1;
  let crossed = false;
  for (const l of loaded) {
    if (rules.length > 0 && l.cost && reportGates(l.display, rules, l.cost.layers, minShare, io)) crossed = true;
  }
  return crossed ? 3 : 0;
}
