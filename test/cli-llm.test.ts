// The command line's options for language models: `--precision` by role (weights/activations/kv),
// on the bundled Llama-2-7B.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { cli } from './cli-run';
import type { JsonReport } from '../server/src/core/report/jsonReport';

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
