// `roofline diff`: one file on two targets, two files (layers matched by name, added and removed),
// one file at two params; table, JSON and Markdown; `--fail-on slower>5%` and the layer gates exit 3
// where they should. Every figure is checked against two independent `analyze --format json` runs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModelDiff } from '../server/src/cli/modelDiff';
import type { JsonReport } from '../server/src/core/report/jsonReport';
import { cli } from './cli-run';

const RESNET = 'examples/resnet50.nnm';

function analyzeJson(...argv: string[]): JsonReport {
  const r = cli(['analyze', ...argv, '--format', 'json']);
  assert.equal(r.status, 0, r.err);
  return JSON.parse(r.out) as JsonReport;
}

function diffJson(...argv: string[]): ModelDiff & { schemaVersion: number } {
  const r = cli(['diff', ...argv, '--format', 'json']);
  assert.equal(r.status, 0, r.err);
  return JSON.parse(r.out) as ModelDiff & { schemaVersion: number };
}

/** resnet50 edited: one block fewer in stage 3, and a classifier ten times wider. */
function editedResnet(): string {
  const text = fs.readFileSync(RESNET, 'utf8');
  const edited = text.replace('s3 = repeat(5,', 's3 = repeat(4,').replace('linear(pool, 1000)', 'linear(pool, 10000)');
  assert.notEqual(edited, text);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-diff-')), 'resnet50-edited.nnm');
  fs.writeFileSync(file, edited);
  return file;
}

