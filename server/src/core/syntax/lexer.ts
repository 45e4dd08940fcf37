// Turns source text into tokens. Never throws: a bad character becomes an `error` token and a
// diagnostic. Newlines are not tokens: each token records whether a line break precedes it, which
// ends a statement outside brackets and lets the parser notice a bracket left open at a line end.
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic } from '../diagnostics/types';
import type { Token, TokenKind } from './tokens';

/** Punctuation by character code; two-character operators are found by their second character. */
const ONE_CHAR: (TokenKind | undefined)[] = [];
for (const ch of '()[]{},=:@.;+-*/%<>') ONE_CHAR[ch.charCodeAt(0)] = ch as TokenKind;
const TWO_CHAR: Record<string, TokenKind> = { '<=': '<=', '>=': '>=', '==': '==', '!=': '!=', '//': '//' };

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
}

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let nl = true;
  // One diagnostic a line: later bad characters on a line already reported are only tokens.
  let line = 0;
  let reportedLine = -1;
  const report = (d: Diagnostic) => {
    if (reportedLine === line) return;
    reportedLine = line;
    diagnostics.push(d);
  };
  let i = 0;
  const n = text.length;
  const push = (kind: TokenKind, tokenText: string, start: number, end: number, value: number | undefined) => {
    tokens.push({ kind, text: tokenText, start, end, nl, value });
    nl = false;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12) { i++; continue; }
    if (c === 10 || c === 13) {
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      nl = true;
      line++;
      continue;
    }
    if (c === 35 /* # */) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (isIdentStart(c)) {
      const start = i;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      push('ident', text.slice(start, i), start, i, undefined);
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const start = i;
      while (i < n && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const e = text.charCodeAt(i);
      if ((e === 101 || e === 69) && (isDigit(text.charCodeAt(i + 1)) || ((text[i + 1] === '+' || text[i + 1] === '-') && isDigit(text.charCodeAt(i + 2))))) {
        i += 2;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const raw = text.slice(start, i).replace(/_/g, '');
      const value = Number(raw);
      if (!Number.isFinite(value) || text.slice(start, i).endsWith('_')) {
        report(diag('RL105', { start, end: i }, text.slice(start, i)));
        push('error', text.slice(start, i), start, i, undefined);
      } else push('number', text.slice(start, i), start, i, value);
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const start = i;
      i++;
      while (i < n && text.charCodeAt(i) !== c && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      if (text.charCodeAt(i) === c) {
        i++;
        tokens.push({ kind: 'string', text: text.slice(start + 1, i - 1), start, end: i, nl, value: undefined });
      } else {
        report(diag('RL102', { start, end: i }));
        tokens.push({ kind: 'string', text: text.slice(start + 1, i), start, end: i, nl, value: undefined });
      }
      nl = false;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if ((next === 61 /* = */ && (c === 60 || c === 62 || c === 61 || c === 33)) || (c === 47 && next === 47)) {
      const two = TWO_CHAR[text.slice(i, i + 2)];
      push(two, two, i, i + 2, undefined);
      i += 2;
      continue;
    }
    const one = ONE_CHAR[c];
    if (one !== undefined) {
      push(one, one, i, i + 1, undefined);
      i++;
      continue;
    }
    // Anything else: one diagnostic for the whole run of unknown characters.
    const start = i;
    const cp = text.codePointAt(i) ?? c;
    i += cp > 0xffff ? 2 : 1;
    report(diag('RL101', { start, end: i }, JSON.stringify(String.fromCodePoint(cp))));
    push('error', text.slice(start, i), start, i, undefined);
  }
  tokens.push({ kind: 'eof', text: '', start: n, end: n, nl: true, value: undefined });
  return { tokens, diagnostics };
}
