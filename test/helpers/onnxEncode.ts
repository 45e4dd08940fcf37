// A protobuf ENCODER for ONNX models, for tests and benchmarks: plain spec objects (model, graph,
// node, attribute, tensor, value info) to the binary wire format. Weight payloads may be runs of
// zeros that are never materialised: `writeModel` streams them to a sink in chunks of one shared
// zero buffer, so a file of a gigabyte of weights can be written without holding it in memory.
// Field numbers follow onnx/onnx.proto (ModelProto 1 ir_version, 7 graph, 8 opset_import, ...).

/** A run of bytes, or of `zeros` zero bytes that are generated when written. */
type Part = Uint8Array | { zeros: number };

/** A protobuf message under construction: its encoded parts, in field order as appended. */
export class Msg {
  readonly parts: Part[] = [];
  size = 0;

  private push(p: Part): void {
    this.parts.push(p);
    this.size += p instanceof Uint8Array ? p.length : p.zeros;
  }

  private tag(field: number, wire: number): void {
    this.push(varintBytes(BigInt(field * 8 + wire)));
  }

  /** An int64/int32/enum varint (negative numbers as 64-bit two's complement). */
  int(field: number, v: number): this {
    this.tag(field, 0);
    this.push(varintBytes(BigInt.asUintN(64, int64(v))));
    return this;
  }

  /** An int64 varint given exactly (values past 2^53 that a JS number cannot hold). */
  bigint(field: number, v: bigint): this {
    this.tag(field, 0);
    this.push(varintBytes(BigInt.asUintN(64, v)));
    return this;
  }

  float(field: number, v: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.push(b);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2);
    this.push(varintBytes(BigInt(data.length)));
    this.push(data);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  /** A length-delimited field of `n` zero bytes (never materialised). */
  zeros(field: number, n: number): this {
    this.tag(field, 2);
    this.push(varintBytes(BigInt(n)));
    this.push({ zeros: n });
    return this;
  }

  msg(field: number, m: Msg): this {
    this.tag(field, 2);
    this.push(varintBytes(BigInt(m.size)));
    for (const p of m.parts) this.push(p);
    return this;
  }

  /** A packed repeated varint field. */
  packedInts(field: number, vs: number[]): this {
    const body = concat(vs.map((v) => varintBytes(BigInt.asUintN(64, int64(v)))));
    return this.bytes(field, body);
  }

  packedFloats(field: number, vs: number[]): this {
    const b = new Uint8Array(4 * vs.length);
    const dv = new DataView(b.buffer);
    vs.forEach((v, i) => dv.setFloat32(4 * i, v, true));
    return this.bytes(field, b);
  }
}

/** A JS number as an int64, clamped (2^63 - 1 written as 9223372036854775807 parses to 2^63). */
export function int64(v: number): bigint {
  const b = BigInt(Math.trunc(v));
  const max = 2n ** 63n - 1n;
  return b > max ? max : b < -max - 1n ? -max - 1n : b;
}

export function varintBytes(v: bigint): Uint8Array {
  const out: number[] = [];
  let x = v;
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x > 0n) b |= 0x80;
    out.push(b);
  } while (x > 0n);
  return Uint8Array.from(out);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ---- ONNX spec objects ----------------------------------------------------------------------

export const DT = { float: 1, uint8: 2, int8: 3, int16: 5, int32: 6, int64: 7, bool: 9, float16: 10, double: 11, bfloat16: 16 } as const;
export type DTName = keyof typeof DT;

export interface TensorSpec {
  name: string;
  dims: number[];
  dataType: number;
  /** Values, stored as raw_data (little-endian) of the data type. */
  values?: number[];
  /** Zero-filled raw_data of dims x element size (weights whose values do not matter). */
  zeros?: boolean;
  /** Values stored in the typed field (int64_data, float_data...) instead of raw_data. */
  typed?: boolean;
  /** Payload in an external file (data_location EXTERNAL). */
  external?: { location: string; offset?: number; length?: number };
}

export type AttrSpec =
  | { name: string; kind: 'int'; value: number }
  | { name: string; kind: 'float'; value: number }
  | { name: string; kind: 'string'; value: string }
  | { name: string; kind: 'ints'; value: number[] }
  | { name: string; kind: 'floats'; value: number[] }
  | { name: string; kind: 'strings'; value: string[] }
  | { name: string; kind: 'tensor'; value: TensorSpec }
  | { name: string; kind: 'graph'; value: GraphSpec };

export interface NodeSpec {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attrs?: AttrSpec[];
}

/** A dimension: a number (a bigint for one past 2^53), a symbol (dim_param), or null (unknown). */
export type DimSpec = number | bigint | string | null;

export interface ValueSpec {
  name: string;
  elemType: number;
  /** Undefined: no shape at all (unknown rank). */
  dims?: DimSpec[];
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  initializers: TensorSpec[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  valueInfo?: ValueSpec[];
}

export interface ModelSpec {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producer?: string;
  graph: GraphSpec;
}

const SIZES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 16: 2 };

