// Quick fixes and source actions that edit the file: tiles from the search, @fuse, best tiles for
// all layers, the best unroll of a hardware block. Filled in by the quick-fix work; none yet.
import type { CodeAction, CodeActionParams } from 'vscode-languageserver';
import type { DocumentAnalysis } from './documents';

export function codeActions(_r: DocumentAnalysis, _params: CodeActionParams): CodeAction[] {
  return [];
}
