// The Roofline page's pure functions, in Node (its numbers: test/format.test.ts): log scales and ticks, roof
// segments and ridge points, point placement and size, sampling of huge models, the buffer chart,
// table sorting, CSV quoting, the SVG strings, host-message and state checks, and the HTML of the
// panel and of the standalone report. Expected values are worked out by hand from the fixtures.
import * as assert from 'node:assert/strict';
import type { PanelData, PanelLayer } from '../server/src/protocol/panel';
import { checkCspSource, panelCsp, panelHtml } from '../server/src/ide/panelHtml';
import { embedJson, inlineScript, reportCsp, reportHtml } from '../server/src/report/reportHtml';
import { bufferSpec } from '../webview/src/chart/buffer';
import { csvField, layersCsv, toCsv, CSV_HEADER } from '../webview/src/chart/csv';
import { px } from '../webview/src/chart/geometry';
import { isPlottable, MAX_RADIUS, MIN_RADIUS, pointRadius } from '../webview/src/chart/points';
import { labelOverlaps, labelQuad, placeLabels, quadCircleOverlap, quadsOverlap } from '../webview/src/chart/labels';
import { performanceDomain, rooflineSpec } from '../webview/src/chart/roofline';
import { computeRidges, roofSegments } from '../webview/src/chart/roofs';
import { sampleLayers } from '../webview/src/chart/sample';
import { binaryTicks, logTicks, niceLogDomain, scaleLog } from '../webview/src/chart/scale';
import { nextSort, sortLayers, visibleRows } from '../webview/src/chart/table';
import { parseHostMessage } from '../webview/src/messages';
import { bufferSvg } from '../webview/src/render/bufferSvg';
import { cardHtml } from '../webview/src/render/card';
import { exportStyleSheet, DEFAULT_PALETTE } from '../webview/src/render/exportStyle';
import { pointMarks, rooflineSvg } from '../webview/src/render/rooflineSvg';
import { parseState } from '../webview/src/state';
import { FPGA_BANDWIDTH, FPGA_BUFFER, FPGA_PEAK, fpgaAlexNet, GPU_FP16, GPU_FP32, GPU_HBM, GPU_L2, gpuBert, syntheticPanelData } from './fixtures/webview/panelData';