function rawValues(t: TensorSpec): Uint8Array {
  const size = SIZES[t.dataType] ?? 4;
  const vs = t.values ?? [];
  const b = new Uint8Array(size * vs.length);
  const dv = new DataView(b.buffer);
  vs.forEach((v, i) => {
    switch (t.dataType) {
      case 1: dv.setFloat32(4 * i, v, true); break;
      case 11: dv.setFloat64(8 * i, v, true); break;
      case 7: dv.setBigInt64(8 * i, int64(v), true); break;
      case 6: dv.setInt32(4 * i, v, true); break;
      case 5: dv.setInt16(2 * i, v, true); break;
      case 2: case 3: case 9: dv.setUint8(i, v & 0xff); break;
      default: dv.setUint16(size * i, v & 0xffff, true);
    }
  });
  return b;
}

export function encodeTensor(t: TensorSpec): Msg {
  const m = new Msg();
  if (t.dims.length) m.packedInts(1, t.dims);
  m.int(2, t.dataType);
  const numel = t.dims.reduce((p, d) => p * d, 1);
  if (t.values && t.typed) {
    if (t.dataType === 1) m.packedFloats(4, t.values);
    else if (t.dataType === 7) m.packedInts(7, t.values);
    else m.packedInts(5, t.values);
  }
  m.string(8, t.name);
  if (t.external) {
    const kv = (k: string, v: string) => new Msg().string(1, k).string(2, v);
    m.msg(13, kv('location', t.external.location));
    if (t.external.offset !== undefined) m.msg(13, kv('offset', String(t.external.offset)));
    if (t.external.length !== undefined) m.msg(13, kv('length', String(t.external.length)));
    m.int(14, 1);
  } else if (t.values && !t.typed) m.bytes(9, rawValues(t));
  else if (t.zeros) m.zeros(9, numel * (SIZES[t.dataType] ?? 4));
  return m;
}

function encodeValue(v: ValueSpec): Msg {
  const tensorType = new Msg().int(1, v.elemType);
  if (v.dims) {
    const shape = new Msg();
    for (const d of v.dims) {
      const dim = new Msg();
      if (typeof d === 'number') dim.int(1, d);
      else if (typeof d === 'bigint') dim.bigint(1, d);
      else if (typeof d === 'string') dim.string(2, d);
      shape.msg(1, dim);
    }
    tensorType.msg(2, shape);
  }
  return new Msg().string(1, v.name).msg(2, new Msg().msg(1, tensorType));
}

function encodeAttr(a: AttrSpec): Msg {
  const m = new Msg().string(1, a.name);
  switch (a.kind) {
    case 'float': m.float(2, a.value).int(20, 1); break;
    case 'int': m.int(3, a.value).int(20, 2); break;
    case 'string': m.string(4, a.value).int(20, 3); break;
    case 'tensor': m.msg(5, encodeTensor(a.value)).int(20, 4); break;
    case 'graph': m.msg(6, encodeGraph(a.value)).int(20, 5); break;
    case 'floats': m.packedFloats(7, a.value).int(20, 6); break;
    case 'ints': m.packedInts(8, a.value).int(20, 7); break;
    case 'strings': for (const s of a.value) m.string(9, s); m.int(20, 8); break;
  }
  return m;
}

function encodeNode(n: NodeSpec): Msg {
  const m = new Msg();
  for (const i of n.inputs) m.string(1, i);
  for (const o of n.outputs) m.string(2, o);
  if (n.name) m.string(3, n.name);
  m.string(4, n.opType);
  for (const a of n.attrs ?? []) m.msg(5, encodeAttr(a));
  if (n.domain) m.string(7, n.domain);
  return m;
}

export function encodeGraph(g: GraphSpec): Msg {
  const m = new Msg();
  for (const n of g.nodes) m.msg(1, encodeNode(n));
  m.string(2, g.name);
  for (const t of g.initializers) m.msg(5, encodeTensor(t));
  for (const v of g.inputs) m.msg(11, encodeValue(v));
  for (const v of g.outputs) m.msg(12, encodeValue(v));
  for (const v of g.valueInfo ?? []) m.msg(13, encodeValue(v));
  return m;
}

export function encodeModel(spec: ModelSpec): Msg {
  const m = new Msg().int(1, spec.irVersion);
  if (spec.producer) m.string(2, spec.producer);
  m.msg(7, encodeGraph(spec.graph));
  for (const o of spec.opsets) m.msg(8, new Msg().string(1, o.domain).int(2, o.version));
  return m;
}

/** Streams a message to `sink`; zero runs come in chunks of one shared buffer of `chunk` bytes. */
export function writeMsg(m: Msg, sink: (chunk: Uint8Array) => void, chunk = 1 << 22): void {
  let zero: Uint8Array | undefined;
  for (const p of m.parts) {
    if (p instanceof Uint8Array) {
      sink(p);
      continue;
    }
    zero ??= new Uint8Array(chunk);
    for (let left = p.zeros; left > 0; left -= chunk) sink(left >= chunk ? zero : zero.subarray(0, left));
  }
}

/** The whole message as bytes (small models only). */
export function toBytes(m: Msg): Uint8Array {
  const out = new Uint8Array(m.size);
  let o = 0;
  writeMsg(m, (c) => {
    out.set(c, o);
    o += c.length;
  });
  return out;
}
