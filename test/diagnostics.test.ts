// Semantic diagnostics baselines: each test/fixtures/diagnostics/*.nnm is analysed in full and its
// diagnostics compared with the golden `.diagnostics` file (source underlined). Codes come from the
// one catalogue; the explicit asserts below pin the codes that matter most.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../server/src/core/analyze';
import { DIAGNOSTIC_CODES } from '../server/src/core/diagnostics/codes';
import { expectGolden } from './helpers/golden';
import { printDiagnostics } from './helpers/baseline';

const dir = path.join(__dirname, 'fixtures', 'diagnostics');
const fixtures = fs.readdirSync(dir).filter((f) => f.endsWith('.nnm')).sort();

function codesAt(file: string): { code: string; text: string }[] {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  return analyzeText(text).diagnostics.map((d) => ({ code: d.code, text: text.slice(d.span.start, d.span.end) }));
}

describe('diagnostics baselines', () => {
  for (const f of fixtures) {
    it(f, () => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      expectGolden(path.join(dir, f.replace(/\.nnm$/, '.diagnostics')), printDiagnostics(text, analyzeText(text).diagnostics));
    });
  }

  it('names: undefined, twice, before definition, block arguments', () => {
    const got = codesAt('names.nnm');
    assert.deepEqual(got.find((d) => d.code === 'RL201'), { code: 'RL201', text: 'undefined_thing' });
    assert.deepEqual(got.find((d) => d.code === 'RL203'), { code: 'RL203', text: 'c' });
    assert.deepEqual(got.find((d) => d.code === 'RL202'), { code: 'RL202', text: 'c' });
    assert.ok(got.some((d) => d.code === 'RL207' && d.text === 'wrong'));
    assert.ok(got.some((d) => d.code === 'RL207' && d.text === 'twice'), 'missing block parameter at the call');
  });

  it('shapes: located at the offending argument', () => {
    const got = codesAt('shapes.nnm');
    const text = fs.readFileSync(path.join(dir, 'shapes.nnm'), 'utf8');
    const all = analyzeText(text).diagnostics;
    const add = all.find((d) => d.code === 'RL305' && text.slice(d.span.start, d.span.end) === 'y');
    assert.ok(add, 'add mismatch at its second operand');
    assert.match(add.message, /\[1, 64, 56, 56\].*\[1, 128, 56, 56\]/);
    assert.ok(got.some((d) => d.code === 'RL305' && d.text === 'groups=3'));
    assert.ok(got.some((d) => d.code === 'RL302' && d.text === 'strid'));
    assert.ok(got.some((d) => d.code === 'RL303' && d.text.startsWith('conv2d')));
    assert.ok(got.some((d) => d.code === 'RL304' && d.text === '3'));
    assert.ok(got.some((d) => d.code === 'RL301' && d.text === 'frobnicate'));
    assert.ok(got.some((d) => d.code === 'RL305' && d.text === 'kernel=99'));
    assert.ok(got.some((d) => d.code === 'RL206' && d.text === 'q=3'));
    assert.ok(got.some((d) => d.code === 'RL205' && d.text === 'unknown'));
    assert.ok(got.some((d) => d.code === 'RL206' && d.text === '@tile(m=2)'), '@tile on a statement without a conv');
    assert.equal(got.filter((d) => d.code === 'RL206' && d.text === '@tile(m=2)').length, 2, 'and on one with two');
    assert.ok(got.some((d) => d.code === 'RL206' && d.text === '@split(m=3)'));
    // The layer after an unknown operator is not counted, and no second error is given for it.
    const model = analyzeText(text).models[0];
    assert.equal(model.totals.complete, false);
    assert.equal(model.layers.find((l) => l.name === 'i')?.counted, false);
    assert.equal(all.filter((d) => text.slice(d.span.start, d.span.end).includes('relu(h)')).length, 0);
  });

  it('every code raised is in the catalogue', () => {
    for (const f of fixtures) for (const d of codesAt(f)) assert.ok(DIAGNOSTIC_CODES.has(d.code), d.code);
  });
});
