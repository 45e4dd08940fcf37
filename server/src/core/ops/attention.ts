// Multi-head attention with grouped-query heads and a KV cache, including its q/k/v/o projections.
// x is [B, S, D]; the keys and values cover `context` positions (S when not given).
import { type OpSpec, fmtShape } from './types';

export const attention: OpSpec = {
  name: 'attention',
  category: 'attention',
  summary: 'Multi-head self-attention with q/k/v/o projections, grouped-query heads (kv_heads) and a KV cache of `context` positions.',
  opsRule: '2 ops per MAC (projections, QK^T and scores x V) plus 5 ops per attention score for the softmax.',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [batch, seq, dim]' },
    { name: 'heads', kind: 'int', doc: 'query heads (dim must divide by it)' },
    { name: 'kv_heads', kind: 'int', doc: 'key/value heads (grouped-query attention; defaults to heads)', optional: true },
    { name: 'context', kind: 'int', doc: 'positions attended to, cached ones included (defaults to seq)', optional: true },
    { name: 'bias', kind: 'bool', doc: 'biases on the four projections', default: false },
    { name: 'o_bias', kind: 'bool', doc: 'bias on the output projection (defaults to bias; Qwen2 has q/k/v biases only)', optional: true },
  ],
  infer(a) {
    const x = a.tensor('x');
    if (x.length !== 3) a.shapeError('x', `attention expects an input [batch, seq, dim], got ${fmtShape(x)}`);
    const [b, s, d] = x;
    const heads = a.int('heads');
    if (!(Number.isInteger(heads) && heads >= 1)) a.fail('heads', `attention: 'heads' must be a positive whole number, got ${heads}`);
    if (d % heads !== 0) a.shapeError('heads', `attention: dimension ${d} of ${fmtShape(x)} is not divisible by heads=${heads}`);
    const kvHeads = a.has('kv_heads') ? a.int('kv_heads') : heads;
    if (!(Number.isInteger(kvHeads) && kvHeads >= 1 && heads % kvHeads === 0)) a.fail('kv_heads', `attention: kv_heads=${kvHeads} must be a positive divisor of heads=${heads}`);
    const t = a.has('context') ? a.int('context') : s;
    if (!(Number.isInteger(t) && t >= s)) a.fail('context', `attention: context=${t} must be a whole number at least seq=${s}`);
    const hd = d / heads;
    const kvd = kvHeads * hd;
    const projMacs = b * s * (2 * d * d + 2 * d * kvd);
    const attnMacs = 2 * b * heads * s * t * hd;
    const macs = projMacs + attnMacs;
    const bias = a.bool('bias');
    const oBias = a.has('o_bias') ? a.bool('o_bias') : bias;
    const params = 2 * d * d + 2 * d * kvd + (bias ? d + 2 * kvd : 0) + (oBias ? d : 0);
    return {
      outputs: [x],
      macs,
      ops: 2 * macs + 5 * b * heads * s * t,
      params,
      weightElems: params,
      cacheElems: b * t * 2 * kvd,
      notes: [
        'Attention scores stay on chip (a fused, flash-attention style kernel); only x, the weights, the KV cache and the output move.',
        'The KV cache is read in full (keys and values of every context position); causal masking is not subtracted.',
      ],
    };
  },
};
