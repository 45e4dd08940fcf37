// JSON written as a stream: a value that holds a long array (a report's layers, a SARIF log's
// results) is serialised piece by piece (the array's items, the fields around it) into chunks of
// about 64 KiB, so that a 100,000-layer report is never one string in memory; each item (a layer)
// is one JSON.stringify. Compact by default; `--pretty` indents by two spaces, as JSON.stringify(v, null, 2) does.
import type { CliIO } from './io';

const CHUNK = 64 * 1024;

export class JsonStream {
  private buffer: string[] = [];
  private size = 0;

  constructor(
    private readonly io: CliIO,
    private readonly pretty: boolean,
  ) {}

  /** Writes `value` (and a final line break), flushing as it goes. */
  value(value: unknown): void {
    this.write(value, '');
    this.push('\n');
    this.flush();
  }

  private push(s: string): void {
    this.buffer.push(s);
    this.size += s.length;
    if (this.size >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    this.io.write(this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }

  private write(value: unknown, indent: string): void {
    // Scalars and small values (a layer): JSON.stringify itself, fast and exact (toJSON, undefined and
    // non-finite numbers as it does). Only what holds a long array is taken apart.
    if (value === null || typeof value !== 'object' || (value as { toJSON?: unknown }).toJSON !== undefined || !holdsLongArray(value)) {
      this.push(JSON.stringify(value, null, this.pretty ? 2 : undefined)?.replace(/\n/g, `\n${indent}`) ?? 'null');
      return;
    }
    const inner = this.pretty ? `${indent}  ` : '';
    const open = this.pretty ? `\n${inner}` : '';
    const sep = this.pretty ? `,\n${inner}` : ',';
    const close = this.pretty ? `\n${indent}` : '';
    if (Array.isArray(value)) {
      if (value.length === 0) return this.push('[]');
      this.push('[' + open);
      value.forEach((item, i) => {
        if (i > 0) this.push(sep);
        // An array item that JSON.stringify would drop (undefined, a function) is null.
        this.write(item === undefined || typeof item === 'function' ? null : item, inner);
      });
      this.push(close + ']');
      return;
    }
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
}

/** Arrays longer than this are written item by item. */
const LONG = 64;

/** Whether a value holds, at any depth, an array of more than LONG items (a report's layers). */
function holdsLongArray(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > LONG || v.some(holdsLongArray);
  if (v === null || typeof v !== 'object') return false;
  for (const k in v) if (holdsLongArray((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** Writes one JSON value to standard output as a stream. */
export function writeJson(io: CliIO, value: unknown, pretty: boolean): void {
  new JsonStream(io, pretty).value(value);
}
