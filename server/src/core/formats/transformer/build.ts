// A TransformerSpec as layers of the operator table: the one place that says which operators a
// transformer is made of, for every file format that describes one (Hugging Face config.json,
// GGUF). Counting goes through GraphBuilder like every importer, so params, MACs and bytes come from
// the operator table and nowhere else.
//
// Model parameters: `batch` (1), `seq` (a decoder: 1, one decode step; an encoder:
// max_position_embeddings) and, for a decoder, `context`: the positions attended to, the KV cache
// included (max_position_embeddings, or seq when that is larger). A prefill of N tokens is
// `--param seq=N --param context=N`.
import type { Diagnostic, Span } from '../../diagnostics/types';
import type { PrecisionOption } from '../../precision';
import { GraphBuilder, type GraphTensor, type PlainArg } from '../../semantics/graphBuilder';
import type { ModelResult } from '../../semantics/model';
import { checkParamOverrides } from '../common';
import { LayerNames, type Role } from './names';
import type { TransformerSpec } from './spec';

export interface BuildOptions {
  precision: PrecisionOption;
  /** Overrides of the model parameters (batch, seq, context). */
  params?: Record<string, number>;
  /** Where a layer of this role is described in the file (the config key), for its span. */
  span?: (role: Role) => Span | undefined;
  /** Where a parameter's default comes from (max_position_embeddings for context). */
  paramSpan?: (name: string) => Span | undefined;
  modelSpan?: Span;
}

export interface Built {
  model: ModelResult;
  diagnostics: Diagnostic[];
}

const NO_SPAN: Span = { start: 0, end: 0 };

/** The parameters a spec's model has, with their defaults. */
export function defaultParams(spec: TransformerSpec, overrides: Record<string, number> = {}): Record<string, number> {
  const seq = overrides.seq ?? (spec.causal ? 1 : spec.maxPositions);
  const out: Record<string, number> = { batch: 1, seq };
  if (spec.causal) out.context = Math.max(spec.maxPositions, seq);
  return out;
}

