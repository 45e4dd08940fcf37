// A streaming reader of the protobuf wire format over a random-access ByteSource: varints (64-bit
// values as JS numbers: lengths must be safe integers, signed int64 values are exact up to 2^53),
// length-delimited fields, fixed32/fixed64; groups are rejected (ONNX never uses them). Every read
// is bounds-checked against the end of the enclosing message and of the file, and every loop
// advances by at least one byte, so a truncated or corrupt file ends in a WireError (with the byte
// offset where reading failed), never in a crash or a hang. Payloads that are skipped are never read.
import { ByteWindow, type ByteSource } from './byteSource';

export const WIRE = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32', 'invalid (6)', 'invalid (7)'];

/** Deepest nesting of messages the reader accepts (ONNX needs about 8). */
export const MAX_DEPTH = 32;

/** Longest string the reader decodes (names, attribute strings); longer ones mean corruption. */
const MAX_STRING = 1 << 24;

/** A corrupt or truncated file: what was expected, and the byte offset where reading failed. */
export class WireError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

const TWO_32 = 4294967296;

export class WireReader extends ByteWindow {
  /** Offset of the next byte to read. */
  pos = 0;
  /** Field number and wire type of the last tag read by `nextTag`. */
  field = 0;
  wireType = 0;
  /** Offset of the last tag read. */
  tagStart = 0;
  readonly size: number;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(src: ByteSource) {
    super(src);
    this.size = src.size;
  }

  fail(message: string, at: number = this.pos): never {
    throw new WireError(message, at);
  }

  private limitName(limit: number): string {
    return limit >= this.size ? 'the end of the file' : `the end of the enclosing message (offset ${limit})`;
  }

  /** Makes the bytes [pos, pos + n) available in the buffer; fails when they run past `limit`. */
  private ensure(n: number, limit: number): void {
    if (this.pos + n > limit || this.pos + n > this.size) this.fail(`${n} byte(s) needed at offset ${this.pos} run past ${this.limitName(Math.min(limit, this.size))}`);
    const at = this.window(this.pos, n);
    if (this.buf.length - at < n) this.fail(`short read: ${this.buf.length - at} of ${n} byte(s) at offset ${this.pos}`);
  }

  /** Low and high 32 bits (unsigned) of the last varint read by `varintParts`. */
  private lo = 0;
  private hi = 0;

  /** Reads a varint into `lo` and `hi` (no allocation: varints are most of what is read). */
  private varintParts(limit: number): void {
    const start = this.pos;
    const avail = Math.min(10, Math.min(limit, this.size) - this.pos);
    if (avail <= 0) this.fail(`a varint at offset ${this.pos} runs past ${this.limitName(Math.min(limit, this.size))}`);
    this.ensure(avail, limit);
    const base = this.pos - this.bufStart;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < avail; i++) {
      const b = this.buf[base + i];
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >> 4;
      } else hi |= bits << (7 * i - 32);
      if ((b & 0x80) === 0) {
        this.pos = start + i + 1;
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    if (avail < 10) this.fail(`a varint at offset ${start} runs past ${this.limitName(Math.min(limit, this.size))}`, start);
    this.fail(`a varint at offset ${start} is longer than 10 bytes`, start);
  }

  /** An unsigned varint that must be a safe integer (lengths, tags, enum values). */
  uint(limit: number): number {
    const start = this.pos;
    // Fast path: a one-byte varint already in the buffer.
    const at = start - this.bufStart;
    if (at >= 0 && at < this.buf.length && start < limit) {
      const b = this.buf[at];
      if (b < 0x80) {
        this.pos = start + 1;
        return b;
      }
    }
    this.varintParts(limit);
    const v = this.hi * TWO_32 + this.lo;
    if (v > Number.MAX_SAFE_INTEGER) this.fail(`the varint at offset ${start} (${v}) is too large for a length or count`, start);
    return v;
  }

  /** A signed int64 (two's complement) varint; exact when |value| < 2^53, approximate beyond. */
  int64(limit: number): number {
    this.varintParts(limit);
    return (this.hi | 0) * TWO_32 + this.lo;
  }

  /** The exact decimal digits of the last int64 read (for messages about values past 2^53). */
  lastInt64Text(): string {
    return BigInt.asIntN(64, (BigInt(this.hi) << 32n) | BigInt(this.lo)).toString();
  }

  /** Reads the next tag into `field` and `wireType`. */
  nextTag(limit: number): void {
    const start = this.pos;
    this.tagStart = start;
    const tag = this.uint(limit);
    this.field = Math.floor(tag / 8);
    this.wireType = tag % 8;
    if (this.field === 0) this.fail(`invalid field number 0 at offset ${start}`, start);
  }

