// The command line's options for language models on the bundled Llama-2-7B: `--precision` by role
// (weights/activations/kv), `--attention unfused` on the A6000 target file (the figures).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { JsonReport } from '../server/src/core/report/jsonReport';
import { cli } from './cli-run';

const root = path.join(__dirname, '..');
const example = (name: string) => path.join(root, 'examples', name);

function json(argv: string[]): JsonReport {
  const r = cli([...argv, '--format', 'json']);
  assert.equal(r.status, 0, r.err);
  return JSON.parse(r.out) as JsonReport;
}

describe('cli: precision by role', () => {
  it('--precision int4/fp16/int8 puts the weights at int4 and the math at fp16 (the fp16 peak)', () => {
    const j = json(['analyze', example('llama2_7b.nnm'), '--precision', 'int4/fp16/int8', '--target', 'a100-sxm-80gb']);
    const gate = j.layers.find((l) => l.name === 'h[0].gate');
    assert.ok(gate);
    assert.deepEqual(gate.precisions, { weights: 'int4', activations: 'fp16', kv: 'int8' });
    // 4096 x 11008 weights at half a byte
    assert.equal(gate.bytes.weight, 4096 * 11008 * 0.5);
    assert.equal(gate.peakPrecision, 'fp16');
  });

  it('a wrong --precision is a usage error (exit 2) naming the problem', () => {
    const r = cli(['analyze', example('llama2_7b.nnm'), '--precision', 'int4/fp16']);
    assert.equal(r.status, 2);
    assert.match(r.err, /weights\/activations\/kv/);
  });
});

describe('cli: attention taken apart', () => {
  it('prefill at 2048, unfused, on A6000.target.json: *.qk and *.sv about 114 and memory-bound, *.q_proj 1024 and compute', () => {
    const j = json(['analyze', example('llama2_7b.nnm'), '--param', 'seq=2048', '--param', 'context=2048', '--attention', 'unfused', '--target', example('A6000.target.json')]);
    const by = (suffix: string) => j.layers.filter((l) => l.name.endsWith(suffix));
    assert.equal(by('.qk').length, 32);
    for (const l of [...by('.qk'), ...by('.sv')]) {
      assert.ok(l.ctc !== undefined && Math.abs(l.ctc - 113.78) < 0.01, `${l.name}: ${l.ctc}`);
      assert.equal(l.bound, 'DRAM');
    }
    for (const l of by('.q_proj')) {
      assert.equal(l.ctc, 1024);
      assert.equal(l.bound, 'compute');
    }
  });

  it('flash by default: *.qk carries the kernel of softmax and sv (fused, fusedInto)', () => {
    const j = json(['analyze', example('llama2_7b.nnm'), '--param', 'seq=2048', '--param', 'context=2048', '--target', example('A6000.target.json')]);
    const qk = j.layers.find((l) => l.name === 'h[0].attn.qk');
    assert.deepEqual(qk?.fused, ['h[0].attn.softmax', 'h[0].attn.sv']);
    assert.equal(qk?.fusionKind, 'flash');
    assert.equal(j.layers.find((l) => l.name === 'h[0].attn.sv')?.fusedInto, 'h[0].attn.qk');
  });

  it('a wrong --attention is a usage error (exit 2)', () => {
    assert.equal(cli(['analyze', example('llama2_7b.nnm'), '--attention', 'fast']).status, 2);
  });
});

describe('cli: phases', () => {
  it('--phase generate --prompt 2048 --new 128 prints TTFT, TPOT, the total and tokens/s', () => {
    const r = cli(['analyze', example('llama2_7b.nnm'), '--phase', 'generate', '--prompt', '2048', '--new', '128', '--target', 'a100-sxm-80gb']);
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /^phase generate: a prompt of 2,048 tokens, then 128 new ones; the layers above are the last decode step \(context 2,175\)$/m);
    assert.match(r.out, /^TTFT [\d.]+ m?s \(the prefill\), TPOT [\d.]+ ms \(decode, mean over contexts 2,049 to 2,175\), total [\d.]+ m?s, [\d.]+ tokens\/s \(batch 1\)$/m);
  });

  it('JSON: generation { prompt, new, ttft, tpot, total, tokensPerSecond } and the phase', () => {
    const j = json(['analyze', example('llama2_7b.nnm'), '--phase', 'generate', '--prompt', '2048', '--new', '128', '--target', 'a100-sxm-80gb']);
    const g = j.generation;
    assert.ok(g);
    assert.deepEqual(Object.keys(g), ['prompt', 'new', 'ttft', 'tpot', 'total', 'tokensPerSecond']);
    assert.equal(g.prompt, 2048);
    assert.equal(g.new, 128);
    assert.ok(Math.abs(g.total - (g.ttft + 127 * g.tpot)) < 1e-12 * g.total);
    assert.equal(g.tokensPerSecond, 128 / g.total);
    assert.deepEqual(j.phase, { phase: 'generate', params: { seq: 2048, context: 2048 }, prompt: 2048, new: 128 });
    // the cache at the largest context attended: 32 layers x K and V x 2,175 x 4,096 x 2 bytes
    assert.equal(j.totals.kvCacheBytes, 32 * 2 * 2175 * 4096 * 2);
  });

  it('--prompt and --new without --phase, and --new without generate, are usage errors', () => {
    assert.equal(cli(['analyze', example('llama2_7b.nnm'), '--prompt', '5']).status, 2);
    assert.equal(cli(['analyze', example('llama2_7b.nnm'), '--phase', 'decode', '--new', '5']).status, 2);
    assert.equal(cli(['analyze', example('llama2_7b.nnm'), '--phase', 'train']).status, 2);
  });
});

describe('cli: device memory in the table', () => {
  it('Llama-2-70B on one H100: the line says what a device must hold, that it does not fit, and where to look', () => {
    const r = cli(['analyze', example('llama2_70b.nnm'), '--target', 'h100-sxm']);
    assert.equal(r.status, 0, r.err);
    const report = json(['analyze', example('llama2_70b.nnm'), '--target', 'h100-sxm']);
    const t = report.totals;
    // The same sizes as the JSON totals (and RL507), through the one formatter.
    assert.equal(t.weightBytes, 137_953_296_384);
    assert.match(r.out, /^device memory: weights 138 GB \+ KV cache 1\.34 GB \+ activations 1\.05 MB = 139 GB of 80 GB: does not fit; `roofline plan` lists the plans over several devices that fit$/m);
  });

  it('under a plan the plan line says it instead; ResNet-50 fits, without the hint', () => {
    const tp = cli(['analyze', example('llama2_70b.nnm'), '--target', 'h100-sxm', '--tp', '8']);
    assert.doesNotMatch(tp.out, /^device memory/m);
    assert.match(tp.out, /^plan tp=8 on 8 devices: per device weights 17\.2 GB \+ KV cache 168 MB \+ activations 131 kB = 17\.4 GB of 80 GB$/m);
    const resnet = cli(['analyze', example('resnet50.nnm'), '--target', 'h100-sxm']);
    assert.match(resnet.out, /^device memory: weights 102 MB \+ KV cache 0 B \+ activations 9\.63 MB = 112 MB of 80 GB$/m);
  });
});
