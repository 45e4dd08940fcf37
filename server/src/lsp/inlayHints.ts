// Inlay hints: at the end of each layer line, its CTC ratio and a short bound mark
// (`CTC 57.1 · compute`). Filled in by the editor-experience work; none yet.
import type { InlayHint, Range } from 'vscode-languageserver';
import type { DocumentAnalysis } from './documents';

export function inlayHints(_r: DocumentAnalysis, _range: Range): InlayHint[] {
  return [];
}
