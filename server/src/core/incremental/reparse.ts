// Re-parsing after an edit: only the statements the edit touched are read again, when it is inside
// a model or block body; else only the top-level items it touched. What comes before them is kept
// as it is, what comes after them is kept and moved by the length the edit added or removed
// (shift.ts). The result is the tree `parse` would give for the new text, with the untouched
// statements and items as the same objects (which is how the evaluation recognises what it can
// re-use). When neither works (an edit across a body's braces that changes where the body ends),
// the caller parses the whole text.
//
// Where reading starts: at a statement that begins a line (a fresh lexer line, as in the full
// parse), and before the statement the edit touches (the statement before the edit decided where
// it ended by looking at the first token after it, which the edit may have changed), with 3
// characters to spare (the lexer looks up to 3 characters past a number to read `1e+5`).
// Where it stops: at the top of the statement loop, on the first token of a line that begins past
// the edit and that started a statement in the tree before (the parser's state at the top of the
// loop is always the same, and the text from that line on is unchanged), or at the body's closing
// brace when that is the one the tree before had.
// Top-level items the same way, except that reading may start right after the closing brace of the
// item before (alone on its line): an item that ends with its brace looks at nothing after it.
import type { Diagnostic } from '../diagnostics/types';
import type * as A from '../syntax/ast';
import { reparseItems, reparseStatements, type ParseResult } from '../syntax/parser';
import { shiftItem, shiftStatement } from './shift';
import type { TextChange } from './textChange';

/** Characters past a token the lexer may read to decide where the token ends. */
const LEXER_LOOKAHEAD = 3;

/** True when only spaces and tabs stand between the start of the line and `offset`. */
function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9 && c !== 12) return false;
  }
  return true;
}

/** The offset of the line break before `offset` (only spaces and tabs between), or -1. */
function lineBreakBefore(text: string, offset: number): number {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    if (c !== 32 && c !== 9 && c !== 12) return -1;
  }
  return -1;
}

