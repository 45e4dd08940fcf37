// Writes GGUF headers for tests and benchmarks (ggml docs/gguf.md): the magic, the version, the
// metadata key/values of any value type (arrays included) and the tensor infos, padded to the
// alignment. No tensor data is written: a test that needs a whole file appends zeros, and the
// benchmark makes a sparse file of several gigabytes by truncating it to its full size.
// `llamaGguf` builds the header of a Llama-family model (the tensors llama.cpp writes for it), with
// a ggml type per tensor, so tests can check params and weight bytes against hand-computed sums.
import { ggmlType } from '../../server/src/core/formats/gguf/ggmlTypes';
import { GGUF_VALUE_TYPES, type GgufValueType } from '../../server/src/core/formats/gguf/header';

export type GgufWriteValue =
  | { type: 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64'; value: number }
  | { type: 'uint64' | 'int64'; value: number | bigint }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; of: GgufValueType; values: GgufWriteValue[] };

export interface GgufWriteTensor {
  name: string;
  /** ne[0] first, as GGUF stores them. */
  dims: number[];
  /** ggml type id. */
  type: number;
}

export interface GgufWriteOptions {
  version?: number;
  kv: [string, GgufWriteValue][];
  tensors: GgufWriteTensor[];
  alignment?: number;
  magic?: string;
}

export interface GgufWritten {
  /** The header, padded to the alignment (the start of the tensor data). */
  header: Uint8Array;
  /** Bytes of tensor data the tensor infos describe (each tensor padded to the alignment). */
  dataBytes: number;
}

