// The panel's data (server/src/report/panelData.ts) from a costed analysis: roofs, ridge points,
// one entry per layer placed where the cost models put it, and the totals.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeRoofline } from '../server/src/core/roofline';
import { panelData } from '../server/src/report/panelData';

const text = fs.readFileSync(path.join(__dirname, '..', 'examples', 'alexnet_zhang15.nnm'), 'utf8');

describe('panel data', () => {
  const analysis = analyzeRoofline(text);
  const data = panelData(analysis, { uri: 'file:///x/alexnet_zhang15.nnm', fileName: 'alexnet_zhang15.nnm' })!;

  it('has the target\'s roofs and ridge points', () => {
    assert.equal(data.target.name, 'zhang15-vc707');
    assert.deepEqual(data.roofs.map((r) => [r.kind, r.value]), [['compute', 89.6e9], ['memory', 4.5e9]]);
    // Ridge: 89.6 GFLOP/s / 4.5 GB/s = 19.911 op/B.
    assert.equal(data.ridges.length, 1);
    assert.equal(data.ridges[0].ctc.toFixed(3), '19.911');
    assert.equal(data.bufferCapacity, 2 * 2 ** 20);
  });

  it('places every layer where the cost model does', () => {
    const cost = analysis.costs[0];
    assert.equal(data.layers.length, analysis.models[0].layers.length);
    for (const l of data.layers) {
      const c = cost.layers[l.index];
      if (c.status !== 'ok') continue;
      assert.equal(l.ctc, c.ctc ?? 0);
      assert.equal(l.attainable, c.attainable ?? 0);
      assert.equal(l.share, c.share);
      assert.equal(l.fusedInto, c.fusedInto);
      assert.deepEqual(l.fused, c.fused);
    }
    const conv1 = data.layers.find((l) => l.name === 'conv1')!;
    // conv1 is on the line `  conv1 = conv2d(image, ...)`, its call at the column of `conv2d`.
    const line = text.split('\n')[conv1.line];
    assert.equal(line.slice(conv1.character, conv1.character + 7), 'conv2d(');
    assert.equal(conv1.bound, 'utilization');
    // The paper's tile, pinned in the example.
    assert.equal(conv1.tileSource, 'file');
    const fc6 = data.layers.find((l) => l.name === 'fc6')!;
    assert.deepEqual([fc6.bound, fc6.boundLabel], ['memory', 'DDR3']);
    assert.ok(data.totals.time > 0 && data.totals.complete);
    assert.ok(data.approximations.length > 3);
  });

  it('shows each fused group: the producer lists its members, a member names its producer and has no point', () => {
    assert.equal(data.fusion, 'epilogue');
    assert.deepEqual(data.fusionPolicies, ['none', 'epilogue', 'aggressive']);
    const conv1 = data.layers.find((l) => l.name === 'conv1')!;
    const relu = data.layers.find((l) => l.fusedInto === 'conv1')!;
    assert.deepEqual(conv1.fused, [relu.name]);
    assert.equal(conv1.fusionKind, 'epilogue');
    assert.deepEqual([relu.op, relu.bound, relu.boundLabel, relu.time, relu.share, relu.ctc, relu.fusionRole], ['relu', 'fused', 'conv1', 0, 0, 0, 'epilogue']);
    const none = panelData(analyzeRoofline(text, { fusion: 'none' }), { uri: 'u', fileName: 'f' })!;
    assert.equal(none.fusion, 'none');
    assert.ok(none.layers.every((l) => l.fused === undefined && l.fusedInto === undefined));
  });

  it('gives nothing without a target, and follows a precision what-if', () => {
    const none = analyzeRoofline('model m {\n  input x: [1, 4]\n  y = linear(x, 2)\n}\n');
    assert.equal(panelData(none, { uri: 'u', fileName: 'f' }), undefined);
    const int8 = analyzeRoofline(text, { target: 'zcu102-int8', precision: 'int8' });
    const d = panelData(int8, { uri: 'u', fileName: 'f', precision: 'int8' })!;
    assert.equal(d.precision, 'int8');
    assert.equal(d.target.name, 'zcu102-int8');
  });
});
