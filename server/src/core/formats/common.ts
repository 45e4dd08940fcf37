// What every importer of another format returns: a FileAnalysis like the model language's, with
// the models built by GraphBuilder, no syntax tree of our language, and the format's diagnostics.
import type { FileAnalysis } from '../analyze';
import type { Diagnostic } from '../diagnostics/types';
import type { ModelResult } from '../semantics/model';

/** A model's name from its file's name, without folders and extension (`fallback` when none is left). */
export function modelNameFromFile(fileName: string | undefined, fallback: string): string {
  const base = (fileName ?? '').split(/[\\/]/).pop() ?? '';
  return base.replace(/\.[^.]*$/, '') || fallback;
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
