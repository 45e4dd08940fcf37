// JSON with the character offsets of every value and key, so that errors in a target file point at
// the exact text. Read by jsonc-parser (the parser VS Code itself uses for JSON with comments):
// standard JSON plus // and /* */ comments, no trailing commas. Its first error becomes one located
// diagnostic and no tree, in the codes of the catalogue: RL102 an unterminated string, RL104 an
// unclosed bracket or comment, RL105 a malformed number (with the text it runs on into), RL103
// anything else ("expected ..., found ..."). Nesting is bounded (checked by the scanner, which
// does not recurse), so nothing here throws.
import { createScanner, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic, Span } from '../diagnostics/types';

export type JsonNode =
  | { kind: 'object'; members: JsonMember[]; start: number; end: number }
  | { kind: 'array'; items: JsonNode[]; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'bool'; value: boolean; start: number; end: number }
  | { kind: 'null'; start: number; end: number };

export interface JsonMember {
  key: string;
  /** Offsets of the key, quotes included. */
  keySpan: Span;
  value: JsonNode;
}

export interface JsonParseResult {
  /** Absent when the text is not JSON; the diagnostic says where and why. */
  value?: JsonNode;
  diagnostics: Diagnostic[];
}

const MAX_DEPTH = 256;

/** jsonc-parser's token kinds used here (its `SyntaxKind`, a const enum that isolated modules
 *  cannot read; test/hardware.test.ts checks these values against the library's). */
export const TOKEN = { openBrace: 1, closeBrace: 2, openBracket: 3, closeBracket: 4, comma: 5, numeric: 11, eof: 17 } as const;

/** What the text at `at` is, for "found ...". */
function describe(text: string, at: number): string {
  if (at >= text.length) return 'end of file';
  const ch = text[at];
  if (ch === '"') return 'a string';
  if (/[-0-9]/.test(ch)) return 'a number';
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at, at + 40));
  return word ? `'${word[0]}'` : `'${ch}'`;
}

/** RL103 "expected X, found Y" at `at`: one character, or where a value goes, the word that is there. */
function expected(text: string, what: string, at: number, valueHere = false): Diagnostic {
  const word = valueHere ? /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at, at + 40)) : null;
  const end = at >= text.length ? at : at + (word ? word[0].length : 1);
  return diag('RL103', { start: at, end }, what, describe(text, at));
}

/** What the grammar expects at `at`, from the tokens before it: a value, a property name, ':',
 *  ',' or a closing bracket, or the end of the file; the innermost open bracket; the last token. */
interface Expectation {
  expect: 'value' | 'key' | 'colon' | 'comma' | 'end';
  /** The innermost open bracket. */
  open?: { kind: 'object' | 'array'; offset: number };
  /** The last token was a comma. */
  afterComma: boolean;
  /** The last token was a number ending at `at` (a number that runs on). */
  numberStart?: number;
}

function expectationAt(text: string, at: number): Expectation {
  const scanner = createScanner(text, true);
  const stack: { kind: 'object' | 'array'; offset: number; expect: Expectation['expect'] }[] = [];
  let rootExpect: Expectation['expect'] = 'value';
  let afterComma = false;
  let numberStart: number | undefined;
  const set = (e: Expectation['expect']) => {
    if (stack.length > 0) stack[stack.length - 1].expect = e;
    else rootExpect = e;
  };
  const valueDone = () => set(stack.length > 0 ? 'comma' : 'end');
  for (let kind: number = scanner.scan(); kind !== TOKEN.eof && scanner.getTokenOffset() < at; kind = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const expect = stack.length > 0 ? stack[stack.length - 1].expect : rootExpect;
    afterComma = kind === TOKEN.comma;
    numberStart = kind === TOKEN.numeric && offset + scanner.getTokenLength() === at ? offset : undefined;
    if (kind === TOKEN.closeBrace || kind === TOKEN.closeBracket) {
      stack.pop();
      valueDone();
    } else if (expect === 'value') {
      if (kind === TOKEN.openBrace) stack.push({ kind: 'object', offset, expect: 'key' });
      else if (kind === TOKEN.openBracket) stack.push({ kind: 'array', offset, expect: 'value' });
      else valueDone();
    } else if (expect === 'key') set('colon');
    else if (expect === 'colon') set('value');
    else if (expect === 'comma' && kind === TOKEN.comma) set(stack[stack.length - 1].kind === 'object' ? 'key' : 'value');
  }
  const top = stack[stack.length - 1];
  const out: Expectation = { expect: top ? top.expect : rootExpect, afterComma };
  if (top) out.open = { kind: top.kind, offset: top.offset };
  if (numberStart !== undefined) out.numberStart = numberStart;
  return out;
}

