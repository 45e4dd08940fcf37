// The target's device memory (`deviceMemory`; `memory` in hardware blocks and target files) and
// RL507, which fires when weights + KV cache + activations exceed it, naming the three sizes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findTarget } from '../server/src/core/hardware/catalog';
import { targetFromJson } from '../server/src/core/hardware/fromJson';
import { analyzeRoofline } from '../server/src/core/roofline';
import { bottleneckDiagnostics, DEFAULT_RULE_SETTINGS } from '../server/src/core/rules';

const root = path.join(__dirname, '..');

describe('device memory', () => {
  it('every GPU, TPU and Jetson of the catalog has it, sourced (the off-chip level\'s capacity)', () => {
    for (const name of ['h100-sxm', 'a100-sxm-80gb', 'a100-sxm-40gb', 'v100-sxm2', 'rtx-4090', 'l4', 't4', 'jetson-orin-nano-8gb', 'jetson-agx-orin-64gb', 'tpu-v1', 'tpu-v4', 'tpu-v5e']) {
      const t = findTarget(name);
      assert.ok(t?.deviceMemory && t.deviceMemory.value > 0 && t.deviceMemory.source.length > 10, name);
    }
    assert.equal(findTarget('h100-sxm')?.deviceMemory?.value, 80e9);
    assert.equal(findTarget('tpu-v4')?.deviceMemory?.value, 32 * 2 ** 30);
  });

  it('a target file gives it as "memory"; a hardware block as memory = ...; a base passes it on', () => {
    const r = targetFromJson(fs.readFileSync(path.join(root, 'examples', 'A6000.target.json'), 'utf8'));
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.target?.deviceMemory?.value, 48e9);
    assert.match(r.target?.deviceMemory?.source ?? '', /datasheet/);
    const a = analyzeRoofline('hardware small = h100_sxm {\n  memory = 16 GB\n}\nuse target small\nmodel m {\n  input x: [1, 4]\n  y = relu(x)\n}\n');
    assert.deepEqual(a.diagnostics, []);
    assert.equal(a.chosen?.target.deviceMemory?.value, 16e9);
    const b = analyzeRoofline('hardware same = h100_sxm {\n  bandwidth = 2 TB/s\n}\nuse target same\nmodel m {\n  input x: [1, 4]\n  y = relu(x)\n}\n');
    assert.equal(b.chosen?.target.deviceMemory?.value, 80e9);
  });

  it('RL507: Llama-2-7b in fp16 does not fit a Jetson Orin Nano 8 GB; the message names weights, KV cache and activations', () => {
    const text = fs.readFileSync(path.join(root, 'examples', 'llama2_7b.nnm'), 'utf8');
    const a = analyzeRoofline(text, { target: 'jetson-orin-nano-8gb' });
    const t = a.models[0].totals;
    // weights 6,738,415,616 x 2 bytes; the cache at context 4096: 32 x 2 x 4096 x 4096 x 2 bytes
    assert.equal(t.weightBytes, 6_738_415_616 * 2);
    assert.equal(t.kvCacheBytes, 2_147_483_648);
    const ds = bottleneckDiagnostics(a, DEFAULT_RULE_SETTINGS).filter((d) => d.code === 'RL507');
    assert.equal(ds.length, 1);
    assert.equal(ds[0].severity, 'warning');
    assert.equal(text.slice(ds[0].span.start, ds[0].span.end), 'llama2_7b');
    assert.match(ds[0].message, /^model llama2_7b needs 15\.\d+ GB of device memory: weights 13\.5 GB \+ KV cache 2\.15 GB \+ activations 524 kB, more than the 8 GB of jetson-orin-nano-8gb$/);
    // On an 80 GB GPU it fits: no RL507
    assert.deepEqual(bottleneckDiagnostics(analyzeRoofline(text, { target: 'h100-sxm' }), DEFAULT_RULE_SETTINGS).filter((d) => d.code === 'RL507'), []);
    // int4 weights and an int8 cache fit the 8 GB: 6.74e9 x 0.5 + 1.07e9 + activations
    const q = analyzeRoofline(text, { target: 'jetson-orin-nano-8gb', precision: { weights: 'int4', activations: 'fp16', kv: 'int8' } });
    assert.deepEqual(bottleneckDiagnostics(q, DEFAULT_RULE_SETTINGS).filter((d) => d.code === 'RL507'), []);
  });

  it('no capacity, no RL507 (a target without device memory)', () => {
    const text = fs.readFileSync(path.join(root, 'examples', 'llama2_7b.nnm'), 'utf8');
    assert.deepEqual(bottleneckDiagnostics(analyzeRoofline(text, { target: 'eyeriss' }), DEFAULT_RULE_SETTINGS).filter((d) => d.code === 'RL507'), []);
  });
});
