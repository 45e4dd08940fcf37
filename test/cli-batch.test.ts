// Runs versus samples: when a model's batch is not 1 (Caffe deploy files keep batch 10), every
// output says "runs/s" and "samples/s" (table, JSON, Markdown, CSV's batch column) and the hover
// says a layer's time is per run of N samples; the report's data carries the batch.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDocumentRoofline } from '../server/src/core/roofline';
import type { JsonReport } from '../server/src/core/report/jsonReport';
import { batchOf, throughputWords } from '../server/src/core/report/throughput';
import { formatSI } from '../server/src/protocol/format';
import { layerCostSection } from '../server/src/ide/costCards';
import { cli, parseCsv } from './cli-run';
import { modelPath, readModel } from './helpers/models';

const ALEXNET = modelPath('caffe/bvlc_alexnet/deploy.prototxt');

describe('cli: runs/s and samples/s', () => {
  const j = JSON.parse(cli(['analyze', ALEXNET, '--target', 'zcu102-int8', '--format', 'json']).out) as JsonReport;

  it('JSON: totals.batch and samplesPerSecond = throughput x batch (Caffe deploy: batch 10)', () => {
    assert.equal(j.totals.batch, 10);
    assert.deepEqual(j.layers.find((l) => l.op === 'conv2d')?.output, [10, 96, 55, 55]);
    assert.equal(j.totals.throughput, 1 / j.totals.time!);
    assert.equal(j.totals.samplesPerSecond, 10 * j.totals.throughput!);
    const one = JSON.parse(cli(['analyze', 'examples/resnet50.nnm', '--format', 'json']).out) as JsonReport;
    assert.equal(one.totals.batch, 1);
    assert.equal(one.totals.samplesPerSecond, one.totals.throughput);
  });

  it('the table, Markdown and CSV say runs and samples', () => {
    const words = `${formatSI(j.totals.throughput!)} runs/s = ${formatSI(j.totals.samplesPerSecond!)} samples/s (batch 10)`;
    assert.equal(throughputWords(j.totals.throughput!, 10), words);
    const table = cli(['analyze', ALEXNET, '--target', 'zcu102-int8']).out;
    assert.ok(table.includes(`per run of 10 samples, ${words}`), table.split('\n').slice(-4).join('\n'));
    assert.match(table, /, batch 10$/m);
    const md = cli(['analyze', ALEXNET, '--target', 'zcu102-int8', '--format', 'markdown']).out;
    assert.ok(md.includes(`| time per run of 10 samples | `));
    assert.ok(md.includes(`| throughput | ${words} |`));
    const [header, ...rows] = parseCsv(cli(['analyze', ALEXNET, '--target', 'zcu102-int8', '--format', 'csv']).out + '\n');
    assert.equal(rows.length, j.layers.length);
    assert.ok(rows.every((row) => row[header.indexOf('batch')] === '10'));
    // At batch 1 the words say so too.
    assert.match(cli(['analyze', 'examples/resnet50.nnm']).out, / runs\/s \(batch 1\)/);
  });

  it('the report: its data carries the batch that its summary turns into samples/s', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-batch-')), 'alexnet.html');
    const r = cli(['report', ALEXNET, '--target', 'zcu102-int8', '-o', out]);
    assert.equal(r.status, 0, r.err);
    const html = fs.readFileSync(out, 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="roofline-data">([\s\S]*?)<\/script>/.exec(html)![1].replace(/\\u003c/g, '<')) as { totals: { batch: number; throughput: number } };
    assert.equal(data.totals.batch, 10);
    assert.equal(data.totals.throughput, j.totals.throughput);
  });

  it("the hover: a layer's time is per run of 10 samples", () => {
    const a = analyzeDocumentRoofline({ format: 'caffe', text: readModel('caffe/bvlc_alexnet/deploy.prototxt') }, { target: 'zcu102-int8' });
    const model = a.models[0];
    assert.equal(batchOf(model), 10);
    const conv = model.layers.find((l) => l.op === 'conv2d')!;
    const card = layerCostSection(a, { model, layer: conv });
    assert.match(card, /\| time \| [\d.]+ [mµ]?s per run of 10 samples · [\d.]+% of the model \|/);
  });
});
