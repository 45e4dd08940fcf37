// Code lenses above each model: total time, throughput and the dominant bound, with a command that
// opens the Roofline panel. Filled in by the editor-experience work; none yet.
import type { CodeLens } from 'vscode-languageserver';
import type { DocumentAnalysis } from './documents';

export function codeLenses(_r: DocumentAnalysis): CodeLens[] {
  return [];
}
