// Turns source text into tokens. Never throws: a bad character becomes an `error` token and a
// diagnostic. Newlines are not tokens: each token records whether a line break precedes it, which
// ends a statement outside brackets and lets the parser notice a bracket left open at a line end.
import { diag } from '../diagnostics/catalogue';
import { DiagnosticList } from '../diagnostics/limitDiagnostics';
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

/**
 * A lexer the parser pulls tokens from one at a time, so that a large file's tokens do not all
 * stay alive at once (they die young, which keeps the garbage collector cheap).
 */
export class Lexer {
  /** At most LIMITS.diagnostics of them (a file of bad characters is a bounded list). */
  readonly diagnostics = new DiagnosticList();
  private i: number;
  private nl: boolean;
  // One diagnostic a line: later bad characters on a line already reported are only tokens.
  private line = 0;
  private reportedLine = -1;
  private done = false;

  /**
   * Lexes `text` from offset `start` (0: the whole text); `lineBreak` says whether a line break comes
   * before the first token there (the start of a line: true). Starting mid-text is for re-reading
   * part of a file after an edit (incremental/reparse.ts), at the start of a line.
   */
  constructor(
    private readonly text: string,
    start = 0,
    lineBreak = true,
  ) {
    this.i = start;
    this.nl = lineBreak;
  }

  private report(d: Diagnostic): void {
    if (this.reportedLine === this.line) return;
    this.reportedLine = this.line;
    this.diagnostics.push(d);
  }

  private make(kind: TokenKind, tokenText: string, start: number, end: number, value: number | undefined): Token {
    const t: Token = { kind, text: tokenText, start, end, nl: this.nl, value };
    this.nl = false;
    return t;
  }

  /** The next token; `eof` (again and again) at the end. */
  next(): Token {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 12) { i++; continue; }
      if (c === 10 || c === 13) {
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        this.nl = true;
        this.line++;
        continue;
      }
      if (c === 35 /* # */) {
        while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
        continue;
      }
      if (isIdentStart(c)) {
        const start = i;
        while (i < n && isIdentPart(text.charCodeAt(i))) i++;
        this.i = i;
        return this.make('ident', text.slice(start, i), start, i, undefined);
      }
      if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
        const start = i;
        let underscores = false;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === 95) underscores = true;
          else if (!isDigit(d)) break;
          i++;
        }
        if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
          i++;
          while (i < n && isDigit(text.charCodeAt(i))) i++;
        }
        const e = text.charCodeAt(i);
        if ((e === 101 || e === 69) && (isDigit(text.charCodeAt(i + 1)) || ((text[i + 1] === '+' || text[i + 1] === '-') && isDigit(text.charCodeAt(i + 2))))) {
          i += 2;
          while (i < n && isDigit(text.charCodeAt(i))) i++;
        }
        this.i = i;
        const written = text.slice(start, i);
        // Digits may be grouped with underscores (1_000_000); only then is a copy without them made.
        const value = Number(underscores ? written.replace(/_/g, '') : written);
        if (!Number.isFinite(value) || (underscores && text.charCodeAt(i - 1) === 95)) {
          this.report(diag('RL105', { start, end: i }, written));
          return this.make('error', written, start, i, undefined);
        }
        return this.make('number', written, start, i, value);
      }
      if (c === 34 /* " */ || c === 39 /* ' */) {
        const start = i;
        i++;
        while (i < n && text.charCodeAt(i) !== c && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
        let t: Token;
        if (text.charCodeAt(i) === c) {
          i++;
          t = { kind: 'string', text: text.slice(start + 1, i - 1), start, end: i, nl: this.nl, value: undefined };
        } else {
          this.report(diag('RL102', { start, end: i }));
          t = { kind: 'string', text: text.slice(start + 1, i), start, end: i, nl: this.nl, value: undefined };
        }
        this.nl = false;
        this.i = i;
        return t;
      }
      const next = text.charCodeAt(i + 1);
      if ((next === 61 /* = */ && (c === 60 || c === 62 || c === 61 || c === 33)) || (c === 47 && next === 47)) {
        const two = TWO_CHAR[text.slice(i, i + 2)];
        this.i = i + 2;
        return this.make(two, two, i, i + 2, undefined);
      }
      const one = ONE_CHAR[c];
      if (one !== undefined) {
        this.i = i + 1;
        return this.make(one, one, i, i + 1, undefined);
      }
      // Anything else: an error token and (once a line) a diagnostic.
      const start = i;
      const cp = text.codePointAt(i) ?? c;
      i += cp > 0xffff ? 2 : 1;
      this.i = i;
      this.report(diag('RL101', { start, end: i }, JSON.stringify(String.fromCodePoint(cp))));
      return this.make('error', text.slice(start, i), start, i, undefined);
    }
    this.i = i;
    this.done = true;
    return { kind: 'eof', text: '', start: n, end: n, nl: true, value: undefined };
  }

  get atEnd(): boolean {
    return this.done;
  }
}

/** Every token of a text, and the lexer's diagnostics (for tools that scan a few lines). */
export function lex(text: string): LexResult {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (;;) {
    const t = lexer.next();
    tokens.push(t);
    if (t.kind === 'eof') break;
  }
  return { tokens, diagnostics: lexer.diagnostics.all() };
}
