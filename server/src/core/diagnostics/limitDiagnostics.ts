// The diagnostics of the limits (core/limits.ts) that every text format shares: a file too large
// (RL107) or with a line too long (RL108), checked before any parsing, the cap on the number of
// problems one parser reports, and on the number an editor is sent (RL109). The values live in
// limits.ts; this file words them.
import { formatCount } from '../../protocol/format';
import { firstLongLine, LIMITS } from '../limits';
import { diag } from './catalogue';
import type { Diagnostic } from './types';

/** RL107 or RL108 when the text is past the limits (then it is not parsed), else undefined. */
export function textLimitDiagnostic(text: string, what = 'the file'): Diagnostic | undefined {
  if (text.length > LIMITS.textChars) {
    return diag('RL107', { start: 0, end: 0 }, `${what} has ${formatCount(text.length)} characters, beyond the limit of ${formatCount(LIMITS.textChars)}: it is not analysed`);
  }
  const long = firstLongLine(text);
  if (long) {
    return diag('RL108', { start: long.start, end: long.start }, `this line has ${formatCount(long.length)} characters, beyond the limit of ${formatCount(LIMITS.lineChars)}: ${what} is not analysed`);
  }
  return undefined;
}

/**
 * A parser's list of diagnostics that keeps at most LIMITS.diagnostics of them and counts the rest,
 * so that a file of garbage costs a bounded list, not millions of records. `summary()` is the RL109
 * that says how many were left out (undefined when none were).
 */
export class DiagnosticList extends Array<Diagnostic> {
  dropped = 0;

  override push(...items: Diagnostic[]): number {
    for (const d of items) {
      if (this.length < LIMITS.diagnostics) super.push(d);
      else this.dropped++;
    }
    return this.length;
  }

  summary(): Diagnostic | undefined {
    if (this.dropped === 0) return undefined;
    const last = this[this.length - 1]?.span ?? { start: 0, end: 0 };
    return diag('RL109', { start: last.start, end: last.end }, `${formatCount(this.dropped)} more problems are not shown (the limit is ${formatCount(LIMITS.diagnostics)} a parser)`);
  }

  /** The diagnostics kept, and the summary when some were left out, as a plain array. */
  all(): Diagnostic[] {
    const s = this.summary();
    return s ? [...this, s] : [...this];
  }
}

const SEVERITY_RANK: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * What an editor is sent of a file's diagnostics (in file order): all of them up to
 * LIMITS.publishedDiagnostics; past it, the most severe that many (errors, then warnings, then the
 * rest, each kind in file order) and one RL109 at the top of the file that counts the others.
 */
export function publishedDiagnostics(all: readonly Diagnostic[]): readonly Diagnostic[] {
  const limit = LIMITS.publishedDiagnostics;
  if (all.length <= limit) return all;
  const kept = all
    .map((d, i) => ({ d, i }))
    .sort((a, b) => SEVERITY_RANK[a.d.severity] - SEVERITY_RANK[b.d.severity] || a.i - b.i)
    .slice(0, limit)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.d);
  const more = all.length - limit;
  const summary = diag('RL109', { start: 0, end: 0 }, `${formatCount(all.length)} problems in this file: the ${formatCount(limit)} most severe are shown, ${formatCount(more)} more are not (the limit is ${formatCount(limit)} a file in the editor; the command line lists them all)`);
  return [summary, ...kept];
}
