// AnalyzeOptions.syntax false (what the command line asks): the analysis lets its models' syntax
// and the references go once the models are evaluated, and gives every figure and diagnostic the
// full analysis gives, the rules' related information into the file's hardware block included.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, DEFAULT_RULE_SETTINGS } from '../server/src/core';

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
});
