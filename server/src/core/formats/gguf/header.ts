// Reads a GGUF file's header, and nothing after it: the magic, the version (2 or 3), the metadata
// key/values (every value type of the spec, arrays of any type including nested arrays), and the
// tensor infos (name, dimensions, ggml type, data offset). The tensor data is never read: the
// reader stops at the end of the tensor infos, whatever the size of the file.
//
// Layout (ggml docs/gguf.md, github.com/ggml-org/ggml commit 6af560d55df03ad92116e3c0a697779584477e85):
//   uint32 magic "GGUF" | uint32 version | uint64 tensor_count | uint64 metadata_kv_count
//   metadata_kv_count x { string key | uint32 value_type | value }
//   tensor_count x { string name | uint32 n_dims | n_dims x uint64 dim | uint32 ggml_type | uint64 offset }
//   padding to general.alignment (default 32) | tensor data
// where a string is a uint64 byte length and that many UTF-8 bytes, and an array value is a uint32
// element type, a uint64 element count and the elements. All little-endian.
//
// Limits, so that a corrupt or hostile file is an error at a byte offset and never a huge
// allocation or a long loop: every count and length is checked against the bytes left in the file
// (an element takes at least one byte, a string at least eight); keys are at most 65,535 bytes (the
// spec's limit); string values longer than 64 KiB are skipped, keeping their first 1 KiB; an array
// keeps its first 64 elements (the rest are walked or skipped, never stored); an array of strings
// or arrays has at most 16,777,216 elements (a vocabulary has a few hundred thousand), so walking it
// stays under a second; arrays nest at most 8 deep; a tensor has at most 8 dimensions.
import { Cursor, GgufError } from './cursor';

export const GGUF_MAGIC = 'GGUF';

/** gguf_metadata_value_type (docs/gguf.md). */
export const GGUF_VALUE_TYPES = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'bool', 'string', 'array', 'uint64', 'int64', 'float64'] as const;
export type GgufValueType = (typeof GGUF_VALUE_TYPES)[number];

export interface GgufArray {
  kind: 'array';
  type: GgufValueType;
  /** Number of elements in the file. */
  length: number;
  /** The first elements (at most ARRAY_ITEMS_KEPT). */
  items: GgufValue[];
}

export type GgufValue = number | bigint | boolean | string | GgufArray;

export interface GgufKeyValue {
  key: string;
  type: GgufValueType;
  value: GgufValue;
  /** Byte offset of the key in the file. */
  offset: number;
}

export interface GgufTensorInfo {
  name: string;
  /** Dimensions as stored: ne[0] (the contiguous one, a row) first. */
  dims: number[];
  /** ggml type id (ggmlTypes.ts). */
  type: number;
  /** Offset of the data from the start of the tensor data section. */
  offset: number;
  /** Byte offset of this tensor info in the file. */
  at: number;
}

export interface GgufHeader {
  version: number;
  metadata: Map<string, GgufKeyValue>;
  tensors: GgufTensorInfo[];
  /** general.alignment, 32 when absent. */
  alignment: number;
  /** Where the tensor data starts (the end of the tensor infos, aligned). */
  dataOffset: number;
  /** Bytes of the header actually read. */
  headerBytes: number;
  /** Problems that do not stop reading (duplicate keys, alignment), with their byte offsets. */
  problems: { message: string; offset: number }[];
}

export const LIMITS = {
  keyBytes: 65535,
  stringBytesKept: 64 * 1024,
  stringPrefixKept: 1024,
  arrayItemsKept: 64,
  walkedArrayLength: 16 * 1024 * 1024,
  arrayDepth: 8,
  dims: 8,
};

const FIXED_SIZE: Partial<Record<GgufValueType, number>> = { uint8: 1, int8: 1, bool: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, uint64: 8, int64: 8, float64: 8 };

class HeaderReader {
  readonly problems: { message: string; offset: number }[] = [];

  constructor(private readonly c: Cursor) {}

