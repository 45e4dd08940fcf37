// Phases of a language model (core/phases.ts): prefill, decode and a whole generation set the
// params seq and context; a generation's time to first token is its prefill, its time per output
// token the mean of its decode steps over the growing context. The interpolated steps are checked
// against every step evaluated on its own, and a model whose layers are not affine in the context
// is evaluated step by step.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, CATALOG, type AnalysisOptions } from '../server/src/core/index';
import { phaseParams } from '../server/src/core/phases';

const root = path.join(__dirname, '..');
const LLAMA = fs.readFileSync(path.join(root, 'examples', 'llama2_7b.nnm'), 'utf8');
const BERT = fs.readFileSync(path.join(root, 'examples', 'bert_base.nnm'), 'utf8');

// A small decoder: 2 layers, width 256, 4 heads of 64 (2 KV heads), feed-forward 512, vocabulary 1000.
const SMALL = `use precision fp16
block layer(x, context) {
  attn = attention(rmsnorm(x), heads=4, kv_heads=2, context=context)
  h = add(x, attn)
  return add(h, linear(silu(linear(rmsnorm(h), 512, bias=false)), 256, bias=false))
}
model small {
  param batch = 2, seq = 1, context = 64
  input tokens: [batch, seq] int32
  x = embedding(tokens, vocab=1000, dim=256)
  h = repeat(2, layer, x, context=context)
  output logits = linear(rmsnorm(h), 1000, bias=false)
}
`;

function paramsOf(text: string, options: AnalysisOptions): Record<string, number> {
  const a = analyze({ text }, options);
  return Object.fromEntries(a.models[0].params.map((p) => [p.name, p.value]));
}

function time(text: string, params: Record<string, number>, options: AnalysisOptions = {}): number {
  const a = analyze({ text }, { target: 'a100-sxm-80gb', ...options, params });
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  return a.costs[0].totals.time;
}

describe('phases: prefill, decode, generate', () => {
  it('set seq and context: prefill seq = context = P; decode seq 1 and context P + 1; an encoder prefills seq only', () => {
    const own = new Map([['batch', 1], ['seq', 1], ['context', 4096]]);
    assert.deepEqual(phaseParams('prefill', 2048, own), { seq: 2048, context: 2048 });
    assert.deepEqual(phaseParams('prefill', undefined, own), { seq: 4096, context: 4096 });
    assert.deepEqual(phaseParams('decode', 2048, own), { seq: 1, context: 2049 });
    assert.deepEqual(phaseParams('decode', undefined, own), { seq: 1 });
    assert.deepEqual(phaseParams('prefill', 64, new Map([['batch', 1], ['seq', 128]])), { seq: 64 });
    assert.deepEqual(paramsOf(LLAMA, { phase: { phase: 'prefill' } }), { batch: 1, seq: 4096, context: 4096 });
    assert.deepEqual(paramsOf(LLAMA, { phase: { phase: 'decode', prompt: 100 } }), { batch: 1, seq: 1, context: 101 });
    assert.deepEqual(paramsOf(BERT, { phase: { phase: 'prefill', prompt: 64 } }), { batch: 1, seq: 64 });
    assert.deepEqual(analyze({ text: BERT }, { phase: { phase: 'prefill', prompt: 64 } }).diagnostics, []);
  });

  it('decode needs a context parameter (RL221 at the model, naming its parameters)', () => {
    const a = analyze({ text: BERT }, { phase: { phase: 'decode' } });
    const d = a.diagnostics.find((x) => x.code === 'RL221');
    assert.ok(d);
    assert.equal(BERT.slice(d.span.start, d.span.end), 'bert_base');
    assert.match(d.message, /model bert_base has batch, seq$/);
  });

  it('generate: TTFT is the prefill; TPOT the mean of the decode steps at contexts P+1 .. P+N-1, each evaluated on its own', () => {
    const P = 40;
    const N = 9;
    const a = analyze({ text: SMALL }, { target: 'a100-sxm-80gb', phase: { phase: 'generate', prompt: P, newTokens: N } });
    const g = a.generations?.[0];
    assert.ok(g);
    assert.equal(g.method, 'interpolated');
    assert.equal(g.ttft, time(SMALL, { seq: P, context: P }));
    let steps = 0;
    for (let t = P + 1; t <= P + N - 1; t++) steps += time(SMALL, { seq: 1, context: t });
    assert.ok(Math.abs(g.tpot - steps / (N - 1)) <= 1e-12 * g.tpot, `${g.tpot} vs ${steps / (N - 1)}`);
    assert.ok(Math.abs(g.total - (g.ttft + steps)) <= 1e-12 * g.total);
    // batch 2: 2 x 9 tokens over the total time
    assert.equal(g.batch, 2);
    assert.equal(g.tokensPerSecond, (2 * N) / g.total);
    assert.deepEqual(g.decodeContexts, [P + 1, P + N - 1]);
    // The layers reported are the last decode step's; its cache is the largest: 2 layers x K and V x 2 x 48 x 128 x 2 bytes
    assert.deepEqual(a.phase, { phase: 'generate', prompt: P, newTokens: N, params: { seq: P, context: P } });
    assert.equal(a.models[0].params.find((p) => p.name === 'context')?.value, P + N - 1);
    assert.equal(a.models[0].totals.kvCacheBytes, 2 * 2 * 2 * (P + N - 1) * 128 * 2);
  });

  it('one new token: no decode step, the total is the time to first token', () => {
    const g = analyze({ text: SMALL }, { target: 'a100-sxm-80gb', phase: { phase: 'generate', prompt: 40, newTokens: 1 } }).generations?.[0];
    assert.ok(g);
    assert.equal(g.tpot, 0);
    assert.equal(g.total, g.ttft);
    assert.deepEqual(g.decodeContexts, []);
  });

  it('a layer whose counts are not affine in the context is evaluated at every step, still exact', () => {
    const quadratic = SMALL.replace('output logits = linear(rmsnorm(h), 1000, bias=false)', 'output logits = linear(rmsnorm(h), context * context, bias=false)');
    const P = 10;
    const N = 6;
    const g = analyze({ text: quadratic }, { target: 'a100-sxm-80gb', phase: { phase: 'generate', prompt: P, newTokens: N } }).generations?.[0];
    assert.ok(g);
    assert.equal(g.method, 'every step');
    let steps = 0;
    for (let t = P + 1; t <= P + N - 1; t++) steps += time(quadratic, { seq: 1, context: t });
    assert.ok(Math.abs(g.tpot * (N - 1) - steps) <= 1e-12 * steps);
  });

  it('Llama-2-7b: a decode step at batch 1 is memory-bound on every GPU target of the catalog; its prefill is not on the datacentre GPUs', () => {
    const gpus = CATALOG.filter((t) => t.kind === 'gpu');
    assert.ok(gpus.length >= 10);
    for (const t of gpus) {
      const a = analyze({ text: LLAMA }, { target: t.name, phase: { phase: 'decode', prompt: 2048 } });
      const totals = a.costs[0].totals;
      assert.ok(totals.bound !== undefined && !['compute', 'utilization', 'none'].includes(totals.bound), `${t.name}: ${totals.bound}`);
      assert.ok((totals.boundShare ?? 0) > 0.9, `${t.name}: ${totals.boundShare}`);
    }
    const prefill = analyze({ text: LLAMA }, { target: 'h100-sxm', phase: { phase: 'prefill', prompt: 2048 } }).costs[0].totals;
    assert.equal(prefill.bound, 'compute');
  });
});