/** The first nesting deeper than MAX_DEPTH, found without recursion. */
function tooDeep(text: string): Diagnostic | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind: number = scanner.scan(); kind !== TOKEN.eof; kind = scanner.scan()) {
    if (kind === TOKEN.openBrace || kind === TOKEN.openBracket) {
      if (++depth > MAX_DEPTH) return expected(text, `at most ${MAX_DEPTH} levels of nesting`, scanner.getTokenOffset());
    } else if (kind === TOKEN.closeBrace || kind === TOKEN.closeBracket) depth--;
  }
  return undefined;
}

/** The escape or control character inside the string literal at [start, end) that makes it
 *  invalid (an escape is checked even at `end`: a backslash before the end of the text or a line). */
function badInString(text: string, start: number, end: number): Diagnostic | undefined {
  for (let i = start + 1; i <= end && i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const e = text[i + 1];
      const valid = e !== undefined && ('"\\/bfnrt'.includes(e) || (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))));
      if (!valid) return diag('RL103', { start: i, end: Math.min(i + 2, text.length) }, 'a valid escape such as \\n or \\u0041', `'\\${e ?? ''}'`);
      i += e === 'u' ? 5 : 1;
    } else if (i < end && c.charCodeAt(0) < 0x20) return diag('RL103', { start: i, end: i + 1 }, 'a printable character in the string', 'a control character');
  }
  return undefined;
}

/** The first error of jsonc-parser as a located diagnostic, worded by what was expected there. */
function errorDiagnostic(text: string, e: ParseError): Diagnostic {
  const at = e.offset;
  const code = printParseErrorCode(e.error);
  if (code === 'UnexpectedEndOfComment') return diag('RL104', { start: at, end: at + 2 }, "comment '/*'");
  const x = expectationAt(text, at);
  // A string or a number where a value or a property name goes: what is wrong inside it. (Where a
  // comma, a colon or the end goes, the token is itself the error, as below.)
  if (x.expect === 'value' || x.expect === 'key') {
    switch (code) {
      case 'UnexpectedEndOfString':
        return badInString(text, at, at + e.length) ?? diag('RL102', { start: at, end: at + e.length });
      case 'InvalidEscapeCharacter':
      case 'InvalidUnicode':
      case 'InvalidCharacter':
        return badInString(text, at, at + e.length) ?? expected(text, 'a valid string', at);
      case 'UnexpectedEndOfNumber':
      case 'InvalidNumberFormat':
        if (x.expect === 'value') return diag('RL105', { start: at, end: at + e.length }, text.slice(at, at + e.length));
    }
  }
  // A number that runs on into other characters ("1.2.3", "01", "2GB"): RL105 over all of it.
  const runOn = /^[0-9A-Za-z_.]+/.exec(text.slice(at, at + 40));
  if (x.numberStart !== undefined && runOn) return diag('RL105', { start: x.numberStart, end: at + runOn[0].length }, text.slice(x.numberStart, at + runOn[0].length));
  // The text ends inside an object or an array where a property, a comma, a closing bracket (or,
  // in an array, a value) goes: that bracket is not closed.
  if (at >= text.length && x.open && (x.expect === 'key' || x.expect === 'comma' || (x.expect === 'value' && x.open.kind === 'array'))) {
    return diag('RL104', { start: x.open.offset, end: x.open.offset + 1 }, `'${text[x.open.offset]}'`);
  }
  // true, false or null followed by a character that is no part of a word ("false."): the word is a
  // value, and the error is the character after it.
  const keyword = x.expect === 'value' ? /^(true|false|null)(?![A-Za-z0-9_])/.exec(text.slice(at, at + 6)) : null;
  if (keyword) {
    const after = at + keyword[0].length;
    const y = expectationAt(text, after);
    return expected(text, y.expect === 'end' ? 'end of file' : y.open?.kind === 'array' ? "',' or ']'" : "',' or '}'", after);
  }
  switch (x.expect) {
    case 'value': {
      // A number that cannot be read ('-', '-x'): RL105 over the characters a number is made of.
      const bad = /^-[-+0-9.eE]*/.exec(text.slice(at, at + 400));
      if (bad) return diag('RL105', { start: at, end: at + bad[0].length }, bad[0]);
      if (x.afterComma && text[at] === ']') return expected(text, 'a value after the comma (JSON allows no trailing comma)', at);
      return expected(text, x.open ? 'a value' : 'a JSON value', at, true);
    }
    case 'key':
      return expected(text, x.afterComma && text[at] === '}' ? 'a property after the comma (JSON allows no trailing comma)' : 'a property name in double quotes', at);
    case 'colon':
      return expected(text, "':'", at);
    case 'comma':
      return expected(text, x.open?.kind === 'array' ? "',' or ']'" : "',' or '}'", at);
    case 'end':
      return expected(text, 'end of file', at);
  }
}

