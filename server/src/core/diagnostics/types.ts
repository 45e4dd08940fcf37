// The diagnostic record produced by every stage of the analysis: a stable code, a severity,
// a message and the character offsets it covers. Converted to editor positions at the edges.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Span {
  start: number;
  end: number;
}

export interface RelatedInfo {
  span: Span;
  message: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedInfo[];
  /** Name of the layer a diagnostic is about, where there is one. */
  layer?: string;
}
