// Under the fusion policy 'none' every figure is what it was before fusion groups existed: the files
// in test/fixtures/fusion/*.none.figures were written by the code of main at commit 1109f8f (before
// the fusion stage was merged; first written at 438728e, rewritten when main's cost models moved),
// one line per layer (name, status, bound, off-chip bytes, CTC, time, share, energy) and the totals, every number at full precision. They are compared as they are (never
// rewritten by UPDATE_GOLDEN): a change here is a change of the layer-by-layer view.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { detectFormat } from '../server/src/core/formats/detect';
import { analyzeDocumentRoofline } from '../server/src/core/roofline';
import type { FusionPolicy } from '../server/src/core/cost/fusion';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures', 'fusion');

/** The digest of a model's cost figures, in the fixtures' format. */
function costDigest(file: string, target: string, fusion: FusionPolicy): string {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const format = detectFormat(file, text.slice(0, 4096));
  assert.notEqual(format, 'onnx');
  if (format === 'onnx') throw new Error('text formats only');
  const a = analyzeDocumentRoofline({ format, text }, { target, fileName: path.basename(file), fusion });
  const c = a.costs[0];
  const lines = [`# ${file} on ${target}`, `totals ${c.totals.time} ${c.totals.traffic} ${c.totals.ops} ${c.totals.energy ?? '-'} ${c.totals.bound}`];
  for (const l of c.layers) lines.push([l.name, l.status, l.bound ?? '-', l.traffic?.used ?? '-', l.ctc ?? '-', l.time ?? '-', l.share ?? '-', l.energy ?? '-'].join(' '));
  return lines.join('\n') + '\n';
}

const CASES: [string, string, string][] = [
  ['examples/resnet50.nnm', 'h100-sxm', 'resnet50.h100-sxm.none.figures'],
  ['examples/alexnet_zhang15.nnm', 'zhang15-vc707', 'alexnet_zhang15.zhang15-vc707.none.figures'],
  ['test/fixtures/models/caffe/ResNet-50-deploy.prototxt', 'h100-sxm', 'caffe-ResNet-50.h100-sxm.none.figures'],
];

describe("fusion: 'none' keeps the layer-by-layer figures", () => {
  for (const [file, target, figures] of CASES) {
    it(`${path.basename(file)} on ${target}: every layer and the totals, exactly`, () => {
      const expected = fs.readFileSync(path.join(FIXTURES, figures), 'utf8');
      assert.equal(costDigest(file, target, 'none'), expected);
    });
  }

  it("'epilogue' gives other figures on the same model", () => {
    const [file, target] = CASES[0];
    assert.notEqual(costDigest(file, target, 'epilogue'), costDigest(file, target, 'none'));
  });
});