  private left(): number {
    return this.c.size - this.c.pos;
  }

  /** A gguf_string_t; strings longer than `keep` are skipped past their first LIMITS.stringPrefixKept bytes. */
  string(what: string, maxBytes: number, keep = LIMITS.stringBytesKept): string {
    const at = this.c.pos;
    const n = this.c.count(`the length of ${what}`, Math.min(maxBytes, this.left() - 8));
    if (n <= keep) return this.c.text(n, what);
    const prefix = this.c.text(LIMITS.stringPrefixKept, what);
    this.c.skip(n - LIMITS.stringPrefixKept, what);
    this.problems.push({ message: `${what} is ${n} bytes long: only its first ${LIMITS.stringPrefixKept} bytes are kept`, offset: at });
    return `${prefix}…`;
  }

  valueType(what: string): GgufValueType {
    const at = this.c.pos;
    const t = this.c.u32(what);
    const name = GGUF_VALUE_TYPES[t];
    if (name === undefined) throw new GgufError(`${what} is ${t}, not a GGUF value type (0-12)`, at);
    return name;
  }

  value(type: GgufValueType, what: string, depth: number): GgufValue {
    switch (type) {
      case 'uint8':
        return this.c.u8(what);
      case 'int8':
        return this.c.i8(what);
      case 'uint16':
        return this.c.u16(what);
      case 'int16':
        return this.c.i16(what);
      case 'uint32':
        return this.c.u32(what);
      case 'int32':
        return this.c.i32(what);
      case 'float32':
        return this.c.f32(what);
      case 'uint64':
        return this.c.u64(what);
      case 'int64':
        return this.c.i64(what);
      case 'float64':
        return this.c.f64(what);
      case 'bool': {
        const at = this.c.pos;
        const b = this.c.u8(what);
        if (b > 1) throw new GgufError(`${what} is a bool of value ${b} (only 0 and 1 are valid)`, at);
        return b === 1;
      }
      case 'string':
        return this.string(what, Number.MAX_SAFE_INTEGER);
      case 'array':
        return this.array(what, depth + 1);
    }
  }

  array(what: string, depth: number): GgufArray {
    const at = this.c.pos;
    if (depth > LIMITS.arrayDepth) throw new GgufError(`${what} nests arrays more than ${LIMITS.arrayDepth} deep`, at);
    const type = this.valueType(`the element type of ${what}`);
    const size = FIXED_SIZE[type];
    // Each element takes at least 1 byte (a string at least 8, an array at least 12).
    const minBytes = size ?? (type === 'string' ? 8 : 12);
    const fits = Math.floor(this.left() / minBytes);
    const length = this.c.count(`the length of ${what}`, size !== undefined ? fits : Math.min(fits, LIMITS.walkedArrayLength));
    const items: GgufValue[] = [];
    const kept = Math.min(length, LIMITS.arrayItemsKept);
    for (let i = 0; i < kept; i++) items.push(this.value(type, `${what}[${i}]`, depth));
    if (size !== undefined) this.c.skip((length - kept) * size, what);
    else if (type === 'string') for (let i = kept; i < length; i++) this.c.skip(this.c.count(`the length of ${what}[${i}]`, this.left() - 8), `${what}[${i}]`);
    else for (let i = kept; i < length; i++) this.array(`${what}[${i}]`, depth + 1);
    return { kind: 'array', type, length, items };
  }

  keyValue(i: number): GgufKeyValue {
    const offset = this.c.pos;
    const key = this.string(`metadata key ${i}`, LIMITS.keyBytes, LIMITS.keyBytes);
    if (key === '') throw new GgufError(`metadata key ${i} is empty`, offset);
    const type = this.valueType(`the value type of '${key}'`);
    const value = this.value(type, `the value of '${key}'`, 0);
    return { key, type, value, offset };
  }

