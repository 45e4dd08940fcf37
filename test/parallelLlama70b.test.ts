// Llama-2-70B (hidden 8192, intermediate 28672, 64 heads, 8 KV heads, 80 layers, vocabulary 32,000;
// 68,976,648,192 params) on H100 SXM: it does not fit one device (RL507); under tensor parallelism
// (tp=8) every device holds a hand-counted eighth of it, a decode step (TPOT) has an all-reduce
// after each attention and each feed-forward block, bound by NVLink, and it is faster than tp=2 and
// slower than a hypothetical single device's time / 8; pipeline stages and their sends; the plan
// search finds the smallest plan that fits; a plan that does not fit is RL512.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, bottleneckDiagnostics, DEFAULT_RULE_SETTINGS } from '../server/src/core';
import type { RooflineAnalysis } from '../server/src/core/roofline';
import { applyPlan } from '../server/src/core/parallel/applyPlan';
import { findTarget } from '../server/src/core/hardware/catalog';
import { searchPlans } from '../server/src/core/parallel/search';
import type { ParallelPlan } from '../server/src/core/parallel/plan';

const CONFIG = fs.readFileSync(path.join(__dirname, 'fixtures', 'reference', 'hf', 'llama-2-70b', 'config.json'), 'utf8');
const EXAMPLE = fs.readFileSync(path.join(__dirname, '..', 'examples', 'llama2_70b_tp8.nnm'), 'utf8');
const H100 = findTarget('h100-sxm')!;

/** One decode step at a context of 2,048 on h100-sxm, under a plan. */
function decode(plan?: Partial<ParallelPlan>): RooflineAnalysis {
  const parallel = plan ? { tp: 1, pp: 1, ep: 1, dp: 1, ...plan } : undefined;
  return analyze({ text: CONFIG }, { fileName: 'config.json', target: 'h100-sxm', params: { seq: 1, context: 2048 }, ...(parallel ? { parallel } : {}) });
}

// Hand count of one decoder layer's params: q 8192 x 8192 = 67,108,864; k, v 8192 x 1024 =
// 8,388,608 each; o 67,108,864; gate, up, down 8192 x 28672 = 234,881,024 each; two RMSNorms of 8192.
const LAYER = 2 * 67_108_864 + 2 * 8_388_608 + 3 * 234_881_024 + 2 * 8192; // 855,654,400
const VOCAB = 32_000 * 8192; // embedding and lm_head: 262,144,000 each

