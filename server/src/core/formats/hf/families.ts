// The model families a config.json can name in `model_type`, and how each one's keys make a
// transformer. A key that is absent takes the default of the family's configuration class in
// Hugging Face transformers (configuration_llama.py, configuration_mistral.py,
// configuration_mixtral.py, configuration_qwen2.py, configuration_gpt2.py, configuration_bert.py),
// because that is what the class named in `architectures` would be built with.
import { diag } from '../../diagnostics/catalogue';
import type { Role } from '../transformer/names';
import type { Naming, TransformerSpec } from '../transformer/spec';
import type { ConfigReader } from './configReader';

/** A transformer without its name, head and module prefix (those come from `architectures`). */
export type Body = Omit<TransformerSpec, 'name' | 'prefix' | 'head' | 'naming'>;

export interface Family {
  /** Stem of the family's class names (LlamaForCausalLM, GPT2LMHeadModel). */
  classStem: string;
  /** Module path of the base model inside its task classes. */
  basePrefix: string;
  naming: Naming;
  /** tie_word_embeddings when the config does not say. */
  tieDefault: boolean;
  /** Name and bias of the sequence-classification layer (`score` without bias in decoders). */
  classifier: { name: string; bias: boolean };
  read(r: ConfigReader): Body;
  /** The config keys that describe the layers of each role (their spans locate the layers). */
  keys: Partial<Record<Role, string[]>>;
}

/** hidden_act / activation_function: the operator that computes it. */
function activation(r: ConfigReader, key: string, fallback: string): Body['mlp']['activation'] {
  const name = r.string(key) ?? fallback;
  if (name === 'silu' || name === 'swish') return 'silu';
  if (name === 'relu') return 'relu';
  if (/^gelu/.test(name)) return 'gelu';
  r.diagnostics.push(diag('RL813', r.span(key), `activation '${name}' is not an operator of the tool: counted as gelu (one op per element)`));
  return 'gelu';
}

/** head_dim other than hidden_size / num_attention_heads cannot be said to the attention operator. */
function checkHeadDim(r: ConfigReader, dim: number, heads: number): void {
  const m = r.has('head_dim') ? r.count('head_dim', dim / heads) : undefined;
  if (m !== undefined && m * heads !== dim) {
    r.diagnostics.push(diag('RL813', r.span('head_dim'), `head_dim ${m} differs from hidden_size / num_attention_heads = ${dim / heads}: the attention is counted with ${dim / heads}, so its counts and params are not exact`));
  }
}

const LLAMA_KEYS: Family['keys'] = {
  embed: ['vocab_size'], attnNorm: ['rms_norm_eps', 'hidden_size'], attn: ['num_attention_heads'], attnResidual: ['hidden_size'],
  mlpNorm: ['rms_norm_eps', 'hidden_size'], gate: ['intermediate_size'], up: ['intermediate_size'], act: ['hidden_act'],
  mul: ['intermediate_size'], down: ['intermediate_size'], mlpResidual: ['hidden_size'], moe: ['num_local_experts'],
  finalNorm: ['rms_norm_eps', 'hidden_size'], lmHead: ['architectures'], classifier: ['architectures'],
};

interface LlamaDefaults {
  vocab: number;
  dim: number;
  ffn: number;
  kvHeads?: number;
  maxPositions: number;
  bias: 'llama' | 'none' | 'qkv';
  window: 'none' | 'mistral' | 'qwen2';
  windowDefault?: number;
  moe?: boolean;
}

function llamaLike(d: LlamaDefaults): Family['read'] {
  return (r) => {
    const dim = r.count('hidden_size', d.dim);
    const heads = r.count('num_attention_heads', 32);
    checkHeadDim(r, dim, heads);
    const body: Body = {
      causal: true,
      vocab: r.count('vocab_size', d.vocab),
      dim,
      layers: r.count('num_hidden_layers', 32),
      heads,
      kvHeads: r.count('num_key_value_heads', d.kvHeads ?? heads),
      ffn: r.count('intermediate_size', d.ffn),
      maxPositions: r.count('max_position_embeddings', d.maxPositions),
      positions: 'rotary',
      tokenTypes: 0,
      embeddingNorm: false,
      norm: 'rmsnorm',
      postNorm: false,
      attentionBias: d.bias === 'llama' ? (r.bool('attention_bias', false) ? 'all' : 'none') : d.bias,
      mlp: { gated: true, activation: activation(r, 'hidden_act', 'silu'), bias: d.bias === 'llama' ? r.bool('mlp_bias', false) : false },
      finalNorm: true,
    };
    if (d.moe) body.moe = { experts: r.count('num_local_experts', 8), topK: r.count('num_experts_per_tok', 2) };
    if (d.window === 'mistral') {
      const w = r.has('sliding_window') ? r.count('sliding_window') : r.isNull('sliding_window') ? undefined : d.windowDefault;
      if (w !== undefined && w > 0) body.slidingWindow = w;
    } else if (d.window === 'qwen2' && r.bool('use_sliding_window', false)) {
      body.slidingWindow = r.count('sliding_window', 4096);
      body.slidingWindowFrom = r.count('max_window_layers', 28);
    }
    return body;
  };
}

