// Where the cursor is, for completion, read from the tokens before it (the text being typed is
// usually not a valid statement yet, so the syntax tree cannot say): after `@`, in the arguments
// of a call (at the start of an argument or after `name=`), after `use precision`, at the start
// of a statement, or somewhere an expression goes.
import { lex, type Token } from '../core';

export type Where = 'top' | 'model' | 'block' | 'hardware';

export type CompletionContext =
  | { kind: 'none' }
  | { kind: 'annotation' }
  | { kind: 'annotationArgs'; annotation: string; given: string[] }
  | { kind: 'useWhat' }
  | { kind: 'precision' }
  | { kind: 'target' }
  /** At the start of an argument of `callee`; `args` holds the tokens of the arguments before it. */
  | { kind: 'argument'; callee: string; args: Token[][]; given: string[] }
  /** After `name=` in the arguments of `callee`. */
  | { kind: 'argumentValue'; callee: string; arg: string }
  | { kind: 'value' }
  | { kind: 'statement'; where: Exclude<Where, 'hardware'> };

const NONE: CompletionContext = { kind: 'none' };
const OPEN = new Set(['(', '[']);
const CLOSE = new Set([')', ']']);

/** True when `offset` is in a comment or a string on its line. */
function inCommentOrString(text: string, offset: number): boolean {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  let quote = '';
  for (; i < offset; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return true;
  }
  return quote !== '';
}

/** Splits the tokens of an argument list at its top-level commas. */
function splitArgs(tokens: Token[]): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (OPEN.has(t.kind)) depth++;
    else if (CLOSE.has(t.kind)) depth--;
    if (t.kind === ',' && depth === 0) args.push([]);
    else args[args.length - 1].push(t);
  }
  return args;
}

/** Keyword names given anywhere in the call whose `(` is `tokens[open]`. */
function keywordsGiven(tokens: Token[], open: number): string[] {
  const given: string[] = [];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'eof' || t.kind === '{' || t.kind === '}') break;
    if (OPEN.has(t.kind)) depth++;
    else if (CLOSE.has(t.kind)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && t.kind === 'ident' && tokens[i + 1]?.kind === '=') given.push(t.text);
  }
  return given;
}

function insideCall(tokens: Token[], before: Token[], open: number): CompletionContext {
  const callee = before[open - 1];
  if (!callee || callee.kind !== 'ident') return { kind: 'value' };
  const fullOpen = tokens.indexOf(before[open]);
  const given = keywordsGiven(tokens, fullOpen);
  if (before[open - 2]?.kind === '@') return { kind: 'annotationArgs', annotation: callee.text, given };
  const args = splitArgs(before.slice(open + 1));
  const current = args.pop() ?? [];
  if (current.length === 0) return { kind: 'argument', callee: callee.text, args, given };
  if (current.length === 2 && current[0].kind === 'ident' && current[1].kind === '=') return { kind: 'argumentValue', callee: callee.text, arg: current[0].text };
  return { kind: 'value' };
}

function afterStatementStart(stmt: Token[], where: Where): CompletionContext {
  if (stmt.length === 0) return where === 'hardware' ? NONE : { kind: 'statement', where };
  if (where === 'hardware') return NONE;
  const prev = stmt[stmt.length - 1];
  if (stmt[0].text === 'use' && stmt[0].kind === 'ident') {
    if (stmt.length === 1) return { kind: 'useWhat' };
    if (stmt.length === 2 && prev.text === 'precision') return { kind: 'precision' };
    if (stmt.length === 2 && prev.text === 'target') return { kind: 'target' };
    return NONE;
  }
  if (stmt[0].text === 'input' && prev.kind === ']') return { kind: 'precision' };
  if (prev.kind === ')' || prev.kind === ']' || prev.kind === 'number' || prev.kind === 'string') return NONE;
  if (prev.kind === 'ident' && !['output', 'return', 'if', 'then', 'else', 'and', 'or', 'not'].includes(prev.text)) return NONE;
  if (stmt[0].text === 'param' && prev.kind === 'ident' && prev.text !== 'param') return NONE;
  return { kind: 'value' };
}

/**
 * The completion context at `offset`; `where` says which kind of item the cursor is in, `scope`
 * the text to read (the statement or line around the cursor), so that a keystroke in a long file
 * does not lex all of it.
 */
export function completionContext(fullText: string, fullOffset: number, where: Where, scope: { start: number; end: number }): CompletionContext {
  const text = fullText.slice(scope.start, Math.max(scope.end, fullOffset));
  const offset = fullOffset - scope.start;
  if (inCommentOrString(text, offset)) return NONE;
  const tokens = lex(text).tokens;
  const word = tokens.find((t) => t.kind === 'ident' && t.start < offset && offset <= t.end);
  const boundary = word ? word.start : offset;
  const before: Token[] = [];
  for (const t of tokens) {
    if (t.end > boundary || t.kind === 'eof') break;
    before.push(t);
  }
  const prev = before[before.length - 1];
  if (prev?.kind === '@' && prev.end === boundary) return { kind: 'annotation' };

  let depth = 0;
  let stmtStart = 0;
  for (let j = before.length - 1; j >= 0; j--) {
    const t = before[j];
    if (CLOSE.has(t.kind)) depth++;
    else if (OPEN.has(t.kind)) {
      if (depth === 0) return t.kind === '(' ? insideCall(tokens, before, j) : { kind: 'value' };
      depth--;
    } else if (depth === 0 && (t.kind === '{' || t.kind === '}' || t.kind === ';')) {
      stmtStart = j + 1;
      break;
    }
    if (depth === 0 && t.nl) {
      stmtStart = j;
      break;
    }
  }
  // A line break between the last token and the cursor starts a new statement.
  const lastLineBreak = Math.max(text.lastIndexOf('\n', boundary - 1), text.lastIndexOf('\r', boundary - 1));
  if (prev && lastLineBreak >= prev.end && depth === 0) return afterStatementStart([], where);
  return afterStatementStart(before.slice(stmtStart), where);
}
