// A GGUF header as a TransformerSpec: `general.architecture` names the family, its `<arch>.*` keys
// give the sizes (docs/gguf.md, "LLM"), and the tensor infos say what the keys do not: a tied head
// (no output.weight), attention and feed-forward biases (blk.0.attn_q.bias, blk.0.ffn_up.bias), a
// gated feed-forward (blk.0.ffn_gate), the vocabulary when tokenizer.ggml.tokens is absent
// (token_embd's second dimension). Counts are read from any integer type (the spec's uint64, or
// the uint32 many writers use). A missing key is an RL805 error naming it and its byte offset.
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic } from '../../diagnostics/types';
import { MAX_BLOCKS, type TransformerSpec } from '../transformer/spec';
import type { GgufArray, GgufHeader } from './header';

const NO_SPAN = { start: 0, end: 0 };

type ArchBody = Pick<TransformerSpec, 'causal' | 'norm' | 'positions' | 'postNorm' | 'embeddingNorm' | 'finalNorm'> & { activation: TransformerSpec['mlp']['activation'] };

/** The architectures built from a header (llama.cpp converts Mistral and Mixtral as `llama`). */
export const GGUF_ARCHES: Readonly<Record<string, ArchBody>> = {
  llama: { causal: true, norm: 'rmsnorm', positions: 'rotary', postNorm: false, embeddingNorm: false, finalNorm: true, activation: 'silu' },
  qwen2: { causal: true, norm: 'rmsnorm', positions: 'rotary', postNorm: false, embeddingNorm: false, finalNorm: true, activation: 'silu' },
  gpt2: { causal: true, norm: 'layernorm', positions: 'learned', postNorm: false, embeddingNorm: false, finalNorm: true, activation: 'gelu' },
  bert: { causal: false, norm: 'layernorm', positions: 'learned', postNorm: true, embeddingNorm: true, finalNorm: false, activation: 'gelu' },
};

export function ggufString(h: GgufHeader, key: string): string | undefined {
  const v = h.metadata.get(key)?.value;
  return typeof v === 'string' ? v : undefined;
}

export function specFromGguf(h: GgufHeader, arch: string, fallbackName: string): { spec?: TransformerSpec; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const body = GGUF_ARCHES[arch];
  const tensors = new Map(h.tensors.map((t) => [t.name, t]));
  const fail = (message: string) => diagnostics.push(diag('RL805', NO_SPAN, message));
  const num = (key: string, fallback?: number): number => {
    const kv = h.metadata.get(`${arch}.${key}`);
    if (!kv) {
      if (fallback === undefined) fail(`${arch}.${key} is missing: the ${arch} model needs it`);
      return fallback ?? 0;
    }
    const v = kv.value;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < (fallback === 0 ? 0 : 1)) {
      fail(`${arch}.${key} must be a positive whole number, got ${typeof v === 'object' ? 'an array' : String(v)} (${kv.type}, at byte ${kv.offset})`);
      return fallback ?? 0;
    }
    return v;
  };
  const dim = num('embedding_length');
  const heads = num('attention.head_count');
  const layers = num('block_count');
  const tokens = h.metadata.get('tokenizer.ggml.tokens')?.value as GgufArray | undefined;
  const embd = tensors.get('token_embd.weight');
  const vocab = typeof tokens === 'object' && tokens !== null && 'kind' in tokens ? tokens.length : num('vocab_size', embd?.dims[1] ?? 0);
  if (!(vocab >= 1)) fail('the vocabulary size is unknown: no tokenizer.ggml.tokens, no vocab_size key and no token_embd.weight tensor');
  if (layers > MAX_BLOCKS) fail(`${arch}.block_count is ${layers}: at most ${MAX_BLOCKS} blocks are built`);
  const experts = num('expert_count', 0);
  const has = (name: string) => tensors.has(name);
  const spec: TransformerSpec = {
    name: ggufString(h, 'general.name') ?? fallbackName,
    naming: 'gguf',
    prefix: '',
    causal: body.causal,
    vocab,
    dim,
    layers,
    heads,
    kvHeads: num('attention.head_count_kv', heads),
    ffn: experts > 0 ? num('expert_feed_forward_length', num('feed_forward_length')) : num('feed_forward_length'),
    maxPositions: num('context_length'),
    positions: body.positions,
    tokenTypes: body.positions === 'learned' && has('token_types.weight') ? (tensors.get('token_types.weight')?.dims[1] ?? 0) : 0,
    embeddingNorm: body.embeddingNorm,
    norm: body.norm,
    postNorm: body.postNorm,
    attentionBias: has('blk.0.attn_q.bias') || has('blk.0.attn_qkv.bias') ? (has('blk.0.attn_output.bias') ? 'all' : 'qkv') : 'none',
    mlp: { gated: has('blk.0.ffn_gate.weight') || has('blk.0.ffn_gate_exps.weight'), activation: body.activation, bias: has('blk.0.ffn_up.bias') },
    finalNorm: body.finalNorm,
    head: body.causal ? { kind: 'lm', tied: !has('output.weight'), bias: has('output.bias') } : { kind: 'none', pooler: false },
  };
  if (experts > 0) spec.moe = { experts, topK: num('expert_used_count') };
  return diagnostics.length > 0 ? { diagnostics } : { spec, diagnostics };
}
