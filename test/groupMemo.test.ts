// Fused groups of equal content share their figures within a costing (cost/groupFigures.ts
// contentKey, Ctx.groupsByContent): the groups of a repeated block are costed once, and each gets those figures
// under its own names and sentences. The twin is the same costing with sharing off (each group
// costed anew): on every example, target, fusion policy and attention mode below, every costed
// layer is the same, field for field and in the same order. A made model shows which groups
// of equal content shares under its own names; a cost function reads of the model's layers nothing
// but their cost inputs (the rest it reads comes in the group's facts, which the key holds whole:
// factsKey, held to JSON.stringify). A memo that remembers nothing hands a group's layers shared
// figures alone: every layer comes out as a remembering memo's, also where a group fails.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../server/src/core/analyze';
import { costModel } from '../server/src/core/cost/analyzeCost';
import { COST_INPUT_FIELDS, CostMemo } from '../server/src/core/cost/costMemo';
import { GROUP_KINDS, type FusionPolicy, type GroupKindSpec } from '../server/src/core/cost/fusion';
import { FACT_FIELDS, factsKey, type GroupLayerFacts } from '../server/src/core/cost/groupCost';
import type { CostedLayer, CostOptions } from '../server/src/core/cost/types';
import { findTarget } from '../server/src/core/hardware/catalog';
import { targetFromScaleSimConfig } from '../server/src/core/hardware/scaleSimConfig';
import type { Target } from '../server/src/core/hardware/types';
import type { ModelResult } from '../server/src/core/semantics/model';

const ROOT = path.join(__dirname, '..');
/** A SCALE-Sim engine (clocked: a group's time in whole cycles). */
const SYSTOLIC = targetFromScaleSimConfig(fs.readFileSync(path.join(__dirname, 'fixtures', 'reference', 'scalesim', 'gemm_ws_32x32_user_bw64', 'scale.cfg'), 'utf8')).target!;