describe('parallel: Llama-2-70B on h100-sxm', () => {
  const single = decode();
  const tp2 = decode({ tp: 2 });
  const tp8 = decode({ tp: 8 });

  it('the config counts 68,976,648,192 params (80 layers + embedding + lm_head + final norm)', () => {
    assert.equal(80 * LAYER + 2 * VOCAB + 8192, 68_976_648_192);
    assert.equal(single.models[0].totals.params, 68_976_648_192);
  });

  it('without a plan it does not fit one 80 GB H100: RL507 names weights, KV cache and activations', () => {
    const ds = bottleneckDiagnostics(single, DEFAULT_RULE_SETTINGS).filter((d) => d.code === 'RL507');
    assert.equal(ds.length, 1);
    // 137,953,296,384 bytes of fp16 weights = 138 GB; the KV cache at 2,048 positions 671 MB.
    assert.match(ds[0].message, /needs 139 GB of device memory: weights 138 GB \+ KV cache 671 MB \+ activations .*, more than the 80 GB of h100-sxm/);
  });

  it('tp=8: one device holds an eighth of every split layer (hand count) and an eighth of the KV cache', () => {
    const m = tp8.models[0];
    // q and o: 67,108,864 / 8; k and v: one of the 8 KV heads, 8192 x 128; gate, up, down / 8;
    // the norms replicated; embedding and lm_head by rows of the vocabulary (4,000 a device).
    const layer = 2 * (67_108_864 / 8) + 2 * (8192 * 128) + 3 * (234_881_024 / 8) + 2 * 8192; // 106,971,136
    const params = 80 * layer + 2 * (VOCAB / 8) + 8192; // 8,623,235,072
    assert.equal(layer, 106_971_136);
    assert.equal(m.parallel?.perDevice.params, params);
    assert.equal(m.totals.weightBytes, 2 * params); // fp16: 17,246,470,144 bytes
    assert.equal(m.totals.weightBytes, 17_246_470_144);
    // KV cache: 80 layers x (K + V) x 2,048 positions x one KV head of 128 x 2 bytes = 83,886,080
    assert.equal(m.totals.kvCacheBytes, 80 * 2 * 2048 * 128 * 2);
    assert.equal(single.models[0].totals.kvCacheBytes, 8 * m.totals.kvCacheBytes);
    assert.equal(m.totals.params, 68_976_648_192, 'params stay the whole model\'s');
    assert.deepEqual(bottleneckDiagnostics(tp8, DEFAULT_RULE_SETTINGS).filter((d) => d.code === 'RL507' || d.code === 'RL512'), [], 'it fits: 17.3 GB of 80 GB');
  });

  it('tp=8: an all-reduce after every attention and feed-forward block (and the embedding), bound by NVLink', () => {
    const m = tp8.models[0];
    const c = tp8.costs[0];
    const reduces = m.layers.filter((l) => l.op === 'allreduce');
    assert.equal(reduces.length, 2 * 80 + 1);
    assert.ok(m.layers.some((l) => l.name === 'model.layers.0.self_attn_allreduce'));
    assert.ok(m.layers.some((l) => l.name === 'model.layers.79.mlp.down_proj_allreduce'));
    for (const l of reduces) {
      const cl = c.layers[l.index];
      assert.equal(cl.bound, 'NVLink', l.name);
      assert.equal(cl.collective?.devices, 8);
      // one token's hidden state, 8192 x 2 bytes; the tree (latency-bound): 2 S bytes, 6 steps
      assert.equal(cl.collective?.size, 16_384);
      assert.equal(cl.collective?.algorithm, 'tree');
      assert.ok(Math.abs((cl.time ?? 0) - (32_768 / 450e9 + 6 * 0.6e-6)) < 1e-15);
    }
    // The logits of the column-parallel lm_head are gathered whole.
    assert.deepEqual(m.layers.filter((l) => l.op === 'allgather').map((l) => l.name), ['lm_head_allgather']);
  });

  it('TPOT: tp=8 is faster than tp=2, and slower than a single (hypothetical) device / 8; the communication share', () => {
    const t1 = single.costs[0].totals.time;
    const t2 = tp2.costs[0].totals.time;
    const t8 = tp8.costs[0].totals.time;
    assert.ok(t8 < t2, `${t8} < ${t2}`);
    assert.ok(t8 > t1 / 8, `${t8} > ${t1} / 8`);
    const comm = tp8.costs[0].parallel!.communication;
    assert.equal(comm.byLink.NVLink, comm.time);
    assert.ok(Math.abs(comm.time - 161 * (32_768 / 450e9 + 6 * 0.6e-6) - (tp8.costs[0].layers.find((l) => l.name === 'lm_head_allgather')?.time ?? NaN)) < 1e-12);
    assert.ok(comm.share > 0.05 && comm.share < 0.2, `communication share ${comm.share}`);
    // The decode step is memory-bound on every device: HBM3 bounds the rest.
    assert.equal(tp8.costs[0].totals.bound, 'HBM3');
  });

  it('the example file says the same with `use parallel tp=8` (and the command line can override it)', () => {
    const a = analyze({ text: EXAMPLE }, { fileName: 'llama2_70b_tp8.nnm' });
    const m = a.models[0];
    assert.equal(m.parallel?.text, 'tp=8');
    assert.equal(m.totals.params, 68_976_648_192);
    assert.equal(m.totals.weightBytes, 17_246_470_144);
    assert.ok(Math.abs(a.costs[0].totals.time - tp8.costs[0].totals.time) < 1e-12);
    assert.ok(m.layers.some((l) => l.name === 'h[0].attn_allreduce' && l.collective?.group === 'tp'));
    const over = analyze({ text: EXAMPLE }, { fileName: 'llama2_70b_tp8.nnm', parallel: { tp: 2, pp: 1, ep: 1, dp: 1 } });
    assert.equal(over.models[0].parallel?.text, 'tp=2');
  });

  it('pp=4 with tp=2: four stages, each cut where one hidden state crosses (before a norm), a send each; each device holds a quarter', () => {
    const a = decode({ tp: 2, pp: 4 });
    const m = a.models[0];
    const sends = m.layers.filter((l) => l.op === 'send');
    assert.deepEqual(sends.map((s) => s.name), ['send_to_stage1', 'send_to_stage2', 'send_to_stage3']);
    for (const s of sends) {
      assert.equal(s.collective?.size, 16_384, 'one token\'s hidden state');
      assert.match(m.layers[s.index + 1].name, /^model\.layers\.\d+\.(input|post_attention)_layernorm$/, 'the next stage starts at a norm: only the residual stream crosses');
    }
    assert.equal(m.parallel?.stages.length, 4);
    const weights = m.parallel!.stages.map((s) => s.weightBytes);
    assert.ok(Math.max(...weights) / Math.min(...weights) < 1.05, `balanced: ${weights}`);
    assert.ok(Math.abs(m.totals.weightBytes - Math.max(...weights)) < 1);
    // The stage boundary between devices 2 and 4... crosses no node (8 devices a node): NVLink
    const c = a.costs[0];
    assert.deepEqual(sends.map((s) => c.layers[s.index].bound), ['NVLink', 'NVLink', 'NVLink']);
    // batch 1: one micro-batch, the run is the four stages one after another; each device waits
    // while the three others work: a bubble of 1 - latency / (4 x latency) = 3/4
    const p = c.parallel!;
    assert.equal(p.microBatches, 1);
    const sum = p.stages.reduce((x, y) => x + y, 0);
    assert.ok(Math.abs(p.runTime - sum) < 1e-15);
    assert.ok(Math.abs(c.totals.time - sum) < 1e-15);
    assert.ok(Math.abs(p.bubble - 3 / 4) < 1e-12);
  });

  it('a plan that does not fit is RL512, naming the plan and the sizes; RL507 stays silent', () => {
    const a = decode({ dp: 2 });
    const ds = bottleneckDiagnostics(a, DEFAULT_RULE_SETTINGS).filter((d) => d.code === 'RL507' || d.code === 'RL512');
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'RL512');
    assert.match(ds[0].message, /^plan dp=2 puts weights 138 GB \+ KV cache 671 MB \+ activations .* on a device, more than the 80 GB of h100-sxm$/);
  });

  it('a plan the system cannot run (tp=16 on PCIe cards without a link between hosts) is RL414, the model analysed whole', () => {
    const a = analyze({ text: CONFIG }, { fileName: 'config.json', target: 'h100-pcie', params: { seq: 1, context: 2048 }, parallel: { tp: 16, pp: 1, ep: 1, dp: 1 } });
    const d = a.diagnostics.find((x) => x.code === 'RL414');
    assert.match(d?.message ?? '', /h100-pcie joins 8 devices a node and has no link between nodes: a plan of 16 devices needs 2 nodes; model .* is analysed on one device/);
    assert.equal(a.models[0].parallel, undefined);
  });

  it('an uneven split is RL415: 64 heads over tp=3', () => {
    const r = applyPlan(single.models[0], { tp: 3, pp: 1, ep: 1, dp: 1 }, H100);
    assert.ok(r.warnings.some((w) => /64 attention heads do not divide over tp=3/.test(w)), r.warnings.join('\n'));
  });
});

