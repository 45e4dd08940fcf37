// The analysis core's façade: text in, plain data out. Parses, resolves names, evaluates every
// model (shapes and counts). Imports nothing of editors or of node; never throws.
import { diag } from './diagnostics/catalogue';
import { textLimitDiagnostic } from './diagnostics/limitDiagnostics';
import type { Diagnostic } from './diagnostics/types';
import { isRolesProblem, parsePrecisionRoles, PRECISIONS, rolesProblemText, toRoles, uniformRoles, type PrecisionRoles } from './precision';
import type * as A from './syntax/ast';
import { parse, type ParseResult } from './syntax/parser';
import { Evaluator, type EvalOptions } from './semantics/evaluator';
import type { FileSettings, ModelResult } from './semantics/model';
import { resolve, type Reference, type ResolveMemo } from './semantics/resolve';
import { Scope } from './semantics/values';
import { findTarget, targetNames } from './hardware/catalog';
import { didYouMean } from './text/suggest';
import { targetFromBlock } from './hardware/fromBlock';
import type { Target } from './hardware/types';
import { LineIndex } from './text/lineIndex';
import { parsePlan } from './parallel/plan';

export interface AnalyzeOptions extends EvalOptions {
  /** File name used in the sources of figures read from its hardware blocks. */
  fileName?: string;
  /**
   * false: the analysis keeps no syntax of the file's models and no references once they are
   * evaluated (the command line needs neither, and a large model's tree is as large as its layers);
   * the other items (hardware blocks, which the rules point at) stay. Default true. Applied by the
   * façade's entry, formats/analyzeDocument.ts (withoutModelSyntax); analyzeText keeps the tree.
   */
  syntax?: boolean;
}

export interface FileAnalysis {
  text: string;
  file: A.SourceFile;
  models: ModelResult[];
  settings: FileSettings;
  references: Reference[];
  /** Targets described by the file's `hardware` blocks, by name (the valid ones). */
  hardware: Map<string, Target>;
  /** Every diagnostic of the file, sorted by position. */
  diagnostics: Diagnostic[];
}

/** Makes the evaluator of a file's models (the incremental session gives one that re-uses statements). */
export type EvaluatorFactory = (global: Scope, options: EvalOptions, precision: PrecisionRoles) => Evaluator;

export function analyzeText(text: string, options: AnalyzeOptions = {}): FileAnalysis {
  const tooLarge = textLimitDiagnostic(text);
  if (tooLarge) return { text, file: { kind: 'file', items: [], start: 0, end: text.length }, models: [], settings: {}, references: [], hardware: new Map(), diagnostics: [tooLarge] };
  return analyzeParsed(text, parse(text), options);
}

/** The analysis of a text already parsed (the incremental session re-uses the tree of the statements an edit left alone). */
export function analyzeParsed(text: string, parsed: ParseResult, options: AnalyzeOptions = {}, evaluator: EvaluatorFactory = (g, o, p) => new Evaluator(g, o, p), names?: ResolveMemo): FileAnalysis {
  const resolution = resolve(parsed.file, names);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics, ...resolution.diagnostics];
  const settings: FileSettings = {};
  for (const item of parsed.file.items) {
    if (item.kind !== 'use' || !item.value) continue;
    const value = item.value.kind === 'name' ? item.value.text : item.value.value;
    const span = { start: item.value.start, end: item.value.end };
    if (item.what.text === 'target') {
      settings.target = { name: value, span };
      continue;
    }
    if (item.what.text === 'parallel') {
      const read = parsePlan(value);
      settings.parallel = { text: value, span, plan: read.plan };
      for (const p of read.problems) diagnostics.push(diag('RL413', { start: span.start + p.start, end: span.start + p.end }, p.message));
      continue;
    }
    const roles = parsePrecisionRoles(value);
    if (!isRolesProblem(roles)) settings.precision = { name: roles.activations, span, roles };
    else if ('unknown' in roles) diagnostics.push(diag('RL212', span, roles.unknown, PRECISIONS.join(', ')));
    else diagnostics.push(diag('RL220', span, rolesProblemText(value, roles)));
  }
  // The command line's --precision (and the panel's) overrides the file's `use precision`.
  const given = options.precision;
  const precision: PrecisionRoles = given === undefined ? (settings.precision?.roles ?? uniformRoles('fp32')) : toRoles(given);
  const hardware = new Map<string, Target>();
  let lines: LineIndex | undefined;
  for (const item of parsed.file.items) {
    if (item.kind !== 'hardware' || !item.name.text) continue;
    const r = targetFromBlock(item, findTarget, { file: options.fileName, lineOf: (o) => (lines ??= new LineIndex(text)).position(o).line });
    diagnostics.push(...r.diagnostics);
    if (r.target) hardware.set(item.name.text, r.target);
  }
  const declared = new Set(parsed.file.items.filter((i) => i.kind === 'hardware').map((i) => (i as A.HardwareDecl).name.text));
  if (settings.target && !declared.has(settings.target.name) && !findTarget(settings.target.name)) {
    diagnostics.push(diag('RL405', settings.target.span, settings.target.name, didYouMean(settings.target.name, [...declared, ...targetNames()])));
  }
  const global = new Scope();
  const ev = evaluator(global, options, precision);
  for (const item of parsed.file.items) {
    if (item.kind === 'block') global.set(item.name.text, { kind: 'block', decl: item });
  }
  for (const item of parsed.file.items) {
    if (item.kind !== 'param') continue;
    for (const p of item.items) {
      const v = ev.expr(p.value, { scope: global, prefix: '', stack: [], precision, blocks: [], statement: item, inModel: false }, { base: p.name.text, outer: undefined });
      global.set(p.name.text, v);
    }
  }
  const models = parsed.file.items.filter((i): i is A.ModelDecl => i.kind === 'model').map((m) => ev.evaluateModel(m));
  diagnostics.push(...ev.diagnostics);
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, file: parsed.file, models, settings, references: resolution.references, hardware, diagnostics };
}
