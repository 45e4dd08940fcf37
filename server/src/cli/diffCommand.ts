// `roofline diff A [B]`: what changes between two analyses, layer by layer (time, bound, CTC,
// traffic; matched by name, with added and removed layers) and in total. B is the second file, or
// the same file with the options of B: `--vs T` (its target), `--vs-param NAME=VALUE` (its params,
// over A's --param), `--vs-precision P`. Each --vs option also applies when two files are given.
// Table, JSON or Markdown; `--fail-on slower>5%` and the other gates of diffFailOn.ts exit 3.
import { choiceOption, option, paramOverrides, parseCommand, UsageError, type CommandSpec } from './args';
import { didYouMean, isPrecision, PRECISIONS } from './core';
import { diffJson, diffMarkdown, writeDiffTable } from './diffOutput';
import { parseDiffFailOn, reportDiffGates } from './diffFailOn';
import { minShareOption } from './failOn';
import { inputFiles } from './inputs';
import type { CliIO } from './io';
import { writeJson } from './jsonStream';
import { loadModel, MODEL_OPTIONS, modelOptions, type ModelOptions } from './loadModel';
import { diffModels } from './modelDiff';
import { NO_TARGET, targetOption } from './targetOption';
import { DEFAULT_RULE_SETTINGS } from './core';

export const DIFF_COMMAND: CommandSpec = {
  name: 'diff',
  usage: 'usage: roofline diff A [B] [--target T] [--vs T2] [--param N=V] [--vs-param N=V] [--format table|json|markdown] [--fail-on RULE]... [options]',
  summary: "Compares two analyses layer by layer (time, bound, CTC and traffic, matched by layer name, with added and removed layers) and in total: two files (A, then B), or one file on two targets (--target T1 --vs T2), at two sets of params (--param batch=1 --vs-param batch=8) or at two precisions (--vs-precision int8).",
  options: [
    ...MODEL_OPTIONS,
    { name: 'vs', value: true, placeholder: 'NAME|FILE', help: "B's target (default: A's)" },
    { name: 'vs-param', value: true, repeatable: true, placeholder: 'NAME=VALUE', help: "B's params, over A's --param" },
    { name: 'vs-precision', value: true, placeholder: 'P', help: "B's datatype of every layer" },
    { name: 'format', value: true, placeholder: 'F', help: 'table (default), json (docs/cli-json.md) or markdown (a pull-request comment)' },
    { name: 'pretty', value: false, help: 'indent the JSON' },
    { name: 'fail-on', value: true, repeatable: true, placeholder: 'RULE', help: "exit 3 when: slower>X (the model's time per run grew by more than X: 5% or 0.05), traffic>X, layer-slower>X (a layer on both sides), new-memory-bound (a layer memory-bound in B, not in A)" },
    { name: 'min-share', value: true, placeholder: 'X', help: `layer gates check only layers with at least this share of B's time (default ${DEFAULT_RULE_SETTINGS.minShare})` },
  ],
  details: 'Exit status: 0 success, 1 a file has errors, 2 bad usage, 3 a --fail-on threshold crossed.',
};

export function runDiff(argv: string[], io: CliIO): number {
  const args = parseCommand(argv, DIFF_COMMAND, io.out);
  if (!args) return 0;
  const format = choiceOption(args, 'format', ['table', 'json', 'markdown'] as const, 'table');
  const rules = parseDiffFailOn(args.options.get('fail-on') ?? []);
  const minShare = minShareOption(args);
  const files = inputFiles(args.positionals, DIFF_COMMAND.usage);
  if (files.length > 2) throw new UsageError(`diff compares two files, got ${files.length}`);
  const optsA = modelOptions(args, io);
  if (optsA.target === NO_TARGET) throw new UsageError('diff compares costed models: --target none has no figures to compare');
  const optsB: ModelOptions = { ...optsA, params: { ...optsA.params, ...paramOverrides(args, 'vs-param') } };
  const vs = targetOption(option(args, 'vs'), io);
  if (vs === NO_TARGET) throw new UsageError('--vs none has no figures to compare');
  if (vs !== undefined) optsB.target = vs;
  const vsPrecision = option(args, 'vs-precision');
  if (vsPrecision !== undefined) {
    if (!isPrecision(vsPrecision)) throw new UsageError(`--vs-precision must be one of ${PRECISIONS.join(', ')}; got '${vsPrecision}'${didYouMean(vsPrecision, PRECISIONS)}`);
    optsB.precision = vsPrecision;
  }
  const hasVs = vs !== undefined || vsPrecision !== undefined || args.options.has('vs-param');
  if (files.length === 1 && !hasVs) throw new UsageError('nothing to compare: give two files, or one file with --vs T, --vs-param N=V or --vs-precision P');
  const a = loadModel(files[0], optsA, io, true);
  const b = loadModel(files[1] ?? files[0], optsB, io, true);
  if (a.errors > 0 || b.errors > 0) return 1;
  for (const l of [a, b]) if (!l.model || !l.cost) throw new UsageError(`${l.display}: no model to compare`);
  const d = diffModels(a, b);
  if (format === 'json') writeJson(io, diffJson(d), args.flags.has('pretty'));
  else if (format === 'markdown') io.write(diffMarkdown(d));
  else writeDiffTable(d, io);
  return rules.length > 0 && reportDiffGates(d, rules, minShare, io) ? 3 : 0;
}
