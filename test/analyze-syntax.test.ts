// AnalyzeOptions.syntax false (what the command line asks): the analysis lets its models' syntax
// and the references go once the models are evaluated, and gives every figure and diagnostic the
// full analysis gives, the rules' related information into the file's hardware block included.
// AnalysisOptions.evaluated: called once the file is evaluated and before it is costed, where the
// command line collects the garbage of a large file's syntax tree (cli/collectGarbage.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, DEFAULT_RULE_SETTINGS } from '../server/src/core';
import { collectGarbage } from '../server/src/cli/collectGarbage';

const ROOT = path.join(__dirname, '..');

describe('analysis without the models\' syntax (syntax: false)', () => {
  it('gives the same models, costs and diagnostics, and keeps the hardware block the rules point at', () => {
    const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'rules', 'tiles.nnm'), 'utf8');
    const options = { fileName: 'tiles.nnm', rules: DEFAULT_RULE_SETTINGS };
    const full = analyze({ text }, options);
    const lean = analyze({ text }, { ...options, syntax: false });
    assert.ok(full.file.items.some((i) => i.kind === 'model'));
    assert.ok(full.references.length > 0);
    assert.deepEqual(lean.file.items.map((i) => i.kind), full.file.items.filter((i) => i.kind !== 'model').map((i) => i.kind));
    assert.deepEqual(lean.references, []);
    assert.deepStrictEqual(lean.models, full.models);
    assert.deepStrictEqual(lean.costs, full.costs);
    assert.deepStrictEqual(lean.diagnostics, full.diagnostics);
    // The file's own target: some rule points into its hardware block.
    assert.ok(full.diagnostics.some((d) => d.related?.length), JSON.stringify(full.diagnostics.map((d) => d.code)));
  });

  it('calls `evaluated` once, between the evaluation and the costing, and changes nothing', () => {
    const text = fs.readFileSync(path.join(ROOT, 'examples', 'resnet50.nnm'), 'utf8');
    // The time budget's clock is read while the models are evaluated and while they are costed: the
    // clock's reads before and after the call show where it came.
    let reads = 0;
    const calls: number[] = [];
    const options = { fileName: 'resnet50.nnm', target: 'h100-sxm', syntax: false, timeBudgetMs: 1e9, now: () => (reads++, 0) };
    const plain = analyze({ text }, options);
    reads = 0;
    const withCall = analyze({ text }, { ...options, evaluated: () => calls.push(reads) });
    assert.equal(calls.length, 1);
    assert.ok(calls[0] > 0 && calls[0] < reads, `called after ${calls[0]} of ${reads} reads of the clock`);
    assert.deepStrictEqual(withCall.costs, plain.costs);
    // Under a phase (evaluations and costings alternate) it is not called.
    analyze({ text: fs.readFileSync(path.join(ROOT, 'examples', 'llama2_7b.nnm'), 'utf8') }, { fileName: 'llama.nnm', target: 'h100-sxm', phase: { phase: 'decode' }, evaluated: () => calls.push(-1) });
    assert.deepEqual(calls.length, 1);
  });

  it('the command line collects garbage on demand (the engine gives its collector)', () => {
    assert.equal(collectGarbage(), true);
  });
});
