// The analysis core's façade: text in, plain data out. Parses, resolves names, evaluates every
// model (shapes and counts). Imports nothing of editors or of node; never throws.
import { diag } from './diagnostics/catalogue';
import { textLimitDiagnostic } from './diagnostics/limitDiagnostics';
import type { Diagnostic } from './diagnostics/types';
import { isPrecision, PRECISIONS, type Precision } from './precision';
import type * as A from './syntax/ast';
import { parse } from './syntax/parser';
import { Evaluator, type EvalOptions } from './semantics/evaluator';
import type { FileSettings, ModelResult } from './semantics/model';
import { resolve, type Reference } from './semantics/resolve';
import { Scope } from './semantics/values';
import { findTarget, targetNames } from './hardware/catalog';
import { didYouMean } from './text/suggest';
import { targetFromBlock } from './hardware/fromBlock';
import type { Target } from './hardware/types';
import { LineIndex } from './text/lineIndex';

export interface AnalyzeOptions extends EvalOptions {
  /** File name used in the sources of figures read from its hardware blocks. */
  fileName?: string;
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

export function analyzeText(text: string, options: AnalyzeOptions = {}): FileAnalysis {
  const tooLarge = textLimitDiagnostic(text);
  if (tooLarge) return { text, file: { kind: 'file', items: [], start: 0, end: text.length }, models: [], settings: {}, references: [], hardware: new Map(), diagnostics: [tooLarge] };
  const parsed = parse(text);
  const resolution = resolve(parsed.file);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics, ...resolution.diagnostics];
  const settings: FileSettings = {};
  for (const item of parsed.file.items) {
    if (item.kind !== 'use' || !item.value) continue;
    const value = item.value.kind === 'name' ? item.value.text : item.value.value;
    const span = { start: item.value.start, end: item.value.end };
    if (item.what.text === 'target') settings.target = { name: value, span };
    else if (isPrecision(value)) settings.precision = { name: value, span };
    else diagnostics.push(diag('RL212', span, value, PRECISIONS.join(', ')));
  }
  // The command line's --precision (and the panel's) overrides the file's `use precision`.
  const precision: Precision = options.precision ?? settings.precision?.name ?? 'fp32';
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
  const evaluator = new Evaluator(global, options, precision);
  for (const item of parsed.file.items) {
    if (item.kind === 'block') global.set(item.name.text, { kind: 'block', decl: item });
  }
  for (const item of parsed.file.items) {
    if (item.kind !== 'param') continue;
    for (const p of item.items) {
      const v = evaluator.expr(p.value, { scope: global, prefix: '', stack: [], precision, blocks: [], statement: item, inModel: false }, { base: p.name.text, outer: undefined });
      global.set(p.name.text, v);
    }
  }
  const models = parsed.file.items.filter((i): i is A.ModelDecl => i.kind === 'model').map((m) => evaluator.evaluateModel(m));
  diagnostics.push(...evaluator.diagnostics);
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, file: parsed.file, models, settings, references: resolution.references, hardware, diagnostics };
}
