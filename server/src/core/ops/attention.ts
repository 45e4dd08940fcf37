// Multi-head attention with grouped-query heads and a KV cache, taken apart into the layers that run
// it: q_proj, k_proj, v_proj (the projections), qk (QK^T), softmax, sv (scores x V) and o_proj.
// x is [B, S, D]; the keys and values cover `context` positions T (S when not given), with
// `kv_heads` heads of D / heads each (grouped-query attention; one for multi-query attention).
//
// Bytes by part, as LLM-Viewer counts them (hahnyuan/LLM-Viewer, model_analyzer.py): k_proj and
// v_proj write the new keys and values to the KV cache (B S kv elements each, at the KV datatype);
// qk reads Q (B S D) and the cached keys (B T kv) and writes the scores (B heads S T); softmax reads
// and writes the scores; sv reads the scores and the cached values and writes B S D. Whether the
// scores go off chip is the cost stage's choice (FlashAttention fuses qk, softmax and sv).
import { type OpPart, type OpSpec, fmtShape } from './types';

export const attention: OpSpec = {
  name: 'attention',
  category: 'attention',
  summary: 'Multi-head self-attention, taken apart into q_proj, k_proj, v_proj, qk (QK^T), softmax, sv (scores x V) and o_proj, with grouped-query heads (kv_heads) and a KV cache of `context` positions.',
  opsRule: '2 ops per MAC (projections, QK^T and scores x V) plus 5 ops per attention score for the softmax.',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [batch, seq, dim]' },
    { name: 'heads', kind: 'int', doc: 'query heads (dim must divide by it)' },
    { name: 'kv_heads', kind: 'int', doc: 'key/value heads (grouped-query attention; 1: multi-query; defaults to heads)', optional: true },
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
    const bias = a.bool('bias');
    const oBias = a.has('o_bias') ? a.bool('o_bias') : bias;
    const hd = d / heads;
    const kvd = kvHeads * hd;
    const tokens = b * s;
    const scores = b * heads * s * t;
    const products = scores * hd;
    const proj = (name: string, out: number, withBias: boolean, toCache: boolean, after: number[], readsOperand: boolean): OpPart => {
      const macs = tokens * d * out;
      const params = d * out + (withBias ? out : 0);
      const part: OpPart = {
        name,
        op: 'linear',
        after,
        inputs: [[b, s, d]],
        outputs: [[b, s, out]],
        macs,
        ops: 2 * macs,
        params,
        weightElems: params,
        actReadElems: readsOperand ? 0 : tokens * d,
        actWriteElems: toCache ? 0 : tokens * out,
        cacheElems: toCache ? tokens * out : 0,
        dims: { kind: 'gemm', batch: 1, m: tokens, k: d, n: out, weightRhs: true },
      };
      if (readsOperand) part.readsOperand = true;
      if (toCache) {
        part.cacheHeld = b * t * out;
        part.notes = [`Writes its ${name === 'k_proj' ? 'keys' : 'values'} for the ${s} new position${s === 1 ? '' : 's'} to the KV cache (bytes.cache, at the KV datatype).`];
      }
      return part;
    };
    const causal = 'Causal masking is not subtracted: every query is scored against all context positions.';
    const parts: OpPart[] = [
      proj('q_proj', d, bias, false, [-1], true),
      proj('k_proj', kvd, bias, true, [-1], true),
      proj('v_proj', kvd, bias, true, [-1], true),
      {
        name: 'qk',
        op: 'matmul',
        after: [0, 1],
        inputs: [[b, heads, s, hd], [b, kvHeads, t, hd]],
        outputs: [[b, heads, s, t]],
        macs: products,
        ops: 2 * products,
        params: 0,
        weightElems: 0,
        actReadElems: tokens * d,
        actWriteElems: scores,
        cacheElems: b * t * kvd,
        notes: [`Reads the keys of all ${t} context positions from the KV cache.`, causal],
      },
      {
        name: 'softmax',
        op: 'softmax',
        after: [3],
        inputs: [[b, heads, s, t]],
        outputs: [[b, heads, s, t]],
        macs: 0,
        ops: 5 * scores,
        params: 0,
        weightElems: 0,
        actReadElems: scores,
        actWriteElems: scores,
        cacheElems: 0,
      },
      {
        name: 'sv',
        op: 'matmul',
        after: [4, 2],
        inputs: [[b, heads, s, t], [b, kvHeads, t, hd]],
        outputs: [[b, s, d]],
        macs: products,
        ops: 2 * products,
        params: 0,
        weightElems: 0,
        actReadElems: scores,
        actWriteElems: tokens * d,
        cacheElems: b * t * kvd,
        notes: [`Reads the values of all ${t} context positions from the KV cache.`, causal],
      },
      proj('o_proj', d, oBias, false, [5], false),
    ];
    let macs = 0;
    let ops = 0;
    let params = 0;
    let cacheElems = 0;
    for (const p of parts) {
      macs += p.macs;
      ops += p.ops;
      params += p.params;
      cacheElems += p.cacheElems;
    }
    return {
      outputs: [x],
      macs,
      ops,
      params,
      weightElems: params,
      cacheElems,
      parts,
      attention: { batch: b, seq: s, context: t, heads, kvHeads, headDim: hd },
    };
  },
};
