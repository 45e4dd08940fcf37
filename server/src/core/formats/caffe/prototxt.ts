// A positioned parser of the protobuf text format (the language of Caffe's *.prototxt files):
// messages `name { ... }` (or `name: { ... }`, or `< ... >`), fields `key: value` with strings
// (adjacent strings join), numbers, enum words and booleans, lists `key: [a, b]`, `#` comments and
// optional `,`/`;` separators. Every node keeps its character offsets. Never throws and never
// recurses (an explicit stack), so any input, however deep or malformed, parses in linear time;
// every problem is one located RL701 diagnostic and parsing goes on after it.
import { diag } from '../../diagnostics/catalogue';
import { DiagnosticList } from '../../diagnostics/limitDiagnostics';
import type { Diagnostic, Span } from '../../diagnostics/types';
import { LIMITS } from '../../limits';

export interface PScalar {
  kind: 'scalar';
  /** 'word' is an enum value, a boolean or any bare identifier. */
  type: 'string' | 'number' | 'word';
  /** The string's decoded content, the number's source text, or the word. */
  text: string;
  span: Span;
}

export interface PMessage {
  kind: 'message';
  fields: PField[];
  /** From the opening to the closing brace (to the end of the text when not closed). */
  span: Span;
}

export interface PField {
  name: string;
  nameSpan: Span;
  value: PScalar | PMessage;
  /** From the field name to the end of its value. */
  span: Span;
}

export interface ParsedPrototxt {
  root: PMessage;
  diagnostics: Diagnostic[];
}

type TokKind = 'word' | 'number' | 'string' | 'punct' | 'eof';

interface Token {
  kind: TokKind;
  text: string;
  start: number;
  end: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Letters, digits and '_': what may not follow a number. */
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95;
}

/**
 * The end of the number token at `i`, or -1: an optional sign, then a hexadecimal integer, a decimal
 * (`1`, `1.`, `1.5`, `.5`, an exponent `e-3` when digits follow it, a trailing `f`), `inf`,
 * `infinity` or `nan`, not followed by a letter, digit or '_'. One pass, each character read once:
 * no regular expression, so a long run of digits cannot make it backtrack.
 */
function scanNumber(text: string, i: number): number {
  let j = i;
  const c0 = text.charCodeAt(j);
  if (c0 === 43 || c0 === 45) j++;
  if (text.startsWith('inf', j) || text.startsWith('nan', j)) {
    j += text.startsWith('infinity', j) ? 8 : 3;
  } else if (text.charCodeAt(j) === 48 && (text.charCodeAt(j + 1) | 32) === 120 && isHexDigit(text.charCodeAt(j + 2))) {
    j += 2;
    while (isHexDigit(text.charCodeAt(j))) j++;
  } else {
    const start = j;
    while (isDigit(text.charCodeAt(j))) j++;
    const whole = j > start;
    if (text.charCodeAt(j) === 46 && (whole || isDigit(text.charCodeAt(j + 1)))) {
      j++;
      while (isDigit(text.charCodeAt(j))) j++;
    } else if (!whole) return -1;
    if ((text.charCodeAt(j) | 32) === 101) {
      let k = j + 1;
      if (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45) k++;
      if (isDigit(text.charCodeAt(k))) {
        while (isDigit(text.charCodeAt(k))) k++;
        j = k;
      }
    }
    if ((text.charCodeAt(j) | 32) === 102) j++;
  }
  return isAlnum(text.charCodeAt(j)) ? -1 : j;
}

function decodeString(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[e] ?? e;
  });
}

/** True for the characters of a word after its first: letters, digits, '_' and '.'. */
function wordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46;
}