describe('cli: roofline diff', () => {
  it('one file on two targets: every layer matched, times and totals as analyze gives them', () => {
    const d = diffJson(RESNET, '--target', 'zhang15-vc707', '--vs', 'zcu102-int8');
    const a = analyzeJson(RESNET, '--target', 'zhang15-vc707');
    const b = analyzeJson(RESNET, '--target', 'zcu102-int8');
    assert.equal(d.schemaVersion, 1);
    assert.deepEqual([d.a.target, d.b.target], ['zhang15-vc707', 'zcu102-int8']);
    assert.equal(d.layers.length, a.layers.length);
    assert.deepEqual(d.counts, { same: d.counts.same, changed: a.layers.length - d.counts.same, added: 0, removed: 0 });
    assert.equal(d.totals.a.time, a.totals.time);
    assert.equal(d.totals.b.time, b.totals.time);
    assert.equal(d.totals.timeChange, (b.totals.time! - a.totals.time!) / a.totals.time!);
    assert.equal(d.totals.trafficChange, (b.totals.traffic! - a.totals.traffic!) / a.totals.traffic!);
    for (const l of d.layers) {
      const la = a.layers.find((x) => x.name === l.name)!;
      const lb = b.layers.find((x) => x.name === l.name)!;
      assert.equal(l.a?.time, la.time);
      assert.equal(l.b?.time, lb.time);
      assert.equal(l.a?.ctc, la.ctc);
      assert.equal(l.b?.traffic, lb.traffic);
      assert.equal(l.boundChanged, la.bound !== lb.bound && !(la.ops === 0 && !la.traffic));
      if (la.time) assert.equal(l.timeChange, (lb.time! - la.time) / la.time);
    }
  });

  it('--fail-on slower>5% exits 3 when the model got slower by more than 5%, 0 otherwise', () => {
    // zcu102-int8 is about 5x faster than zhang15-vc707 on resnet50 (analyze's times).
    const faster = cli(['diff', RESNET, '--target', 'zhang15-vc707', '--vs', 'zcu102-int8', '--fail-on', 'slower>5%']);
    assert.equal(faster.status, 0, faster.err);
    assert.match(faster.err, /^diff: fail-on: passed \(slower>5%; time -\d/);
    const slower = cli(['diff', RESNET, '--target', 'zcu102-int8', '--vs', 'zhang15-vc707', '--fail-on', 'slower>5%']);
    assert.equal(slower.status, 3);
    const lines = slower.err.split('\n');
    assert.match(lines[0], /^diff: fail-on: 1 crossing \(slower>5%; time \+\d+%\)$/, 'one summary line first');
    assert.match(lines[1], /^diff: fail-on: the model's time per run is \+\d+% \(over 5%\)$/);
    // The same file on the same target with --vs-precision fp32 (what it already is): nothing changes.
    const same = cli(['diff', RESNET, '--target', 'zcu102-int8', '--vs-precision', 'fp32', '--fail-on', 'slower>0%']);
    assert.equal(same.status, 0, same.err);
    assert.match(same.out, /175 layers unchanged \(not shown\)/);
  });

  it('two files: layers matched by name, the removed block and the wider classifier', () => {
    const edited = editedResnet();
    const d = diffJson(RESNET, edited, '--target', 'zcu102-int8');
    const a = analyzeJson(RESNET, '--target', 'zcu102-int8');
    const b = analyzeJson(edited, '--target', 'zcu102-int8');
    const removed = d.layers.filter((l) => l.status === 'removed').map((l) => l.name);
    // The last repeat of stage 3 (s3[4]; the strided first block is s3.bottleneck) is gone: its 10 layers.
    assert.deepEqual(removed, a.layers.filter((l) => !b.layers.some((x) => x.name === l.name)).map((l) => l.name));
    assert.ok(removed.length === 10 && removed.every((n) => n.startsWith('s3[4]')), removed.join(', '));
    assert.equal(d.counts.added, 0);
    const logits = d.layers.find((l) => l.name === 'logits')!;
    assert.equal(logits.status, 'changed');
    assert.equal(logits.b!.macs, 10 * logits.a!.macs);
    assert.equal(d.totals.timeChange, (b.totals.time! - a.totals.time!) / a.totals.time!);
    // Layers before the change in stage 3 cost the same: unchanged.
    assert.equal(d.layers.find((l) => l.name === 'stem.conv_bn.conv2d')?.status, 'same');
    // The other way round, the block is added.
    const back = diffJson(edited, RESNET, '--target', 'zcu102-int8');
    assert.deepEqual(back.layers.filter((l) => l.status === 'added').map((l) => l.name), removed);
    // The edit makes the model slower by more than 5%: the gate fails A -> B, passes B -> A.
    assert.ok(d.totals.timeChange! > 0.05, `time +${(d.totals.timeChange! * 100).toFixed(1)}%`);
    assert.equal(cli(['diff', RESNET, edited, '--target', 'zcu102-int8', '--fail-on', 'slower>5%']).status, 3);
    assert.equal(cli(['diff', edited, RESNET, '--target', 'zcu102-int8', '--fail-on', 'slower>5%']).status, 0);
    // Per layer: logits is 10x slower; with a huge threshold nothing crosses.
    const layer = cli(['diff', RESNET, edited, '--target', 'zcu102-int8', '--fail-on', 'layer-slower>100%']);
    assert.equal(layer.status, 3);
    assert.match(layer.err, /^diff: fail-on: logits takes \+\d+% time \(over 100%\): [\d.]+% of the time$/m);
    assert.equal(cli(['diff', RESNET, edited, '--target', 'zcu102-int8', '--fail-on', 'layer-slower>5000%']).status, 0);
  });

  it('table and Markdown: the changed, added and removed layers and the totals', () => {
    const edited = editedResnet();
    const table = cli(['diff', RESNET, edited, '--target', 'zcu102-int8']);
    assert.equal(table.status, 0, table.err);
    assert.match(table.out, /^A: examples\/resnet50\.nnm on zcu102-int8$/m);
    assert.match(table.out, /^- s3\[4\]\.add\s+add\s/m);
    assert.match(table.out, /^logits\s+linear\s+[\d.]+ [mµ]s\s+[\d.]+ [mµ]s\s+\+\d+%/m);
    assert.match(table.out, /^time per run\s+[\d.]+ ms\s+[\d.]+ ms\s+\+\d/m);
    assert.match(table.out, /^layers\s+175\s+165\s+\d+ changed, 0 added, 10 removed, \d+ unchanged$/m);
    const md = cli(['diff', RESNET, edited, '--target', 'zcu102-int8', '--format', 'markdown']).out;
    assert.match(md, /^### Roofline diff$/m);
    assert.match(md, /^\| time per run \| [\d.]+ ms \| [\d.]+ ms \| \+[\d.]+% \|$/m);
    assert.match(md, /^\| `logits` \| linear \|/m, 'logits is among the largest changes');
    assert.match(md, /^\*\*Removed from B\*\* \(10\): `s3\[4\]\.a\.conv_bn\.conv2d`/m);
  });

  it('one file at two params: --param batch=1 --vs-param batch=8 compares per sample', () => {
    const d = diffJson(RESNET, '--target', 'zcu102-int8', '--param', 'batch=1', '--vs-param', 'batch=8');
    assert.deepEqual([d.a.batch, d.b.batch], [1, 8]);
    assert.deepEqual([d.a.params.batch, d.b.params.batch], [1, 8]);
    const b = analyzeJson(RESNET, '--target', 'zcu102-int8', '--param', 'batch=8');
    assert.equal(d.totals.b.time, b.totals.time);
    assert.equal(d.totals.b.samplesPerSecond, b.totals.samplesPerSecond);
    assert.equal(d.totals.timeChange, (b.totals.time! / 8 - d.totals.a.time) / d.totals.a.time, 'time per sample');
    const table = cli(['diff', RESNET, '--target', 'zcu102-int8', '--param', 'batch=1', '--vs-param', 'batch=8']).out;
    assert.match(table, /^B: examples\/resnet50\.nnm on zcu102-int8 \(batch=8\)$/m);
    assert.match(table, /^time per sample\s/m);
    assert.match(table, /^throughput\s+[\d.]+ runs\/s \(batch 1\)\s+[\d.]+ runs\/s = [\d.]+ samples\/s \(batch 8\)\s+[-+][\d.]+% samples\/s$/m);
  });

  it('bad usage exits 2: nothing to compare, three files, an unknown --vs target', () => {
    assert.equal(cli(['diff', RESNET]).status, 2);
    assert.equal(cli(['diff', RESNET, RESNET, RESNET]).status, 2);
    const vs = cli(['diff', RESNET, '--vs', 'zcu102-int9']);
    assert.equal(vs.status, 2);
    assert.match(vs.err, /unknown target 'zcu102-int9' \(did you mean 'zcu102-int8'\?\)/);
    assert.equal(cli(['diff', RESNET, '--vs', 'zcu102-int8', '--fail-on', 'slowr>5%']).status, 2);
  });
});
