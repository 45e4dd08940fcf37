// The command line: `roofline analyze` in-process (output and exit status) and as the built
// `bin/roofline.js` (exit statuses, diagnostics format, no stack trace).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonReport } from '../server/src/core/report/jsonReport';
import { cli } from './cli-run';
import { MODELS } from './helpers/models';

const root = path.join(__dirname, '..');
const example = (name: string) => path.join(root, 'examples', name);

function tempModel(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-cli-'));
  const file = path.join(dir, 'model.nnm');
  fs.writeFileSync(file, text);
  return file;
}

describe('cli: roofline analyze', () => {
  it('prints the per-layer table and the totals of resnet50 (--target none: the counts alone)', () => {
    const r = cli(['analyze', example('resnet50.nnm'), '--target', 'none']);
    assert.equal(r.status, 0);
    assert.equal(r.err, '');
    assert.match(r.out, /^layer\s+op\s+output\s+MACs\s+ops\s+params\s+bytes$/m);
    assert.match(r.out, /^logits\s+linear\s+\[1, 1000\]\s+2,048,000\s+4,096,000\s+2,049,000\s/m);
    assert.match(r.out, /model resnet50: \d+ layers, 4,089,184,256 MACs, [\d,]+ ops, 25,557,032 params, batch 1$/m);
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
    assert.equal(missing.err, `roofline: cannot read ${path.join(root, 'no-such-file.nnm')}: no such file (ENOENT)`, 'one line');
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

describe('cli: on a target', () => {
  it('adds the roofline figures of every layer to the JSON (zhang15-vc707, Zhang et al., fusion none)', () => {
    // Layer by layer, as the paper costs it (every layer its own kernel).
    const r = cli(['analyze', example('alexnet_zhang15.nnm'), '--format', 'json', '--fusion', 'none']);
    assert.equal(r.status, 0, r.err);
    const j = JSON.parse(r.out) as JsonReport;
    assert.deepEqual(j.target && { name: j.target.name, origin: j.target.origin }, { name: 'zhang15-vc707', origin: 'file' });
    const conv = (n: string) => j.layers.find((l) => l.name === n)!;
    // Cycles at the fixed (64, 7) unroll: conv1 2 halves x ceil(48/64) x ceil(3/7) x 55 x 55 x 11 x 11.
    assert.deepEqual(['conv1', 'conv2', 'conv3', 'conv4', 'conv5'].map((n) => conv(n).cycles), [732_050, 510_300, 337_662, 255_528, 170_352]);
    assert.equal(conv('conv1').bound, 'utilization');
    // conv1 utilisation = MACs / (cycles x 448) = 105,415,200 / (732,050 x 448).
    assert.equal(conv('conv1').utilization!.toFixed(6), (105_415_200 / (732_050 * 448)).toFixed(6));
    // The paper's tile, pinned in the file.
    assert.deepEqual(conv('conv3').tile, { factors: { m: 64, n: 7, r: 13, c: 13 }, source: 'file', fits: true, order: 'output' });
    for (const l of j.layers.filter((x) => x.counted && x.op !== 'flatten')) {
      assert.ok(l.traffic! > 0 && l.time! > 0 && l.share! > 0, `${l.name} has traffic, time and share`);
      assert.equal(l.ctc, l.ops / l.traffic!);
      assert.ok(typeof l.bound === 'string');
    }
    assert.equal(j.totals.cycles, j.layers.reduce((s, l) => s + (l.cycles ?? 0), 0));
    assert.ok(j.totals.time! > 0 && Math.abs(j.totals.throughput! - 1 / j.totals.time!) < 1e-9);
    assert.ok(j.totals.energy! > 0);
    const shares = j.layers.reduce((s, l) => s + (l.share ?? 0), 0);
    assert.ok(Math.abs(shares - 1) < 1e-9, 'shares add up to 1');
  });

  it('reads --target from the catalog, from a target file, and rejects an unknown one', () => {
    const gpu = JSON.parse(cli(['analyze', example('resnet50.nnm'), '--target', 'h100_sxm', '--format', 'json']).out) as JsonReport;
    assert.equal(gpu.target?.name, 'h100-sxm');
    assert.equal(gpu.target?.origin, 'option');
    const file = cli(['analyze', example('resnet50.nnm'), '--target', example('my-fpga.target.json'), '--format', 'json']);
    assert.equal(file.status, 0, file.err);
    assert.ok((JSON.parse(file.out) as JsonReport).totals.time! > 0);
    const unknown = cli(['analyze', example('resnet50.nnm'), '--target', 'no-such-chip']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.err, /unknown target 'no-such-chip'/);
  });

  it('--precision changes every layer\'s datatype and bytes', () => {
    const j = JSON.parse(cli(['analyze', example('resnet50.nnm'), '--precision', 'int8', '--format', 'json']).out) as JsonReport;
    const l = j.layers.find((x) => x.name === 's1[2].b.conv_bn.conv2d')!;
    assert.equal(l.precision, 'int8');
    assert.deepEqual(l.bytes, { input: 64 * 56 * 56, weight: 64 * 64 * 9, output: 64 * 56 * 56, cache: 0 });
  });

  it('--fail-on exits 3 when a layer crosses a threshold, and says which', () => {
    const util = cli(['analyze', example('alexnet_zhang15.nnm'), '--fail-on', 'utilization<0.5']);
    assert.equal(util.status, 3);
    assert.match(util.err, /conv1 uses 32\.1% of the compute array \(below 50%\)/);
    const mem = cli(['analyze', example('resnet50.nnm'), '--target', 'zhang15-vc707', '--fail-on', 'memory-bound']);
    assert.equal(mem.status, 3);
    assert.match(mem.err, /is memory-bound \(DDR3\)/);
    // Nothing crosses: no conv layer of the zhang15 example is below 10% utilisation.
    assert.equal(cli(['analyze', example('alexnet_zhang15.nnm'), '--fail-on', 'utilization<0.1']).status, 0);
    assert.equal(cli(['analyze', example('alexnet_zhang15.nnm'), '--fail-on', 'slow']).status, 2);
    assert.equal(cli(['analyze', example('resnet50.nnm'), '--target', 'none', '--fail-on', 'memory-bound']).status, 2, 'a threshold needs a target');
  });

  it('roofline tiles and roofline unroll', () => {
    const t = cli(['tiles', example('alexnet_zhang15.nnm'), '--format', 'json']);
    assert.equal(t.status, 0, t.err);
    const tiles = JSON.parse(t.out) as { layers: { name: string; tile: Record<string, number>; source: string }[] };
    assert.deepEqual(tiles.layers.find((l) => l.name === 'conv5'), { ...tiles.layers.find((l) => l.name === 'conv5'), tile: { m: 64, n: 7, r: 13, c: 13 }, source: 'file' });
    const u = cli(['unroll', example('alexnet_zhang15.nnm'), '--format', 'json']);
    assert.equal(u.status, 0, u.err);
    assert.deepEqual(JSON.parse(u.out), { m: 64, n: 7, cycles: 2_005_892, lanes: 448, budget: 448 });
    assert.equal(cli(['unroll', example('resnet50.nnm'), '--target', 'h100-sxm']).status, 2, 'a GPU has no lane budget without --lanes');
    assert.equal(cli(['tiles', example('resnet50.nnm'), '--target', 'none']).status, 2, 'tiles needs a target');
  });

  it('roofline targets lists the catalog with sources', () => {
    const r = cli(['targets', '--format', 'json']);
    assert.equal(r.status, 0);
    const list = JSON.parse(r.out) as { name: string; peak: Record<string, { value: number; source: string }>; ridge?: number }[];
    assert.ok(list.length >= 16);
    const h100 = list.find((x) => x.name === 'h100-sxm')!;
    assert.equal(h100.peak.fp16.value, 989.4e12);
    assert.ok(h100.peak.fp16.source.length > 10);
    assert.match(cli(['targets']).out, /^zhang15-vc707\s+fpga\s+fp32 89\.6 GOP\/s\s+4\.5 GB\/s/m);
  });
});

describe('cli: every format', () => {
  const shared = MODELS;
  const json = (file: string, ...extra: string[]) => {
    const r = cli(['analyze', file, '--format', 'json', ...extra]);
    assert.equal(r.status, 0, r.err);
    return JSON.parse(r.out) as JsonReport;
  };

  it('reads ONNX (by extension): light_resnet50.onnx counts as torchvision does', () => {
    const j = json(path.join(shared, 'onnx', 'light', 'light_resnet50.onnx'));
    const convGemm = j.layers.filter((l) => l.op === 'conv2d' || l.op === 'linear' || l.op === 'matmul').reduce((s, l) => s + l.macs, 0);
    assert.equal(convGemm, 4_089_184_256);
    assert.equal(j.totals.params, 25_557_032);
    assert.equal(j.diagnostics.filter((d) => d.severity === 'error').length, 0);
  });

  it('reads Caffe prototxt, Darknet cfg and SCALE-Sim CSV with the same JSON schema', () => {
    const caffe = json(path.join(shared, 'caffe', 'bvlc_alexnet', 'deploy.prototxt'));
    assert.equal(caffe.schemaVersion, 1);
    // Caffe's AlexNet with batch 10 (its deploy input): conv1 [10, 96, 55, 55].
    assert.deepEqual(caffe.layers.find((l) => l.op === 'conv2d')?.output, [10, 96, 55, 55]);
    const yolo = json(path.join(shared, 'darknet', 'pjreddie', 'yolov3.cfg'), '--param', 'width=416', '--param', 'height=416');
    // Darknet prints 65.864 BFLOPs for the conv layers of yolov3 at 416: 2 x MACs / 1e9.
    const convMacs = yolo.layers.filter((l) => l.op === 'conv2d').reduce((s, l) => s + l.macs, 0);
    assert.equal(((2 * convMacs) / 1e9).toFixed(3), '65.864');
    const scalesim = json(path.join(shared, 'scalesim', 'conv_nets', 'alexnet.csv'), '--target', 'tpu-v1');
    assert.ok(scalesim.layers.length > 0 && scalesim.totals.time! > 0);
    assert.equal(scalesim.layers[0].precision, 'int8');
  });

  it('--param sets a Darknet input size (the cfg itself says 608 x 608)', () => {
    const yolo608 = json(path.join(shared, 'darknet', 'pjreddie', 'yolov3.cfg'));
    assert.deepEqual([yolo608.params.width, yolo608.params.height], [608, 608]);
    const convMacs = yolo608.layers.filter((l) => l.op === 'conv2d').reduce((s, l) => s + l.macs, 0);
    // pjreddie lists 140.69 BFLOPs for yolov3 at 608.
    assert.equal(((2 * convMacs) / 1e9).toFixed(2), '140.69');
  });
});

describe('cli: roofline report', () => {
  it('writes one self-contained HTML page with the data of every layer', () => {
    if (!fs.existsSync(path.join(root, 'dist', 'webview.js'))) {
      const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
      assert.equal(b.status, 0, b.stderr);
    }
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-report-')), 'report.html');
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'roofline.js'), 'report', 'examples/alexnet_zhang15.nnm', '-o', out], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    // No remote content: nothing is loaded from anywhere, the CSP allows only inline, nonce'd code.
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/);
    assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;; img-src data:;/);
    const data = JSON.parse(/<script type="application\/json" id="roofline-data">([\s\S]*?)<\/script>/.exec(html)![1].replace(/\\u003c/g, '<')) as { layers: { name: string }[]; target: { name: string } };
    assert.equal(data.target.name, 'zhang15-vc707');
    assert.equal(data.layers.length, 22);
    assert.equal(cli(['report', example('alexnet_zhang15.nnm')]).status, 2, '-o is required');
  });
});
