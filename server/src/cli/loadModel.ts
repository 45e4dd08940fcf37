// What every command that reads a model file shares: the model options (target, precision,
// params, traffic, fusion, model, input format), reading a file or standard input in any format, analysing
// it on the chosen target, picking the model, and printing the file's diagnostics
// (file:line:col: severity CODE: message) on standard error.
import * as path from 'node:path';
import { openModelFile } from '../formats-node/fileSource';
import { FileReadError } from '../formats-node/safeRead';
import {
  analyze,
  didYouMean,
  FUSION_POLICIES,
  isPrecision,
  LineIndex,
  MemorySource,
  PRECISIONS,
  type AnalysisInput,
  type ByteSource,
  type FusionPolicy,
  type RooflineOptions,
  type CostedModel,
  type ModelFormat,
  type ModelResult,
  type Precision,
  type RooflineAnalysis,
  type Target,
} from './core';
import { choiceOption, FileError, option, paramOverrides, UsageError, type OptionSpec, type ParsedArgs } from './args';
import { paint } from './colour';
import { inputFiles, type InputFile } from './inputs';
import type { CliIO } from './io';
import { DEFAULT_TARGET, NO_TARGET, targetOption } from './targetOption';

/** The formats `--input-format` names (every format the core reads: the compiler checks the list). */
const INPUT_FORMATS: Record<ModelFormat, true> = { nnm: true, onnx: true, caffe: true, darknet: true, scalesim: true };
export const INPUT_FORMAT_NAMES = Object.keys(INPUT_FORMATS) as ModelFormat[];

export const MODEL_OPTIONS: OptionSpec[] = [
  { name: 'target', value: true, placeholder: 'NAME|FILE', help: `a catalog target ('roofline targets'), a hardware block of the file, a *.target.json file, a SCALE-Sim .cfg, or 'none'; default: the file's 'use target', else ${DEFAULT_TARGET} (as the editor)` },
  { name: 'precision', value: true, placeholder: 'P', help: `datatype of every layer: ${PRECISIONS.join(', ')} (overrides 'use precision'; @precision still wins)` },
  { name: 'param', value: true, repeatable: true, placeholder: 'NAME=VALUE', help: 'override a model parameter, e.g. --param batch=8' },
  { name: 'model', value: true, placeholder: 'NAME', help: 'which model of the file (default: the first)' },
  { name: 'traffic', value: true, placeholder: 'MODEL', help: 'off-chip traffic model: tiled (default) or compulsory' },
  { name: 'fusion', value: true, placeholder: 'POLICY', help: 'which layers run fused as one kernel: none (every layer alone), epilogue (default: batch norm folded, element-wise epilogues and residual adds fused) or aggressive (also pooling and softmax)' },
  { name: 'input-format', value: true, placeholder: 'F', help: `the format of standard input or of a file with another extension: ${INPUT_FORMAT_NAMES.join(', ')} (default: from the extension, else from the content)` },
];

/** The model options of a command line, checked once for all its files. */
export interface ModelOptions {
  params: Record<string, number>;
  precision?: Precision;
  /** A Target read from a file, a name, or NO_TARGET (`--target none`); absent: the file's, else the default. */
  target?: Target | string | typeof NO_TARGET;
  traffic?: 'tiled' | 'compulsory';
  fusion?: FusionPolicy;
  /** Largest exact replay of SCALE-Sim's buffers, in entries (`simulate --exact`: no limit). */
  replayLimit?: number;
  model?: string;
  inputFormat?: ModelFormat;
}

export function modelOptions(args: ParsedArgs, io: CliIO): ModelOptions {
  const out: ModelOptions = { params: paramOverrides(args) };
  const precision = option(args, 'precision');
  if (precision !== undefined) {
    if (!isPrecision(precision)) throw new UsageError(`--precision must be one of ${PRECISIONS.join(', ')}; got '${precision}'${didYouMean(precision, PRECISIONS)}`);
    out.precision = precision;
  }
  if (option(args, 'traffic') !== undefined) out.traffic = choiceOption(args, 'traffic', ['tiled', 'compulsory'] as const, 'tiled');
  if (option(args, 'fusion') !== undefined) out.fusion = choiceOption(args, 'fusion', FUSION_POLICIES, 'epilogue');
  if (option(args, 'input-format') !== undefined) out.inputFormat = choiceOption(args, 'input-format', INPUT_FORMAT_NAMES, 'nnm');
  const target = targetOption(option(args, 'target'), io);
  if (target !== undefined) out.target = target;
  const model = option(args, 'model');
  if (model !== undefined) out.model = model;
  return out;
}

export interface LoadedModel {
  /** The file as given ('-' for standard input). */
  file: string;
  /** The file's name in messages ('<stdin>' for standard input). */
  display: string;
  stdin: boolean;
  /** The options the file was analysed with. */
  options: RooflineOptions;
  analysis: RooflineAnalysis;
  model?: ModelResult;
  cost?: CostedModel;
  /** Error diagnostics of the file (an empty file is one). */
  errors: number;
  lines: LineIndex;
}

/** Whether the first bytes are all blank (a file of spaces and line breaks). */
function blank(head: Uint8Array): boolean {
  return head.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
}

