// The limits (server/src/core/limits.ts) are one fact in one place: docs/limits.md lists every one
// of them with its value, every one is read somewhere in the code (no limit only documented), and
// the helpers that apply them behave at their edges (dimensions, long lines, quoting, the layer
// limit the editor passes).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../server/src/core';
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
});
