// What every importer of another format shares: the model's name from the file's, the one check of
// its `--param` overrides (RL209), and what it returns: a FileAnalysis like the model language's,
// with the models built by GraphBuilder, no syntax tree of our language, and the format's diagnostics.
import type { FileAnalysis } from '../analyze';
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic, Span } from '../diagnostics/types';
import type { ModelResult } from '../semantics/model';
import { noParameterMessage } from '../semantics/paramOverrides';

/** A model's name from its file's name, without folders and extension (`fallback` when none is left). */
export function modelNameFromFile(fileName: string | undefined, fallback: string): string {
  const base = (fileName ?? '').split(/[\\/]/).pop() ?? '';
  return base.replace(/\.[^.]*$/, '') || fallback;
}

/**
 * The `--param` overrides of a model whose parameters are `names`: an RL209 at `span` for a name it
 * does not have (with the closest one, "did you mean") and for a value that is no positive whole
 * number. Returns the overrides that stand.
 */
export function checkParamOverrides(model: string, overrides: Record<string, number>, names: readonly string[], span: Span, diagnostics: Diagnostic[]): Record<string, number> {
  const valid: Record<string, number> = {};
  for (const [name, value] of Object.entries(overrides)) {
    if (!names.includes(name)) diagnostics.push(diag('RL209', span, noParameterMessage(model, name, names)));
    else if (!(Number.isInteger(value) && value >= 1)) diagnostics.push(diag('RL209', span, `--param ${name}=${value}: '${name}' must be a positive whole number`));
    else valid[name] = value;
  }
  return valid;
}

export function importedAnalysis(text: string, models: ModelResult[], diagnostics: Diagnostic[]): FileAnalysis {
  return {
    text,
    file: { kind: 'file', items: [], start: 0, end: text.length },
    models,
    settings: {},
    references: [],
    hardware: new Map(),
    diagnostics: [...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end),
  };
}