const BLANK_CHECK = 64 * 1024;

/**
 * Opens a model file or standard input as a random-access source (an ONNX file's weights are
 * skipped, never read); the core's façade finds the format from the name and the content, unless
 * `format` (--input-format) says it. `empty`: no byte, or only blanks.
 */
function openDocument(input: InputFile, io: CliIO, format: ModelFormat | undefined): { input: AnalysisInput; empty: boolean; close: () => void } {
  const withFormat = (source: ByteSource): AnalysisInput => (format ? { source, format } : { source });
  if (input.stdin) {
    if (!io.readStdin) throw new UsageError('standard input cannot be read here');
    let bytes: Uint8Array;
    try {
      bytes = io.readStdin();
    } catch (e) {
      throw new FileError(e instanceof FileReadError ? e.message : `cannot read standard input: ${String(e)}`);
    }
    return { input: withFormat(new MemorySource(bytes)), empty: bytes.length <= BLANK_CHECK && blank(bytes), close: () => undefined };
  }
  // Through the safe reader (formats-node/safeRead.ts): a regular file within its size limit, never a
  // pipe, a device or a directory; why not, in one line.
  let opened: ReturnType<typeof openModelFile>;
  try {
    opened = openModelFile(input.path, format);
  } catch (e) {
    throw new FileError(e instanceof FileReadError ? e.message : `cannot read ${input.path}: ${String(e)}`);
  }
  const source = opened.source;
  const empty = source.size <= BLANK_CHECK && blank(source.read(0, source.size));
  return { input: { source, format: opened.format }, empty, close: opened.close };
}

/** Reads, analyses and costs one file; prints its diagnostics. Usage errors throw. */
export function loadModel(input: InputFile, opts: ModelOptions, io: CliIO, needsTarget: boolean): LoadedModel {
  const display = input.stdin ? '<stdin>' : input.path;
  const { input: doc, empty, close } = openDocument(input, io, opts.inputFormat);
  const options: RooflineOptions = {
    params: opts.params,
    fileName: input.stdin ? 'stdin' : path.basename(input.path),
    ...(opts.precision ? { precision: opts.precision } : {}),
    ...(opts.target !== undefined && opts.target !== NO_TARGET ? { target: opts.target } : {}),
    ...(opts.target === undefined ? { fallbackTarget: DEFAULT_TARGET } : {}),
    ...(opts.traffic ? { traffic: opts.traffic } : {}),
    ...(opts.fusion ? { fusion: opts.fusion } : {}),
    ...(opts.replayLimit !== undefined ? { replayLimit: opts.replayLimit } : {}),
  };
  let analysis: RooflineAnalysis;
  try {
    analysis = analyze(doc, options);
  } finally {
    close();
  }
  // `--target none`: the counts alone, whatever the file's `use target` says.
  if (opts.target === NO_TARGET) analysis = { ...analysis, chosen: undefined, costs: [], targetProblem: 'no target (--target none)' };
  const index = opts.model ? analysis.models.findIndex((m) => m.name === opts.model) : 0;
  const names = analysis.models.map((m) => m.name);
  if (opts.model && index < 0) throw new UsageError(`${display} has no model '${opts.model}'${didYouMean(opts.model, names)} (models: ${names.join(', ') || 'none'})`);
  if (opts.target !== undefined && opts.target !== NO_TARGET && !analysis.chosen) throw new UsageError(`${analysis.targetProblem ?? 'no target'}; 'roofline targets' lists the catalog`);
  if (needsTarget && !analysis.chosen) throw new UsageError(`${display}: ${analysis.targetProblem ?? 'no target'}: this command needs a target (--target NAME)`);
  const lines = new LineIndex(analysis.text);
  let errors = 0;
  if (empty) {
    errors++;
    io.err(`${display}: ${paint(io.errColor, 'red', 'error')}: the file is empty: no model to analyse`);
  }
  for (const d of analysis.diagnostics) {
    const p = lines.position(d.span.start);
    if (d.severity === 'error') errors++;
    const severity = d.severity === 'error' ? paint(io.errColor, 'red', d.severity) : d.severity === 'warning' ? paint(io.errColor, 'yellow', d.severity) : d.severity;
    io.err(`${display}:${p.line + 1}:${p.character + 1}: ${severity} ${d.code}: ${d.message}`);
  }
  const out: LoadedModel = { file: input.path, display, stdin: input.stdin, options, analysis, errors, lines };
  const model = analysis.models[index];
  if (model) out.model = model;
  const cost = analysis.costs[index];
  if (cost) out.cost = cost;
  return out;
}

/** The one file of a command that takes one (tiles, unroll, report). */
export function loadOneModel(args: ParsedArgs, io: CliIO, usage: string, needsTarget: boolean, extra: Partial<ModelOptions> = {}): LoadedModel {
  const files = inputFiles(args.positionals, usage);
  if (files.length !== 1) throw new UsageError(`${usage}\n(one model file; 'roofline analyze' takes several)`);
  return loadModel(files[0], { ...modelOptions(args, io), ...extra }, io, needsTarget);
}
