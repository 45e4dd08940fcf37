// Every fix produces a file that still parses and analyses (no new error diagnostics) and whose
// re-analysis is at least as fast: the edit applied to the text, analysed again with
// analyzeRoofline, the model time (costs[0].totals.time) compared with the time before. A layer the
// user mistiled gets faster; the best-tiles source action on the examples, the tile fix of every
// layer one at a time, @fuse, and the best unroll of a hardware block (Zhang et al.'s (64, 7)).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyBestTiles } from '../server/src/core/fixes/applyBestTiles';
import { createFixContext } from '../server/src/core/fixes/context';
import { applyEdits, type TextEdit } from '../server/src/core/fixes/edits';
import { planFuse } from '../server/src/core/fixes/fusePlan';
import { planTile } from '../server/src/core/fixes/tilePlan';
import { planUnroll } from '../server/src/core/fixes/unrollPlan';
import { analyzeRoofline, type RooflineAnalysis, type RooflineOptions } from '../server/src/core/roofline';
import type * as A from '../server/src/core/syntax/ast';

const ROOT = path.resolve(__dirname, '..');
const example = (name: string) => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
/** The zhang15 AlexNet without the paper's tiles it pins, so that the search tiles it. */
const ZHANG = example('alexnet_zhang15.nnm').replace(/ @tile\([^)]*\)/g, '');
const ON_ZHANG = (text: string) => (/^use target /m.test(text) ? text : `use target zhang15-vc707\n${text}`);
/** conv3 of the zhang15 AlexNet with a tile of one output pixel: slow, but within the buffer. */
const MISTILED = ZHANG.replace('conv3 = conv2d(pool2, 384, kernel=3, pad=1) @split(m=2)', 'conv3 = conv2d(pool2, 384, kernel=3, pad=1) @split(m=2) @tile(r=1, c=1)');

function errors(a: RooflineAnalysis): string[] {
  return a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
}

/** Applies the edits, analyses again and checks: no new errors, every model at least as fast. */
function reanalyse(text: string, edits: TextEdit[], options: RooflineOptions = {}): { before: RooflineAnalysis; after: RooflineAnalysis; text: string } {
  const before = analyzeRoofline(text, options);
  const out = applyEdits(text, edits);
  const after = analyzeRoofline(out, options);
  const known = new Set(errors(before));
  assert.deepEqual(errors(after).filter((e) => !known.has(e)), [], 'no new errors');
  assert.equal(after.costs.length, before.costs.length);
  before.costs.forEach((c, i) => {
    assert.ok(after.costs[i].totals.time <= c.totals.time * (1 + 1e-12), `${c.model}: ${after.costs[i].totals.time} s after, ${c.totals.time} s before`);
  });
  return { before, after, text: out };
}

function statementOf(a: RooflineAnalysis, name: string) {
  const l = a.models[0].layers.find((x) => x.name === name);
  assert.ok(l, name);
  return l.statement;
}

