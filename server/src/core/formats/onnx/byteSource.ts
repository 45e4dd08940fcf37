// Random access to the bytes of a file, so that the ONNX reader can skip what it does not need
// (weight payloads of any size) by moving an offset instead of reading. The core only knows this
// interface and the in-memory implementation; a node file-descriptor implementation lives outside
// the core (server/src/formats-node/fileSource.ts).

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
