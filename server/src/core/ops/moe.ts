// Mixture of experts (Shazeer et al., ICLR 2017; Switch, Fedus et al., JMLR 2022; Mixtral, Jiang et
// al., 2024): a router (a linear layer to one logit per expert, then a softmax) sends every token to
// its `top_k` experts, each a feed-forward network (SwiGLU when `gated`: gate and up projections to
// `ffn`, SiLU x up, down projection back; otherwise up, activation, down), and adds their outputs
// weighted by the router's probabilities.
//
// `params` counts every expert, `activeParams` the router and the `top_k` experts one token uses.
// Weight bytes read: the router and the experts that the N tokens of the call touch. Under uniform,
// independent routing the expected number of distinct experts that N tokens touch is
// E x (1 - (1 - k/E)^N): one token reads k experts, a large batch (or a prefill) reads nearly all.
import { significant } from '../../protocol/format';
import { type OpSpec, fmtShape, numel } from './types';

/** Expected distinct experts that `tokens` tokens touch, each routed to `topK` of `experts` (uniform, independent). */
export function expectedExpertsTouched(experts: number, topK: number, tokens: number): number {
  if (tokens <= 0) return 0;
  return experts * (1 - Math.pow(1 - topK / experts, tokens));
}

/** What a mixture's weight reads depend on: the router's elements (dim x experts), one expert's, the experts and top_k. */
export interface MoeWeights {
  router: number;
  perExpert: number;
  experts: number;
  topK: number;
}

/**
 * Weight elements a mixture reads when `tokens` tokens pass: the router and the experts they touch
 * (the one formula, also of parallel/). On one device of `ep`-way expert and `tp`-way tensor
 * parallelism (each device's `tokens`): the router, and of the experts that all ep devices' tokens
 * touch, the device's 1/ep, each 1/tp of an expert.
 */
export function moeWeightElems(m: MoeWeights, tokens: number, ep = 1, tp = 1): number {
  return m.router + (expectedExpertsTouched(m.experts, m.topK, tokens * ep) / ep) * (m.perExpert / tp);
}

export const moe: OpSpec = {
  name: 'moe',
  category: 'gemm',
  summary: 'Mixture of experts: a router sends each token to its top_k of `experts` feed-forward networks (SwiGLU when gated) and adds their outputs, weighted.',
  opsRule:
    '2 ops per MAC (router D x E, and per token top_k experts of 3 x D x ffn MACs gated, 2 x D x ffn otherwise) plus 5 per router logit (softmax), 2 per expert hidden unit gated (SiLU, product) or 1 otherwise, and 2 per output element per expert (weighted sum).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [..., dim]' },
    { name: 'experts', kind: 'int', doc: 'number of experts E' },
    { name: 'top_k', kind: 'int', doc: 'experts each token is routed to (1..experts)' },
    { name: 'ffn', kind: 'int', doc: 'hidden size of one expert' },
    { name: 'gated', kind: 'bool', doc: 'SwiGLU experts (gate, up and down projections); false: up, activation, down', default: true },
    { name: 'bias', kind: 'bool', doc: 'biases on the experts\' projections', default: false },
  ],
  infer(a) {
    const x = a.tensor('x');
    if (x.length < 1) a.shapeError('x', `moe expects an input [..., dim], got ${fmtShape(x)}`);
    const d = x[x.length - 1];
    const e = a.int('experts');
    if (!(Number.isInteger(e) && e >= 1)) a.fail('experts', `moe: 'experts' must be a positive whole number, got ${e}`);
    const k = a.int('top_k');
    if (!(Number.isInteger(k) && k >= 1 && k <= e)) a.fail('top_k', `moe: 'top_k' must be a whole number from 1 to experts=${e}, got ${k}`);
    const f = a.int('ffn');
    if (!(Number.isInteger(f) && f >= 1)) a.fail('ffn', `moe: 'ffn' must be a positive whole number, got ${f}`);
    const gated = a.bool('gated');
    const bias = a.bool('bias');
    const tokens = numel(x) / d;
    const matrices = gated ? 3 : 2;
    const expertParams = matrices * d * f + (bias ? (gated ? 2 * f : f) + d : 0);
    const routerParams = d * e;
    const macs = tokens * (d * e + k * matrices * d * f);
    const elementwise = tokens * (5 * e + k * (gated ? 2 : 1) * f + 2 * k * d);
    const touched = expectedExpertsTouched(e, k, tokens);
    return {
      outputs: [x],
      macs,
      ops: 2 * macs + elementwise,
      params: routerParams + e * expertParams,
      activeParams: routerParams + k * expertParams,
      weightElems: moeWeightElems({ router: routerParams, perExpert: expertParams, experts: e, topK: k }, tokens),
      notes: [
        `Weights read: the router and the ${touched < e ? `${significant(touched)} of ${e}` : `${e}`} experts that ${tokens} token${tokens === 1 ? '' : 's'} touch on average, E x (1 - (1 - k/E)^N) under uniform, independent routing.`,
        'Every token runs its top_k experts in full (no capacity limit, no dropped tokens); the top-k selection itself is not counted.',
      ],
    };
  },
};