  /** Fails unless the last tag's wire type is `wt`. */
  expect(wt: number): void {
    if (this.wireType !== wt) this.fail(`field ${this.field} has wire type ${WIRE_NAMES[this.wireType]}, expected ${WIRE_NAMES[wt]}`);
  }

  /** Reads a length prefix and returns the end offset of the payload it announces (checked). */
  lengthEnd(limit: number): number {
    const start = this.pos;
    const len = this.uint(limit);
    const end = this.pos + len;
    if (end > limit || end > this.size) this.fail(`a length-delimited field of ${len} byte(s) at offset ${start} runs past ${this.limitName(Math.min(limit, this.size))}`, start);
    return end;
  }

  /** Skips the value of the last tag read (by seeking: a payload is never read). */
  skip(limit: number): void {
    const start = this.pos;
    switch (this.wireType) {
      case WIRE.VARINT:
        this.varintParts(limit);
        return;
      case WIRE.I64:
        this.seek(8, limit, start);
        return;
      case WIRE.LEN:
        this.pos = this.lengthEnd(limit);
        return;
      case WIRE.I32:
        this.seek(4, limit, start);
        return;
      case WIRE.SGROUP:
      case WIRE.EGROUP:
        return this.fail(`field ${this.field} at offset ${this.tagStart} is a group (wire type ${this.wireType}), which ONNX never uses: the file is corrupt`, this.tagStart);
      default:
        this.fail(`field ${this.field} at offset ${this.tagStart} has the invalid wire type ${this.wireType}`, this.tagStart);
    }
  }

  private seek(n: number, limit: number, start: number): void {
    if (this.pos + n > limit || this.pos + n > this.size) this.fail(`a ${n}-byte field at offset ${start} runs past ${this.limitName(Math.min(limit, this.size))}`, start);
    this.pos += n;
  }

  /** A length-delimited UTF-8 string (the tag already read). */
  string(limit: number): string {
    this.expect(WIRE.LEN);
    const start = this.pos;
    const end = this.lengthEnd(limit);
    const len = end - this.pos;
    if (len > MAX_STRING) this.fail(`a string of ${len} bytes at offset ${start} is longer than any name or attribute should be`, start);
    this.ensure(len, end);
    const base = this.pos - this.bufStart;
    this.pos = end;
    const bytes = this.buf.subarray(base, base + len);
    // Short ASCII names (nearly all of them) are decoded directly, much faster than TextDecoder.
    if (len <= 256) {
      let ascii = true;
      for (let i = 0; i < len && ascii; i++) ascii = bytes[i] < 0x80;
      if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
    }
    return this.decoder.decode(bytes);
  }

  /** A copy of `n` bytes at the current position (small payloads only), and moves past them. */
  bytes(n: number, limit: number): Uint8Array {
    this.ensure(n, limit);
    const base = this.pos - this.bufStart;
    const out = new Uint8Array(n);
    out.set(this.buf.subarray(base, base + n));
    this.pos += n;
    return out;
  }

  float32(limit: number): number {
    this.ensure(4, limit);
    const v = this.dataView().getFloat32(this.pos - this.bufStart, true);
    this.pos += 4;
    return v;
  }

  float64(limit: number): number {
    this.ensure(8, limit);
    const v = this.dataView().getFloat64(this.pos - this.bufStart, true);
    this.pos += 8;
    return v;
  }

  /**
   * Visits every field of a message ending at `end`: `visit` reads the value of the field whose
   * tag was just read and returns true, or returns false to have it skipped. Nesting is limited.
   */
  message(end: number, depth: number, visit: (field: number) => boolean): void {
    if (depth > MAX_DEPTH) this.fail(`messages are nested deeper than ${MAX_DEPTH} levels at offset ${this.pos}`);
    while (this.pos < end) {
      const start = this.pos;
      this.nextTag(end);
      if (!visit(this.field)) this.skip(end);
      if (this.pos <= start) this.fail(`no progress at offset ${start}`, start);
    }
    if (this.pos !== end) this.fail(`a field overruns its message, which ends at offset ${end}`);
  }

  /**
   * A repeated scalar field, packed (one length-delimited run) or not (one value per tag): calls
   * `each` for every value; `read` reads one value.
   */
  repeated(limit: number, scalarWire: number, read: (limit: number) => number, each: (v: number) => void): void {
    if (this.wireType === WIRE.LEN) {
      const end = this.lengthEnd(limit);
      while (this.pos < end) each(read(end));
      return;
    }
    this.expect(scalarWire);
    each(read(limit));
  }
}
