// Per-layer costs memoised (cost/costMemo.ts): keyed on every input a layer's figures depend on,
// so that the memo never hands out a stale figure. Each field of the cost input and each part of the
// cost context is changed in turn: the figures change, and the memo (which costed the original
// first) gives what costing afresh gives. The cost models read a layer through its cost input only;
// equal layers are costed once and share frozen figures.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../server/src/core/analyze';
import { costModel } from '../server/src/core/cost/analyzeCost';
import { COST_INPUT_FIELDS, CostMemo } from '../server/src/core/cost/costMemo';
import type { CostOptions, CostedLayer } from '../server/src/core/cost/types';
import { findTarget } from '../server/src/core/hardware/catalog';
import { targetFromScaleSimConfig } from '../server/src/core/hardware/scaleSimConfig';
import type { Target } from '../server/src/core/hardware/types';
import type { Layer, ModelResult } from '../server/src/core/semantics/model';

const MODEL = analyzeText('model m {\n  input x: [1, 16, 28, 28]\n  c = conv2d(x, 32, kernel=3, pad=1)\n}\n').models[0];
const TARGET = findTarget('zcu102-int8')!;
/** A SCALE-Sim engine with user-mode buffers, where the exact replay of its buffers (replayLimit) applies. */
const SYSTOLIC = targetFromScaleSimConfig(fs.readFileSync(path.join(__dirname, 'fixtures', 'reference', 'scalesim', 'gemm_ws_32x32_user_bw64', 'scale.cfg'), 'utf8')).target!;

/** The model with its conv layer changed by `change`. */
function withLayer(change: (l: Layer) => void): ModelResult {
  const copy = structuredClone(MODEL);
  change(copy.layers[0]);
  return copy;
}

/** The conv layer's costed figures, as plain data. */
function figures(model: ModelResult, target: Target, options: CostOptions): CostedLayer {
  return JSON.parse(JSON.stringify(costModel(model, target, options).layers[0])) as CostedLayer;
}

/** One change per field of the cost input (the compiler checks that the list covers them all). */
const INPUT_CHANGES: Record<(typeof COST_INPUT_FIELDS)[number], (l: Layer) => void> = {
  roles: (l) => (l.roles = { weights: 'int4', activations: l.precision, kv: l.precision }),
  // A part of a call taken apart (attention's), on a layer without a loop nest (where it counts).
  part: (l) => (l.part = { of: 'attn', name: 'qk', attention: { batch: 1, seq: 8, context: 8, heads: 1, kvHeads: 1, headDim: 8 } }),
  op: (l) => (l.op = 'matmul'),
  counted: (l) => (l.counted = false),
  precision: (l) => (l.precision = 'fp16'),
  bytes: (l) => (l.bytes = { ...l.bytes, input: l.bytes.input * 4 }),
  ops: (l) => (l.ops *= 8),
  macs: (l) => (l.macs *= 2),
  dims: (l) => (l.dims = { ...(l.dims as object), m: 64 } as Layer['dims']),
  tile: (l) => (l.tile = { m: 8, n: 4, r: 7, c: 7 }),
  tileOrder: (l) => (l.tileOrder = 'weight'),
};

