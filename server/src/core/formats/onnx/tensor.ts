// Reads a TensorProto (an initializer, or the value of a Constant / ConstantOfShape attribute)
// without its payload: name, dims, data type, the payload's size in bytes and where it lives
// (inside the file, or external). Weight payloads are skipped by length and never copied; only
// tensors of at most MAX_VALUES elements (shape vectors, scalars, scales) have their values decoded.
import { dataTypeInfo, dataTypeName } from './dataTypes';
import { WIRE, type WireReader } from './wire';

/** Tensors with at most this many elements have their values decoded (shape arithmetic needs them). */
export const MAX_VALUES = 64;

/** Dimensions a tensor may have before it is taken for corruption. */
const MAX_RANK = 64;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** Bytes of the payload (raw_data or the typed fields, or the external length when known). */
  byteSize: number;
  /** The values, for numeric tensors of at most MAX_VALUES elements stored in the file. */
  values?: number[];
  /** Set when the payload is in an external file (data_location EXTERNAL): not opened. */
  external?: { location: string; length?: number };
  /** Set when the payload's size disagrees with dims x element size. */
  sizeMismatch?: string;
  /** Byte offset of the TensorProto in the file. */
  offset: number;
}

export function numelOf(dims: number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

function half(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const f = bits & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Decodes little-endian raw_data of a small tensor. */
function decodeRaw(raw: Uint8Array, dataType: number, count: number): number[] | undefined {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    switch (dataType) {
      case 1: out.push(dv.getFloat32(4 * i, true)); break;
      case 2: out.push(dv.getUint8(i)); break;
      case 3: out.push(dv.getInt8(i)); break;
      case 4: out.push(dv.getUint16(2 * i, true)); break;
      case 5: out.push(dv.getInt16(2 * i, true)); break;
      case 6: out.push(dv.getInt32(4 * i, true)); break;
      case 7: out.push(dv.getInt32(8 * i + 4, true) * 4294967296 + dv.getUint32(8 * i, true)); break;
      case 9: out.push(dv.getUint8(i) ? 1 : 0); break;
      case 10: out.push(half(dv.getUint16(2 * i, true))); break;
      case 11: out.push(dv.getFloat64(8 * i, true)); break;
      case 12: out.push(dv.getUint32(4 * i, true)); break;
      case 13: out.push(dv.getUint32(8 * i + 4, true) * 4294967296 + dv.getUint32(8 * i, true)); break;
      default: return undefined;
    }
  }
  return out;
}

/** Reads a TensorProto whose payload ends at `end` (the reader is at its first field). */
export function readTensor(r: WireReader, end: number, depth: number): OnnxTensor {
  const offset = r.pos;
  const t: OnnxTensor = { name: '', dims: [], dataType: 0, byteSize: 0, offset };
  let raw: Uint8Array | undefined;
  let rawLength = -1;
  let typedBytes = 0;
  let typed: number[] = [];
  let typedCount = 0;
  let location = 0;
  const ext = new Map<string, string>();
  /** A typed data field: decodes its values while there are few of them, otherwise skips them. */
  const typedField = (scalarWire: number, read: (limit: number) => number, size: number) => {
    const start = r.pos;
    if (r.wireType === WIRE.LEN) {
      const e = r.lengthEnd(end);
      const len = e - r.pos;
      // A packed run longer than MAX_VALUES of the widest encoding is skipped, never decoded.
      if (len > MAX_VALUES * 10 || typedCount > MAX_VALUES) {
        r.pos = e;
        // Fixed-size values are counted from the length; varints cannot be without decoding them.
        typedCount += size ? len / size : NaN;
        typedBytes += len;
        return;
      }
      while (r.pos < e) {
        typed.push(read(e));
        typedCount++;
      }
      typedBytes += len;
      return;
    }
    r.expect(scalarWire);
    const v = read(end);
    typedCount++;
    typedBytes += size || r.pos - start;
    if (typed.length < MAX_VALUES + 1) typed.push(v);
  };
  r.message(end, depth, (field) => {
    switch (field) {
      case 1:
        r.repeated(end, WIRE.VARINT, (l) => r.int64(l), (d) => {
          if (t.dims.length >= MAX_RANK) r.fail(`tensor at offset ${offset} has more than ${MAX_RANK} dimensions`);
          if (!Number.isSafeInteger(d) || d < 0) r.fail(`tensor at offset ${offset} has an invalid dimension ${d}`);
          t.dims.push(d);
        });
        return true;
      case 2:
        r.expect(WIRE.VARINT);
        t.dataType = r.uint(end);
        return true;
      case 4:
        typedField(WIRE.I32, (l) => r.float32(l), 4);
        return true;
      case 5:
      case 7:
      case 11:
        typedField(WIRE.VARINT, (l) => r.int64(l), 0);
        return true;
      case 10:
        typedField(WIRE.I64, (l) => r.float64(l), 8);
        return true;
      case 8:
        t.name = r.string(end);
        return true;
      case 9: {
        r.expect(WIRE.LEN);
        const e = r.lengthEnd(end);
        rawLength = e - r.pos;
        // Small payloads are copied to decode their values; any other is skipped by seeking.
        if (rawLength <= MAX_VALUES * 8) raw = r.bytes(rawLength, e);
        r.pos = e;
        return true;
      }
      case 13: {
        r.expect(WIRE.LEN);
        const e = r.lengthEnd(end);
        let key = '';
        let value = '';
        r.message(e, depth + 1, (f) => {
          if (f === 1) key = r.string(e);
          else if (f === 2) value = r.string(e);
          else return false;
          return true;
        });
        ext.set(key, value);
        return true;
      }
      case 14:
        r.expect(WIRE.VARINT);
        location = r.uint(end);
        return true;
      default:
        return false;
    }
  });
  const info = dataTypeInfo(t.dataType);
  const numel = numelOf(t.dims);
  if (location === 1) {
    const length = Number(ext.get('length'));
    t.external = { location: ext.get('location') ?? '?' };
    if (Number.isSafeInteger(length) && length >= 0) t.external.length = length;
    t.byteSize = t.external.length ?? (info ? numel * info.bytes : 0);
    return t;
  }
  const expected = info ? numel * info.bytes : undefined;
  if (rawLength >= 0) {
    t.byteSize = rawLength;
    if (expected !== undefined && info && info.bytes > 0 && Math.ceil(expected) !== rawLength) {
      t.sizeMismatch = `raw_data has ${rawLength} bytes, ${dataTypeName(t.dataType)}[${t.dims.join(', ')}] needs ${Math.ceil(expected)}`;
    } else if (raw && numel <= MAX_VALUES) t.values = decodeRaw(raw, t.dataType, numel);
  } else if (typedCount > 0 || Number.isNaN(typedCount)) {
    t.byteSize = expected ?? typedBytes;
    if (Number.isFinite(typedCount) && typedCount !== numel) t.sizeMismatch = `${typedCount} value(s) stored, [${t.dims.join(', ')}] needs ${numel}`;
    else if (numel <= MAX_VALUES && typed.length === numel) t.values = t.dataType === 10 ? typed.map(half) : typed;
  } else {
    t.byteSize = expected ?? 0;
    // No payload at all: an empty tensor, or values given elsewhere (an optional input left empty).
    if (numel === 0) t.values = [];
  }
  typed = [];
  return t;
}