/** The tokens of the text, made one at a time as the parser pulls them (none are kept). */
function* tokenize(text: string, diagnostics: Diagnostic[]): Generator<Token, void, undefined> {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    // white space (and a byte-order mark)
    if (code === 32 || (code >= 9 && code <= 13) || code === 0xfeff) {
      i++;
      continue;
    }
    const c = text[i];
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    if ('{}<>:,;[]'.includes(c)) {
      yield { kind: 'punct', text: c, start: i, end: i + 1 };
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let escaped = false;
      while (j < n && text[j] !== c && text[j] !== '\n') {
        if (text[j] === '\\' && j + 1 < n && text[j + 1] !== '\n') {
          escaped = true;
          j += 2;
        } else j++;
      }
      const body = text.slice(i + 1, j);
      const value = escaped ? decodeString(body) : body;
      if (j >= n || text[j] !== c) {
        diagnostics.push(diag('RL701', { start: i, end: j }, 'unterminated string'));
        yield { kind: 'string', text: value, start: i, end: j };
        i = j;
        continue;
      }
      yield { kind: 'string', text: value, start: i, end: j + 1 };
      i = j + 1;
      continue;
    }
    if ((code >= 48 && code <= 57) || c === '-' || c === '+' || c === '.') {
      const end = scanNumber(text, i);
      if (end > i) {
        yield { kind: 'number', text: text.slice(i, end), start: i, end };
        i = end;
        continue;
      }
      // Digits run into letters (`12ab`, `1.5e+x`): one bad token up to the end of the run, so that
      // the number is not scanned again from each of its characters (quadratic time).
      if (code >= 48 && code <= 57) {
        let j = i + 1;
        while (j < n && (wordChar(text.charCodeAt(j)) || text[j] === '+' || text[j] === '-')) j++;
        diagnostics.push(diag('RL701', { start: i, end: j }, `invalid number '${text.slice(i, j)}'`));
        i = j;
        continue;
      }
    } else if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95) {
      let j = i + 1;
      while (j < n && wordChar(text.charCodeAt(j))) j++;
      yield { kind: 'word', text: text.slice(i, j), start: i, end: j };
      i = j;
      continue;
    }
    // One diagnostic for a run of characters that start no token.
    let j = i + 1;
    while (j < n && !/[\s{}<>:,;[\]"'#A-Za-z0-9_.+-]/.test(text[j])) j++;
    diagnostics.push(diag('RL701', { start: i, end: j }, `unexpected character${j - i > 1 ? 's' : ''} '${text.slice(i, j)}'`));
    i = j;
  }
  yield { kind: 'eof', text: '', start: n, end: n };
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the file';
  if (t.kind === 'string') return 'a string';
  return `'${t.text}'`;
}

interface Frame {
  message: PMessage;
  /** The field this message is the value of (null for the root). */
  field: PField | null;
  /** The bracket that closes it ('}' or '>'), and the opening bracket's span. */
  closer: string;
  open: Span;
}