describe('per-layer cost memo', () => {
  it('every field of the cost input changes the figures, and the memo gives what costing afresh gives', () => {
    const memo = new CostMemo();
    for (const field of COST_INPUT_FIELDS) {
      // `part` matters on a layer that has no loop nest: both costed without one.
      const base = field === 'part' ? withLayer((l) => delete l.dims) : MODEL;
      const original = figures(base, TARGET, { memo });
      const changed = structuredClone(base);
      INPUT_CHANGES[field](changed.layers[0]);
      const memoised = figures(changed, TARGET, { memo });
      assert.deepEqual(memoised, figures(changed, TARGET, {}), `${field}: the memo's figures are those of costing afresh`);
      assert.notDeepEqual(memoised, original, `${field}: changing it changes the figures`);
    }
  });

  it('every part of the cost context changes the figures: target figures and options', () => {
    const memo = new CostMemo();
    const original = figures(MODEL, TARGET, { memo });
    const contexts: [string, Target, CostOptions][] = [
      ['another target', findTarget('h100-sxm')!, {}],
      ['the peak', { ...TARGET, peak: Object.fromEntries(Object.entries(TARGET.peak).map(([p, v]) => [p, { ...v, value: v.value / 2 }])) }, {}],
      ['the bandwidth', { ...TARGET, memory: TARGET.memory.map((m) => ({ ...m, bandwidth: { ...m.bandwidth, value: m.bandwidth.value / 3 } })) }, {}],
      ['the buffer', { ...TARGET, buffer: { ...TARGET.buffer!, value: 8 * 1024 } }, {}],
      ['the unroll', { ...TARGET, unroll: { ...TARGET.unroll!, m: 16 } }, {}],
      ['no energy table', { ...TARGET, energy: undefined }, {}],
      ['no peak', { ...TARGET, peak: {} }, {}],
      ['precision option', TARGET, { precision: 'int8' }],
      ['traffic option', TARGET, { traffic: 'compulsory' }],
      ['no tile search', TARGET, { search: false }],
      ['search budget', TARGET, { searchBudget: 1 }],
      ['replay limit', SYSTOLIC, { replayLimit: 0 }],
    ];
    const systolic = figures(MODEL, SYSTOLIC, { memo });
    for (const [what, target, options] of contexts) {
      const memoised = figures(MODEL, target, { ...options, memo });
      assert.deepEqual(memoised, figures(MODEL, target, options), `${what}: the memo's figures are those of costing afresh`);
      assert.notDeepEqual(memoised, target === SYSTOLIC ? systolic : original, `${what}: changing it changes the figures`);
    }
    // A target's words reach the figures too (the message of a target without peaks).
    const a = figures(MODEL, { ...TARGET, peak: {}, title: 'Engine A' }, { memo });
    const b = figures(MODEL, { ...TARGET, peak: {}, title: 'Engine B' }, { memo });
    assert.match(a.message ?? '', /Engine A/);
    assert.match(b.message ?? '', /Engine B/);
  });

  it('a layer is costed from its cost input alone', () => {
    // What the memo's cost function reads of the layer (the stages after it, fusion and the
    // execution model, are not memoised and read what they need).
    const memo = new CostMemo();
    const context = memo.context(TARGET, {});
    const costed = context.costed.bind(context);
    let costing = false;
    context.costed = (layer, cost, tiledOutput) =>
      costed(layer, (l) => {
        costing = true;
        try {
          return cost(l);
        } finally {
          costing = false;
        }
      }, tiledOutput);
    const read = new Set<string | symbol>();
    const spy = new Proxy(MODEL.layers[0], {
      get(target, key, receiver) {
        if (costing) read.add(key);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    costModel({ ...MODEL, layers: [spy] }, TARGET, { memo });
    assert.ok(read.size > 0);
    assert.deepEqual([...read].filter((k) => !(COST_INPUT_FIELDS as readonly (string | symbol)[]).includes(k)), []);
  });

  it('equal layers are costed once and share frozen figures; each has its own CostedLayer', () => {
    const text = `model m {\n  input x: [1, 16, 28, 28]\n${Array.from({ length: 6 }, (_, i) => `  r${i} = relu(${i === 0 ? 'x' : `r${i - 1}`})`).join('\n')}\n}\n`;
    const model = analyzeText(text).models[0];
    const memo = new CostMemo();
    const costed = costModel(model, TARGET, { memo, fusion: 'none' });
    const context = memo.context(TARGET, {});
    assert.deepEqual([context.misses, context.hits], [1, 5]);
    const [a, b] = costed.layers;
    assert.notEqual(a, b);
    assert.deepEqual([a.index, a.name, b.index, b.name], [0, 'r0', 1, 'r1']);
    assert.equal(a.traffic, b.traffic);
    assert.ok(Object.isFrozen(a.traffic) && Object.isFrozen(a.approximations));
    assert.throws(() => (a.approximations as string[]).push('a stale note'), TypeError);
  });

  it('a memo that remembers layers hands the same layer object its CostedLayer again', () => {
    const memo = new CostMemo(true);
    const first = costModel(MODEL, TARGET, { memo }).layers[0];
    const again = costModel(MODEL, TARGET, { memo }).layers[0];
    assert.equal(again, first);
    const changed = withLayer(INPUT_CHANGES.ops);
    assert.notEqual(costModel(changed, TARGET, { memo }).layers[0], first);
  });
});
