// The fix edit builders (server/src/core/fixes/) on small texts: where `@tile` and `@fuse` go (after
// the other annotations, before a trailing comment, keeping its column where there is room), an
// existing `@tile` replaced (valid or not), statements that cannot carry one, block bodies (one tile
// for every instance, or none when the instances differ), many edits at once without overlaps, and
// the numbers of a hardware block's `unroll` replaced in place.
import * as assert from 'node:assert/strict';
import { applyBestTiles } from '../server/src/core/fixes/applyBestTiles';
import { createFixContext } from '../server/src/core/fixes/context';
import { applyEdits, nonOverlapping } from '../server/src/core/fixes/edits';
import { fuseEdit } from '../server/src/core/fixes/fuseEdit';
import { planFuse } from '../server/src/core/fixes/fusePlan';
import { planTile } from '../server/src/core/fixes/tilePlan';
import { tileEdit } from '../server/src/core/fixes/tileEdit';
import { unrollEdit } from '../server/src/core/fixes/unrollEdit';
import { planUnroll } from '../server/src/core/fixes/unrollPlan';
import { analyzeRoofline } from '../server/src/core/roofline';
import type { Layer } from '../server/src/core/semantics/model';
import type * as A from '../server/src/core/syntax/ast';

const TILE = { m: 8, n: 4, r: 7, c: 7 };

function model(body: string[], header = ''): string {
  return `${header}model m {\n  input x: [1, 8, 16, 16]\n${body.map((l) => `  ${l}\n`).join('')}}\n`;
}

function layer(text: string, name: string): Layer {
  const found = analyzeRoofline(text).models[0]?.layers.find((l) => l.name === name);
  assert.ok(found, `layer ${name}`);
  return found;
}

