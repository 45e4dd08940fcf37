// Every Hugging Face config of the reference data (test/fixtures/reference/hf: 13 public configs of
// the llama, mistral, mixtral, qwen2, gpt2 and bert families, with sum(p.numel()) computed by
// transformers itself, counts.json) gives exactly the reference count: for the class in its
// `architectures`, for the base class, and for Mixtral the active parameters (the router and the
// top-k experts a token uses).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeHfConfig } from '../server/src/core/formats/hf';
import type { ModelResult } from '../server/src/core/semantics/model';

const DIR = path.join(__dirname, 'fixtures', 'reference', 'hf');

interface Reference {
  class: string;
  params: number;
  base_class: string;
  base_params: number;
  active_params?: number;
}

const counts = JSON.parse(fs.readFileSync(path.join(DIR, 'counts.json'), 'utf8')) as { models: Record<string, Reference> };

function model(text: string): ModelResult {
  const r = analyzeHfConfig(text, { fileName: 'config.json' });
  assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  assert.equal(r.models[0].totals.complete, true);
  return r.models[0];
}

describe('Hugging Face configs: the reference counts of transformers', () => {
  const names = Object.keys(counts.models).sort();
  it('covers the six families', () => {
    const types = new Set(names.map((n) => (JSON.parse(fs.readFileSync(path.join(DIR, n, 'config.json'), 'utf8')) as { model_type: string }).model_type));
    assert.deepEqual([...types].sort(), ['bert', 'gpt2', 'llama', 'mistral', 'mixtral', 'qwen2']);
  });
  for (const name of names) {
    const ref = counts.models[name];
    const text = fs.readFileSync(path.join(DIR, name, 'config.json'), 'utf8');
    it(`${name}: ${ref.class} ${ref.params.toLocaleString('en-US')}, ${ref.base_class} ${ref.base_params.toLocaleString('en-US')}`, () => {
      const m = model(text);
      assert.equal(m.totals.params, ref.params);
      assert.equal(m.totals.activeParams, ref.active_params ?? ref.params);
      const config = JSON.parse(text) as Record<string, unknown>;
      assert.deepEqual(config.architectures, [ref.class]);
      assert.equal(model(JSON.stringify({ ...config, architectures: [ref.base_class] })).totals.params, ref.base_params);
    });
  }
  it('mixtral-8x7b-v0.1: moe layers of 8 experts, top 2; 46,702,792,704 params, 12,879,925,248 active', () => {
    const m = model(fs.readFileSync(path.join(DIR, 'mixtral-8x7b-v0.1', 'config.json'), 'utf8'));
    const moe = m.layers.find((l) => l.name === 'model.layers.0.block_sparse_moe');
    assert.ok(moe);
    assert.deepEqual(moe.call?.args, { experts: 8, top_k: 2, ffn: 14336 });
    assert.equal(moe.params, 4096 * 8 + 8 * 3 * 4096 * 14336);
    assert.equal(moe.activeParams, 4096 * 8 + 2 * 3 * 4096 * 14336);
    assert.equal(m.totals.params, 46_702_792_704);
    assert.equal(m.totals.activeParams, 12_879_925_248);
  });
});
