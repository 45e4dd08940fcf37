// Publishes the diagnostics of every stored analysis (each carries its document version), and
// clears them when a document closes.
import type { Connection } from 'vscode-languageserver';
import type { AnalysedDocuments, DocumentAnalysis } from './documents';
import { toLspDiagnostic } from './positions';

export function publishDiagnostics(connection: Connection, result: DocumentAnalysis): void {
  const diagnostics = result.analysis.diagnostics.map((d) => toLspDiagnostic(d, result.index, result.uri));
  void connection.sendDiagnostics({ uri: result.uri, version: result.version, diagnostics });
}

export function registerDiagnostics(connection: Connection, documents: AnalysedDocuments): void {
  documents.onDidAnalyse((result) => publishDiagnostics(connection, result));
  documents.onDidClose((uri) => void connection.sendDiagnostics({ uri, diagnostics: [] }));
}
