// Parser fixtures: each test/fixtures/parser/*.nnm has a golden parse tree (.tree) and a golden
// diagnostics baseline (.diagnostics). Also: the parser's promises (never throws, precise ranges,
// one diagnostic per bad line) checked directly.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '../server/src/core/syntax/parser';
import { analyzeText } from '../server/src/core/analyze';
import { expectGolden } from './helpers/golden';
import { printTree } from './helpers/printTree';
import { printDiagnostics } from './helpers/baseline';

const dir = path.join(__dirname, 'fixtures', 'parser');
const fixtures = fs.readdirSync(dir).filter((f) => f.endsWith('.nnm')).sort();

describe('parser fixtures (golden trees and diagnostics)', () => {
  for (const f of fixtures) {
    it(f, () => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const { file, diagnostics } = parse(text);
      expectGolden(path.join(dir, f.replace(/\.nnm$/, '.tree')), printTree(file));
      expectGolden(path.join(dir, f.replace(/\.nnm$/, '.diagnostics')), printDiagnostics(text, diagnostics));
    });
  }
});

describe('parser', () => {
  it('reads the draft example without diagnostics and with exact ranges', () => {
    const text = fs.readFileSync(path.join(dir, 'alexnet_draft.nnm'), 'utf8');
    const { file, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    const model = file.items.find((i) => i.kind === 'model');
    assert.ok(model && model.kind === 'model');
    const conv1 = model.body.find((s) => s.kind === 'bind' && s.names[0].text === 'conv1');
    assert.ok(conv1 && conv1.kind === 'bind');
    assert.equal(text.slice(conv1.value.start, conv1.value.end), 'conv2d(image, 96, kernel=11, stride=4)');
    assert.equal(text.slice(conv1.annotations[0].start, conv1.annotations[0].end), '@tile(r=8, c=8)');
    assert.equal(conv1.value.kind === 'call' && text.slice(conv1.value.args[2].start, conv1.value.args[2].end), 'kernel=11');
    const hw = file.items.find((i) => i.kind === 'hardware');
    assert.ok(hw && hw.kind === 'hardware');
    const bw = hw.fields.find((f) => f.key.text === 'bandwidth');
    assert.equal(bw?.value?.kind, 'quantity');
    assert.equal(bw?.value?.kind === 'quantity' && bw.value.unit?.text, 'GB/s');
    assert.equal(hw.levels[0].name.text, 'l2');
    assert.equal(hw.levels[0].fields.length, 2);
  });

  it('gives one diagnostic per bad line and still reads the lines after it', () => {
    const text = fs.readFileSync(path.join(dir, 'recovery.nnm'), 'utf8');
    const { file, diagnostics } = parse(text);
    const lines = diagnostics.map((d) => text.slice(0, d.span.start).split('\n').length);
    assert.deepEqual(lines, [4, 5, 6, 7, 8, 19], 'one diagnostic on each of the six bad lines');
    const broken = file.items[0];
    assert.ok(broken.kind === 'model');
    const names = broken.body.flatMap((s) => (s.kind === 'bind' ? s.names.map((n) => n.text) : []));
    assert.ok(names.includes('f'), 'the good line after the bad ones is read');
    assert.equal(file.items[1].kind === 'model' && file.items[1].name.text, 'after');
    // The second model is analysed in full.
    const analysis = analyzeText(text);
    const after = analysis.models.find((m) => m.name === 'after');
    assert.equal(after?.totals.macs, 8);
    assert.equal(after?.totals.complete, true);
  });

  it('reports an unclosed brace at the brace and reads the next items', () => {
    const text = fs.readFileSync(path.join(dir, 'unclosed.nnm'), 'utf8');
    const { file } = parse(text);
    assert.deepEqual(
      file.items.map((i) => i.kind === 'model' || i.kind === 'block' ? `${i.kind} ${i.name.text}` : i.kind),
      ['model open', 'block b', 'model second'],
    );
  });

  it('never throws and always ends, whatever the input', () => {
    const seeds = fixtures.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    seeds.push(fs.readFileSync(path.join(__dirname, '..', 'examples', 'resnet50.nnm'), 'utf8'));
    let state = 12345;
    const rand = (n: number) => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state % n;
    };
    const alphabet = '(){}[],=:@.+-*/%<># \n\tabcxyz019"\'_';
    for (let round = 0; round < 400; round++) {
      const seed = seeds[round % seeds.length];
      const chars = seed.split('');
      const edits = 1 + rand(8);
      for (let e = 0; e < edits; e++) {
        const at = rand(chars.length + 1);
        const kind = rand(3);
        if (kind === 0) chars.splice(at, 1 + rand(5));
        else if (kind === 1) chars.splice(at, 0, alphabet[rand(alphabet.length)]);
        else chars.splice(at, 0, ...chars.slice(rand(chars.length), rand(chars.length)));
      }
      const text = chars.join('');
      const analysis = analyzeText(text);
      for (const d of analysis.diagnostics) {
        assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end, `span in range: ${d.code}`);
      }
    }
  });

  it('handles deep nesting without overflowing the stack', () => {
    const deep = 'model m {\n  input x: [1, 4]\n  y = ' + 'relu('.repeat(5000) + 'x' + ')'.repeat(5000) + '\n}\n';
    const analysis = analyzeText(deep);
    assert.ok(analysis.diagnostics.some((d) => d.code === 'RL215'));
  });
});
