// The fusion planner (server/src/core/cost/fusion.ts) on small models: which layers form a group
// under each policy, the kind and the members' roles, and what `@fuse` and `@nofuse` override.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { analyzeText } from '../server/src/core/analyze';
import { groupByLayer, kindOf, planFusion, type FusionGroup, type FusionPolicy } from '../server/src/core/cost/fusion';
import type { ModelResult } from '../server/src/core/semantics/model';

function model(body: string, input = '[1, 16, 32, 32]'): ModelResult {
  const a = analyzeText(`model m {\n  input x: ${input}\n${body}\n}\n`);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], 'the test model has no errors');
  return a.models[0];
}

/** Groups as 'producer: member(role) ...' in model order. */
function plan(m: ModelResult, policy: FusionPolicy): string[] {
  const name = (i: number) => m.layers[i].name;
  return planFusion(m, policy).map((g: FusionGroup) => `${g.kind} ${name(g.producer)}: ${g.members.map((x) => `${name(x.index)}(${x.role})`).join(' ')}`);
}

const CONV_BN_RELU = `  c = conv2d(x, 32, kernel=3, pad=1, bias=false)
  b = batchnorm(c)
  r = relu(b)
  output y = maxpool(r, kernel=2)`;

const RESIDUAL = `  a = conv2d(x, 16, kernel=3, pad=1)
  b = batchnorm(a)
  s = add(b, x)
  output y = relu(s)`;

