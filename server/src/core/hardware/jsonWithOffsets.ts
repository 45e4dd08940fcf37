// A small JSON reader that keeps the character offsets of every value and key, so that errors in a
// target file point at the exact text. Accepts standard JSON plus // and /* */ comments (as VS Code's
// JSON with comments does); a syntax error is one located RL103-style diagnostic and no tree. It
// never throws: nesting is bounded and every loop consumes input.
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

class SyntaxStop {
  constructor(readonly diagnostic: Diagnostic) {}
}

class Reader {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  private describe(at: number): string {
    if (at >= this.text.length) return 'end of file';
    const ch = this.text[at];
    if (ch === '"') return 'a string';
    if (/[-0-9]/.test(ch)) return 'a number';
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(at, at + 40));
    return word ? `'${word[0]}'` : `'${ch}'`;
  }

  private stop(expected: string, at: number = this.pos, length?: number): never {
    const end = at >= this.text.length ? at : at + (length ?? 1);
    throw new SyntaxStop(diag('RL103', { start: at, end }, expected, this.describe(at)));
  }

  private skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) this.pos++;
      else if (c === 47 && t.charCodeAt(this.pos + 1) === 47) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? t.length : nl + 1;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0) throw new SyntaxStop(diag('RL104', { start: this.pos, end: this.pos + 2 }, "comment '/*'"));
        this.pos = close + 2;
      } else return;
    }
  }

  document(): JsonNode {
    this.skipSpace();
    const v = this.value('a JSON value');
    this.skipSpace();
    if (this.pos < this.text.length) this.stop('end of file');
    return v;
  }

  private value(expected: string): JsonNode {
    this.skipSpace();
    const t = this.text;
    const start = this.pos;
    const c = t[start];
    if (c === '{') return this.nested(() => this.object());
    if (c === '[') return this.nested(() => this.array());
    if (c === '"') {
      const s = this.string();
      return { kind: 'string', value: s, start, end: this.pos };
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, node] of [
      ['true', { kind: 'bool', value: true }],
      ['false', { kind: 'bool', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (t.startsWith(word, start) && !/[A-Za-z0-9_]/.test(t[start + word.length] ?? '')) {
        this.pos += word.length;
        return { ...node, start, end: this.pos } as JsonNode;
      }
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(t.slice(start, start + 40));
    return this.stop(expected, start, word ? word[0].length : 1);
  }

  private nested(read: () => JsonNode): JsonNode {
    if (this.depth >= MAX_DEPTH) this.stop(`at most ${MAX_DEPTH} levels of nesting`);
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  private object(): JsonNode {
    const start = this.pos;
    this.pos++; // {
    const members: JsonMember[] = [];
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', members, start, end: this.pos };
    }
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) throw new SyntaxStop(diag('RL104', { start, end: start + 1 }, "'{'"));
      if (this.text[this.pos] !== '"') this.stop('a property name in double quotes');
      const keyStart = this.pos;
      const key = this.string();
      const keySpan = { start: keyStart, end: this.pos };
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.stop("':'");
      this.pos++;
      const value = this.value('a value');
      members.push({ key, keySpan, value });
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        this.skipSpace();
        if (this.text[this.pos] === '}') this.stop('a property after the comma (JSON allows no trailing comma)');
        continue;
      }
      if (c === '}') {
        this.pos++;
        return { kind: 'object', members, start, end: this.pos };
      }
      if (this.pos >= this.text.length) throw new SyntaxStop(diag('RL104', { start, end: start + 1 }, "'{'"));
      this.stop("',' or '}'");
    }
  }

  private array(): JsonNode {
    const start = this.pos;
    this.pos++; // [
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items, start, end: this.pos };
    }
    for (;;) {
      if (this.pos >= this.text.length) throw new SyntaxStop(diag('RL104', { start, end: start + 1 }, "'['"));
      items.push(this.value('a value'));
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        this.skipSpace();
        if (this.text[this.pos] === ']') this.stop('a value after the comma (JSON allows no trailing comma)');
        continue;
      }
      if (c === ']') {
        this.pos++;
        return { kind: 'array', items, start, end: this.pos };
      }
      if (this.pos >= this.text.length) throw new SyntaxStop(diag('RL104', { start, end: start + 1 }, "'['"));
      this.stop("',' or ']'");
    }
  }

  /** Reads a string literal at `pos` (on its opening quote); returns its value. */
  private string(): string {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    let out = '';
    for (;;) {
      if (i >= t.length || t[i] === '\n') throw new SyntaxStop(diag('RL102', { start, end: i }));
      const c = t[i];
      if (c === '"') {
        this.pos = i + 1;
        return out;
      }
      if (c === '\\') {
        const e = t[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        throw new SyntaxStop(diag('RL103', { start: i, end: Math.min(i + 2, t.length) }, 'a valid escape such as \\n or \\u0041', `'\\${e ?? ''}'`));
      }
      if (c.charCodeAt(0) < 0x20) throw new SyntaxStop(diag('RL103', { start: i, end: i + 1 }, 'a printable character in the string', 'a control character'));
      out += c;
      i++;
    }
  }

  private number(): JsonNode {
    const t = this.text;
    const start = this.pos;
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(t.slice(start, start + 400));
    if (!m) {
      const bad = /^[-+0-9.eE]+/.exec(t.slice(start, start + 400));
      throw new SyntaxStop(diag('RL105', { start, end: start + (bad ? bad[0].length : 1) }, bad ? bad[0] : t[start]));
    }
    let end = start + m[0].length;
    // "1.5.2", "01", "2GB": a number that runs on into other characters.
    const rest = /^[0-9A-Za-z_.]+/.exec(t.slice(end, end + 40));
    if (rest) {
      end += rest[0].length;
      throw new SyntaxStop(diag('RL105', { start, end }, t.slice(start, end)));
    }
    this.pos = end;
    const value = Number(m[0]);
    return { kind: 'number', value, start, end };
  }
}

/** Reads JSON text, keeping offsets. Never throws. */
export function parseJsonWithOffsets(text: string): JsonParseResult {
  if (typeof text !== 'string') return { diagnostics: [diag('RL103', { start: 0, end: 0 }, 'JSON text', 'no text')] };
  try {
    return { value: new Reader(text).document(), diagnostics: [] };
  } catch (e) {
    if (e instanceof SyntaxStop) return { diagnostics: [e.diagnostic] };
    // A stack overflow or another defect: still a located answer, never an exception.
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