export function buildTransformer(spec: TransformerSpec, o: BuildOptions): Built {
  const diagnostics: Diagnostic[] = [];
  const modelSpan = o.modelSpan ?? NO_SPAN;
  const b = new GraphBuilder(spec.name, o.precision, modelSpan);
  const names = new LayerNames(spec.naming, spec.prefix, spec.postNorm);
  const spanOf = (role: Role): Span => o.span?.(role) ?? modelSpan;

  // Parameters: overrides checked like every importer's (RL209), then the defaults of the rest.
  const overrides = o.params ?? {};
  const names0 = Object.keys(defaultParams(spec));
  const valid = checkParamOverrides(spec.name, overrides, names0, modelSpan, diagnostics);
  const p: Record<string, number> = { ...defaultParams(spec, valid), ...valid };
  for (const name of names0) b.param(name, p[name], o.paramSpan?.(name) ?? modelSpan, valid[name] !== undefined);
  const { batch, seq } = p;

  const layer = (role: Role, name: string, op: string, inputs: GraphTensor[], args: Record<string, PlainArg> = {}, notes?: string[]): GraphTensor =>
    b.layer({ op, name, inputs, args, span: spanOf(role), ...(notes ? { notes } : {}) })[0];
  const top = (role: Role, op: string, inputs: GraphTensor[], args?: Record<string, PlainArg>, notes?: string[]) => layer(role, names.top(role), op, inputs, args, notes);
  const norm = (role: Role, name: string, x: GraphTensor) => layer(role, name, spec.norm, [x]);
  const ids = (name: string) => b.input(name, [batch, seq], 'int32', modelSpan, ['batch', 'seq']);

  // Embeddings.
  let x = top('embed', 'embedding', [ids('input_ids')], { vocab: spec.vocab, dim: spec.dim });
  if (spec.positions === 'learned') {
    const pos = top('pos', 'embedding', [ids('position_ids')], { vocab: spec.maxPositions, dim: spec.dim });
    x = top('embedAdd', 'add', [x, pos]);
  }
  if (spec.tokenTypes > 0) {
    const tt = top('tokenType', 'embedding', [ids('token_type_ids')], { vocab: spec.tokenTypes, dim: spec.dim });
    x = top('tokenTypeAdd', 'add', [x, tt]);
  }
  if (spec.embeddingNorm) x = norm('embedNorm', names.top('embedNorm'), x);

  // Attention arguments: the same for every block, but for a sliding window from some block on.
  const attention = (i: number): { args: Record<string, PlainArg>; notes?: string[] } => {
    const args: Record<string, PlainArg> = { heads: spec.heads };
    if (spec.kvHeads !== spec.heads) args.kv_heads = spec.kvHeads;
    let notes: string[] | undefined;
    if (spec.causal) {
      const window = spec.slidingWindow;
      const windowed = window !== undefined && window < p.context && i >= (spec.slidingWindowFrom ?? 0);
      args.context = windowed ? Math.max(window, seq) : p.context;
      if (windowed) notes = [`Sliding-window attention (window ${window}): each position attends to the last ${window} positions, so a context of ${p.context} reads a cache of ${args.context}.`];
    }
    if (spec.attentionBias !== 'none') args.bias = true;
    if (spec.attentionBias === 'qkv') args.o_bias = false;
    return notes ? { args, notes } : { args };
  };

  for (let i = 0; i < spec.layers; i++) {
    const at = (role: Role) => names.block(i, role);
    const L = (role: Role, op: string, inputs: GraphTensor[], args?: Record<string, PlainArg>, notes?: string[]) => layer(role, at(role), op, inputs, args, notes);
    const attnIn = spec.postNorm ? x : norm('attnNorm', at('attnNorm'), x);
    const a = attention(i);
    const att = L('attn', 'attention', [attnIn], a.args, a.notes);
    let h = L('attnResidual', 'add', [x, att]);
    if (spec.postNorm) h = norm('attnNorm', at('attnNorm'), h);
    const mlpIn = spec.postNorm ? h : norm('mlpNorm', at('mlpNorm'), h);
    let out: GraphTensor;
    if (spec.moe) {
      out = L('moe', 'moe', [mlpIn], { experts: spec.moe.experts, top_k: spec.moe.topK, ffn: spec.ffn });
    } else if (spec.mlp.gated) {
      const gate = L('gate', 'linear', [mlpIn], { out: spec.ffn, bias: spec.mlp.bias });
      const up = L('up', 'linear', [mlpIn], { out: spec.ffn, bias: spec.mlp.bias });
      out = L('down', 'linear', [L('mul', 'mul', [L('act', spec.mlp.activation, [gate]), up])], { out: spec.dim, bias: spec.mlp.bias });
    } else {
      const up = L('up', 'linear', [mlpIn], { out: spec.ffn, bias: spec.mlp.bias });
      out = L('down', 'linear', [L('act', spec.mlp.activation, [up])], { out: spec.dim, bias: spec.mlp.bias });
    }
    x = L('mlpResidual', 'add', [h, out]);
    if (spec.postNorm) x = norm('mlpNorm', at('mlpNorm'), x);
  }
  if (spec.finalNorm) x = norm('finalNorm', names.top('finalNorm'), x);

  // The task head.
  const pooled = (): GraphTensor => {
    const first = top('poolerSlice', 'slice', [x], { dim: 1, start: 0 });
    return top('poolerAct', 'tanh', [top('pooler', 'linear', [first], { out: spec.dim })]);
  };
  const head = spec.head;
  if (head.kind === 'none') {
    if (head.pooler) pooled();
  } else if (head.kind === 'lm') {
    top('lmHead', 'linear', [x], { out: spec.vocab, bias: head.bias, ...(head.tied ? { tied: true } : {}) });
  } else if (head.kind === 'mlm') {
    if (head.pooler) {
      const pool = pooled();
      if (head.nsp) top('nsp', 'linear', [pool], { out: 2 });
    }
    const t = norm('mlmNorm', names.top('mlmNorm'), top('mlmAct', spec.mlp.activation, [top('mlmDense', 'linear', [x], { out: spec.dim })]));
    top('mlmDecoder', 'linear', [t], { out: spec.vocab, ...(head.tied ? { tied: true } : {}) });
  } else {
    layer('classifier', head.name, 'linear', [head.pooler ? pooled() : x], { out: head.labels, bias: head.bias });
  }

  const model = b.finish();
  return { model, diagnostics: [...diagnostics, ...b.diagnostics] };
}
