// A transformer described by the numbers that decide its layers, whatever file it came from: a
// Hugging Face config.json (formats/hf/) or a GGUF header (formats/gguf/) each fill one of these,
// and build.ts turns it into layers of the operator table. Plain data; no parsing here.

/** How layers are named: after the module paths of the Hugging Face class, or the GGUF tensor names. */
export type Naming = 'llama' | 'gpt2' | 'bert' | 'gguf';

export type Head =
  /** The base model (LlamaModel, GPT2Model, BertModel): no head; BertModel has its pooler. */
  | { kind: 'none'; pooler: boolean }
  /** A language-model head over every position: `tied` to the token embedding or its own weight. */
  | { kind: 'lm'; tied: boolean; bias: boolean }
  /** BERT's masked-LM head: transform (dense, activation, layernorm), then the decoder tied to the
   * word embeddings with its own bias; `nsp` adds the next-sentence classifier on the pooler. */
  | { kind: 'mlm'; nsp: boolean; pooler: boolean; tied: boolean }
  /** A classifier: on the pooled first token (`pooler`), or on every position. */
  | { kind: 'classifier'; labels: number; pooler: boolean; bias: boolean; name: string };

/** At most this many blocks are built (the largest published models have a few hundred). */
export const MAX_BLOCKS = 1024;

export interface TransformerSpec {
  /** The model's name. */
  name: string;
  naming: Naming;
  /** The module path prefix of the base model in the task class (`model.`, `transformer.`, `bert.`; '' for the base class). */
  prefix: string;
  /** A decoder with a KV cache (`context` positions attended to); false: an encoder over `seq`. */
  causal: boolean;
  vocab: number;
  dim: number;
  layers: number;
  heads: number;
  kvHeads: number;
  ffn: number;
  /** max_position_embeddings / context_length. */
  maxPositions: number;
  /** Rotary positions have no weights; learned ones are an embedding table of maxPositions rows. */
  positions: 'rotary' | 'learned';
  /** Token-type (segment) embeddings (BERT), 0 for none. */
  tokenTypes: number;
  /** A layernorm right after the embeddings (BERT). */
  embeddingNorm: boolean;
  norm: 'rmsnorm' | 'layernorm';
  /** Norm after each residual add (BERT) instead of before each sub-layer (GPT-2, Llama). */
  postNorm: boolean;
  /** Which attention projections have biases. */
  attentionBias: 'none' | 'qkv' | 'all';
  /** Feed-forward: gated (SwiGLU: gate, up, down) or plain (up, activation, down). */
  mlp: { gated: boolean; activation: 'silu' | 'gelu' | 'relu'; bias: boolean };
  /** Mixture of experts in place of the feed-forward (Mixtral). */
  moe?: { experts: number; topK: number };
  /** A norm after the last block (Llama, GPT-2; not BERT). */
  finalNorm: boolean;
  /** Attention to the last `slidingWindow` positions only (Mistral), when set. */
  slidingWindow?: number;
  /** The first block with the sliding window (Qwen2's max_window_layers; 0 when absent: all blocks). */
  slidingWindowFrom?: number;
  head: Head;
}
