// Multi-array systolic targets and peaks derived from the array (issue: accelerators at simulator
// depth). TPU v4 has 8 MXUs of 128 x 128 (Google Cloud TPU documentation); a layer's folds are spread
// over them, whole folds per array, so no layer runs faster than ceil(folds / arrays) x cycles a fold.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { analyzeDocumentRoofline, analyzeRoofline } from '../server/src/core/roofline';
import { findTarget } from '../server/src/core/hardware/catalog';
import { targetFromJson } from '../server/src/core/hardware/fromJson';
import { scaleSimConv, systolicCycles } from '../server/src/core/cost/systolic';
import { readModel } from './helpers/models';

describe('accelerators: several arrays per chip', () => {
  const alexnet = analyzeDocumentRoofline({ format: 'scalesim', text: readModel('scalesim/conv_nets/alexnet.csv') }, { fileName: 'alexnet.csv', target: 'tpu-v4' });
  const rows = [
    // name, ifmap H, W, filter H, W, channels, filters, stride (alexnet.csv)
    ['Conv1', 224, 224, 11, 11, 3, 96, 4],
    ['Conv2', 27, 27, 5, 5, 96, 256, 1],
    ['Conv3', 13, 13, 3, 3, 256, 384, 1],
    ['Conv4', 13, 13, 3, 3, 384, 384, 1],
    ['Conv5', 13, 13, 3, 3, 384, 256, 1],
  ] as const;

  it('tpu-v4 on AlexNet: no layer faster than ceil(folds / 8) x cycles a fold', () => {
    const cost = alexnet.costs[0];
    const clock = findTarget('tpu-v4')!.clock!.value;
    for (const [name, h, w, fh, fw, c, f, s] of rows) {
      const l = cost.layers.find((x) => x.name === name)!;
      const one = systolicCycles(scaleSimConv(h, w, fh, fw, c, f, s), { rows: 128, cols: 128, dataflow: 'ws' });
      const floor = Math.ceil(one.folds / 8) * one.cyclesPerFold - 1;
      assert.equal(l.computeCycles, floor, name);
      assert.equal(l.systolic!.arrays, 8);
      assert.equal(l.systolic!.foldsPerArray, Math.ceil(one.folds / 8));
      assert.ok(l.cycles! >= floor, name);
      assert.ok(l.time! * clock >= floor - 1e-6, `${name}: ${l.time! * clock} cycles < ${floor}`);
      assert.equal(l.time, l.cycles! / clock);
    }
    // Conv1: window 363 on 128 rows (3 folds), 96 filters (1): 3 folds on 8 arrays run at once,
    // 2 x 128 + 128 + 3,025 - 2 - 1 = 3,406 cycles, against 3 x 3,407 - 1 = 10,220 on one array.
    const conv1 = cost.layers[0];
    assert.equal(conv1.computeCycles, 3406);
    assert.equal(conv1.systolic!.folds, 3);
  });

  it('the summary time and cycles agree: time = cycles / clock', () => {
    const t = alexnet.costs[0].totals;
    const clock = findTarget('tpu-v4')!.clock!.value;
    assert.equal(t.cycles, alexnet.costs[0].layers.reduce((s, l) => s + l.cycles!, 0));
    assert.ok(Math.abs(t.time - t.cycles! / clock) < 1e-15);
  });
});

describe('accelerators: peaks derived from the array', () => {
  it('a 32 x 32 target with only rows, cols, dataflow and clock gives a peak and analyses (target file)', () => {
    const r = targetFromJson(JSON.stringify({ name: 'array32', systolic: { rows: 32, cols: 32 }, dataflow: 'os', clock: '1 GHz', precision: 'int8' }));
    assert.deepEqual(r.diagnostics, []);
    const t = r.target!;
    assert.equal(t.peak.int8!.value, 2 * 32 * 32 * 1e9);
    assert.match(t.peak.int8!.source, /^derived: 2 x systolic 32 x 32 x clock 1 GHz/);
    const a = analyzeRoofline('model m {\n  input x: [1, 3, 32, 32]\n  y = conv2d(x, 16, kernel=3)\n}', { target: t });
    const conv = a.costs[0].layers[0];
    assert.equal(conv.status, 'ok');
    // os: 900 pixels on 32 rows (29 folds), 16 filters (1), window 27: 29 x (32 + 32 + 27 - 2) - 1.
    assert.equal(conv.computeCycles, 29 * 89 - 1);
    assert.equal(conv.stallCycles, 0);
    assert.equal(conv.time, conv.cycles! / 1e9);
  });

  it('the same in a hardware block, with arrays: no RL406', () => {
    const a = analyzeRoofline('hardware chip {\n  systolic = (rows: 32, cols: 32, arrays: 2)\n  dataflow = ws\n  clock = 500 MHz\n  precision = int8\n}\nuse target chip\nmodel m {\n  input x: [1, 3, 32, 32]\n  y = conv2d(x, 16, kernel=3)\n}');
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), []);
    const t = a.chosen!.target;
    assert.equal(t.peak.int8!.value, 2 * 32 * 32 * 2 * 500e6);
    assert.equal(t.systolic!.arrays, 2);
    assert.equal(a.costs[0].layers[0].status, 'ok');
  });
});
