// The diagnostics an editor should show for a model file: the command line's (its JSON report's
// `diagnostics`) together with the bottleneck rules' (RL5xx), which the language server adds to
// every analysis (server/src/lsp/documents.ts) and which the JSON report does not carry (yet). The
// rules run here as the server runs them, with their default settings, on the same text and
// fallback target; duplicates (should the report carry them one day) count once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeRoofline } from '../../../server/src/core/roofline';
import { bottleneckDiagnostics } from '../../../server/src/core/rules';
import { analyze } from './cli';

export interface ExpectedDiagnostic {
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** 0-based. */
  line: number;
  character: number;
  message: string;
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** What an editor on `fallbackTarget` (the `roofline.target` setting) should list for `file`. */
export function expectedDiagnostics(file: string, fallbackTarget: string): ExpectedDiagnostic[] {
  const text = fs.readFileSync(file, 'utf8');
  // `--target` would override the file's own `use target`: only given when the file names none.
  const own = analyze(file);
  const report = own.target?.origin === 'file' ? own : analyze(file, fallbackTarget);
  const out = new Map<string, ExpectedDiagnostic>();
  for (const d of report.diagnostics) {
    const e = { code: d.code, severity: d.severity, line: d.range.start.line, character: d.range.start.character, message: d.message };
    out.set(`${e.code}@${e.line}:${e.character}`, e);
  }
  const analysis = analyzeRoofline(text, { fallbackTarget, fileName: path.basename(file) });
  for (const d of bottleneckDiagnostics(analysis)) {
    const e = { code: d.code, severity: d.severity, ...position(text, d.span.start), message: d.message };
    const key = `${e.code}@${e.line}:${e.character}`;
    if (!out.has(key)) out.set(key, e);
  }
  return [...out.values()];
}

/** Errors, warnings and infos (hints are not counted in the status bar). */
export function countBySeverity(list: readonly ExpectedDiagnostic[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: list.filter((d) => d.severity === 'error').length,
    warnings: list.filter((d) => d.severity === 'warning').length,
    infos: list.filter((d) => d.severity === 'information').length,
  };
}