/** A node of jsonc-parser's tree as a JsonNode (only for a tree without errors). */
function toJsonNode(n: Node): JsonNode {
  const start = n.offset;
  const end = n.offset + n.length;
  switch (n.type) {
    case 'object':
      return {
        kind: 'object',
        members: (n.children ?? []).map((p) => {
          const [k, v] = p.children as Node[];
          return { key: String(k.value), keySpan: { start: k.offset, end: k.offset + k.length }, value: toJsonNode(v) };
        }),
        start,
        end,
      };
    case 'array':
      return { kind: 'array', items: (n.children ?? []).map(toJsonNode), start, end };
    case 'string':
      return { kind: 'string', value: String(n.value), start, end };
    case 'number':
      return { kind: 'number', value: Number(n.value), start, end };
    case 'boolean':
      return { kind: 'bool', value: Boolean(n.value), start, end };
    default:
      return { kind: 'null', start, end };
  }
}

/** Reads JSON text, keeping offsets. Never throws. */
export function parseJsonWithOffsets(text: string): JsonParseResult {
  if (typeof text !== 'string') return { diagnostics: [diag('RL103', { start: 0, end: 0 }, 'JSON text', 'no text')] };
  try {
    const deep = tooDeep(text);
    if (deep) return { diagnostics: [deep] };
    // A byte-order mark is white space (the same length, so offsets do not move).
    const source = text.startsWith('\uFEFF') ? ` ${text.slice(1)}` : text;
    const errors: ParseError[] = [];
    const root = parseTree(source, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: false });
    if (errors.length > 0) return { diagnostics: [errorDiagnostic(source, errors[0])] };
    if (!root) return { diagnostics: [expected(source, 'a JSON value', 0)] };
    return { value: toJsonNode(root), diagnostics: [] };
  } catch (e) {
    // A defect: still a located answer, never an exception.
    return { diagnostics: [diag('RL103', { start: 0, end: Math.min(1, text.length) }, 'JSON the reader can handle', e instanceof Error ? e.message : String(e))] };
  }
}

/** The member of an object node with that key (the last one, as JSON.parse would keep). */
export function member(node: JsonNode, key: string): JsonMember | undefined {
  if (node.kind !== 'object') return undefined;
  for (let i = node.members.length - 1; i >= 0; i--) if (node.members[i].key === key) return node.members[i];
  return undefined;
}

/** A plain JavaScript value of a node (for tests and tools). */
export function toPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const m of node.members) o[m.key] = toPlain(m.value);
      return o;
    }
    case 'array':
      return node.items.map(toPlain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}