function errors(text: string): string[] {
  return analyzeRoofline(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
}

function withTile(text: string, name: string): string {
  const edit = tileEdit(text, layer(text, name), TILE);
  assert.ok(edit, 'an edit');
  return applyEdits(text, [edit]);
}

describe('fixes: tileEdit', () => {
  it('appends the tile after the other annotations, before a trailing comment, keeping its column', () => {
    const text = model(['y = conv2d(x, 16, kernel=3) @precision(fp16)                                   # the conv']);
    const out = withTile(text, 'y');
    assert.match(out, /\n {2}y = conv2d\(x, 16, kernel=3\) @precision\(fp16\) @tile\(m=8, n=4, r=7, c=7\) +# the conv\n/);
    assert.equal(out.indexOf('#'), text.indexOf('#'), 'the comment keeps its column');
    assert.deepEqual(layer(out, 'y').tile, TILE);
    assert.deepEqual(errors(out), []);
  });

  it('leaves one space before a comment that has no room to spare, and appends at a line end without one', () => {
    const near = withTile(model(['y = conv2d(x, 16, kernel=3)  # c']), 'y');
    assert.ok(near.includes('y = conv2d(x, 16, kernel=3) @tile(m=8, n=4, r=7, c=7) # c\n'), near);
    const bare = withTile(model(['y = conv2d(x, 16, kernel=3)']), 'y');
    assert.ok(bare.includes('y = conv2d(x, 16, kernel=3) @tile(m=8, n=4, r=7, c=7)\n'), bare);
  });

  it('replaces the tile the statement already has, and one whose factors were invalid', () => {
    const text = model(['y = conv2d(x, 16, kernel=3) @tile(r=1, c=1) @precision(fp16)  # c']);
    const out = withTile(text, 'y');
    assert.ok(out.includes('y = conv2d(x, 16, kernel=3) @tile(m=8, n=4, r=7, c=7) @precision(fp16)  # c'), out);
    const invalid = model(['y = conv2d(x, 16, kernel=3) @tile(r=0, q=2)']);
    assert.equal(layer(invalid, 'y').tileSpan, undefined, 'an invalid @tile leaves no tileSpan');
    const fixed = withTile(invalid, 'y');
    assert.ok(fixed.includes('y = conv2d(x, 16, kernel=3) @tile(m=8, n=4, r=7, c=7)\n'), fixed);
    assert.deepEqual(errors(fixed), []);
  });

  it('tiles the conv nested in an activation, and writes before the ; of a statement that shares its line', () => {
    const nested = withTile(model(['y = relu(conv2d(x, 16, kernel=3))']), 'y.conv2d');
    assert.ok(nested.includes('y = relu(conv2d(x, 16, kernel=3)) @tile(m=8, n=4, r=7, c=7)\n'), nested);
    assert.deepEqual(layer(nested, 'y.conv2d').tile, TILE);
    const shared = withTile(model(['y = conv2d(x, 16, kernel=3); z = relu(y)']), 'y');
    assert.ok(shared.includes('y = conv2d(x, 16, kernel=3) @tile(m=8, n=4, r=7, c=7); z = relu(y)'), shared);
    assert.deepEqual(errors(shared), []);
  });

  it('writes GEMM tiles as m, n, k, and tiles on a block\'s return statement', () => {
    const gemm = model(['f = linear(flatten(x), 10)']);
    const out = applyEdits(gemm, [tileEdit(gemm, layer(gemm, 'f'), { m: 1, n: 10, k: 7 })!]);
    assert.deepEqual(layer(out, 'f').tile, { m: 1, n: 10, k: 7 });
    const block = 'block b(x) {\n  return conv2d(x, 16, kernel=3)\n}\n' + model(['y = b(x)']);
    const edit = tileEdit(block, layer(block, 'y'), TILE);
    assert.ok(edit);
    const tiled = applyEdits(block, [edit]);
    assert.match(tiled, /return conv2d\(x, 16, kernel=3\) @tile\(/);
    assert.deepEqual(layer(tiled, 'y').tile, TILE);
  });
});

describe('fixes: fuseEdit and planFuse', () => {
  const text = model(['c = conv2d(x, 16, kernel=3)', 'r = relu(c)   # act', 'a = add(c, r)']);

  it('adds @fuse once, before the comment', () => {
    const edit = fuseEdit(text, layer(text, 'r'));
    assert.ok(edit);
    const out = applyEdits(text, [edit]);
    assert.ok(out.includes('r = relu(c) @fuse # act'), out);
    assert.equal(layer(out, 'r').fuse, true);
    assert.equal(fuseEdit(out, layer(out, 'r')), undefined, 'not twice');
  });

  it('offers fusing an element-wise outer layer with one producer, not a conv, a two-input add or a nested relu', () => {
    const a = analyzeRoofline(text, { target: 'zhang15-vc707' });
    const ctx = createFixContext(text, a);
    const plan = planFuse(ctx, layer(text, 'r').statement);
    assert.equal(plan?.producer.name, 'c');
    assert.equal(planFuse(ctx, layer(text, 'c').statement), undefined);
    assert.equal(planFuse(ctx, layer(text, 'a').statement), undefined);
    const nested = model(['y = conv2d(relu(x), 16, kernel=3)']);
    assert.equal(planFuse(createFixContext(nested, analyzeRoofline(nested, { target: 'zhang15-vc707' })), layer(nested, 'y').statement), undefined);
  });
});

describe('fixes: edits', () => {
  it('applies edits in order and drops those that overlap one before them', () => {
    const edits = [
      { start: 6, end: 11, newText: 'there' },
      { start: 0, end: 5, newText: 'Hi' },
      { start: 8, end: 9, newText: 'X' },
    ];
    assert.deepEqual(nonOverlapping(edits).map((e) => e.start), [0, 6]);
    assert.equal(applyEdits('hello world', edits), 'Hi there');
    assert.equal(applyEdits('ab', [{ start: 1, end: 1, newText: '-' }, { start: 1, end: 1, newText: '+' }]), 'a-b', 'one insertion per point');
  });
});

describe('fixes: tiles in block bodies and all layers at once', () => {
  const header = 'use target zhang15-vc707\nblock unit(x, out) {\n  y = conv2d(x, out, kernel=3, pad=1)   # per instance\n  return relu(y)\n}\n';

  it('writes one tile in a block body when every instance has the same best tile', () => {
    const text = header + model(['s = repeat(3, unit, x, out=16)', 'output o = linear(flatten(s), 10)']);
    const a = analyzeRoofline(text);
    const plan = planTile(createFixContext(text, a), a.models[0].layers.find((l) => l.name === 's[0].y')!.statement);
    assert.equal(plan?.instances.length, 3);
    assert.ok(plan?.edit && plan.factors);
    const r = applyBestTiles(text, a);
    assert.equal(r.layers, 4, r.summary);
    assert.equal(r.edits.length, 2, 'one edit in the block body, one for the linear layer');
    const out = applyEdits(text, r.edits);
    assert.match(out, /y = conv2d\(x, out, kernel=3, pad=1\) @tile\(m=16, n=7, r=16, c=16, order=output\) +# per instance/);
    assert.match(out, /output o = linear\(flatten\(s\), 10\) @tile\(m=1, n=10, k=7, order=output\)\n/);
    const again = analyzeRoofline(out);
    for (const l of again.costs[0].layers.filter((c) => c.tile)) assert.equal(l.tile?.source, 'file', l.name);
    assert.equal(applyBestTiles(out, again).edits.length, 0, 'a second run changes nothing');
  });

  it('skips a block statement whose instances differ, and says so', () => {
    const text = header + model(['a = unit(x, 16)', 'p = maxpool(a, kernel=2)', 'b = unit(p, 16)', 'output o = linear(flatten(b), 10)']);
    const r = applyBestTiles(text, analyzeRoofline(text));
    assert.equal(r.edits.length, 1, 'only the linear layer');
    assert.equal(r.skipped.length, 1);
    assert.equal(r.skipped[0].skip, 'instances-differ');
    assert.deepEqual(r.skipped[0].layers, ['a.y', 'b.y']);
    assert.match(r.skipped[0].reason, /differs between the 2 instances/);
    assert.match(r.summary, /^1 layer; skipped 2 layers in block statements whose instances differ in their best tile \(a\.y\)$/);
  });

  it('makes many non-overlapping edits, one per statement, in order', () => {
    const text = model(['c1 = conv2d(x, 16, kernel=3, pad=1)  # one', 'c2 = conv2d(c1, 16, kernel=3, pad=1) @tile(r=1, c=1)', 'c3 = relu(conv2d(c2, 16, kernel=3)); c4 = conv2d(c3, 8, kernel=1)'], 'use target zhang15-vc707\n');
    const r = applyBestTiles(text, analyzeRoofline(text));
    assert.equal(r.edits.length, 4);
    for (let i = 1; i < r.edits.length; i++) assert.ok(r.edits[i].start >= r.edits[i - 1].end, 'sorted, no overlap');
    const out = applyEdits(text, r.edits);
    assert.equal((out.match(/@tile\(/g) ?? []).length, 4, out);
    assert.ok(!out.includes('@tile(r=1, c=1)'), 'the partial tile is replaced');
    assert.deepEqual(errors(out), []);
  });
});

describe('fixes: unroll', () => {
  const text = 'use target fpga\nhardware fpga = zhang15_vc707 {\n  unroll    = (m: 32,  n: 14)   # engine\n}\n' + model(['c = conv2d(x, 96, kernel=3)', 'd = conv2d(c, 64, kernel=3)']);
  const decl = (t: string) => analyzeRoofline(t).file.items.find((i): i is A.HardwareDecl => i.kind === 'hardware')!;

  it('replaces the numbers in place, keeping the rest of the line', () => {
    const out = applyEdits(text, unrollEdit(text, decl(text), 64, 7));
    assert.ok(out.includes('  unroll    = (m: 64,  n: 7)   # engine\n'), out);
    assert.deepEqual(unrollEdit(text, decl(text), 32, 14), [], 'nothing to change');
  });

  it('rewrites a value that lacks a factor, and gives nothing without an unroll field', () => {
    const partial = text.replace('(m: 32,  n: 14)', '(m: 32)');
    assert.ok(applyEdits(partial, unrollEdit(partial, decl(partial), 64, 7)).includes('unroll    = (m: 64, n: 7)   # engine'));
    const none = text.replace('  unroll    = (m: 32,  n: 14)   # engine\n', '');
    assert.deepEqual(unrollEdit(none, decl(none), 64, 7), []);
  });

  it('plans the best unroll within the lanes of the base target, with the cycles before and after', () => {
    const a = analyzeRoofline(text);
    const plan = planUnroll(text, a, decl(text));
    assert.ok(plan);
    assert.equal(plan.lanes, 448);
    assert.equal(plan.lanesFrom, 'lanes');
    assert.deepEqual(plan.current, { m: 32, n: 14 });
    assert.ok(plan.after <= plan.before);
    const own = 'use target mine\nhardware mine { kind = fpga\n clock = 100 MHz\n bandwidth = 4.5 GB/s\n buffer = 2 MiB\n unroll = (m: 4, n: 4) }\n' + model(['c = conv2d(x, 96, kernel=3)']);
    const p = planUnroll(own, analyzeRoofline(own), decl(own));
    assert.equal(p?.lanesFrom, 'unroll');
    assert.equal(p?.lanes, 16);
    // 96 output maps over 8 inputs in 16 lanes: (4, 4) already takes the fewest cycles (48 per pixel).
    assert.equal(p?.after, p?.before);
    assert.deepEqual(p?.edits, []);
  });
});

describe('fixes: search results and robustness', () => {
  it('reuses the analysis where the search chose every tile, and searches once per model otherwise', () => {
    const text = model(['c1 = conv2d(x, 16, kernel=3)', 'c2 = conv2d(c1, 16, kernel=3) @tile(r=1, c=1)'], 'use target zhang15-vc707\n');
    const a = analyzeRoofline(text);
    const ctx = createFixContext(text, a);
    const best = ctx.best(0);
    assert.equal(ctx.best(0), best, 'memoised');
    assert.equal(best?.[0], a.costs[0].layers[0], "c1's figures are the analysis' own");
    const untiled = analyzeRoofline(text.replace(' @tile(r=1, c=1)', '')).costs[0].layers[1];
    assert.deepEqual(best?.[1].tile?.factors, untiled.tile?.factors);
    assert.equal(best?.[1].time, untiled.time);
    const clean = model(['c1 = conv2d(x, 16, kernel=3)'], 'use target zhang15-vc707\n');
    const ca = analyzeRoofline(clean);
    assert.equal(createFixContext(clean, ca).best(0), ca.costs[0].layers);
  });

  it('never throws, and offers nothing, on broken files or without a target', () => {
    const texts = [
      model(['y = conv2d(x, 16, kernel=3', 'z = relu(y) @tile(', 'w = conv2d(q, 4, kernel=1) @fuse @fuse']),
      model(['y = conv2d(x, 16, kernel=3) @tile(m=4)']),
      'hardware h { unroll = (m: , n: 3) }\nmodel m { input x: [1, 2, 3, 3]\n y = conv2d(x, 4, kernel=1) }',
      '',
    ];
    for (const text of texts) {
      const a = analyzeRoofline(text);
      const ctx = createFixContext(text, a);
      for (const m of a.models) for (const l of m.layers) {
        planTile(ctx, l.statement);
        planFuse(ctx, l.statement);
        fuseEdit(text, l);
        tileEdit(text, l, TILE);
      }
      for (const item of a.file.items) if (item.kind === 'hardware') planUnroll(text, a, item);
      assert.deepEqual(applyBestTiles(text, a).edits, [], 'no target: no tile to write');
    }
    assert.equal(planTile(createFixContext('', analyzeRoofline('')), { start: 5, end: 9 }), undefined);
  });
});
