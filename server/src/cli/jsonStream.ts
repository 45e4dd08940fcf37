// JSON written as a stream: a value that holds a long array (a report's layers, a SARIF log's
// results) is serialised piece by piece (the array's items, the fields around it) into chunks of
// about 64 KiB, so that a 100,000-layer report is never one string in memory; each item (a layer)
// is one JSON.stringify, or the list's own compact JSON of it (LazyList.json). To an IO that takes
// bytes (standard output), the pieces are encoded straight into the chunk's bytes. Compact by
// default; `--pretty` indents by two spaces, as JSON.stringify(v, null, 2) does.
import type { CliIO } from './io';

const CHUNK = 64 * 1024;

export class JsonStream {
  private buffer: string[] = [];
  private size = 0;
  /** Where bytes go, with an IO that takes them: the stream then encodes into `bytes` and makes no string of a chunk. */
  private readonly writeBytes: ((chunk: Uint8Array) => boolean) | undefined;
  /** The chunk being filled (bytes only). */
  private bytes: Buffer;

  constructor(
    private readonly io: CliIO,
    private readonly pretty: boolean,
  ) {
    const writeBytes = io.writeBytes;
    this.writeBytes = writeBytes ? (chunk) => writeBytes.call(io, chunk) : undefined;
    this.bytes = Buffer.allocUnsafe(writeBytes ? CHUNK : 0);
  }

  /** Writes `value` (and a final line break), flushing as it goes. */
  value(value: unknown): void {
    this.write(value, '');
    this.push('\n');
    this.flush();
  }

  private push(s: string): void {
    if (this.writeBytes) return this.pushBytes(s, this.writeBytes);
    this.buffer.push(s);
    this.size += s.length;
    if (this.size >= CHUNK) this.flush();
  }

  /** Encodes `s` into the chunk (UTF-8: at most 3 bytes a UTF-16 unit); a piece larger than a chunk is written on its own. */
  private pushBytes(s: string, writeBytes: (chunk: Uint8Array) => boolean): void {
    if (this.size + 3 * s.length > CHUNK) {
      this.flush();
      if (3 * s.length > CHUNK) {
        writeBytes(Buffer.from(s, 'utf8'));
        return;
      }
    }
    this.size += this.bytes.write(s, this.size, 'utf8');
  }

  flush(): void {
    if (this.writeBytes) {
      if (this.size === 0) return;
      // The same chunk again once the IO has written it out; a new one while the IO still holds it.
      if (!this.writeBytes(this.bytes.subarray(0, this.size))) this.bytes = Buffer.allocUnsafe(CHUNK);
      this.size = 0;
      return;
    }
    if (this.buffer.length === 0) return;
    this.io.write(this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }

  /** Writes `value`; `small` says it holds no long array (an item of a lazy list: a layer). */
  private write(value: unknown, indent: string, small = false): void {
    // A list made item by item (a report's layers): each item written as it is made.
    if (isLazyList(value)) {
      const json = value.json;
      // Compact: the list's own JSON of each item where it has one (a report's layers).
      if (json && !this.pretty) return this.writeJsonItems(value.length, (i, put) => json.call(value, i, put));
      return this.writeItems(value.length, (i) => value.item(i), indent, true);
    }
    // Scalars and small values (a layer): JSON.stringify itself, fast and exact (toJSON, undefined and
    // non-finite numbers as it does). Only what holds a long array is taken apart.
    if (small || value === null || typeof value !== 'object' || (value as { toJSON?: unknown }).toJSON !== undefined || !holdsLongArray(value)) {
      // Compact JSON has no line break to indent (one in a string is written \n).
      const json = JSON.stringify(value, null, this.pretty ? 2 : undefined) ?? 'null';
      this.push(this.pretty ? json.replace(/\n/g, `\n${indent}`) : json);
      return;
    }
    const inner = this.pretty ? `${indent}  ` : '';
    const open = this.pretty ? `\n${inner}` : '';
    const sep = this.pretty ? `,\n${inner}` : ',';
    const close = this.pretty ? `\n${indent}` : '';
    if (Array.isArray(value)) return this.writeItems(value.length, (i) => value[i] as unknown, indent);
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
    if (entries.length === 0) return this.push('{}');
    this.push('{' + open);
    entries.forEach(([k, v], i) => {
      if (i > 0) this.push(sep);
      this.push(JSON.stringify(k) + (this.pretty ? ': ' : ':'));
      this.write(v, inner);
    });
    this.push(close + '}');
  }

  /** A compact array of items that write their own JSON text. */
  private writeJsonItems(length: number, json: (i: number, put: (piece: string) => void) => void): void {
    const put = (piece: string) => this.push(piece);
    this.push('[');
    for (let i = 0; i < length; i++) {
      if (i > 0) this.push(',');
      json(i, put);
    }
    this.push(']');
  }

  private writeItems(length: number, item: (i: number) => unknown, indent: string, small = false): void {
    if (length === 0) return this.push('[]');
    const inner = this.pretty ? `${indent}  ` : '';
    this.push(this.pretty ? `[\n${inner}` : '[');
    for (let i = 0; i < length; i++) {
      if (i > 0) this.push(this.pretty ? `,\n${inner}` : ',');
      // An array item that JSON.stringify would drop (undefined, a function) is null.
      const v = item(i);
      this.write(v === undefined || typeof v === 'function' ? null : v, inner, small);
    }
    this.push(this.pretty ? `\n${indent}]` : ']');
  }
}

/** A list whose items are made when read (core's LazyList: a report's layers), with each item's compact JSON when it has it. */
function isLazyList(v: unknown): v is { length: number; item(i: number): unknown; json?(i: number, put: (piece: string) => void): void } {
  return typeof v === 'object' && v !== null && typeof (v as { item?: unknown }).item === 'function' && typeof (v as { length?: unknown }).length === 'number';
}

/** Arrays longer than this are written item by item. */
const LONG = 64;

/** Whether a value holds, at any depth, an array of more than LONG items (a report's layers). */
function holdsLongArray(v: unknown): boolean {
  if (isLazyList(v)) return true;
  if (Array.isArray(v)) return v.length > LONG || v.some(holdsLongArray);
  if (v === null || typeof v !== 'object') return false;
  for (const k in v) if (holdsLongArray((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** Writes one JSON value to standard output as a stream. */
export function writeJson(io: CliIO, value: unknown, pretty: boolean): void {
  new JsonStream(io, pretty).value(value);
}