class Bytes {
  private parts: number[] = [];
  u8(v: number): void {
    this.parts.push(v & 0xff);
  }
  raw(b: Uint8Array): void {
    for (const x of b) this.parts.push(x);
  }
  private put(n: number, write: (dv: DataView) => void): void {
    const dv = new DataView(new ArrayBuffer(n));
    write(dv);
    this.raw(new Uint8Array(dv.buffer));
  }
  u32(v: number): void {
    this.put(4, (d) => d.setUint32(0, v, true));
  }
  u64(v: number | bigint): void {
    this.put(8, (d) => d.setBigUint64(0, BigInt(v), true));
  }
  i64(v: number | bigint): void {
    this.put(8, (d) => d.setBigInt64(0, BigInt(v), true));
  }
  string(s: string): void {
    const b = new TextEncoder().encode(s);
    this.u64(b.length);
    this.raw(b);
  }
  value(v: GgufWriteValue): void {
    switch (v.type) {
      case 'uint8':
      case 'int8':
        return this.u8(v.value);
      case 'uint16':
        return this.put(2, (d) => d.setUint16(0, v.value, true));
      case 'int16':
        return this.put(2, (d) => d.setInt16(0, v.value, true));
      case 'uint32':
        return this.u32(v.value);
      case 'int32':
        return this.put(4, (d) => d.setInt32(0, v.value, true));
      case 'float32':
        return this.put(4, (d) => d.setFloat32(0, v.value, true));
      case 'float64':
        return this.put(8, (d) => d.setFloat64(0, v.value, true));
      case 'uint64':
        return this.u64(v.value);
      case 'int64':
        return this.i64(v.value);
      case 'bool':
        return this.u8(v.value ? 1 : 0);
      case 'string':
        return this.string(v.value);
      case 'array':
        this.u32(GGUF_VALUE_TYPES.indexOf(v.of));
        this.u64(v.values.length);
        for (const x of v.values) this.value(x);
    }
  }
  get length(): number {
    return this.parts.length;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Bytes of a tensor's data (whole blocks of its ggml type; 0 for a type ggml does not have). */
export function ggufTensorBytes(t: GgufWriteTensor): number {
  const type = ggmlType(t.type);
  if (!type) return 0;
  const n = t.dims.reduce((a, b) => a * b, 1);
  return (n / type.blockSize) * type.typeSize;
}

export function writeGgufHeader(o: GgufWriteOptions): GgufWritten {
  const alignment = o.alignment ?? 32;
  const b = new Bytes();
  b.raw(new TextEncoder().encode(o.magic ?? 'GGUF'));
  b.u32(o.version ?? 3);
  b.u64(o.tensors.length);
  b.u64(o.kv.length);
  for (const [key, value] of o.kv) {
    b.string(key);
    b.u32(GGUF_VALUE_TYPES.indexOf(value.type));
    b.value(value);
  }
  let offset = 0;
  for (const t of o.tensors) {
    b.string(t.name);
    b.u32(t.dims.length);
    for (const d of t.dims) b.u64(d);
    b.u32(t.type);
    b.u64(offset);
    offset += Math.ceil(ggufTensorBytes(t) / alignment) * alignment;
  }
  while (b.length % alignment !== 0) b.u8(0);
  return { header: b.bytes(), dataBytes: offset };
}

/** The whole file in memory: the header and zero-filled tensor data. */
export function ggufFile(o: GgufWriteOptions): Uint8Array {
  const { header, dataBytes } = writeGgufHeader(o);
  const out = new Uint8Array(header.length + dataBytes);
  out.set(header);
  return out;
}

export const GGML = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 8, Q4_K: 12, Q5_K: 13, Q6_K: 14, BF16: 30 } as const;

export const u32 = (value: number): GgufWriteValue => ({ type: 'uint32', value });
export const str = (value: string): GgufWriteValue => ({ type: 'string', value });
export const f32 = (value: number): GgufWriteValue => ({ type: 'float32', value });

export interface LlamaShape {
  arch?: string;
  name?: string;
  layers: number;
  dim: number;
  ffn: number;
  heads: number;
  kvHeads: number;
  vocab: number;
  context: number;
  /** MoE: experts per layer and experts used per token. */
  experts?: number;
  expertsUsed?: number;
  /** No output.weight: the head is tied to token_embd. */
  tied?: boolean;
  /** q/k/v biases (qwen2). */
  qkvBias?: boolean;
  /** Tokens written in tokenizer.ggml.tokens (all `vocab` of them when true). */
  tokens?: boolean;
  /** ggml type of the 2-D weights (norms stay F32); a function picks per tensor. */
  type?: number | ((name: string) => number);
}

/** The header of a Llama-family model as llama.cpp writes it (tensor names and shapes). */
export function llamaGguf(s: LlamaShape): GgufWriteOptions {
  const arch = s.arch ?? 'llama';
  const typeOf = (name: string) => (typeof s.type === 'function' ? s.type(name) : (s.type ?? GGML.F16));
  const kvd = (s.dim / s.heads) * s.kvHeads;
  const tensors: GgufWriteTensor[] = [];
  const w = (name: string, dims: number[]) => tensors.push({ name, dims, type: typeOf(name) });
  const norm = (name: string, n: number) => tensors.push({ name, dims: [n], type: GGML.F32 });
  w('token_embd.weight', [s.dim, s.vocab]);
  for (let i = 0; i < s.layers; i++) {
    const p = `blk.${i}.`;
    norm(`${p}attn_norm.weight`, s.dim);
    w(`${p}attn_q.weight`, [s.dim, s.dim]);
    w(`${p}attn_k.weight`, [s.dim, kvd]);
    w(`${p}attn_v.weight`, [s.dim, kvd]);
    if (s.qkvBias) {
      norm(`${p}attn_q.bias`, s.dim);
      norm(`${p}attn_k.bias`, kvd);
      norm(`${p}attn_v.bias`, kvd);
    }
    w(`${p}attn_output.weight`, [s.dim, s.dim]);
    norm(`${p}ffn_norm.weight`, s.dim);
    if (s.experts) {
      w(`${p}ffn_gate_inp.weight`, [s.dim, s.experts]);
      w(`${p}ffn_gate_exps.weight`, [s.dim, s.ffn, s.experts]);
      w(`${p}ffn_down_exps.weight`, [s.ffn, s.dim, s.experts]);
      w(`${p}ffn_up_exps.weight`, [s.dim, s.ffn, s.experts]);
    } else {
      w(`${p}ffn_gate.weight`, [s.dim, s.ffn]);
      w(`${p}ffn_down.weight`, [s.ffn, s.dim]);
      w(`${p}ffn_up.weight`, [s.dim, s.ffn]);
    }
  }
  norm('output_norm.weight', s.dim);
  if (!s.tied) w('output.weight', [s.dim, s.vocab]);
  const kv: [string, GgufWriteValue][] = [
    ['general.architecture', str(arch)],
    ['general.name', str(s.name ?? 'test-model')],
    [`${arch}.context_length`, u32(s.context)],
    [`${arch}.embedding_length`, u32(s.dim)],
    [`${arch}.block_count`, u32(s.layers)],
    [`${arch}.feed_forward_length`, u32(s.ffn)],
    [`${arch}.rope.dimension_count`, u32(s.dim / s.heads)],
    [`${arch}.attention.head_count`, u32(s.heads)],
    [`${arch}.attention.head_count_kv`, u32(s.kvHeads)],
    [`${arch}.attention.layer_norm_rms_epsilon`, f32(1e-5)],
  ];
  if (s.experts) kv.push([`${arch}.expert_count`, u32(s.experts)], [`${arch}.expert_used_count`, u32(s.expertsUsed ?? 2)]);
  if (s.tokens) kv.push(['tokenizer.ggml.tokens', { type: 'array', of: 'string', values: Array.from({ length: s.vocab }, (_, i) => str(`t${i}`)) }]);
  return { kv, tensors };
}

export interface EncoderShape {
  layers: number;
  dim: number;
  ffn: number;
  heads: number;
  vocab: number;
  context: number;
  /** Token types (BERT), written as token_types.weight. */
  tokenTypes?: number;
  /** ggml type of the 2-D weights; norms and biases are F32. */
  type?: number;
}

/** The header of a GPT-2 model as llama.cpp writes it (fused attn_qkv, learned positions, biases). */
export function gpt2Gguf(s: EncoderShape): GgufWriteOptions {
  const type = s.type ?? GGML.F16;
  const tensors: GgufWriteTensor[] = [];
  const w = (name: string, dims: number[]) => tensors.push({ name, dims, type });
  const f = (name: string, n: number) => tensors.push({ name, dims: [n], type: GGML.F32 });
  w('token_embd.weight', [s.dim, s.vocab]);
  w('position_embd.weight', [s.dim, s.context]);
  for (let i = 0; i < s.layers; i++) {
    const p = `blk.${i}.`;
    f(`${p}attn_norm.weight`, s.dim);
    f(`${p}attn_norm.bias`, s.dim);
    w(`${p}attn_qkv.weight`, [s.dim, 3 * s.dim]);
    f(`${p}attn_qkv.bias`, 3 * s.dim);
    w(`${p}attn_output.weight`, [s.dim, s.dim]);
    f(`${p}attn_output.bias`, s.dim);
    f(`${p}ffn_norm.weight`, s.dim);
    f(`${p}ffn_norm.bias`, s.dim);
    w(`${p}ffn_up.weight`, [s.dim, s.ffn]);
    f(`${p}ffn_up.bias`, s.ffn);
    w(`${p}ffn_down.weight`, [s.ffn, s.dim]);
    f(`${p}ffn_down.bias`, s.dim);
  }
  f('output_norm.weight', s.dim);
  f('output_norm.bias', s.dim);
  const kv: [string, GgufWriteValue][] = [
    ['general.architecture', str('gpt2')],
    ['gpt2.context_length', u32(s.context)],
    ['gpt2.embedding_length', u32(s.dim)],
    ['gpt2.feed_forward_length', u32(s.ffn)],
    ['gpt2.block_count', u32(s.layers)],
    ['gpt2.attention.head_count', u32(s.heads)],
    ['gpt2.attention.layer_norm_epsilon', f32(1e-5)],
  ];
  return { kv, tensors };
}

/** The header of a BERT encoder as llama.cpp writes it (no pooler, no MLM head). */
export function bertGguf(s: EncoderShape): GgufWriteOptions {
  const type = s.type ?? GGML.F16;
  const tensors: GgufWriteTensor[] = [];
  const w = (name: string, dims: number[]) => tensors.push({ name, dims, type });
  const f = (name: string, n: number) => tensors.push({ name, dims: [n], type: GGML.F32 });
  w('token_embd.weight', [s.dim, s.vocab]);
  w('token_types.weight', [s.dim, s.tokenTypes ?? 2]);
  w('position_embd.weight', [s.dim, s.context]);
  f('token_embd_norm.weight', s.dim);
  f('token_embd_norm.bias', s.dim);
  for (let i = 0; i < s.layers; i++) {
    const p = `blk.${i}.`;
    for (const x of ['attn_q', 'attn_k', 'attn_v', 'attn_output']) {
      w(`${p}${x}.weight`, [s.dim, s.dim]);
      f(`${p}${x}.bias`, s.dim);
    }
    f(`${p}attn_output_norm.weight`, s.dim);
    f(`${p}attn_output_norm.bias`, s.dim);
    w(`${p}ffn_up.weight`, [s.dim, s.ffn]);
    f(`${p}ffn_up.bias`, s.ffn);
    w(`${p}ffn_down.weight`, [s.ffn, s.dim]);
    f(`${p}ffn_down.bias`, s.dim);
    f(`${p}layer_output_norm.weight`, s.dim);
    f(`${p}layer_output_norm.bias`, s.dim);
  }
  const kv: [string, GgufWriteValue][] = [
    ['general.architecture', str('bert')],
    ['bert.context_length', u32(s.context)],
    ['bert.embedding_length', u32(s.dim)],
    ['bert.feed_forward_length', u32(s.ffn)],
    ['bert.block_count', u32(s.layers)],
    ['bert.attention.head_count', u32(s.heads)],
    ['bert.attention.layer_norm_epsilon', f32(1e-12)],
  ];
  return { kv, tensors };
}
