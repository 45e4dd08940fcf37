// FlashAttention as a fusion group (kind 'flash'): qk, softmax and sv of an attention call costed as
// one kernel on qk, K and V read ceil(seq / Br) times with Br = min(ceil(M / 4d), d) from the
// on-chip buffer (Dao et al., 2022); the mode from @attention, else the option, else flash; and
// independent of the fusion policy. Traffic worked out by hand in the comments.
import * as assert from 'node:assert/strict';
import { analyzeText } from '../server/src/core/analyze';
import { costModel } from '../server/src/core/cost/analyzeCost';
import { flashBlockRows } from '../server/src/core/cost/flashAttention';
import type { CostOptions, CostedModel } from '../server/src/core/cost/types';
import { findTarget } from '../server/src/core/hardware/catalog';
import type { Target } from '../server/src/core/hardware/types';
import type { ModelResult } from '../server/src/core/semantics/model';

// One attention call at seq 2048 (prefill), head dim 128, fp16: Q and O 2048 x 4096 x 2 = 16 MiB each;
// K and V 2048 x 4096 x 2 = 16 MiB each.
function prefill(annotation = ''): ModelResult {
  const text = `use precision fp16\nmodel t {\n  input x: [1, 2048, 4096]\n  a = attention(x, heads=32) ${annotation}\n  y = relu(a)\n}\n`;
  const r = analyzeText(text);
  assert.deepEqual(r.diagnostics, []);
  return r.models[0];
}

function layer(c: CostedModel, name: string) {
  const l = c.layers.find((x) => x.name === name);
  assert.ok(l, name);
  return l;
}

const MiB16 = 2048 * 4096 * 2;

function withBuffer(bytes: number | undefined): Target {
  const t = findTarget('a100-sxm-80gb')!;
  const copy: Target = { ...t };
  if (bytes === undefined) delete copy.buffer;
  else copy.buffer = { value: bytes, source: 'test' };
  return copy;
}

describe('FlashAttention (fusion group kind flash)', () => {
  it('Br = min(ceil(M / 4d), d), M the buffer in elements', () => {
    assert.equal(flashBlockRows(40 * 2 ** 20, 2, 128), 128);
    // 64 KiB of fp16: M = 32,768; / (4 x 128) = 64
    assert.equal(flashBlockRows(64 * 1024, 2, 128), 64);
    assert.equal(flashBlockRows(undefined, 2, 128), 128);
  });

  it('qk carries the kernel: Q and O once, K and V ceil(2048 / 128) = 16 times; softmax and sv fused into it', () => {
    const c = costModel(prefill(), withBuffer(40 * 2 ** 20));
    const qk = layer(c, 'a.qk');
    assert.equal(qk.fusionKind, 'flash');
    assert.deepEqual(qk.fused, ['a.softmax', 'a.sv']);
    assert.equal(qk.traffic?.used, 2 * MiB16 + 16 * 2 * MiB16);
    // ops: QK^T and scores x V 2 x 2 x 32 x 2048 x 2048 x 128, softmax 5 x 32 x 2048 x 2048
    assert.equal(qk.ops, 4 * 32 * 2048 * 2048 * 128 + 5 * 32 * 2048 * 2048);
    for (const m of ['a.softmax', 'a.sv']) {
      const member = layer(c, m);
      assert.equal(member.fusedInto, 'a.qk');
      assert.equal(member.time, 0);
      assert.equal(member.traffic, undefined);
    }
    assert.ok(qk.notes.some((n) => n.includes('read 16 times')));
    assert.ok(qk.approximations.some((s) => s.startsWith('FlashAttention')));
  });

  it('a small buffer makes smaller blocks and more passes: 64 KiB -> Br 64, 32 passes', () => {
    const qk = layer(costModel(prefill(), withBuffer(64 * 1024)), 'a.qk');
    assert.equal(qk.traffic?.used, 2 * MiB16 + 32 * 2 * MiB16);
  });

  it('without a buffer figure Br is the head dimension, and the layer says so', () => {
    const qk = layer(costModel(prefill(), withBuffer(undefined)), 'a.qk');
    assert.equal(qk.traffic?.used, 2 * MiB16 + 16 * 2 * MiB16);
    assert.ok(qk.approximations.some((s) => s.includes('Br = d')));
  });

  it('decode (seq 1): one pass over the cache', () => {
    const r = analyzeText('use precision fp16\nmodel t {\n  input x: [1, 1, 4096]\n  a = attention(x, heads=32, context=2048)\n}\n');
    const qk = layer(costModel(r.models[0], withBuffer(40 * 2 ** 20)), 'a.qk');
    // Q and O 4096 x 2 each; K and V 2048 x 4096 x 2 each, once
    assert.equal(qk.traffic?.used, 2 * 8192 + 2 * MiB16);
    assert.equal(qk.bound, 'HBM2e');
  });

  it('the mode: --attention unfused leaves the three parts apart; @attention on the statement wins over the option', () => {
    const t = withBuffer(40 * 2 ** 20);
    const unfused = costModel(prefill(), t, { attention: 'unfused' });
    assert.equal(layer(unfused, 'a.qk').fused, undefined);
    // the scores go off chip: qk writes, softmax reads and writes, sv reads 32 x 2048 x 2048 x 2 bytes
    assert.equal(layer(unfused, 'a.softmax').traffic?.used, 2 * 32 * 2048 * 2048 * 2);
    assert.equal(layer(costModel(prefill('@attention(unfused)'), t), 'a.qk').fused, undefined);
    assert.deepEqual(layer(costModel(prefill('@attention(flash)'), t, { attention: 'unfused' }), 'a.qk').fused, ['a.softmax', 'a.sv']);
    // flash moves less and takes less time than the unfused parts
    const flash = costModel(prefill(), t);
    assert.ok(flash.totals.time < unfused.totals.time);
    assert.ok(flash.totals.traffic < unfused.totals.traffic);
  });

  it('on a clocked engine the kernel computes as long as its parts, each in whole cycles', () => {
    // tpu-v4: 15 + 1 + 15 compute cycles for qk, softmax and sv costed apart (their operations at
    // the roof are 30.x cycles in all: the parts' fractions of a cycle are whole cycles each).
    const text = 'use precision fp16\nmodel t {\n  input x: [1, 100, 192]\n  a = attention(x, heads=3)\n  y = relu(a)\n}\n';
    const m = analyzeText(text).models[0];
    const t = findTarget('tpu-v4')!;
    const apart = costModel(m, t, { attention: 'unfused' });
    const parts = ['a.qk', 'a.softmax', 'a.sv'].map((n) => layer(apart, n).computeCycles ?? NaN);
    assert.deepEqual(parts, [15, 1, 15]);
    const qk = layer(costModel(m, t), 'a.qk');
    assert.equal(qk.fusionKind, 'flash');
    assert.equal(qk.computeCycles, 31);
  });

  it('is independent of the fusion policy: flash under none, and unfused stays apart under epilogue', () => {
    const t = withBuffer(40 * 2 ** 20);
    const opts = (o: CostOptions) => costModel(prefill(), t, o);
    assert.equal(layer(opts({ fusion: 'none' }), 'a.qk').fusionKind, 'flash');
    assert.equal(layer(opts({ fusion: 'epilogue', attention: 'unfused' }), 'a.softmax').fusedInto, undefined);
  });

  it('@attention takes flash or unfused (RL206 otherwise)', () => {
    const r = analyzeText('model t {\n  input x: [1, 4, 64]\n  a = attention(x, heads=4) @attention(fast)\n}\n');
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL206']);
  });
});