describe('parallel: the plan search (roofline plan) for Llama-2-70B', () => {
  const prefill = analyze({ text: CONFIG }, { fileName: 'config.json', params: { seq: 2048, context: 2048 } }).models[0];
  const dec = analyze({ text: CONFIG }, { fileName: 'config.json', params: { seq: 1, context: 2048 + 64 } }).models[0];
  const search = searchPlans({ prefill: { model: prefill, kvScale: 1 }, decode: { model: dec, kvScale: (2048 + 128) / (2048 + 64) } }, H100, { budget: 8 });

  it('the smallest plan that fits is tp=2 (2 devices, 70 GB of 80 GB); one device does not fit', () => {
    assert.equal(search.smallest?.text, 'tp=2');
    assert.equal(search.smallest?.memory.fits, true);
    const one = search.candidates.find((c) => c.devices === 1)!;
    assert.equal(one.memory.fits, false);
    assert.ok(one.memory.total > 80e9);
  });

  it('the fastest within 8 devices is tp=8 for prefill and decode', () => {
    assert.equal(search.fastest.prefill?.text, 'tp=8');
    assert.equal(search.fastest.decode?.text, 'tp=8');
  });

  it('a candidate\'s figures equal those of the full transform with the same plan (pipeline included)', () => {
    for (const plan of [{ tp: 2, pp: 4, ep: 1, dp: 1 }, { tp: 8, pp: 1, ep: 1, dp: 1 }, { tp: 1, pp: 8, ep: 1, dp: 1 }]) {
      const c = search.candidates.find((x) => x.plan.tp === plan.tp && x.plan.pp === plan.pp && x.plan.ep === 1)!;
      const full = analyze({ text: CONFIG }, { fileName: 'config.json', target: 'h100-sxm', params: { seq: 1, context: 2048 + 64 }, parallel: plan });
      const rel = Math.abs(c.phases.decode.time - full.costs[0].totals.time) / full.costs[0].totals.time;
      assert.ok(rel < 1e-9, `${c.text}: ${c.phases.decode.time} vs ${full.costs[0].totals.time}`);
      assert.ok(Math.abs(c.memory.weightBytes - full.models[0].totals.weightBytes) < 1, c.text);
    }
  });
});
