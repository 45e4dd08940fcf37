// A little-endian reader over a random-access ByteSource for the GGUF header: it reads through the
// window the ONNX reader uses too (ByteWindow: 64 KiB at a time from a file) and moves an offset,
// so skipping a long array costs nothing but the lengths it must walk. Every read is checked against the end of the file
// first; a failure is a GgufError carrying the byte offset where it happened, which the entry
// point turns into a located diagnostic (the reader itself never throws anything else on bad input).
import { ByteWindow } from '../onnx/byteSource';

export class GgufError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    /** 'corrupt' (RL801) or 'unsupported' (RL802: another format, version or byte order). */
    readonly kind: 'corrupt' | 'unsupported' = 'corrupt',
  ) {
    super(message);
  }
}

const TWO_32 = 2 ** 32;
const DECODER = new TextDecoder('utf-8', { fatal: false });

export class Cursor extends ByteWindow {
  /** The offset of the next byte to read. */
  pos = 0;

  get size(): number {
    return this.source.size;
  }

  /** Makes bytes [pos, pos + n) readable from `buf`; fails at `pos` when the file is shorter. */
  private need(n: number, what: string): number {
    if (this.pos + n > this.source.size) throw new GgufError(`${what} needs ${n} bytes, past the end of the file`, this.pos);
    const at = this.window(this.pos, n);
    const got = this.buf.length - at;
    if (got < n) throw new GgufError(`${what}: the file could not be read past byte ${this.pos + got}`, this.pos + got);
    return at;
  }

  /** Moves past n bytes without reading them (checked against the end of the file). */
  skip(n: number, what: string): void {
    if (!(n >= 0) || this.pos + n > this.source.size) throw new GgufError(`${what} (${n} bytes) runs past the end of the file`, this.pos);
    this.pos += n;
  }

  bytes(n: number, what: string): Uint8Array {
    const at = this.need(n, what);
    this.pos += n;
    return this.buf.subarray(at, at + n);
  }

  u8(what: string): number {
    const at = this.need(1, what);
    this.pos += 1;
    return this.dataView().getUint8(at);
  }

  i8(what: string): number {
    const at = this.need(1, what);
    this.pos += 1;
    return this.dataView().getInt8(at);
  }

  u16(what: string): number {
    const at = this.need(2, what);
    this.pos += 2;
    return this.dataView().getUint16(at, true);
  }

  i16(what: string): number {
    const at = this.need(2, what);
    this.pos += 2;
    return this.dataView().getInt16(at, true);
  }

  u32(what: string): number {
    const at = this.need(4, what);
    this.pos += 4;
    return this.dataView().getUint32(at, true);
  }

  i32(what: string): number {
    const at = this.need(4, what);
    this.pos += 4;
    return this.dataView().getInt32(at, true);
  }

  f32(what: string): number {
    const at = this.need(4, what);
    this.pos += 4;
    return this.dataView().getFloat32(at, true);
  }

  f64(what: string): number {
    const at = this.need(8, what);
    this.pos += 8;
    return this.dataView().getFloat64(at, true);
  }

  /** A uint64 as a number when it is at most 2^53 - 1, else as a bigint. */
  u64(what: string): number | bigint {
    const at = this.need(8, what);
    this.pos += 8;
    const lo = this.dataView().getUint32(at, true);
    const hi = this.dataView().getUint32(at + 4, true);
    return hi < 0x200000 ? hi * TWO_32 + lo : (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** An int64 as a number when it is safe, else as a bigint. */
  i64(what: string): number | bigint {
    const at = this.need(8, what);
    this.pos += 8;
    const v = this.dataView().getBigInt64(at, true);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  /** A uint64 count or size, at most `max`: anything larger is a located error, never an allocation. */
  count(what: string, max: number): number {
    const at = this.pos;
    const v = this.u64(what);
    if (typeof v === 'bigint' || v > max) throw new GgufError(`${what} is ${String(v)}, more than the ${max} this file can hold`, at);
    return v;
  }

  /** UTF-8 text of n bytes (n already checked against the file's end by the caller or by need()). */
  text(n: number, what: string): string {
    return DECODER.decode(this.bytes(n, what));
  }
}