describe('fixes: every fix re-analyses at least as fast', () => {
  it('the tile fix on a mistiled conv3 makes the model faster and writes the search best', () => {
    const a = analyzeRoofline(MISTILED);
    const plan = planTile(createFixContext(MISTILED, a), statementOf(a, 'conv3'));
    assert.ok(plan?.edit, plan?.reason);
    assert.deepEqual(plan.factors, { m: 64, n: 7, r: 13, c: 13 });
    const r = reanalyse(MISTILED, [plan.edit]);
    assert.ok(r.after.costs[0].totals.time < r.before.costs[0].totals.time, 'strictly faster');
    assert.ok(r.text.includes('conv3 = conv2d(pool2, 384, kernel=3, pad=1) @split(m=2) @tile(m=64, n=7, r=13, c=13, order=output) #'), r.text);
    const conv3 = r.after.costs[0].layers.find((l) => l.name === 'conv3');
    assert.equal(conv3?.tile?.source, 'file');
    assert.deepEqual(conv3?.tile?.factors, plan.factors);
    assert.equal(planTile(createFixContext(r.text, r.after), statementOf(r.after, 'conv3'))?.skip, 'at-best', 'offered no more');
  });

  it('replaces a tile that overflows the buffer with one that fits', () => {
    const text = ZHANG.replace('conv3 = conv2d(pool2, 384, kernel=3, pad=1) @split(m=2)', 'conv3 = conv2d(pool2, 384, kernel=3, pad=1) @split(m=2) @tile(m=192, n=256, r=13, c=13)');
    const a = analyzeRoofline(text);
    assert.equal(a.costs[0].layers.find((l) => l.name === 'conv3')?.tile?.fits, false);
    const plan = planTile(createFixContext(text, a), statementOf(a, 'conv3'));
    assert.ok(plan?.edit);
    const r = reanalyse(text, [plan.edit]);
    assert.equal(r.after.costs[0].layers.find((l) => l.name === 'conv3')?.tile?.fits, true);
  });

  it('the best-tiles source action on the zhang15 AlexNet (mistiled too) and on ResNet-50', () => {
    for (const [name, text] of [['alexnet_zhang15', ZHANG], ['mistiled', MISTILED], ['resnet50', ON_ZHANG(example('resnet50.nnm'))]] as const) {
      const a = analyzeRoofline(text);
      const result = applyBestTiles(text, a, 0);
      assert.ok(result.edits.length > 0, `${name}: ${result.summary}`);
      const r = reanalyse(text, result.edits);
      assert.equal(applyBestTiles(r.text, r.after, 0).edits.length, 0, `${name}: a second run changes nothing`);
      if (name === 'mistiled') assert.ok(r.after.costs[0].totals.time < r.before.costs[0].totals.time);
      if (name === 'resnet50') assert.match(result.summary, /skipped 53 layers in block statements whose instances differ in their best tile/);
    }
  });

  it('the tile fix of every conv and GEMM statement, one at a time, on the examples', () => {
    for (const file of ['alexnet_zhang15.nnm', 'alexnet.nnm', 'vgg16.nnm', 'mobilenet_v2.nnm']) {
      const text = ON_ZHANG(example(file));
      const a = analyzeRoofline(text);
      const ctx = createFixContext(text, a);
      const statements = new Map(a.models[0].layers.filter((l) => l.dims).map((l) => [`${l.statement.start}`, l.statement]));
      let fixes = 0;
      for (const s of statements.values()) {
        const plan = planTile(ctx, s);
        if (!plan?.edit) continue;
        const r = reanalyse(text, [plan.edit]);
        // A layer the file did not tile runs at the search's best already: exactly as fast.
        assert.equal(r.after.costs[0].totals.time, r.before.costs[0].totals.time, `${file}: ${plan.layer.name}`);
        fixes++;
      }
      assert.ok(fixes > 0, file);
    }
  });

  it('@fuse on a single layer and on a block statement with many instances (fusion none)', () => {
    const none: RooflineOptions = { fusion: 'none' };
    const small = 'use target zhang15-vc707\nmodel m {\n  input x: [1, 8, 32, 32]\n  c = conv2d(x, 16, kernel=3)\n  r = relu(c)\n  output p = maxpool(r, kernel=2)\n}\n';
    const a = analyzeRoofline(small, none);
    const plan = planFuse(createFixContext(small, a), statementOf(a, 'r'));
    assert.ok(plan);
    const r = reanalyse(small, [plan.edit], none);
    assert.ok(r.after.costs[0].totals.time < r.before.costs[0].totals.time, 'its input stays on chip');
    // Under the default policy r already runs in c's kernel: no fix, and the same time as with @fuse.
    const fused = analyzeRoofline(small);
    assert.equal(planFuse(createFixContext(small, fused), statementOf(fused, 'r')), undefined);
    assert.equal(fused.costs[0].totals.time, r.after.costs[0].totals.time);

    const resnet = ON_ZHANG(example('resnet50.nnm'));
    const ra = analyzeRoofline(resnet, none);
    const blockPlan = planFuse(createFixContext(resnet, ra), statementOf(ra, 's1[0].a'));
    assert.ok(blockPlan);
    assert.equal(blockPlan.instances.length, 16, 'every bottleneck');
    reanalyse(resnet, [blockPlan.edit], none);
  });

  it('the unroll fix of a hardware block finds (64, 7) for the zhang15 AlexNet', () => {
    const text = ZHANG.replace('use target zhang15-vc707', 'hardware fpga = zhang15_vc707 { unroll = (m: 32, n: 14) }\nuse target fpga');
    const a = analyzeRoofline(text);
    const decl = a.file.items.find((i): i is A.HardwareDecl => i.kind === 'hardware');
    assert.ok(decl);
    const plan = planUnroll(text, a, decl, 0);
    assert.ok(plan);
    assert.deepEqual(plan.best, { m: 64, n: 7 });
    assert.equal(plan.lanes, 448);
    assert.ok(plan.after < plan.before);
    const r = reanalyse(text, plan.edits);
    assert.ok(r.text.includes('hardware fpga = zhang15_vc707 { unroll = (m: 64, n: 7) }'), r.text);
    assert.ok(r.after.costs[0].totals.time < r.before.costs[0].totals.time);
    assert.equal(r.after.costs[0].layers.filter((l) => l.op === 'conv2d').reduce((n, l) => n + (l.computeCycles ?? 0), 0), plan.after, 'conv cycles as planned');
    assert.deepEqual(planUnroll(r.text, r.after, r.after.file.items.find((i): i is A.HardwareDecl => i.kind === 'hardware')!, 0)?.edits, [], 'offered no more');
  });
});
