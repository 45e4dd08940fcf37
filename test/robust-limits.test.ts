// The limits (server/src/core/limits.ts) are one fact in one place: docs/limits.md lists every one
// of them with its value, every one is read somewhere in the code (no limit only documented), and
// the helpers that apply them behave at their edges (dimensions, long lines, quoting, the layer
// limit the editor passes).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../server/src/core';
import { quotientCandidates, searchTiles } from '../server/src/core/cost/tileSearch';
import { unrollSearch } from '../server/src/core/cost/unrollSearch';
import { dimensionTooLarge, firstLongLine, isDimension, LIMITS, quoted } from '../server/src/core/limits';
import { formatCount } from '../server/src/protocol/format';

const ROOT = path.join(__dirname, '..');

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('robust: the limits', () => {
  it('docs/limits.md lists every limit with its value, and no other', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'limits.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `(\w+)` \| ([\d,]+) \|/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(
      rows,
      Object.entries(LIMITS).map(([k, v]) => [k, formatCount(v)]),
    );
  });

  it('every limit is read by the code, not only documented', () => {
    const code = sources(path.join(ROOT, 'server', 'src'))
      .filter((f) => !f.endsWith(path.join('core', 'limits.ts')))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    for (const key of Object.keys(LIMITS)) assert.ok(new RegExp(`LIMITS\\.${key}\\b`).test(code), `LIMITS.${key} is used`);
  });

  it('dimensions: whole numbers from 0 (or 1) to 2^53 - 1', () => {
    assert.ok(isDimension(0) && isDimension(Number.MAX_SAFE_INTEGER) && isDimension(1, 1));
    assert.ok(!isDimension(2 ** 53) && !isDimension(-1) && !isDimension(0.5) && !isDimension(Infinity) && !isDimension(0, 1));
    assert.match(dimensionTooLarge(1e308), /^dimension 1e\+308 is beyond the limit of 9,007,199,254,740,991 \(2\^53 - 1\)/);
  });

  it('long lines and quoted text', () => {
    assert.equal(firstLongLine('ab\ncdef\ng', 3)?.start, 3);
    assert.equal(firstLongLine('ab\ncd\r\n', 3), undefined);
    assert.equal(quoted('x'.repeat(125)), `${'x'.repeat(120)}… (5 more characters)`);
  });

  it('the layer limit given to an analysis cuts the model there (the editor gives LIMITS.editorLayers)', () => {
    const text = 'block b(x) {\n y = relu(x)\n return sigmoid(y)\n}\nmodel m {\n input x: [1, 8]\n y = repeat(15, b, x)\n}\n';
    const cut = analyze({ text, format: 'nnm' }, { maxLayers: 20 });
    assert.equal(cut.models[0].layers.length, 20);
    const d = cut.diagnostics.find((x) => x.code === 'RL215');
    assert.ok(d && /more than 20 layers \(the editor's limit; the command line reads up to 100,000\)/.test(d.message), d?.message);
    assert.equal(analyze({ text, format: 'nnm' }).models[0].layers.length, 30);
    // A repeat count past the limit is refused before any work.
    assert.ok(analyze({ text: text.replace('15', '21'), format: 'nnm' }, { maxLayers: 20 }).diagnostics.some((x) => /repeat's count 21 is beyond the limit of 20 layers/.test(x.message)));
  });

  it('the statements of one body are kept up to the layer limit, and the rest reported once', () => {
    const lines = ['model m {', ' input x: [1, 8]'];
    for (let i = 0; i < 40; i++) lines.push(` a${i} = relu(x)`);
    lines.push('}');
    const r = analyze({ text: lines.join('\n'), format: 'nnm' }, { maxLayers: 30 });
    const cut = r.diagnostics.filter((d) => d.code === 'RL215');
    assert.equal(cut.length, 1);
    assert.match(cut[0].message, /more than 30 statements in one body \(the editor's limit; the command line reads up to 100,000\): the rest is not analysed/);
    assert.equal(r.models[0].layers.length, 29, "30 statements: the input and 29 layers");
  });

  it('the tile search: candidate lists never longer than LIMITS.tileCandidates, whatever the dimension', () => {
    for (const d of [1e8, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
      const q = quotientCandidates(d);
      assert.equal(q.exact, false);
      assert.ok(q.values.length <= LIMITS.tileCandidates, `${q.values.length} candidates for ${d}`);
      assert.equal(q.values[0], d, 'the whole dimension first');
      assert.equal(q.values[q.values.length - 1], 1, 'a tile of one last');
      assert.ok(q.values.every((t, i) => i === 0 || t < q.values[i - 1]), 'decreasing');
    }
    assert.deepEqual(quotientCandidates(10), { values: [10, 5, 4, 3, 2, 1], exact: true });
  });

  it('the tile search of a layer of dimensions near 2^53 stops at its budget, marked inexact', () => {
    const big = 2 ** 52;
    const nest = { m: big, n: big, r: big, c: big, kh: 3, kw: 3, s: 1, repeat: 1 };
    const r = searchTiles({ nest, bytes: 2, ops: 1e30, computeRoof: 1e15, bandwidth: 3e12, capacity: 50 * 2 ** 20, budget: 100_000 });
    assert.equal(r.exact, false);
    assert.ok(r.fits);
    assert.ok(r.evaluations + r.probes < 1_000_000, `${r.evaluations + r.probes} steps for a budget of 100,000`);
  });

  it('the unroll search: pairs times layers stop at LIMITS.unrollSearchSteps, marked inexact', () => {
    const nests = Array.from({ length: 2000 }, (_, i) => ({ m: 100_000 + i, n: 90_000 + i, r: 7, c: 7, kh: 3, kw: 3, s: 1, repeat: 1 }));
    const r = unrollSearch(nests, 1e9);
    assert.ok(r);
    assert.equal(r.exact, false);
    assert.ok(r.evaluations * nests.length <= LIMITS.unrollSearchSteps);
  });

  it('a systolic target with a million channels: the memory model counts its folds in classes, not one by one', () => {
    // About 5 x 10^8 folds on a 128 x 128 array: walking them took 18 s; counted by class, at once.
    const a = analyze({ text: 'model m {\n input x: [1, 1000000, 64, 64]\n y = conv2d(x, 1000000, kernel=3, pad=1)\n}\n', format: 'nnm' }, { target: 'tpu-v4' });
    const c = a.costs[0].layers[0];
    assert.equal(c.status, 'ok');
    assert.ok(c.cycles !== undefined && c.cycles > 0 && Number.isFinite(c.cycles));
  });
});
