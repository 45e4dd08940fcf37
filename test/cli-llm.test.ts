// The command line's options for language models on the bundled Llama-2-7B: `--precision` by role
// (weights/activations/kv), `--attention unfused` on the A6000 target file (the figures).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { run } from '../server/src/cli/run';
import type { JsonReport } from '../server/src/core/report/jsonReport';

const root = path.join(__dirname, '..');
const example = (name: string) => path.join(root, 'examples', name);

function cli(argv: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

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
