// The command line: `roofline analyze` in-process (output and exit status) and as the built
// `bin/roofline.js` (exit statuses, diagnostics format, no stack trace).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
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

function tempModel(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-cli-'));
  const file = path.join(dir, 'model.nnm');
  fs.writeFileSync(file, text);
  return file;
}

describe('cli: roofline analyze', () => {
  it('prints the per-layer table and the totals of resnet50', () => {
    const r = cli(['analyze', example('resnet50.nnm')]);
    assert.equal(r.status, 0);
    assert.equal(r.err, '');
    assert.match(r.out, /^layer\s+op\s+output\s+MACs\s+ops\s+params\s+bytes$/m);
    assert.match(r.out, /^logits\s+linear\s+\[1, 1000\]\s+2,048,000\s+4,096,000\s+2,049,000\s/m);
    assert.match(r.out, /model resnet50: \d+ layers, 4,089,184,256 MACs, [\d,]+ ops, 25,557,032 params$/m);
  });

  it('writes the documented JSON schema', () => {
    const r = cli(['analyze', example('resnet50.nnm'), '--format', 'json']);
    assert.equal(r.status, 0);
    const j = JSON.parse(r.out) as JsonReport;
    assert.equal(j.schemaVersion, 1);
    assert.equal(j.model, 'resnet50');
    assert.deepEqual(j.params, { batch: 1, size: 224 });
    assert.equal(j.totals.macs, 4_089_184_256);
    assert.equal(j.totals.params, 25_557_032);
    assert.equal(j.totals.complete, true);
    assert.deepEqual(j.diagnostics, []);
    const layer = j.layers.find((l) => l.name === 's1[2].b.conv_bn.conv2d');
    assert.ok(layer, 'block layers are named by their path');
    assert.equal(layer.op, 'conv2d');
    assert.deepEqual(layer.inputs, [[1, 64, 56, 56]]);
    assert.deepEqual(layer.output, [1, 64, 56, 56]);
    assert.equal(layer.macs, 64 * 64 * 9 * 56 * 56);
    assert.equal(layer.ops, 2 * 64 * 64 * 9 * 56 * 56);
    assert.equal(layer.params, 64 * 64 * 9);
    assert.deepEqual(layer.bytes, { input: 64 * 56 * 56 * 4, weight: 64 * 64 * 9 * 4, output: 64 * 56 * 56 * 4, cache: 0 });
    assert.equal(layer.precision, 'fp32');
    // The range is the call in the block body, zero-based.
    const text = fs.readFileSync(example('resnet50.nnm'), 'utf8').split('\n');
    assert.equal(text[layer.range.start.line].slice(layer.range.start.character, layer.range.end.character), 'conv2d(x, out, kernel=kernel, stride=stride, pad=pad, bias=false)');
  });

  it('applies --param overrides', () => {
    const r = cli(['analyze', example('resnet50.nnm'), '--format', 'json', '--param', 'batch=8']);
    const j = JSON.parse(r.out) as JsonReport;
    assert.equal(j.params.batch, 8);
    assert.equal(j.totals.macs, 8 * 4_089_184_256);
    assert.equal(j.totals.params, 25_557_032);
  });

  it('exits 1 and prints located diagnostics when the file has errors', () => {
    const file = tempModel('model m {\n  input x: [1, 4]\n  y = relu(z)\n}\n');
    const r = cli(['analyze', file]);
    assert.equal(r.status, 1);
    assert.equal(r.err, `${file}:3:12: error RL201: 'z' is not defined`);
  });

  it('exits 2 on bad usage', () => {
    assert.equal(cli([]).status, 2);
    assert.equal(cli(['analyze']).status, 2);
    assert.equal(cli(['analyze', example('alexnet.nnm'), '--format', 'xml']).status, 2);
    assert.equal(cli(['analyze', example('alexnet.nnm'), '--bogus']).status, 2);
    assert.equal(cli(['analyze', example('alexnet.nnm'), '--param', 'batch']).status, 2);
    assert.equal(cli(['frobnicate']).status, 2);
    const missing = cli(['analyze', path.join(root, 'no-such-file.nnm')]);
    assert.equal(missing.status, 2);
    assert.match(missing.err, /cannot read .*no-such-file\.nnm: ENOENT/);
  });

  it('reports an unknown --param as an error of the file', () => {
    const r = cli(['analyze', example('alexnet.nnm'), '--param', 'nope=3']);
    assert.equal(r.status, 1);
    assert.match(r.err, /RL209: model 'alexnet' has no parameter 'nope' \(parameters: batch\)/);
  });
});

describe('cli: the built bin/roofline.js', () => {
  before(function () {
    if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
      const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
      assert.equal(b.status, 0, b.stderr);
    }
  });

  const bin = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'roofline.js'), ...args], { cwd: root, encoding: 'utf8' });

  it('exits 0, 1 and 2 as documented, without stack traces', () => {
    const ok = bin(['analyze', 'examples/alexnet.nnm', '--format', 'json']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as JsonReport).totals.macs, 714_188_480);
    const file = tempModel('model m {\n  input x: [1, 4]\n  y = linear(x, 0)\n}\n');
    const bad = bin(['analyze', file]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^.*model\.nnm:3:17: error RL306: linear: 'out' must be a positive whole number, got 0$/m);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
    const usage = bin(['analyze', '--format']);
    assert.equal(usage.status, 2);
    assert.doesNotMatch(usage.stderr, /\n\s+at /);
  });
});
