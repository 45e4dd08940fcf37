// Random access to the bytes of a file, so that the ONNX and GGUF readers can skip what they do not
// need (weight payloads of any size) by moving an offset instead of reading. The core only knows
// this interface, the in-memory implementation and the window both readers read through
// (ByteWindow); a node file-descriptor implementation lives outside the core
// (server/src/formats-node/fileSource.ts).

export interface ByteSource {
  /** Total length in bytes. */
  readonly size: number;
  /**
   * The bytes [offset, offset + length), where 0 <= offset and offset + length <= size. The
   * returned array may be a view of internal memory and is only valid until the next call.
   */
  read(offset: number, length: number): Uint8Array;
  /** A good number of bytes to ask for at once (small for files, everything for memory). */
  readonly window: number;
}

/** A ByteSource over bytes already in memory (reads are views, never copies). */
export class MemorySource implements ByteSource {
  readonly size: number;
  readonly window: number;

  constructor(private readonly bytes: Uint8Array) {
    this.size = bytes.length;
    this.window = Math.max(1, bytes.length);
  }

  read(offset: number, length: number): Uint8Array {
    return this.bytes.subarray(offset, offset + length);
  }
}

/**
 * The window over a ByteSource that the format readers read through (the ONNX wire reader, the
 * GGUF cursor): `buf` holds the source's bytes from `bufStart`. `window(pos, n)` gives the index in
 * `buf` of bytes [pos, pos + n), reading a new window first when they are not in it (the source's
 * window size, or n when larger; never past the end). A short read leaves fewer than n bytes after
 * the index: the reader words that failure, located by its own error type.
 */
export class ByteWindow {
  protected buf: Uint8Array = new Uint8Array(0);
  protected bufStart = 0;
  private view: DataView | undefined;

  constructor(protected readonly source: ByteSource) {}

  protected window(pos: number, n: number): number {
    const at = pos - this.bufStart;
    if (at >= 0 && at + n <= this.buf.length) return at;
    this.buf = this.source.read(pos, Math.min(this.source.size - pos, Math.max(n, this.source.window)));
    this.bufStart = pos;
    this.view = undefined;
    return 0;
  }

  /** A DataView of the window (made once per window). */
  protected dataView(): DataView {
    return (this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }
}
