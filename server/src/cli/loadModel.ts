// What every command that reads a model file shares: read it, analyse it on the chosen target,
// pick the model, print the file's diagnostics (file:line:col: severity CODE: message).
import * as path from 'node:path';
import { analyze, type AnalysisInput, type CostedModel, isPrecision, LineIndex, type ModelResult, PRECISIONS, type RooflineAnalysis } from '../core';
import { openModelFile } from '../formats-node/fileSource';
import { FileReadError } from '../formats-node/safeRead';
import { UsageError, option, paramOverrides, type OptionSpec, type ParsedArgs } from './args';
import type { CliIO } from './io';
import { targetOption } from './targetOption';

export const MODEL_OPTIONS: OptionSpec[] = [
  { name: 'param', value: true, repeatable: true },
  { name: 'model', value: true },
  { name: 'precision', value: true },
  { name: 'target', value: true },
  { name: 'traffic', value: true },
  { name: 'format', value: true },
];

export interface LoadedModel {
  file: string;
  analysis: RooflineAnalysis;
  model?: ModelResult;
  cost?: CostedModel;
  /** Error diagnostics of the file. */
  errors: number;
}

/** Opens a model file of any format through the safe reader (formats-node/safeRead.ts: a regular
 *  file within its size limit): a random-access source over it, its format known. */
export function openDocument(file: string): { input: AnalysisInput; close: () => void } {
  try {
    const { source, format, close } = openModelFile(file);
    return { input: { format, source }, close };
  } catch (e) {
    throw new UsageError(e instanceof FileReadError ? e.message : `cannot read ${file}: ${String(e)}`);
  }
}

export function formatOption(args: ParsedArgs, allowed: string[]): string {
  const format = option(args, 'format') ?? allowed[0];
  if (!allowed.includes(format)) throw new UsageError(`--format must be ${allowed.join(' or ')}, got '${format}'`);
  return format;
}

export function loadModel(args: ParsedArgs, io: CliIO, usage: string, needsTarget: boolean): LoadedModel {
  if (args.positionals.length !== 1) throw new UsageError(usage);
  const file = args.positionals[0];
  const precision = option(args, 'precision');
  if (precision !== undefined && !isPrecision(precision)) throw new UsageError(`--precision must be one of ${PRECISIONS.join(', ')}`);
  const traffic = option(args, 'traffic');
  if (traffic !== undefined && traffic !== 'tiled' && traffic !== 'compulsory') throw new UsageError(`--traffic must be tiled or compulsory, got '${traffic}'`);
  const target = targetOption(option(args, 'target'), io);
  const { input, close } = openDocument(file);
  let analysis: RooflineAnalysis;
  try {
    analysis = analyze(input, {
    params: paramOverrides(args),
    fileName: path.basename(file),
    ...(precision ? { precision } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(traffic ? { traffic } : {}),
    });
  } finally {
    close();
  }
  const modelName = option(args, 'model');
  const index = modelName ? analysis.models.findIndex((m) => m.name === modelName) : 0;
  if (modelName && index < 0) throw new UsageError(`${file} has no model '${modelName}' (models: ${analysis.models.map((m) => m.name).join(', ') || 'none'})`);
  if (target !== undefined && !analysis.chosen) throw new UsageError(`${analysis.targetProblem ?? 'no target'}; 'roofline targets' lists the catalog`);
  if (needsTarget && !analysis.chosen) throw new UsageError(`${usage}\n(${analysis.targetProblem ?? 'no target'}: give --target, or 'use target' in the file)`);
  const lines = new LineIndex(analysis.text);
  let errors = 0;
  for (const d of analysis.diagnostics) {
    const p = lines.position(d.span.start);
    if (d.severity === 'error') errors++;
    io.err(`${file}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  }
  const out: LoadedModel = { file, analysis, errors };
  const model = analysis.models[index];
  if (model) out.model = model;
  const cost = analysis.costs[index];
  if (cost) out.cost = cost;
  return out;
}