/** True when a diagnostic (sorted by start) starts at `offset`. */
function diagnosticAt(diagnostics: readonly Diagnostic[], offset: number): boolean {
  let lo = 0;
  let hi = diagnostics.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (diagnostics[mid].span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo < diagnostics.length && diagnostics[lo].span.start === offset;
}

/** Index of the first node with `key(node) > value` (nodes in text order: statements, items). */
function firstAfter<T extends A.Node>(nodes: readonly T[], value: number, key: (n: T) => number): number {
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(nodes[mid]) > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export type Reparsed =
  /** The edit was in the body of this model or block (its new node). */
  | { parsed: ParseResult; edited: A.ModelDecl | A.BlockDecl }
  /** The edit was at the top level: these items were read again (before, after). */
  | { parsed: ParseResult; edited: undefined; replaced: A.Item[]; read: A.Item[] };

/** The parse of `after` from the parse of `before` and the one change between them; undefined when
 *  only a parse of the whole text will do. */
export function reparse(before: string, parsed: ParseResult, after: string, change: TextChange): Reparsed | undefined {
  return reparseBody(before, parsed, after, change) ?? reparseTopLevel(before, parsed, after, change);
}

/** Moves an old diagnostic past the change. */
function moveDiagnostic(d: Diagnostic, delta: number): Diagnostic {
  d.span.start += delta;
  d.span.end += delta;
  for (const r of d.related ?? []) {
    r.span.start += delta;
    r.span.end += delta;
  }
  return d;
}

/** The message of RL104 at a body's opening brace that no closing brace matched. */
const UNCLOSED_BODY = "'{' is not closed";

/**
 * True when an item ends with the closing brace of its body, alone at the start of its line: its
 * parse then looked at nothing after it. Not so when the body was left open (RL104 at an opening
 * brace of the item: its end is wherever the body stopped), or when the item reported something at
 * or after its end (a body that never opened: "expected '{', found ..." at the next item).
 */
function closedByBrace(text: string, item: A.Item, next: number, diagnostics: readonly Diagnostic[]): boolean {
  if (item.kind !== 'model' && item.kind !== 'block' && item.kind !== 'hardware') return false;
  if (text.charCodeAt(item.end - 1) !== 125 || !startsLine(text, item.end - 1)) return false;
  for (const d of diagnostics) {
    if (d.span.start < item.start || d.span.start > next) continue;
    if (d.span.start >= item.end || (d.code === 'RL104' && d.message === UNCLOSED_BODY)) return false;
  }
  return true;
}

function reparseTopLevel(before: string, parsed: ParseResult, after: string, change: TextChange): Reparsed | undefined {
  const items = parsed.file.items;
  const old = parsed.diagnostics;
  const delta = change.delta;
  // Start: right after the closing brace of the last item that ends before the change (out of the
  // lexer's reach), or at an earlier item that begins a line, or at the start of the file.
  let first = firstAfter(items, change.start - LEXER_LOOKAHEAD, (i) => i.end);
  let from = 0;
  let lineBreak = true;
  while (first > 0) {
    const prev = items[first - 1];
    if (closedByBrace(before, prev, first < items.length ? items[first].start : before.length, old)) {
      from = prev.end;
      lineBreak = false;
      break;
    }
    first--;
    if (startsLine(before, items[first].start) && !diagnosticAt(old, items[first].start)) {
      from = items[first].start;
      break;
    }
  }
  if (first === 0) {
    from = 0;
    lineBreak = true;
  }
  // Stop: a line past the change whose first token began an item before the edit, or the end.
  let resume = -1;
  const read = reparseItems(after, from, lineBreak, (t) => {
    if (!t.nl || t.start < change.endAfter || lineBreakBefore(after, t.start) < change.endAfter) return false;
    const at = t.start - delta;
    if (diagnosticAt(old, at)) return false;
    const k = firstAfter(items, at - 1, (i) => i.start);
    if (k < items.length && items[k].start === at) resume = k;
    return resume >= 0;
  });
  if (!read.stopped) resume = items.length;
  const tail = items.slice(resume);
  for (const item of tail) shiftItem(item, delta);
  const resumeAt = resume < items.length ? items[resume].start - delta : Infinity;
  const diagnostics: Diagnostic[] = [];
  for (const d of old) if (d.span.start < from) diagnostics.push(d);
  diagnostics.push(...read.diagnostics);
  for (const d of old) if (d.span.start >= resumeAt) diagnostics.push(moveDiagnostic(d, delta));
  const newItems = [...items.slice(0, first), ...read.items, ...tail];
  return { parsed: { file: { ...parsed.file, items: newItems, end: after.length }, diagnostics }, edited: undefined, replaced: items.slice(first, resume), read: read.items };
}

function reparseBody(before: string, parsed: ParseResult, after: string, change: TextChange): Reparsed | undefined {
  const items = parsed.file.items;
  const at = items.findIndex((i) => (i.kind === 'model' || i.kind === 'block') && i.body.length > 0 && i.body[0].start <= change.start && change.endBefore < i.end);
  if (at < 0) return undefined;
  const item = items[at] as A.ModelDecl | A.BlockDecl;
  const body = item.body;
  // The body's closing brace must be the item's last character, untouched by the edit (a body left
  // open ends wherever it stopped, maybe at a stray brace: RL104 at its opening brace says so).
  if (before.charCodeAt(item.end - 1) !== 125 /* } */ || change.endBefore > item.end - 1) return undefined;
  if (parsed.diagnostics.some((d) => d.code === 'RL104' && d.message === UNCLOSED_BODY && d.span.start >= item.start && d.span.start < item.end)) return undefined;

  // Start: the statement before the first one within reach of the change, at the start of a line.
  const touched = firstAfter(body, change.start - LEXER_LOOKAHEAD, (s) => s.end);
  // A statement reports an error it meets at the first token of the next one ("expected ..., found
  // 'x'"): a diagnostic at a statement's start may be the one before's, so reading starts earlier.
  const old = parsed.diagnostics;
  let first = Math.max(0, touched - 1);
  while (first > 0 && (!startsLine(before, body[first].start) || diagnosticAt(old, body[first].start))) first--;
  // At the first statement: lines before it that were no statement may have reported at it.
  if (!startsLine(before, body[first].start) || diagnosticAt(old, body[first].start)) return undefined;
  const from = body[first].start;

  // Stop: a line past the change whose first token began a statement before the edit.
  const delta = change.delta;
  let resume = -1;
  const read = reparseStatements(after, from, (t) => {
    if (!t.nl || t.start < change.endAfter || lineBreakBefore(after, t.start) < change.endAfter) return false;
    const at = t.start - delta;
    // Not where a diagnostic starts: it may be the last statement read's (see the start).
    if (diagnosticAt(old, at)) return false;
    const k = firstAfter(body, at - 1, (s) => s.start);
    if (k < body.length && body[k].start === at) resume = k;
    return resume >= 0;
  });
  if (!read.stopped) {
    // The body's end: right only at the closing brace the tree before had.
    const t = read.stoppedAt;
    if (t.kind !== '}' || t.start < change.endAfter || t.start - delta !== item.end - 1 || diagnosticAt(old, item.end - 1)) return undefined;
    resume = body.length;
  }

  // The new body: statements before, read again, after (moved).
  const tail = body.slice(resume);
  for (const s of tail) shiftStatement(s, delta);
  const newItem = { ...item, body: [...body.slice(0, first), ...read.statements, ...tail], end: item.end + delta } as A.ModelDecl | A.BlockDecl;
  for (let i = at + 1; i < items.length; i++) shiftItem(items[i], delta);
  const newItems = items.slice();
  newItems[at] = newItem;

  // Diagnostics: before the statements read again, theirs, and after them (moved).
  const resumeAt = resume < body.length ? body[resume].start - delta : item.end - 1;
  const diagnostics: Diagnostic[] = [];
  for (const d of old) if (d.span.start < from) diagnostics.push(d);
  diagnostics.push(...read.diagnostics);
  for (const d of old) if (d.span.start >= resumeAt) diagnostics.push(moveDiagnostic(d, delta));
  return { parsed: { file: { ...parsed.file, items: newItems, end: after.length }, diagnostics }, edited: newItem };
}
