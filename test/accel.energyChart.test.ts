// The panel's energy chart (webview/src/chart/energy.ts, drawn by render/energySvg.ts): one stacked
// bar per layer of its joules by level, from the panel data of a real analysis (AlexNet on tpu-v1),
// summed runs when the layers outnumber the pixels, and the cycles and GOP/J table columns.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { analyzeRoofline } from '../server/src/core/roofline';
import { panelData } from '../server/src/report/panelData';
import { energySpec, linearTicks } from '../webview/src/chart/energy';
import { energySvg } from '../webview/src/render/energySvg';
import { COLUMNS } from '../webview/src/chart/table';

const ALEXNET = fs.readFileSync(path.join(__dirname, '..', 'examples', 'alexnet.nnm'), 'utf8');

function data(target: string) {
  const a = analyzeRoofline(ALEXNET, { target });
  return { a, d: panelData(a, { uri: 'file:///alexnet.nnm', fileName: 'alexnet.nnm' })! };
}

describe('accelerators: the energy chart', () => {
  it('one stacked bar per layer, each level its joules, on a linear scale', () => {
    const { a, d } = data('tpu-v1');
    const spec = energySpec(d, { width: 900, height: 200 });
    const layers = d.layers.filter((l) => l.counted && (l.energy ?? 0) > 0);
    assert.equal(spec.bars.length, layers.length);
    assert.deepEqual(spec.levels.slice(0, 4), ['MAC', 'RF', 'array', 'buffer']);
    assert.ok(spec.levels.includes('DDR3'));
    const plotHeight = spec.plot.bottom - spec.plot.top;
    const top = spec.yTicks[spec.yTicks.length - 1].value;
    for (const [i, bar] of spec.bars.entries()) {
      const l = layers[i];
      const cost = a.costs[0].layers[l.index];
      assert.equal(bar.layer, l.index);
      assert.ok(Math.abs(bar.joules - cost.energy!) < 1e-12 * cost.energy!);
      // Segments stack bottom up, each as tall as its share of the axis.
      let y = spec.plot.bottom;
      for (const s of bar.segments) {
        assert.ok(Math.abs(s.joules - cost.energyByLevel![s.level]) < 1e-15);
        assert.ok(Math.abs(s.height - (s.joules / top) * plotHeight) < 0.02, `${l.name} ${s.level}`);
        assert.ok(Math.abs(s.y + s.height - y) < 0.02);
        y = s.y;
      }
    }
    assert.match(spec.text, /GOP\/J for the model/);
    const svg = energySvg(spec);
    assert.equal((svg.match(/class="rl-energy-bar/g) ?? []).length, spec.bars.length);
    assert.ok(svg.includes('<title>conv1.conv2d (conv2d): '), svg.slice(0, 400));
  });

  it('sums runs of layers when they outnumber the pixels, keeping the total', () => {
    const { d } = data('tpu-v1');
    const spec = energySpec(d, { width: 200, height: 120, minBarWidth: 60 });
    assert.ok(spec.aggregated);
    const total = d.layers.reduce((s, l) => s + (l.counted ? (l.energy ?? 0) : 0), 0);
    assert.ok(Math.abs(spec.bars.reduce((s, b) => s + b.joules, 0) - total) < 1e-12 * total);
    assert.match(spec.text, /each bar sums \d+ consecutive layers/);
  });

  it('says so when there is no energy', () => {
    const { d } = data('tpu-v1');
    const none = { ...d, layers: d.layers.map(({ energy, energyByLevel, opsPerJoule, ...rest }) => rest) };
    const spec = energySpec(none, { width: 400, height: 200 });
    assert.deepEqual(spec.bars, []);
    assert.match(spec.text, /no energy figures/);
    // 0.0042 / 4 = 0.00105 a step, rounded up to 0.002; up to the first tick at or above 0.0042.
    assert.deepEqual(linearTicks(0.0042, 4), [0, 0.002, 0.004, 0.006]);
  });

  it('the table has cycles (with stalls) and GOP/J columns', () => {
    const { d } = data('tpu-v1');
    const conv = d.layers.find((l) => l.op === 'conv2d')!;
    const cycles = COLUMNS.find((c) => c.id === 'cycles')!;
    const gopj = COLUMNS.find((c) => c.id === 'opsPerJoule')!;
    assert.equal(cycles.text(conv, d), `${conv.cycles!.toLocaleString('en-US')} (${conv.stallCycles!.toLocaleString('en-US')} stalls)`);
    assert.equal(Number(gopj.text(conv, d)), Number((conv.opsPerJoule! / 1e9).toPrecision(3)));
  });
});