describe('fusion: planner', () => {
  it('none: no group at all', () => {
    assert.deepEqual(plan(model(CONV_BN_RELU), 'none'), []);
    assert.deepEqual(plan(model(RESIDUAL), 'none'), []);
  });

  it('epilogue: batch norm folds into the conv, ReLU fuses, pooling does not', () => {
    assert.deepEqual(plan(model(CONV_BN_RELU), 'epilogue'), ['epilogue c: b(bnFold) r(epilogue)']);
  });

  it('aggressive: a pooling whose windows do not overlap fuses too', () => {
    assert.deepEqual(plan(model(CONV_BN_RELU), 'aggressive'), ['pool c: b(bnFold) r(epilogue) y(pool)']);
    const overlapping = CONV_BN_RELU.replace('kernel=2)', 'kernel=3, stride=2, pad=1)');
    assert.deepEqual(plan(model(overlapping), 'aggressive'), ['epilogue c: b(bnFold) r(epilogue)']);
    const global = CONV_BN_RELU.replace('maxpool(r, kernel=2)', 'global_avgpool(r)');
    assert.deepEqual(plan(model(global), 'aggressive'), ['pool c: b(bnFold) r(epilogue) y(pool)']);
  });

  it('a residual add takes its other operand from outside the group, read once', () => {
    assert.deepEqual(plan(model(RESIDUAL), 'epilogue'), ['epilogue a: b(bnFold) s(residual) y(epilogue)']);
  });

  it('a layer whose output two layers read ends its group (the output is written anyway)', () => {
    const m = model(`  c = conv2d(x, 16, kernel=3, pad=1)
  r = relu(c)
  output y = add(r, c)`);
    // c is read by r and by y: r does not fuse into c; y reads r (its only reader) and c from off chip.
    assert.deepEqual(plan(m, 'epilogue'), ['epilogue r: y(residual)']);
  });

  it('batch norm folds only straight after a conv or a linear layer; elsewhere it is an epilogue', () => {
    const m = model(`  c = conv2d(x, 16, kernel=3, pad=1)
  r = relu(c)
  output b = batchnorm(r)`);
    assert.deepEqual(plan(m, 'epilogue'), ['epilogue c: r(epilogue) b(epilogue)']);
    const lin = model(`  h = linear(x, 64)
  output b = batchnorm(h)`, '[8, 32]');
    assert.deepEqual(plan(lin, 'epilogue'), ['bnFold h: b(bnFold)']);
    // A linear layer over [B, T, F]: batchnorm's channels are T, not the features: no folding.
    const seq = model(`  h = linear(x, 64)
  output b = batchnorm(h)`, '[2, 8, 32]');
    assert.deepEqual(plan(seq, 'epilogue'), ['epilogue h: b(epilogue)']);
  });

  it('softmax along the last dimension fuses under aggressive only', () => {
    const m = model(`  h = linear(x, 10)
  output p = softmax(h)`, '[8, 32]');
    assert.deepEqual(plan(m, 'epilogue'), []);
    assert.deepEqual(plan(m, 'aggressive'), ['softmax h: p(softmax)']);
    const dim0 = model(`  h = linear(x, 10)
  output p = softmax(h, dim=0)`, '[8, 32]');
    assert.deepEqual(plan(dim0, 'aggressive'), []);
  });

  it('views and data movement start no group', () => {
    const m = model(`  f = flatten(x)
  output r = relu(f)`);
    assert.deepEqual(plan(m, 'aggressive'), []);
  });

  it('@nofuse keeps the layers of its statement kernels of their own', () => {
    const m = model(CONV_BN_RELU.replace('r = relu(b)', 'r = relu(b) @nofuse'));
    assert.deepEqual(plan(m, 'epilogue'), ['bnFold c: b(bnFold)']);
    const first = model(CONV_BN_RELU.replace('bias=false)', 'bias=false) @nofuse'));
    // c runs alone; b then starts a group of its own, with r.
    assert.deepEqual(plan(first, 'epilogue'), ['epilogue b: r(epilogue)']);
  });

  it('@fuse fuses a layer whatever the policy, even when its producer has other readers', () => {
    const m = model(`  c = conv2d(x, 16, kernel=3, pad=1)
  r = relu(c) @fuse
  output y = add(r, c)`);
    assert.deepEqual(plan(m, 'none'), ['epilogue c: r(epilogue)']);
    assert.deepEqual(plan(m, 'epilogue'), ['epilogue c: r(epilogue) y(residual)']);
    const pool = model(CONV_BN_RELU.replace('kernel=2)', 'kernel=3) @fuse'));
    assert.deepEqual(plan(pool, 'none'), ['pool r: y(pool)']);
    assert.deepEqual(plan(pool, 'epilogue'), ['pool c: b(bnFold) r(epilogue) y(pool)']);
    // A layer no rule would fuse (a conv after a conv) joins as '@fuse'.
    const convs = model(`  c = conv2d(x, 16, kernel=3, pad=1)
  output d = conv2d(c, 16, kernel=1) @fuse`);
    assert.deepEqual(plan(convs, 'epilogue'), ['epilogue c: d(annotation)']);
  });

  it('a batch norm forced with @fuse onto an output others read is applied, not folded', () => {
    const m = model(`  c = conv2d(x, 16, kernel=3, pad=1)
  b = batchnorm(c) @fuse
  output y = add(b, c)`);
    assert.deepEqual(plan(m, 'none'), ['epilogue c: b(epilogue)']);
  });

  it('every layer belongs to at most one group; groupByLayer finds it from any of its layers', () => {
    const m = model(RESIDUAL);
    const groups = planFusion(m, 'epilogue');
    const byLayer = groupByLayer(groups);
    assert.equal(byLayer.size, 4);
    for (const l of m.layers) assert.equal(byLayer.get(l.index), groups[0]);
  });

  it('the kind follows the roles: folds only, then any epilogue, then a pooling or softmax', () => {
    assert.equal(kindOf([{ index: 1, role: 'bnFold' }]), 'bnFold');
    assert.equal(kindOf([{ index: 1, role: 'bnFold' }, { index: 2, role: 'residual' }]), 'epilogue');
    assert.equal(kindOf([{ index: 1, role: 'epilogue' }, { index: 2, role: 'pool' }, { index: 3, role: 'epilogue' }]), 'pool');
  });
});