/** Parses a protobuf text-format document into positioned messages. */
export function parsePrototxt(text: string): ParsedPrototxt {
  // The lexer's problems first, then the parser's (each list capped at LIMITS.diagnostics).
  const lexical = new DiagnosticList();
  const diagnostics = new DiagnosticList();
  const tokens = tokenize(text, lexical);
  const eof: Token = { kind: 'eof', text: '', start: text.length, end: text.length };
  let current: Token = tokens.next().value ?? eof;
  const root: PMessage = { kind: 'message', fields: [], span: { start: 0, end: text.length } };
  const stack: Frame[] = [{ message: root, field: null, closer: '', open: { start: 0, end: 0 } }];
  const peek = (): Token => current;
  /** Moves to the next token (the end of the file stays). */
  const advance = (): void => {
    if (current.kind !== 'eof') current = tokens.next().value ?? eof;
  };
  const error = (t: Token, message: string): void => {
    diagnostics.push(diag('RL701', t.kind === 'eof' ? { start: t.start, end: t.end } : t, message));
  };

  /** A scalar token here, consumed (adjacent strings joined), or undefined. */
  const scalar = (): PScalar | undefined => {
    const t = peek();
    if (t.kind === 'string') {
      let s = t.text;
      let end = t.end;
      advance();
      while (peek().kind === 'string') {
        s += peek().text;
        end = peek().end;
        advance();
      }
      return { kind: 'scalar', type: 'string', text: s, span: { start: t.start, end } };
    }
    if (t.kind === 'number' || t.kind === 'word') {
      advance();
      return { kind: 'scalar', type: t.kind, text: t.text, span: { start: t.start, end: t.end } };
    }
    return undefined;
  };

  while (true) {
    const t = peek();
    const frame = stack[stack.length - 1];
    if (t.kind === 'eof') break;
    if (t.kind === 'punct' && (t.text === '}' || t.text === '>')) {
      advance();
      if (stack.length > 1 && t.text === frame.closer) {
        frame.message.span.end = t.end;
        if (frame.field) frame.field.span.end = t.end;
        stack.pop();
      } else if (stack.length > 1) {
        error(t, `expected '${frame.closer}' to close the '${text.slice(frame.open.start, frame.open.end)}' opened at offset ${frame.open.start}, found '${t.text}'`);
      } else {
        error(t, `'${t.text}' closes nothing`);
      }
      continue;
    }
    if (t.kind === 'punct' && (t.text === ',' || t.text === ';')) {
      advance();
      continue;
    }
    if (t.kind !== 'word') {
      error(t, `expected a field name, found ${describe(t)}`);
      advance();
      continue;
    }
    advance();
    const nameSpan = { start: t.start, end: t.end };
    const colon = peek().kind === 'punct' && peek().text === ':';
    if (colon) advance();
    const next = peek();
    if (next.kind === 'punct' && (next.text === '{' || next.text === '<')) {
      if (stack.length > LIMITS.expressionDepth) {
        error(next, `messages are nested more than ${LIMITS.expressionDepth} deep: the rest of the file is not read`);
        break;
      }
      advance();
      const message: PMessage = { kind: 'message', fields: [], span: { start: next.start, end: text.length } };
      const field: PField = { name: t.text, nameSpan, value: message, span: { start: t.start, end: text.length } };
      frame.message.fields.push(field);
      stack.push({ message, field, closer: next.text === '{' ? '}' : '>', open: { start: next.start, end: next.end } });
      continue;
    }
    if (!colon) {
      error(next, `expected ':' or '{' after '${t.text}', found ${describe(next)}`);
      // `key value` (a missing colon): the value is taken, so that it is not a second error.
      if (next.kind === 'number' || next.kind === 'string') {
        const v = scalar();
        if (v) frame.message.fields.push({ name: t.text, nameSpan, value: v, span: { start: t.start, end: v.span.end } });
      }
      continue;
    }
    if (next.kind === 'punct' && next.text === '[') {
      advance();
      // A list: `key: [a, b, c]` is the repeated field written once per element.
      while (true) {
        const item = peek();
        if (item.kind === 'punct' && item.text === ']') {
          advance();
          break;
        }
        const v = scalar();
        if (!v) {
          error(item, `expected a value or ']' in the list of '${t.text}', found ${describe(item)}`);
          break;
        }
        frame.message.fields.push({ name: t.text, nameSpan, value: v, span: { start: t.start, end: v.span.end } });
        if (peek().kind === 'punct' && peek().text === ',') advance();
      }
      continue;
    }
    const v = scalar();
    if (!v) {
      error(next, `expected a value after '${t.text}:', found ${describe(next)}`);
      continue;
    }
    frame.message.fields.push({ name: t.text, nameSpan, value: v, span: { start: t.start, end: v.span.end } });
  }
  for (let i = stack.length - 1; i > 0; i--) {
    diagnostics.push(diag('RL701', stack[i].open, `'${text.slice(stack[i].open.start, stack[i].open.end)}' is not closed`));
  }
  return { root, diagnostics: [...lexical.all(), ...diagnostics.all()] };
}
