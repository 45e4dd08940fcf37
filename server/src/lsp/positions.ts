// The edge between the core's character offsets and LSP positions: spans to ranges, positions to
// offsets, and core diagnostics to LSP diagnostics (code, source 'roofline', related information).
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Position, type Range } from 'vscode-languageserver';
import type { Diagnostic as CoreDiagnostic, LineIndex, Severity, Span } from '../core';

export const DIAGNOSTIC_SOURCE = 'roofline';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(index: LineIndex, span: Span): Range {
  return index.range(span.start, span.end);
}

export function toOffset(index: LineIndex, position: Position): number {
  return index.offset(position);
}

export function toLspDiagnostic(d: CoreDiagnostic, index: LineIndex, uri: string): Diagnostic {
  const out: Diagnostic = {
    range: toRange(index, d.span),
    severity: SEVERITIES[d.severity],
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
  // The layer a bottleneck is about, for the quick fixes (code actions receive the diagnostic back).
  if (d.layer) out.data = { layer: d.layer };
  if (d.related && d.related.length > 0) {
    out.relatedInformation = d.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri, range: toRange(index, r.span) }, message: r.message }),
    );
  }
  return out;
}
