// The panel's parallel plan, in Node: the interconnect's roof as a segment (a diagonal like a memory
// roof, not a ridge of its own) and as a mark with its label, a collective's point in the legend as
// interconnect-bound, the plan's degrees read and written by the controls, and the summary line.
import * as assert from 'node:assert/strict';
import type { PanelData, PanelParallel } from '../server/src/protocol/panel';
import { parallelSummaryText, planDegrees, planOf } from '../webview/src/chart/parallel';
import { rooflineSpec } from '../webview/src/chart/roofline';
import { computeRidges, roofSegments } from '../webview/src/chart/roofs';
import { rooflineSvg } from '../webview/src/render/rooflineSvg';
import { parseHostMessage } from '../webview/src/messages';
import { gpuBert, GPU_FP16 } from './fixtures/webview/panelData';

/** The GPU fixture under a plan: an NVLink roof of 450 GB/s and one all-reduce bound by it. */
function withLink(): PanelData {
  const d = gpuBert();
  d.roofs.push({ kind: 'link', label: 'NVLink 450 GB/s', level: 'NVLink', value: 450e9 });
  const template = d.layers.find((l) => l.counted && l.ctc > 0)!;
  // 16 KiB all-reduced over 8 devices by a tree: 32 KiB sent, 7,168 additions (7/8 of 8,192 elements), 3.67 us.
  d.layers.push({ ...template, index: d.layers.length, name: 'h[0].attn_allreduce', op: 'allreduce', ops: 7168, macs: 0, ctc: 7168 / 32768, attainable: 7168 / 3.6728e-6, bound: 'link', boundLabel: 'NVLink', time: 3.6728e-6, share: 0.01, trafficCompulsory: 0, trafficTiled: 0, bufferNeed: 0 });
  return d;
}

describe('webview: the interconnect of a parallel plan', () => {
  it("the link's roof is a diagonal y = 450 GB/s x CTC up to the top peak, and makes no ridge", () => {
    const d = withLink();
    const seg = roofSegments(d.roofs, [0.1, 1e4], [1e9, 1e16]).find((s) => s.kind === 'link')!;
    assert.equal(seg.label, 'NVLink 450 GB/s');
    assert.equal(seg.x1, 0.1);
    assert.ok(Math.abs(seg.y1 - 450e9 * 0.1) < 1);
    assert.ok(Math.abs(seg.x2 - GPU_FP16 / 450e9) < 1e-9);
    assert.equal(computeRidges(d.roofs).length, computeRidges(gpuBert().roofs).length);
  });

  it('the chart draws it as a link roof with its label, the all-reduce under it, interconnect-bound in the legend', () => {
    const spec = rooflineSpec(withLink(), { width: 800, height: 500 });
    const roof = spec.roofs.find((r) => r.kind === 'link');
    assert.ok(roof);
    assert.equal(roof.title, 'NVLink 450 GB/s: 450 GB/s');
    assert.ok(spec.y.domain[0] <= 450e9 * spec.x.domain[0] * 1.0001, 'the axis reaches down to the link roof');
    const point = spec.points.find((p) => p.name === 'h[0].attn_allreduce')!;
    assert.equal(point.cls, 'bound-link');
    assert.match(point.title, /interconnect-bound \(NVLink\)/);
    assert.ok(spec.legend.some((e) => e.bound === 'link' && e.label === 'interconnect-bound' && e.count === 1));
    const svg = rooflineSvg(spec);
    assert.match(svg, /class="rl-roof rl-roof-link" data-roof="NVLink 450 GB\/s"/);
  });

  it('the page accepts data with a link roof and link-bound layers (and still refuses an unknown roof)', () => {
    const d = withLink();
    assert.ok(parseHostMessage({ type: 'update', data: d }));
    d.roofs.push({ kind: 'wormhole' as 'link', label: 'x', value: 1 });
    assert.equal(parseHostMessage({ type: 'update', data: d }), undefined);
  });

  it('the controls: degrees from the plan, the plan from degrees', () => {
    assert.deepEqual(planDegrees('tp=8 pp=2'), { tp: 8, pp: 2, ep: 1, dp: 1 });
    assert.deepEqual(planDegrees(undefined), { tp: 1, pp: 1, ep: 1, dp: 1 });
    assert.equal(planOf({ tp: 8, pp: 1, ep: 2, dp: 1 }), 'tp=8 ep=2');
    assert.equal(planOf({ tp: 1, pp: 1, ep: 1, dp: 1 }), '');
  });

  it('the summary line: devices, memory of a device against its capacity, communication by link, a pipeline\'s bubble', () => {
    const p: PanelParallel = { plan: 'tp=8', devices: 8, weightBytes: 17.2e9, kvCacheBytes: 83.9e6, activationBytes: 65.5e3, total: 17.2e9 + 83.9e6 + 65.5e3, capacity: 80e9, fits: true, communication: { time: 596e-6, share: 0.103, byLink: { NVLink: 596e-6 } }, stages: 1, bubble: 0 };
    assert.equal(parallelSummaryText(p), '8 devices · 17.3 GB of 80 GB a device · communication 10.3% (NVLink 596 µs)');
    assert.equal(parallelSummaryText({ ...p, plan: 'pp=4', stages: 4, bubble: 0.75, weightBytes: 90e9, total: 90e9 + 83.9e6 + 65.5e3, fits: false }), '8 devices · 90.1 GB of 80 GB a device (does not fit) · communication 10.3% (NVLink 596 µs) · 4 stages, bubble 75%');
  });
});
