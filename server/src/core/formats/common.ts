// What every importer of another format returns: a FileAnalysis like the model language's, with
// the models built by GraphBuilder, no syntax tree of our language, and the format's diagnostics.
import type { FileAnalysis } from '../analyze';
import type { Diagnostic } from '../diagnostics/types';
import type { ModelResult } from '../semantics/model';

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