  tensorInfo(i: number): GgufTensorInfo {
    const at = this.c.pos;
    const name = this.string(`the name of tensor ${i}`, LIMITS.keyBytes, LIMITS.keyBytes);
    const nAt = this.c.pos;
    const n = this.c.u32(`the dimension count of tensor '${name}'`);
    if (n < 1 || n > LIMITS.dims) throw new GgufError(`tensor '${name}' has ${n} dimensions (1 to ${LIMITS.dims} are read)`, nAt);
    const dims: number[] = [];
    for (let d = 0; d < n; d++) dims.push(this.c.count(`dimension ${d} of tensor '${name}'`, Number.MAX_SAFE_INTEGER));
    const type = this.c.u32(`the ggml type of tensor '${name}'`);
    const offset = this.c.count(`the data offset of tensor '${name}'`, Number.MAX_SAFE_INTEGER);
    return { name, dims, type, offset, at };
  }
}

function alignmentOf(metadata: Map<string, GgufKeyValue>, problems: GgufHeader['problems']): number {
  const kv = metadata.get('general.alignment');
  if (!kv) return 32;
  const v = kv.value;
  if (kv.type !== 'uint32' || typeof v !== 'number' || v === 0 || (v & (v - 1)) !== 0) {
    problems.push({ message: `general.alignment must be a uint32 power of two, got ${String(typeof v === 'object' ? 'an array' : v)} (${kv.type}); 32 is used`, offset: kv.offset });
    return 32;
  }
  return v;
}

/** Reads the header; throws GgufError (with its byte offset) on a corrupt, truncated or foreign file. */
export function readGgufHeader(source: ConstructorParameters<typeof Cursor>[0]): GgufHeader {
  const c = new Cursor(source);
  if (source.size < 4) throw new GgufError(`the file has ${source.size} bytes, fewer than a GGUF header's`, source.size, source.size === 0 ? 'corrupt' : 'unsupported');
  const magic = c.bytes(4, 'the magic');
  if (String.fromCharCode(...magic) !== GGUF_MAGIC) throw new GgufError(`the file does not start with 'GGUF' (is this a GGUF file?)`, 0, 'unsupported');
  const version = c.u32('the version');
  if ((version & 0xffff) === 0 && version !== 0) throw new GgufError(`version ${version} reads as a big-endian file (version ${version >>> 24}); only little-endian GGUF is read`, 4, 'unsupported');
  if (version === 1) throw new GgufError('GGUF version 1 (32-bit counts) is not read; versions 2 and 3 are', 4, 'unsupported');
  if (version !== 2 && version !== 3) throw new GgufError(`GGUF version ${version} is not read; versions 2 and 3 are`, 4, 'unsupported');
  const r = new HeaderReader(c);
  // A tensor info takes at least 8 + 4 + 8 + 4 + 8 bytes, a key/value at least 8 + 1 + 4 + 1.
  const tensorCount = c.count('the tensor count', Math.floor((source.size - 24) / 32));
  const kvCount = c.count('the metadata key/value count', Math.floor((source.size - 24) / 14));
  const metadata = new Map<string, GgufKeyValue>();
  for (let i = 0; i < kvCount; i++) {
    const kv = r.keyValue(i);
    if (metadata.has(kv.key)) r.problems.push({ message: `metadata key '${kv.key}' is given twice; the first value is used`, offset: kv.offset });
    else metadata.set(kv.key, kv);
  }
  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) {
    const t = r.tensorInfo(i);
    if (names.has(t.name)) r.problems.push({ message: `tensor '${t.name}' is listed twice`, offset: t.at });
    names.add(t.name);
    tensors.push(t);
  }
  const headerBytes = c.pos;
  const alignment = alignmentOf(metadata, r.problems);
  const dataOffset = Math.ceil(headerBytes / alignment) * alignment;
  for (const t of tensors) if (t.offset % alignment !== 0) r.problems.push({ message: `tensor '${t.name}' has data offset ${t.offset}, not a multiple of the alignment ${alignment}`, offset: t.at });
  return { version, metadata, tensors, alignment, dataOffset, headerBytes, problems: r.problems };
}
