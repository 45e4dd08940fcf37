// Prints diagnostics as a baseline: each one with its code, severity and message under the source
// line it points at, the range underlined with carets.
import type { Diagnostic } from '../../server/src/core/diagnostics/types';
import { LineIndex } from '../../server/src/core/text/lineIndex';

export function printDiagnostics(text: string, diagnostics: Diagnostic[]): string {
  const lines = new LineIndex(text);
  const source = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  for (const d of diagnostics) {
    const s = lines.position(d.span.start);
    const e = lines.position(d.span.end);
    out.push(`${s.line + 1}:${s.character + 1} ${d.severity} ${d.code}: ${d.message}`);
    const line = source[s.line] ?? '';
    out.push(`  | ${line}`);
    const width = e.line === s.line ? Math.max(1, e.character - s.character) : Math.max(1, line.length - s.character);
    out.push(`  | ${' '.repeat(s.character)}${'^'.repeat(width)}`);
    for (const r of d.related ?? []) {
      const p = lines.position(r.span.start);
      out.push(`  related ${p.line + 1}:${p.character + 1}: ${r.message}`);
    }
  }
  return out.length ? out.join('\n') + '\n' : '(no diagnostics)\n';
}
