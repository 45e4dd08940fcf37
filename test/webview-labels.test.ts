// The roofline chart's labels hide no point and no other label (webview/src/chart/labels.ts through
// rooflineSpec): on the reports of ResNet-50 on h100-sxm and on zhang15-vc707, YOLOv3 on
// jetson-orin-nano-8gb and one decode step of Llama-2-7B on h100-sxm, under every fusion policy,
// at every chart width from 440 to 1,920 px (40 px apart, the panel's height for each width).
// Below 440 px the four compute roofs of an H100 (0.3 decades apart) leave no room for all their
// labels. The same check on the page as Chromium draws it, with the real text boxes, is in
// test/report-offline.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, FUSION_POLICIES } from '../server/src/core';
import { panelData } from '../server/src/report/panelData';
import { chartHeight } from '../webview/src/app';
import { labelQuad } from '../webview/src/chart/labels';
import { rooflineOverlaps, rooflineSpec } from '../webview/src/chart/roofline';

const ROOT = path.join(__dirname, '..');

export const LABEL_REPORTS: { file: string; target: string }[] = [
  { file: 'examples/resnet50.nnm', target: 'h100-sxm' },
  { file: 'examples/resnet50.nnm', target: 'zhang15-vc707' },
  { file: 'test/fixtures/models/darknet/pjreddie/yolov3.cfg', target: 'jetson-orin-nano-8gb' },
  { file: 'examples/llama2_7b.nnm', target: 'h100-sxm' },
];

describe('webview: chart labels avoid points and each other', () => {
  for (const { file, target } of LABEL_REPORTS) {
    it(`${path.basename(file)} on ${target}: no overlap at any width from 440 to 1,920 px, under every fusion policy`, () => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      let checked = 0;
      for (const fusion of FUSION_POLICIES) {
        const data = panelData(analyze({ text }, { fileName: path.basename(file), target, fusion }), { uri: file, fileName: path.basename(file) });
        assert.ok(data, `${file} has panel data`);
        for (let width = 440; width <= 1920; width += 40) {
          const spec = rooflineSpec(data, { width, height: chartHeight(width) });
          assert.ok(spec.labels.length >= 2, 'roof labels and ridge labels are placed');
          assert.deepEqual(rooflineOverlaps(spec), [], `${fusion}, ${width} px`);
          checked++;
        }
      }
      assert.equal(checked, 3 * 38);
    });
  }

  it('the check can fail: the labels where the renderer used to put them overlap points on ResNet-50 (zhang15-vc707)', () => {
    const text = fs.readFileSync(path.join(ROOT, 'examples/resnet50.nnm'), 'utf8');
    const data = panelData(analyze({ text }, { fileName: 'resnet50.nnm', target: 'zhang15-vc707', fusion: 'none' }), { uri: 'r', fileName: 'resnet50.nnm' })!;
    const spec = rooflineSpec(data, { width: 700, height: chartHeight(700) });
    // The old places: the compute roof's label right-aligned 5 px above its right end, each ridge's
    // two lines centred under its mark.
    const old = spec.labels.map((l) => {
      const roof = spec.roofs.find((r) => `roof ${r.label}` === l.id);
      const ridge = spec.ridges.find((r) => `ridge ${r.label}` === l.id);
      if (roof?.kind === 'compute') return { ...l, x: roof.x2 - 4, y: roof.y1 - 5 };
      if (ridge) return { ...l, x: ridge.cx, y: ridge.cy + 15, anchor: 'middle' as const };
      return l;
    });
    const moved = { ...spec, labels: old.map((l) => ({ ...l, quad: labelQuadOf(l) })) };
    assert.ok(rooflineOverlaps(moved).length > 0);
  });
});

/** A label's box at its (old) place; roof labels are bold. */
function labelQuadOf(l: { lines: string[]; x: number; y: number; anchor: 'start' | 'middle' | 'end'; angle: number; id: string }) {
  return labelQuad(l.lines, l, l.id.startsWith('roof'));
}
