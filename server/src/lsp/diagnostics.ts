// Publishes the diagnostics of every stored analysis (each carries its document version; at most
// LIMITS.publishedDiagnostics of them), and clears them when a document closes.
import type { Connection } from 'vscode-languageserver';
import type { AnalysedDocuments, DocumentAnalysis } from './documents';
import { toLspDiagnostic } from './positions';
import { publishedDiagnostics } from '../core';

export function publishDiagnostics(connection: Connection, result: DocumentAnalysis): void {
  // At most LIMITS.publishedDiagnostics, the most severe, and one that counts the rest.
  const diagnostics = publishedDiagnostics(result.analysis.diagnostics).map((d) => toLspDiagnostic(d, result.index, result.uri));
  void connection.sendDiagnostics({ uri: result.uri, version: result.version, diagnostics });
}

export function registerDiagnostics(connection: Connection, documents: AnalysedDocuments): void {
  documents.onDidAnalyse((result) => publishDiagnostics(connection, result));
  documents.onDidClose((uri) => void connection.sendDiagnostics({ uri, diagnostics: [] }));
}