function example(file: string): ModelResult {
  return analyzeText(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'), { fileName: file }).models[0];
}

/** The model costed with groups of equal content sharing their figures, and with each costed anew: each layer as JSON, and the groups shared. */
function twin(model: ModelResult, target: Target, options: CostOptions): { shared: string[]; anew: string[]; hits: number; groups: number } {
  const memo = new CostMemo(false, true);
  const costed = costModel(model, target, { ...options, memo });
  const anew = costModel(model, target, { ...options, memo: new CostMemo(false, false) });
  const json = (layers: CostedLayer[]) => layers.map((l) => JSON.stringify(l));
  return { shared: json(costed.layers), anew: json(anew.layers), hits: memo.context(target, options).groupHits, groups: costed.groups.length };
}

/** The same layers, field for field and in order (the first that differs shown alone). */
function assertSame(r: { shared: string[]; anew: string[] }): void {
  assert.equal(r.shared.length, r.anew.length);
  const i = r.shared.findIndex((l, k) => l !== r.anew[k]);
  if (i >= 0) assert.equal(r.shared[i], r.anew[i], `layer ${i}`);
}

const CASES: [string, Target][] = [
  ['resnet50.nnm', findTarget('h100-sxm')!],
  ['resnet50.nnm', findTarget('zcu102-int8')!],
  ['resnet50.nnm', SYSTOLIC],
  ['mobilenet_v2.nnm', findTarget('jetson-orin-nano-8gb')!],
  ['bert_base.nnm', findTarget('h100-sxm')!],
  ['llama2_7b.nnm', findTarget('a100-sxm-80gb')!],
];

describe('fused groups of equal content share their figures', () => {
  for (const [file, target] of CASES) {
    for (const fusion of ['epilogue', 'aggressive'] as FusionPolicy[]) {
      it(`${file} on ${target.name}, fusion ${fusion}: every layer as costed anew, and repeated groups shared`, () => {
        const r = twin(example(file), target, { fusion });
        assert.ok(r.groups > 0, 'the model has fused groups');
        assert.ok(r.hits > 0, 'some group was handed the figures of one of equal content');
        assertSame(r);
      });
    }
  }

  it('attention unfused and the FPGA AlexNet on its own clocked target: as costed anew', () => {
    const llama = twin(example('llama2_7b.nnm'), findTarget('h100-sxm')!, { attention: 'unfused' });
    assert.ok(llama.hits > 0);
    assertSame(llama);
    const r = twin(example('alexnet_zhang15.nnm'), findTarget('zhang15-vc707')!, {});
    assert.ok(r.groups > 0);
    assertSame(r);
  });

  it('a made model: equal groups share, under their own names; others are costed', () => {
    // c4's group is c1's again (its residual operand another tensor of the same shape); c3's relu
    // is read outside its group (by a3 and d), so its group stops there; c2 is read twice, so its
    // relu heads the group; d's group is another shape.
    const text = [
      'model m {',
      '  input x: [1, 16, 28, 28]',
      '  c1 = conv2d(x, 16, kernel=3, pad=1, bias=false)',
      '  r1 = relu(c1)',
      '  a1 = add(r1, x)',
      '  c2 = conv2d(a1, 16, kernel=3, pad=1, bias=false)',
      '  r2 = relu(c2)',
      '  a2 = add(r2, c2)',
      '  c3 = conv2d(a2, 16, kernel=3, pad=1, bias=false)',
      '  r3 = relu(c3)',
      '  a3 = add(r3, a2)',
      '  d = conv2d(r3, 16, kernel=1, bias=false)',
      '  c4 = conv2d(a3, 16, kernel=3, pad=1, bias=false)',
      '  r4 = relu(c4)',
      '  a4 = add(r4, a3)',
      '  output add(a4, d)',
      '}',
      '',
    ].join('\n');
    const model = analyzeText(text).models[0];
    const target = findTarget('h100-sxm')!;
    const memo = new CostMemo(false, true);
    const costed = costModel(model, target, { memo });
    const byName = (n: string) => costed.layers.find((l) => l.name === n)!;
    assert.deepEqual(
      costed.groups.map((g) => [model.layers[g.producer].name, ...g.members.map((m) => model.layers[m.index].name)]),
      [['c1', 'r1', 'a1'], ['r2', 'a2'], ['c3', 'r3'], ['d', 'output'], ['c4', 'r4', 'a4']],
    );
    assert.equal(memo.context(target, {}).groupHits, 1, 'c4 is handed c1\'s figures, and no other group another\'s');
    assert.equal(byName('c4').traffic, byName('c1').traffic);
    assert.notEqual(byName('c3').traffic?.used, byName('c1').traffic?.used);
    assert.deepEqual([byName('c4').index, byName('c4').fused, byName('r4').fusedInto, byName('a4').fusedInto], [10, ['r4', 'a4'], 'c4', 'c4']);
    assert.match(byName('a4').notes[0], /^Fused into c4;/);
    const anew = costModel(model, target, { memo: new CostMemo(false, false) });
    assert.equal(JSON.stringify(costed.layers), JSON.stringify(anew.layers));
  });

  it("a kind's cost reads of the model's layers only what the layer memo compares", () => {
    // Every layer object is watched while a kind's cost function runs: it may read the cost input
    // (the figures alone, and so the group's key, stand for it) but of `part` nothing (the layer
    // memo compares only whether there is one: what attention's cost needs is among the facts).
    const kinds = GROUP_KINDS as Record<string, GroupKindSpec>;
    const read = new Set<string>();
    let costing = false;
    const saved = Object.entries(kinds).map(([k, spec]) => [k, spec.cost] as const);
    for (const spec of Object.values(kinds)) {
      const cost = spec.cost;
      spec.cost = (input) => {
        costing = true;
        try {
          return cost(input);
        } finally {
          costing = false;
        }
      };
    }
    try {
      for (const [file, target, options] of [
        ['resnet50.nnm', 'h100-sxm', { fusion: 'aggressive' }],
        ['mobilenet_v2.nnm', 'h100-sxm', {}],
        ['llama2_7b.nnm', 'h100-sxm', {}],
      ] as [string, string, CostOptions][]) {
        const model = example(file);
        const watched: ModelResult = {
          ...model,
          layers: model.layers.map((l) => new Proxy(l, { get: (t, k, r) => (costing && typeof k === 'string' && read.add(k), Reflect.get(t, k, r) as unknown) })),
        };
        const costed = costModel(watched, findTarget(target)!, options);
        assert.ok(costed.groups.some((g) => g.kind === 'flash') || file !== 'llama2_7b.nnm');
      }
    } finally {
      for (const [k, cost] of saved) kinds[k].cost = cost;
    }
    assert.ok(read.size > 0);
    const compared: readonly string[] = COST_INPUT_FIELDS.filter((f) => f !== 'part');
    assert.deepEqual([...read].filter((f) => !compared.includes(f)), []);
  });

  it("an editor's memo (layers and groups remembered, a costing made again) gives what costing anew gives", () => {
    for (const [file, target] of [['resnet50.nnm', findTarget('h100-sxm')!], ['llama2_7b.nnm', findTarget('h100-sxm')!]] as const) {
      const model = example(file);
      const memo = new CostMemo(true, true);
      costModel(model, target, { memo });
      // The same layer objects again: the costing of before; a copy of the model: every layer found
      // again by content, every group costed (or shared) afresh.
      const again = costModel({ ...model, layers: model.layers.map((l) => ({ ...l })) }, target, { memo });
      const anew = costModel(model, target, { memo: new CostMemo(false, false) });
      assert.ok(memo.context(target, {}).groupHits > 0);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(again.layers)), JSON.parse(JSON.stringify(anew.layers)), file);
    }
  });

  it('the shared parts of a group\'s figures are frozen; its names and sentences are its own', () => {
    const model = example('resnet50.nnm');
    const costed = costModel(model, findTarget('h100-sxm')!, { memo: new CostMemo() });
    const heads = costed.layers.filter((l) => l.fused && l.fused.length > 0);
    const same = heads.filter((l) => heads.some((o) => o !== l && o.traffic === l.traffic));
    assert.ok(same.length > 1, 'groups of equal content share their traffic figures');
    assert.ok(Object.isFrozen(same[0].traffic) && Object.isFrozen(same[0].roofs));
    assert.notEqual(same[0].notes, same[1].notes);
    assert.notEqual(same[0].fused, same[1].fused);
    assert.ok(!Object.isFrozen(same[0].notes));
  });

  it('the facts key (written by hand) is equal exactly where the facts are, as JSON.stringify of them is', () => {
    // Every combination of small values of every field, one layer and two, and the facts of the examples' groups.
    const one: GroupLayerFacts[] = [];
    for (const crossing of [false, true])
      for (const outputElems of [0, 1, 12])
        for (const inputs of [[], [null], ['group'], [1], [12], [1, 2], [12, null], ['group', 3], [null, null]] as GroupLayerFacts['inputs'][])
          for (const params of [0, 1, 21])
            for (const attention of [undefined, { seq: 1, headDim: 21 }, { seq: 12, headDim: 1 }]) {
              const f: GroupLayerFacts = { crossing, outputElems, inputs, params };
              if (attention) f.attention = attention;
              one.push(f);
            }
    const lists: GroupLayerFacts[][] = one.map((f) => [f]);
    for (let i = 0; i < one.length; i += 7) for (let j = 0; j < one.length; j += 11) lists.push([one[i], one[j]]);
    const byKey = new Map<string, string>();
    const byJson = new Map<string, string>();
    for (const facts of lists) {
      const key = factsKey(facts);
      const json = JSON.stringify(facts);
      assert.equal(byKey.get(key) ?? json, json, `one key for two facts: ${key}`);
      assert.equal(byJson.get(json) ?? key, key, `two keys for one facts: ${json}`);
      byKey.set(key, json);
      byJson.set(json, key);
    }
    assert.equal(byKey.size, byJson.size);
    // The made facts have every field there is.
    assert.deepEqual(Object.keys(one[one.length - 1]).sort(), Object.keys(FACT_FIELDS).sort());
    assert.ok(byKey.size > 3000, `${byKey.size} distinct facts`);
  });

  it("a costing of its own hands a group's layers the memo's shared figures alone: every layer as a remembering memo's, also where a group cannot be costed", () => {
    const model = example('resnet50.nnm');
    const h100 = findTarget('h100-sxm')!;
    // A MAC of 1e308 pJ: every conv's energy overflows, so no group of a conv can be costed and its
    // members keep their figures alone (analyzeCost.ts: each gets its own copy then).
    const overflowing: Target = { ...h100, energy: { ...h100.energy!, macPj: Object.fromEntries(Object.keys(h100.energy!.macPj).map((p) => [p, 1e308])) } };
    for (const target of [h100, overflowing]) {
      const own = costModel(model, target, { memo: new CostMemo(false) });
      const kept = costModel(model, target, { memo: new CostMemo(true) });
      own.layers.forEach((l, i) => {
        assert.equal(l.index, i);
        assert.equal(l.name, model.layers[i].name);
        assert.equal(JSON.stringify(l), JSON.stringify(kept.layers[i]), `${target.name}: layer ${i}`);
      });
      assert.equal(new Set(own.layers).size, own.layers.length, 'no two layers share a CostedLayer');
    }
    const failed = costModel(model, overflowing, { memo: new CostMemo(false) });
    assert.ok(failed.layers.some((l) => l.status === 'overflow'));
    assert.ok(failed.layers.some((l) => l.op === 'relu' && l.status === 'ok' && l.fusedInto === undefined), 'a member of a group not costed keeps its figures alone');
  });
});