const GPT2: Family = {
  classStem: 'GPT2',
  basePrefix: 'transformer.',
  naming: 'gpt2',
  tieDefault: true,
  classifier: { name: 'score', bias: false },
  keys: {
    embed: ['vocab_size'], pos: ['n_positions'], embedAdd: ['n_positions'], attnNorm: ['layer_norm_epsilon', 'n_embd'], attn: ['n_head'],
    attnResidual: ['n_embd'], mlpNorm: ['layer_norm_epsilon', 'n_embd'], up: ['n_inner', 'n_embd'], act: ['activation_function'],
    down: ['n_inner', 'n_embd'], mlpResidual: ['n_embd'], finalNorm: ['layer_norm_epsilon', 'n_embd'], lmHead: ['architectures'], classifier: ['architectures'],
  },
  read(r) {
    const dim = r.count(['n_embd', 'hidden_size'], 768);
    if (r.bool('add_cross_attention', false)) r.diagnostics.push(diag('RL813', r.span('add_cross_attention'), 'cross-attention layers (add_cross_attention) are not built: their params are not counted'));
    return {
      causal: true,
      vocab: r.count('vocab_size', 50257),
      dim,
      layers: r.count(['n_layer', 'num_hidden_layers'], 12),
      heads: r.count(['n_head', 'num_attention_heads'], 12),
      kvHeads: r.count(['n_head', 'num_attention_heads'], 12),
      ffn: r.count('n_inner', 4 * dim),
      maxPositions: r.count(['n_positions', 'max_position_embeddings'], 1024),
      positions: 'learned',
      tokenTypes: 0,
      embeddingNorm: false,
      norm: 'layernorm',
      postNorm: false,
      attentionBias: 'all',
      mlp: { gated: false, activation: activation(r, 'activation_function', 'gelu_new'), bias: true },
      finalNorm: true,
    };
  },
};

const BERT: Family = {
  classStem: 'Bert',
  basePrefix: 'bert.',
  naming: 'bert',
  tieDefault: true,
  classifier: { name: 'classifier', bias: true },
  keys: {
    embed: ['vocab_size'], pos: ['max_position_embeddings'], tokenType: ['type_vocab_size'], embedAdd: ['max_position_embeddings'],
    tokenTypeAdd: ['type_vocab_size'], embedNorm: ['layer_norm_eps', 'hidden_size'], attn: ['num_attention_heads'], attnResidual: ['hidden_size'],
    attnNorm: ['layer_norm_eps', 'hidden_size'], up: ['intermediate_size'], act: ['hidden_act'], down: ['intermediate_size'],
    mlpResidual: ['hidden_size'], mlpNorm: ['layer_norm_eps', 'hidden_size'], poolerSlice: ['hidden_size'], pooler: ['hidden_size'],
    poolerAct: ['hidden_size'], mlmDense: ['architectures'], mlmAct: ['architectures'], mlmNorm: ['architectures'], mlmDecoder: ['architectures'],
    nsp: ['architectures'], classifier: ['architectures'],
  },
  read(r) {
    const kind = r.string('position_embedding_type') ?? 'absolute';
    if (kind !== 'absolute') r.diagnostics.push(diag('RL813', r.span('position_embedding_type'), `position_embedding_type '${kind}' is not built (its distance embedding is not counted): the model is analysed with absolute positions`));
    const heads = r.count('num_attention_heads', 12);
    return {
      causal: false,
      vocab: r.count('vocab_size', 30522),
      dim: r.count('hidden_size', 768),
      layers: r.count('num_hidden_layers', 12),
      heads,
      kvHeads: heads,
      ffn: r.count('intermediate_size', 3072),
      maxPositions: r.count('max_position_embeddings', 512),
      positions: 'learned',
      tokenTypes: r.count('type_vocab_size', 2),
      embeddingNorm: true,
      norm: 'layernorm',
      postNorm: true,
      attentionBias: 'all',
      mlp: { gated: false, activation: activation(r, 'hidden_act', 'gelu'), bias: true },
      finalNorm: false,
    };
  },
};

const llama = (classStem: string, read: Family['read']): Family => ({
  classStem,
  basePrefix: 'model.',
  naming: 'llama',
  tieDefault: false,
  classifier: { name: 'score', bias: false },
  keys: LLAMA_KEYS,
  read,
});

export const FAMILIES: Readonly<Record<string, Family>> = {
  llama: llama('Llama', llamaLike({ vocab: 32000, dim: 4096, ffn: 11008, maxPositions: 2048, bias: 'llama', window: 'none' })),
  mistral: llama('Mistral', llamaLike({ vocab: 32000, dim: 4096, ffn: 14336, kvHeads: 8, maxPositions: 4096 * 32, bias: 'none', window: 'mistral', windowDefault: 4096 })),
  mixtral: llama('Mixtral', llamaLike({ vocab: 32000, dim: 4096, ffn: 14336, kvHeads: 8, maxPositions: 4096 * 32, bias: 'none', window: 'mistral', moe: true })),
  qwen2: llama('Qwen2', llamaLike({ vocab: 151936, dim: 4096, ffn: 22016, maxPositions: 32768, bias: 'qkv', window: 'qwen2' })),
  gpt2: GPT2,
  bert: BERT,
};

export function familyOf(modelType: string): Family | undefined {
  return Object.prototype.hasOwnProperty.call(FAMILIES, modelType) ? FAMILIES[modelType] : undefined;
}
