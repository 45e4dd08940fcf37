// Layer names of a built transformer: the module paths of the Hugging Face class (so a user finds
// `model.layers.3.mlp.down_proj` as in `model.named_modules()`), or the GGUF tensor names
// (`blk.3.ffn_down`). Operations that are not modules (residual adds, activations, the gate
// product) get a name beside the module they belong to.
import type { Naming } from './spec';

export type Role =
  | 'embed' | 'pos' | 'tokenType' | 'embedAdd' | 'tokenTypeAdd' | 'embedNorm'
  | 'attnNorm' | 'attn' | 'attnResidual' | 'mlpNorm' | 'gate' | 'up' | 'act' | 'mul' | 'down' | 'mlpResidual' | 'moe'
  | 'finalNorm' | 'lmHead' | 'poolerSlice' | 'pooler' | 'poolerAct'
  | 'mlmDense' | 'mlmAct' | 'mlmNorm' | 'mlmDecoder' | 'nsp' | 'classifier';

interface Scheme {
  /** Roles inside block i start with this. */
  block: (i: number) => string;
  names: Partial<Record<Role, string>>;
  /** Roles named outside the base model (no prefix): the task heads. */
  outside: Role[];
}

const SCHEMES: Record<Naming, Scheme> = {
  llama: {
    block: (i) => `layers.${i}.`,
    names: {
      embed: 'embed_tokens', attnNorm: 'input_layernorm', attn: 'self_attn', attnResidual: 'residual_attn',
      mlpNorm: 'post_attention_layernorm', gate: 'mlp.gate_proj', up: 'mlp.up_proj', act: 'mlp.act_fn', mul: 'mlp.mul',
      down: 'mlp.down_proj', mlpResidual: 'residual_mlp', moe: 'block_sparse_moe', finalNorm: 'norm', lmHead: 'lm_head', classifier: 'score',
    },
    outside: ['lmHead', 'classifier'],
  },
  gpt2: {
    block: (i) => `h.${i}.`,
    names: {
      embed: 'wte', pos: 'wpe', embedAdd: 'embed_add', attnNorm: 'ln_1', attn: 'attn', attnResidual: 'residual_attn', mlpNorm: 'ln_2',
      up: 'mlp.c_fc', act: 'mlp.act', down: 'mlp.c_proj', mlpResidual: 'residual_mlp', finalNorm: 'ln_f', lmHead: 'lm_head', classifier: 'score',
    },
    outside: ['lmHead', 'classifier'],
  },
  bert: {
    block: (i) => `encoder.layer.${i}.`,
    names: {
      embed: 'embeddings.word_embeddings', pos: 'embeddings.position_embeddings', tokenType: 'embeddings.token_type_embeddings',
      embedAdd: 'embeddings.add_positions', tokenTypeAdd: 'embeddings.add_token_types', embedNorm: 'embeddings.LayerNorm', attn: 'attention', attnResidual: 'attention.output.residual',
      attnNorm: 'attention.output.LayerNorm', up: 'intermediate.dense', act: 'intermediate.act', down: 'output.dense',
      mlpResidual: 'output.residual', mlpNorm: 'output.LayerNorm', poolerSlice: 'pooler.first_token', pooler: 'pooler.dense',
      poolerAct: 'pooler.activation', mlmDense: 'cls.predictions.transform.dense', mlmAct: 'cls.predictions.transform.act',
      mlmNorm: 'cls.predictions.transform.LayerNorm', mlmDecoder: 'cls.predictions.decoder', nsp: 'cls.seq_relationship', classifier: 'classifier',
    },
    outside: ['mlmDense', 'mlmAct', 'mlmNorm', 'mlmDecoder', 'nsp', 'classifier'],
  },
  gguf: {
    block: (i) => `blk.${i}.`,
    names: {
      embed: 'token_embd', pos: 'position_embd', tokenType: 'token_types', embedAdd: 'embd_add_positions', tokenTypeAdd: 'embd_add_token_types', embedNorm: 'token_embd_norm',
      attnNorm: 'attn_norm', attn: 'attn', attnResidual: 'attn_residual', mlpNorm: 'ffn_norm', gate: 'ffn_gate', up: 'ffn_up',
      act: 'ffn_act', mul: 'ffn_mul', down: 'ffn_down', mlpResidual: 'ffn_residual', moe: 'ffn_moe', finalNorm: 'output_norm', lmHead: 'output',
      poolerSlice: 'pool_first', pooler: 'cls', poolerAct: 'cls_act', classifier: 'cls_out',
    },
    outside: [],
  },
};

/** Post-norm GGUF BERT names its two norms after the sub-layer output (attn_output_norm, layer_output_norm). */
const GGUF_POST_NORM: Partial<Record<Role, string>> = { attnNorm: 'attn_output_norm', mlpNorm: 'layer_output_norm' };

export class LayerNames {
  private readonly scheme: Scheme;

  constructor(
    naming: Naming,
    private readonly prefix: string,
    postNorm = false,
  ) {
    this.scheme = SCHEMES[naming];
    if (naming === 'gguf' && postNorm) this.scheme = { ...this.scheme, names: { ...this.scheme.names, ...GGUF_POST_NORM } };
  }

  private base(role: Role): string {
    return this.scheme.names[role] ?? role;
  }

  /** A layer outside the blocks. */
  top(role: Role): string {
    return this.scheme.outside.includes(role) ? this.base(role) : `${this.prefix}${this.base(role)}`;
  }

  /** A layer of block i. */
  block(i: number, role: Role): string {
    return `${this.prefix}${this.scheme.block(i)}${this.base(role)}`;
  }
}