const close = (actual: number, expected: number, rel = 1e-9): void => {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${actual} is not ${expected}`);
};
const layer = (d: PanelData, name: string): PanelLayer => {
  const l = d.layers.find((x) => x.name === name);
  assert.ok(l, name);
  return l;
};

describe('webview: log scales', () => {
  it('maps decades to equal distances, both ways', () => {
    const s = scaleLog([1, 1000], [0, 300]);
    assert.equal(s(1), 0);
    close(s(10), 100);
    close(s(1000), 300);
    close(s.invert(200), 100);
    const y = scaleLog([1e9, 1e12], [400, 10]);
    close(y(1e9), 400);
    close(y(1e12), 10);
    close(y(1e10), 270);
    assert.equal(s(0), 0, 'zero maps to the start of the range, not NaN');
  });
  it('widens the data to whole decades, at least the minimum span', () => {
    assert.deepEqual(niceLogDomain([0.125, 30]), [0.1, 100]);
    assert.deepEqual(niceLogDomain([5, 7], 2), [1, 100]);
    assert.deepEqual(niceLogDomain([10, 10], 1), [10, 100]);
    assert.deepEqual(niceLogDomain([0, NaN, -1, 0.5]), [0.1, 1]);
    assert.deepEqual(niceLogDomain([], 2), [1, 100]);
  });
  it('ticks at decades, thinned when many, with 2 and 5 when few', () => {
    assert.deepEqual(logTicks([0.1, 1000]), [0.1, 1, 10, 100, 1000]);
    assert.deepEqual(logTicks([1, 100]), [1, 2, 5, 10, 20, 50, 100]);
    assert.deepEqual(logTicks([1e6, 1e16], 5), [1e6, 1e9, 1e12, 1e15]);
    assert.deepEqual(binaryTicks([1024, 1024 ** 3], 8), [2 ** 10, 2 ** 15, 2 ** 20, 2 ** 25, 2 ** 30]);
    assert.deepEqual(binaryTicks([1024, 16 * 1024], 8), [1024, 2048, 4096, 8192, 16384]);
  });
});

describe('webview: roofs and ridges', () => {
  it('the FPGA ridge is at 89.6e9 / 4.5e9 = 19.91 op/B', () => {
    const d = fpgaAlexNet();
    const [ridge] = computeRidges(d.roofs);
    close(ridge.ctc, 19.911111111111111);
    assert.equal(ridge.performance, FPGA_PEAK);
    assert.equal(ridge.label, 'fp32 / DDR3');
    const spec = rooflineSpec(d, { width: 800, height: 440 });
    assert.equal(spec.ridges.length, 1);
    close(spec.ridges[0].ctc, FPGA_PEAK / FPGA_BANDWIDTH);
    assert.equal(spec.ridges[0].cx, px(spec.x(FPGA_PEAK / FPGA_BANDWIDTH)));
    assert.equal(spec.ridges[0].cy, px(spec.y(FPGA_PEAK)));
    assert.equal(spec.ridges[0].text, '19.9 op/B');
  });
  it('one horizontal segment per compute roof, one diagonal per memory roof up to the top peak', () => {
    const d = fpgaAlexNet();
    const [compute, memory] = roofSegments(d.roofs, [0.1, 100], [1e8, 1e12]);
    assert.equal(compute.kind, 'compute');
    close(compute.x1, 19.911111111111111);
    assert.equal(compute.x2, 100);
    assert.equal(compute.y1, FPGA_PEAK);
    assert.equal(compute.y2, FPGA_PEAK);
    assert.equal(memory.kind, 'memory');
    assert.equal(memory.x1, 0.1);
    close(memory.y1, 4.5e8);
    close(memory.x2, 19.911111111111111);
    close(memory.y2, FPGA_PEAK);
  });
  it('on the GPU: each memory roof stops at the fp16 peak, each compute roof starts at the L2 roof', () => {
    const d = gpuBert();
    const segs = roofSegments(d.roofs, [0.1, 1000], [1e11, 1e16]);
    const by = (label: string) => segs.find((s) => s.label === label)!;
    close(by('fp16 peak').x1, GPU_FP16 / GPU_L2);
    close(by('fp32 peak').x1, GPU_FP32 / GPU_L2);
    close(by('HBM3 3.35 TB/s').x2, GPU_FP16 / GPU_HBM);
    close(by('HBM3 3.35 TB/s').y2, GPU_FP16);
    close(by('L2 12 TB/s').x2, GPU_FP16 / GPU_L2);
    close(by('L2 12 TB/s').y1, GPU_L2 * 0.1);
    // Clipped at the floor of the chart: L2 at x = 0.01 would be 1.2e11... below 1e12 it starts at 1e12 / 12e12.
    const clipped = roofSegments(d.roofs, [0.01, 1000], [1e12, 1e16]).find((s) => s.label === 'L2 12 TB/s')!;
    close(clipped.x1, 1e12 / GPU_L2);
    close(clipped.y1, 1e12);
    assert.equal(computeRidges(d.roofs).length, 4);
  });
  it('the spec has every roof with its label, inside the plot', () => {
    const spec = rooflineSpec(gpuBert(), { width: 900, height: 480 });
    assert.deepEqual(spec.roofs.map((r) => r.label).sort(), ['HBM3 3.35 TB/s', 'L2 12 TB/s', 'fp16 peak', 'fp32 peak']);
    for (const r of spec.roofs) {
      for (const x of [r.x1, r.x2]) assert.ok(x >= spec.plot.left - 0.01 && x <= spec.plot.right + 0.01, `${r.label} x ${x}`);
      for (const y of [r.y1, r.y2]) assert.ok(y >= spec.plot.top - 0.01 && y <= spec.plot.bottom + 0.01, `${r.label} y ${y}`);
    }
    assert.equal(spec.ridges.length, 4);
    assert.equal(spec.xLabel, 'operational intensity (op/B)');
    assert.equal(spec.yLabel, 'attainable performance (op/s)');
  });
});

describe('webview: layout helpers', () => {
  it('the performance axis runs from the decade below the data to 1.5 x the top (or more, for a label), two decades at least', () => {
    assert.deepEqual(performanceDomain([5.6e8, 89.6e9]), [1e8, 89.6e9 * 1.5]);
    // 20 px kept over the top of a 300 px plot spanning 2.95 decades: 20 x 2.95 / 280 = 0.211 > log10(1.5).
    const [lo, hi] = performanceDomain([5.6e8, 89.6e9], 20, 300);
    assert.equal(lo, 1e8);
    close(hi, 89.6e9 * 10 ** ((20 * Math.log10(896)) / 280), 1e-9);
    assert.deepEqual(performanceDomain([5e10, 6e10]), [1e8, 9e10]);
    assert.deepEqual(performanceDomain([]), [1, 100]);
  });
  it('label geometry: a box rotated about its anchor; rectangles and discs intersect only when they do', () => {
    // 'abcdefghij': 62 px estimated, 66 with the 5% labels allow for digits; 13 px high (10 above
    // the baseline, 3 below), as Chromium draws the charts' 11 px font.
    const flat = labelQuad(['abcdefghij'], { x: 100, y: 50, anchor: 'start', angle: 0 });
    assert.deepEqual(flat.map((p) => [p.x, p.y]), [[100, 40], [166, 40], [166, 53], [100, 53]]);
    assert.equal(labelQuad(['abcdefghij'], { x: 100, y: 50, anchor: 'end', angle: 0 })[0].x, 34);
    assert.deepEqual(labelQuad(['abcdefghij'], { x: 100, y: 50, anchor: 'start', angle: 0 }, false, 1)[0], { x: 99, y: 39 }, 'grown by the padding');
    const turned = labelQuad(['abcdefghij'], { x: 0, y: 0, anchor: 'start', angle: 90 });
    // SVG's rotate(90): the text's end goes down; its top (10 px above the baseline) to the right.
    assert.ok(Math.abs(turned[1].x - 10) < 1e-9 && Math.abs(turned[1].y - 66) < 1e-9, 'rotated clockwise on screen');
    assert.equal(quadCircleOverlap(flat, { cx: 130, cy: 47, r: 1, id: 'in' }), true);
    assert.equal(quadCircleOverlap(flat, { cx: 130, cy: 57, r: 3, id: 'below' }), false);
    assert.equal(quadCircleOverlap(flat, { cx: 130, cy: 57, r: 5, id: 'reaches' }), true);
    assert.equal(quadCircleOverlap(flat, { cx: 170, cy: 57, r: 5, id: 'corner' }), false, 'the corner is 5.66 px away');
    assert.equal(quadsOverlap(flat, labelQuad(['x'], { x: 165, y: 52, anchor: 'start', angle: 0 })), true);
    assert.equal(quadsOverlap(flat, labelQuad(['x'], { x: 166, y: 52, anchor: 'start', angle: 0 })), false, 'touching is not overlapping');
    // A diagonal box misses a disc its axis-aligned bounding box would hit.
    const diagonal = labelQuad(['abcdefghij'], { x: 0, y: 0, anchor: 'start', angle: -45 });
    assert.equal(quadCircleOverlap(diagonal, { cx: 40, cy: 0, r: 3, id: 'beside' }), false);
  });

  it('placeLabels takes the first free candidate, label by label; the check lists what still overlaps', () => {
    const bounds = { left: 0, top: 0, right: 400, bottom: 300 };
    const candidates = [{ x: 10, y: 20, anchor: 'start' as const, angle: 0 }, { x: 10, y: 60, anchor: 'start' as const, angle: 0 }, { x: 10, y: 100, anchor: 'start' as const, angle: 0 }];
    const point = { cx: 20, cy: 16, r: 4, id: 'point p' };
    const [a, b] = placeLabels([{ id: 'a', lines: ['first'], candidates }, { id: 'b', lines: ['second'], candidates }], [point], bounds);
    assert.deepEqual([a.y, a.overlaps, b.y, b.overlaps], [60, 0, 100, 0], 'a avoids the point, b avoids a');
    assert.deepEqual(labelOverlaps([a, b], [point]), []);
    // With nowhere free, the least-overlapping candidate, and the check says so.
    const [c] = placeLabels([{ id: 'c', lines: ['third'], candidates: [candidates[0]] }], [point], bounds);
    assert.equal(c.overlaps, 1);
    assert.deepEqual(labelOverlaps([c], [point]), [{ label: 'c', with: 'point p' }]);
  });

  it('marks: points largest first, the selected one last, with its class', () => {
    const spec = rooflineSpec(fpgaAlexNet(), { width: 800, height: 440 });
    const marks = pointMarks(spec.points, 8);
    assert.equal(marks.length, spec.points.length);
    assert.deepEqual(marks[marks.length - 1], { key: 8, cls: 'rl-point bound-compute selected', attrs: { cx: spec.points.find((p) => p.layer === 8)!.cx, cy: spec.points.find((p) => p.layer === 8)!.cy, r: spec.points.find((p) => p.layer === 8)!.r }, title: spec.points.find((p) => p.layer === 8)!.title });
    assert.equal(marks[0].key, 15, 'fc6, the largest, first');
    assert.equal(marks.filter((m) => m.cls.includes('selected')).length, 1);
  });
});

describe('webview: points', () => {
  it('one point per counted layer at (CTC, attainable), placed by the scales', () => {
    const d = fpgaAlexNet();
    const spec = rooflineSpec(d, { width: 800, height: 440 });
    const counted = d.layers.filter((l) => l.counted);
    assert.equal(counted.length, 19);
    assert.equal(spec.points.length, 19);
    assert.equal(spec.notPlotted, 2);
    const conv3 = layer(d, 'conv3');
    const p = spec.points.find((q) => q.layer === conv3.index)!;
    close(conv3.ctc, 299_040_768 / 12_700_000);
    assert.equal(conv3.attainable, FPGA_PEAK);
    assert.equal(p.cx, px(spec.x(conv3.ctc)));
    assert.equal(p.cy, px(spec.y(FPGA_PEAK)));
    assert.equal(p.cls, 'bound-compute');
    // The domain [0.1, 100] op/B over [72, 784] px: 23.55 op/B is at 72 + 712 * (log10(23.55) + 1) / 3.
    assert.deepEqual(spec.x.domain, [0.1, 100]);
    close(p.cx, 72 + (712 * (Math.log10(conv3.ctc) + 1)) / 3, 1e-4);
    // Performance from the decade under the slowest layer (relu, 0.5625 GOP/s) to above the peak:
    // 33 px of the 366 px plot kept over it for its label (13 px) and the largest points (14 + 6):
    // log10(hi / peak) = 33 x log10(peak / 1e8) / (366 - 33) = 0.2926 decades, more than 1.5 x.
    assert.equal(spec.y.domain[0], 1e8);
    close(spec.y.domain[1], FPGA_PEAK * 10 ** ((33 * Math.log10(FPGA_PEAK / 1e8)) / (366 - 33)), 1e-9);
    assert.ok(spec.y.domain[1] > FPGA_PEAK * 1.5);
    const fc6 = spec.points.find((q) => q.name === 'fc6')!;
    assert.equal(fc6.cls, 'bound-memory');
    assert.equal(spec.points.find((q) => q.name === 'conv2')!.cls, 'bound-buffer');
    assert.equal(spec.points.find((q) => q.name === 'conv1')!.cls, 'bound-utilization');
    assert.ok(!spec.points.some((q) => q.name.startsWith('norm')), 'uncounted layers have no point');
  });
  it('area by share of time: the radius goes with the square root of the share', () => {
    assert.equal(pointRadius(0.4, 0.4), MAX_RADIUS);
    close(pointRadius(0.1, 0.4), MAX_RADIUS / 2);
    assert.equal(pointRadius(1e-9, 0.4), MIN_RADIUS);
    assert.equal(pointRadius(0, 0), MIN_RADIUS);
    const d = fpgaAlexNet();
    const spec = rooflineSpec(d, { width: 800, height: 440 });
    const fc6 = layer(d, 'fc6');
    const fc7 = layer(d, 'fc7');
    assert.equal(spec.points.find((q) => q.name === 'fc6')!.r, MAX_RADIUS, 'the slowest layer is the largest');
    assert.equal(spec.points.find((q) => q.name === 'fc7')!.r, px(MAX_RADIUS * Math.sqrt(fc7.share / fc6.share)));
    assert.equal(spec.points[0].name, 'fc6', 'largest drawn first, so that small points stay on top');
  });
  it('legend: the bounds present, with their counts', () => {
    const spec = rooflineSpec(fpgaAlexNet(), { width: 800, height: 440 });
    assert.deepEqual(
      spec.legend.map((e) => [e.bound, e.count]),
      [
        ['compute', 2],
        ['memory', 15],
        ['buffer', 1],
        ['utilization', 1],
      ],
    );
  });
  it('GPU: compute-bound layers sit on their own precision roof', () => {
    const d = gpuBert();
    const spec = rooflineSpec(d, { width: 900, height: 480 });
    const ffn = spec.points.find((p) => p.name === 'enc0_ffn1')!;
    const cls = spec.points.find((p) => p.name === 'classifier')!;
    assert.equal(ffn.cy, px(spec.y(GPU_FP16)));
    assert.equal(cls.cy, px(spec.y(GPU_FP32)));
    assert.equal(layer(d, 'classifier').boundLabel, 'fp32 peak');
    assert.equal(spec.points.length, d.layers.length - 1);
  });
});

describe('webview: sampling huge models', () => {
  const big = syntheticPanelData(10_000);
  const plottable = big.layers.filter(isPlottable);
  it('keeps everything up to 2,000 points', () => {
    const d = fpgaAlexNet();
    const s = sampleLayers(d.layers);
    assert.equal(s.sampled, false);
    assert.equal(s.items.length, d.layers.length);
    assert.equal(s.text, '');
  });
  it('beyond: every layer of >= 0.1% of the time, and an even sample of the rest, 2,000 in all', () => {
    const s = sampleLayers(plottable);
    assert.equal(s.sampled, true);
    assert.equal(s.shown, 2000);
    assert.equal(s.total, plottable.length);
    const kept = new Set(s.items.map((l) => l.index));
    const heavy = plottable.filter((l) => l.share >= 0.001);
    assert.ok(heavy.length > 50 && heavy.length < 2000);
    for (const l of heavy) assert.ok(kept.has(l.index), `${l.name} (${l.share}) kept`);
    assert.equal(s.text, `showing 2,000 of ${plottable.length.toLocaleString('en-US')} layers: every layer with at least 0.1% of the time, and an even sample of the rest`);
    const again = sampleLayers(plottable);
    assert.deepEqual(
      again.items.map((l) => l.index),
      s.items.map((l) => l.index),
      'deterministic',
    );
    const idx = s.items.map((l) => l.index);
    assert.deepEqual(idx, [...idx].sort((a, b) => a - b), 'in model order');
  });
  it('keeps a forced layer (the selected one), and the spec reports the sample', () => {
    const small = plottable.find((l) => l.share < 0.001 && !sampleLayers(plottable).items.includes(l))!;
    assert.ok(small);
    const s = sampleLayers(plottable, { keep: [small.index] });
    assert.ok(s.items.includes(small));
    const spec = rooflineSpec(big, { width: 900, height: 480 });
    assert.equal(spec.points.length, 2000);
    assert.equal(spec.sample.total, plottable.length);
    assert.match(spec.sample.text, /^showing 2,000 of 9,897 layers/);
  });
});

describe('webview: buffer chart', () => {
  it('one bar per tiled layer, the capacity line, the overflow marked', () => {
    const d = fpgaAlexNet();
    const spec = bufferSpec(d, { width: 800, height: 190 });
    const tiled = d.layers.filter((l) => l.bufferNeed > 0);
    assert.equal(spec.bars.length, tiled.length);
    assert.equal(spec.bars.length, 8);
    assert.deepEqual(
      spec.bars.filter((b) => b.overflow).map((b) => b.layer),
      [layer(d, 'conv2').index],
    );
    assert.ok(spec.capacity);
    assert.equal(spec.capacity.y, px(spec.y!(FPGA_BUFFER)));
    assert.equal(spec.capacity.label, 'capacity 4.53 MiB');
    const conv2 = spec.bars.find((b) => b.overflow)!;
    assert.ok(conv2.y < spec.capacity.y, 'the overflowing bar rises above the line');
    assert.equal(spec.text, '1 of 8 tiled layers overflow the 4.53 MiB buffer; 13 untiled layers not shown');
    assert.deepEqual(
      spec.yTicks.map((t) => t.label),
      ['64 KiB', '256 KiB', '1 MiB', '4 MiB'],
    );
  });
  it('aggregates runs of layers on huge models, keeping the largest and any overflow', () => {
    const d = syntheticPanelData(10_000);
    const spec = bufferSpec(d, { width: 800, height: 190 });
    const tiled = d.layers.filter((l) => l.bufferNeed > 0);
    assert.ok(spec.aggregated);
    assert.ok(spec.bars.length <= (800 - 76) / 2);
    assert.equal(
      spec.bars.reduce((s, b) => s + b.count, 0),
      tiled.length,
    );
    assert.equal(spec.overflowing, tiled.filter((l) => l.bufferNeed > d.bufferCapacity!).length);
    assert.ok(spec.bars.some((b) => b.overflow));
    assert.match(spec.text, /each bar is the largest of \d+ consecutive layers/);
  });
  it('says so when no layer is tiled', () => {
    const d = { ...fpgaAlexNet(), layers: fpgaAlexNet().layers.map((l) => ({ ...l, bufferNeed: 0 })) };
    const spec = bufferSpec(d, { width: 800, height: 190 });
    assert.equal(spec.bars.length, 0);
    assert.match(spec.text, /no layer is tiled/);
    assert.match(bufferSvg(spec), /no layer is tiled/);
  });
});

describe('webview: table sorting', () => {
  const d = fpgaAlexNet();
  it('sorts by share, largest first, missing values last', () => {
    const rows = sortLayers(d.layers, { column: 'share', dir: 'desc' }, d);
    assert.deepEqual(
      rows.slice(0, 3).map((l) => l.name),
      ['fc6', 'fc7', 'conv2'],
    );
    assert.deepEqual(
      rows.slice(-2).map((l) => l.name),
      ['norm1', 'norm2'],
    );
    const asc = sortLayers(d.layers, { column: 'ctc', dir: 'asc' }, d);
    assert.deepEqual(
      asc.slice(-2).map((l) => l.name),
      ['norm1', 'norm2'],
      'missing values last in both directions',
    );
  });
  it('is stable: equal keys keep the model order', () => {
    const g = gpuBert();
    const rows = sortLayers(g.layers, { column: 'ctc', dir: 'desc' }, g);
    const at279 = rows.filter((l) => Math.abs(l.ctc - 279.27) < 0.01).map((l) => l.name);
    assert.deepEqual(at279, ['enc0_q', 'enc0_k', 'enc0_v', 'enc0_out', 'enc1_q', 'enc1_k', 'enc1_v', 'enc1_out']);
    const ops = sortLayers(g.layers, { column: 'op', dir: 'asc' }, g);
    assert.deepEqual(
      ops.filter((l) => l.op === 'gelu').map((l) => l.name),
      ['enc0_gelu', 'enc1_gelu'],
    );
  });
  it('names sort in natural order; a header click flips or starts a column', () => {
    const named = ['conv10', 'conv2', 'conv1'].map((name, i) => ({ ...d.layers[0], index: i, name }));
    assert.deepEqual(
      sortLayers(named, { column: 'name', dir: 'asc' }, d).map((l) => l.name),
      ['conv1', 'conv2', 'conv10'],
    );
    assert.deepEqual(nextSort({ column: 'index', dir: 'asc' }, 'time'), { column: 'time', dir: 'desc' });
    assert.deepEqual(nextSort({ column: 'time', dir: 'desc' }, 'time'), { column: 'time', dir: 'asc' });
    assert.deepEqual(nextSort({ column: 'time', dir: 'desc' }, 'name'), { column: 'name', dir: 'asc' });
  });
  it('draws only the rows in view', () => {
    assert.deepEqual(visibleRows({ scrollTop: 0, viewport: 440, rowHeight: 22, count: 10_000, overscan: 10 }), { start: 0, end: 31, padTop: 0, padBottom: (10_000 - 31) * 22 });
    const w = visibleRows({ scrollTop: 22_000, viewport: 440, rowHeight: 22, count: 10_000, overscan: 10 });
    assert.equal(w.start, 990);
    assert.equal(w.end, 1031);
    assert.deepEqual(visibleRows({ scrollTop: 0, viewport: 440, rowHeight: 22, count: 5 }), { start: 0, end: 5, padTop: 0, padBottom: 0 });
  });
});

describe('webview: CSV export', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    assert.equal(csvField('conv1'), 'conv1');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
    assert.equal(csvField(0.1), '0.1');
    assert.equal(csvField(NaN), '');
    assert.equal(csvField(undefined), '');
    assert.equal(csvField(true), 'true');
    assert.equal(toCsv([['a', 'b'], [1, 'x,y']]), 'a,b\r\n1,"x,y"\r\n');
  });
  it('exports every layer in table order, numbers in base units, and reads back', () => {
    const d = fpgaAlexNet();
    const tricky = { ...d, layers: d.layers.map((l, i) => (i === 0 ? { ...l, name: 'conv1, "the big one"\nfirst' } : l)) };
    const csv = layersCsv(tricky, sortLayers(tricky.layers, { column: 'share', dir: 'desc' }, tricky));
    const rows = parseCsv(csv);
    assert.equal(rows.length, d.layers.length + 1);
    assert.deepEqual(rows[0], [...CSV_HEADER]);
    const col = (name: string) => rows[0].indexOf(name);
    assert.equal(rows[1][col('name')], 'fc6');
    assert.equal(Number(rows[1][col('time_s')]), layer(d, 'fc6').time);
    const conv1 = rows.find((r) => r[col('index')] === '0')!;
    assert.equal(conv1[col('name')], 'conv1, "the big one"\nfirst');
    assert.equal(conv1[col('line')], '5', 'one-based line');
    assert.equal(rows.find((r) => r[col('name')] === 'norm1')![col('ctc_op_per_byte')], '', 'uncounted: empty');
  });
});

/** A strict RFC 4180 reader, to check that what we write reads back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else field += text[i++];
    } else if (c === '"') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else field += text[i++];
  }
  assert.equal(row.length, 0, 'every record ends with CRLF');
  return rows;
}

describe('webview: SVG strings', () => {
  it('draws a circle per point with data-layer and a title, roofs with labels, no style attribute', () => {
    const d = fpgaAlexNet();
    const spec = rooflineSpec(d, { width: 800, height: 440 });
    const svg = rooflineSvg(spec, { selected: layer(d, 'conv3').index });
    assert.equal((svg.match(/<circle class="rl-point bound-[a-z]+( selected)?" data-layer=/g) ?? []).length, 19);
    assert.match(svg, /class="rl-point bound-compute selected" data-layer="8"/);
    assert.match(svg, />fp32 peak<\/text>/);
    assert.match(svg, />DDR3 4.5 GB\/s<\/text>/);
    assert.match(svg, />19.9 op\/B<\/text>/);
    assert.match(svg, />operational intensity \(op\/B\)<\/text>/);
    assert.match(svg, />attainable performance \(op\/s\)<\/text>/);
    assert.doesNotMatch(svg, /style=/);
    assert.doesNotMatch(svg, /NaN|undefined/);
  });
  it('escapes names from the model file', () => {
    const d = fpgaAlexNet();
    d.layers[8] = { ...d.layers[8], name: '<img src=x onerror="alert(1)">', op: 'a&b' };
    const svg = rooflineSvg(rooflineSpec(d, { width: 800, height: 440 }));
    assert.ok(!svg.includes('<img'));
    assert.match(svg, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt; \(a&amp;b\)/);
    assert.ok(!cardHtml(d.layers[8], d).includes('<img'));
  });
  it('an export carries its own stylesheet with plain colours', () => {
    const spec = rooflineSpec(gpuBert(), { width: 800, height: 440 });
    const svg = rooflineSvg(spec, { styleSheet: exportStyleSheet(DEFAULT_PALETTE) });
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<style>[^<]*\.bound-memory\{fill:#1a85ff;stroke:#1a85ff\}/);
    assert.doesNotMatch(svg, /var\(--/);
    assert.doesNotMatch(exportStyleSheet({ ...DEFAULT_PALETTE, fg: 'red}</style><script>' }), /<|\}\s*<\/style/);
  });
});

describe('webview: messages and state', () => {
  it('accepts protocol messages and rejects malformed ones', () => {
    const d = gpuBert();
    assert.deepEqual(parseHostMessage({ type: 'update', data: d }), { type: 'update', data: d });
    assert.deepEqual(parseHostMessage({ type: 'select', layer: 3 }), { type: 'select', layer: 3 });
    assert.deepEqual(parseHostMessage({ type: 'error', message: 'x' }), { type: 'error', message: 'x' });
    assert.equal(parseHostMessage({ type: 'select', layer: 1.5 }), undefined);
    assert.equal(parseHostMessage({ type: 'update', data: { ...d, layers: [{ name: 'x' }] } }), undefined);
    assert.equal(parseHostMessage({ type: 'update', data: { ...d, roofs: 'none' } }), undefined);
    assert.equal(parseHostMessage('update'), undefined);
    assert.equal(parseHostMessage(null), undefined);
  });
  it('repairs a remembered state field by field', () => {
    const d = fpgaAlexNet();
    const s = parseState({ v: 1, sort: { column: 'time', dir: 'desc' }, selected: 4, scrollTop: 120, data: d });
    assert.deepEqual(s.sort, { column: 'time', dir: 'desc' });
    assert.equal(s.selected, 4);
    assert.equal(s.scrollTop, 120);
    assert.equal(s.data, d);
    const bad = parseState({ v: 1, sort: { column: 'nope', dir: 'up' }, selected: 'x', scrollTop: -3, data: { layers: 1 } });
    assert.deepEqual(bad, { v: 1, sort: { column: 'index', dir: 'asc' }, scrollTop: 0 });
    assert.deepEqual(parseState(undefined).sort, { column: 'index', dir: 'asc' });
  });
});

describe('webview: panel and report HTML', () => {
  const nonce = 'abcdefghijklmnop0123456789ABCDEF';
  it('the panel loads the bundle and stylesheet by URI under a nonce CSP', () => {
    const html = panelHtml({ scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css', cspSource: 'https://*.vscode-cdn.net', nonce });
    const csp = `default-src 'none'; img-src https://*.vscode-cdn.net data:; style-src https://*.vscode-cdn.net 'nonce-${nonce}'; script-src 'nonce-${nonce}'; font-src https://*.vscode-cdn.net`;
    assert.equal(panelCsp('https://*.vscode-cdn.net', nonce), csp);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp.replace(/'/g, '&#39;')}">`));
    assert.match(html, new RegExp(`<script nonce="${nonce}" src="https://file\\+.vscode-resource.vscode-cdn.net/ext/dist/webview.js"></script>`));
    assert.match(html, /<link rel="stylesheet" nonce="[^"]+" href="https:\/\/file\+.vscode-resource.vscode-cdn.net\/ext\/dist\/webview.css">/);
    assert.match(html, /<div id="root">/);
    assert.ok(html.includes(`<meta property="csp-nonce" content="${nonce}">`), 'for the toolkit\'s one <style> element');
    assert.throws(() => panelHtml({ scriptUri: 'a', styleUri: 'b', cspSource: 'x', nonce: "x' 'unsafe-inline" }));
    assert.throws(() => panelHtml({ scriptUri: 'a', styleUri: 'b', cspSource: "x; script-src 'unsafe-eval'", nonce }));
    assert.throws(() => panelHtml({ scriptUri: 'a', styleUri: 'b', cspSource: "'unsafe-inline'", nonce }));
    // What VS Code 1.100 gives as webview.cspSource.
    assert.equal(checkCspSource("'self' https://*.vscode-cdn.net"), "'self' https://*.vscode-cdn.net");
    assert.match(panelHtml({ scriptUri: 'a', styleUri: 'b', cspSource: "'self' https://*.vscode-cdn.net", nonce }), /style-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net &#39;nonce-/);
    assert.equal(checkCspSource('vscode-resource:'), 'vscode-resource:');
  });
  it('the report is one file: inline style and script by nonce, the data as JSON that cannot close its tag', () => {
    const d = fpgaAlexNet();
    d.layers[0] = { ...d.layers[0], name: '</script><script>alert(1)</script>' };
    const html = reportHtml({ data: d, script: 'var s = "</script>"; /<!--x/.test(s);\n//# sourceMappingURL=webview.js.map\n', css: 'body{color:red}', title: 'AlexNet <roofline>', nonce });
    assert.ok(html.includes(`content="${reportCsp(nonce).replace(/'/g, '&#39;')}"`));
    assert.equal(reportCsp(nonce), `default-src 'none'; img-src data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'`);
    assert.ok(html.includes(`<style nonce="${nonce}">\nbody{color:red}\n</style>`));
    assert.ok(html.includes('<title>AlexNet &lt;roofline&gt;</title>'));
    assert.equal((html.match(/<\/script>/g) ?? []).length, 2, 'only the two closing tags of the data and the script');
    assert.ok(html.includes('var s = "<\\/script>"; /<\\x21--x/.test(s);'));
    assert.ok(!html.includes('sourceMappingURL'));
    const json = /<script type="application\/json" id="roofline-data">([^]*?)<\/script>/.exec(html)![1];
    assert.ok(!json.includes('<'));
    assert.deepEqual(JSON.parse(json), d);
    assert.equal(embedJson({ a: '<\u2028' }), '{"a":"\\u003c\\u2028"}');
    assert.equal(inlineScript('a</SCRIPT >'), 'a<\\/SCRIPT >');
    assert.doesNotMatch(html, /https?:/, 'nothing from the network');
  });
});
