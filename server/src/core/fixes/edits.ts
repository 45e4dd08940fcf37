// Text edits on character offsets, the currency of the fix builders: the edit record, applying a
// list of them to a text, keeping a list ordered and free of overlaps, appending an annotation at
// the end of a statement (keeping a trailing comment's column where there is room), and finding an
// annotation's text in a statement by its tokens (comments never match). Pure; never throws.
import type { Span } from '../diagnostics/types';
import { lex } from '../syntax/lexer';

/** Replace [start, end) of the text with `newText` (start = end: an insertion). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** The edits sorted by position, dropping any that overlaps one kept before it. */
export function nonOverlapping(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && (e.start < last.end || (e.start === last.start && e.start === e.end && last.start === last.end))) continue;
    out.push(e);
  }
  return out;
}

/** The text with every edit applied (edits that overlap an earlier one are left out). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of nonOverlapping(edits)) {
    if (e.start < at || e.end > text.length || e.start > e.end) continue;
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * Widens an edit that makes the text longer over the spaces after it when a comment follows them,
 * so that the comment keeps its column (at least one space stays before it).
 */
export function keepCommentColumn(text: string, edit: TextEdit): TextEdit {
  const growth = edit.newText.length - (edit.end - edit.start);
  if (growth <= 0) return edit;
  let i = edit.end;
  while (i < text.length && text[i] === ' ') i++;
  if (text[i] !== '#') return edit;
  const take = Math.min(growth, i - edit.end - 1);
  return take > 0 ? { ...edit, end: edit.end + take } : edit;
}

/** Inserts ` annotation` at the end of a statement: after its annotations, before its comment. */
export function appendToStatement(text: string, statement: Span, annotation: string): TextEdit {
  return keepCommentColumn(text, { start: statement.end, end: statement.end, newText: ` ${annotation}` });
}

/** False for the statements that cannot carry annotations (`input`, `param`), by their first word. */
export function annotatable(text: string, statement: Span): boolean {
  return !/^(input|param)\b/.test(text.slice(statement.start, Math.min(statement.end, statement.start + 8)));
}

/**
 * The spans of the `@name` annotations written in a statement (`@` to the closing parenthesis of
 * its arguments, or to the name when it has none), found by the statement's tokens.
 */
export function annotationSpans(text: string, statement: Span, name: string): Span[] {
  const out: Span[] = [];
  const slice = text.slice(statement.start, statement.end);
  const tokens = lex(slice).tokens;
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i].kind !== '@' || tokens[i + 1].kind !== 'ident' || tokens[i + 1].text !== name) continue;
    let end = tokens[i + 1].end;
    let j = i + 2;
    if (tokens[j]?.kind === '(' && !tokens[j].nl) {
      let depth = 0;
      for (; j < tokens.length && tokens[j].kind !== 'eof'; j++) {
        if (tokens[j].kind === '(') depth++;
        else if (tokens[j].kind === ')' && --depth === 0) break;
      }
      end = j < tokens.length && tokens[j].kind === ')' ? tokens[j].end : slice.length;
    }
    out.push({ start: statement.start + tokens[i].start, end: statement.start + end });
    i = j;
  }
  return out;
}
