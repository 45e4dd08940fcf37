// The language server in the text formats it imports: a Caffe prototxt and a Darknet cfg get
// diagnostics, hovers and inlay hints through the real protocol, like a model file; a .cfg that
// is not a Darknet network gets nothing; an ONNX file is read from disk for the panel and converted
// to a model file.
import * as assert from 'node:assert/strict';
import { HoverRequest, InlayHintRequest, type Hover, type InlayHint, type MarkupContent } from 'vscode-languageserver/node';
import { pathToFileURL } from 'node:url';
import { analyzeText } from '../server/src/core/analyze';
import { analyzeCaffe } from '../server/src/core/formats/caffe';
import { CONVERT_TO_NNM, PANEL_DATA, type ConvertResult, type PanelDataResult } from '../server/src/protocol/lsp';
import { inProcessSession, type LspSession } from './helpers/lspSession';
import { modelPath, readModel } from './helpers/models';

const ALEXNET = readModel('caffe/bvlc_alexnet/deploy.prototxt');
const YOLO = readModel('darknet/pjreddie/yolov3-tiny.cfg');

function positionOf(text: string, needle: string): { line: number; character: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language server: Caffe prototxt and Darknet cfg', () => {
  let session: LspSession;

  before(async () => {
    session = inProcessSession();
    await session.initialize({ debounceMs: 0 });
  });

  after(async () => {
    await session.shutdown();
    session.close();
  });

  it('analyses a prototxt: no errors, a hover with the conv layer\'s exact MACs, inlay hints', async () => {
    const uri = 'file:///models/deploy.prototxt';
    const published = await session.open(uri, ALEXNET);
    assert.equal(published.diagnostics.filter((d) => d.severity === 1).length, 0);
    const conv1 = analyzeCaffe(ALEXNET).models[0].layers.find((l) => l.name === 'conv1')!;
    // conv1 of Caffe's AlexNet at batch 10: 10 x 96 x 55 x 55 x 3 x 11 x 11 = 1,054,152,000 MACs.
    assert.equal(conv1.macs, 10 * 96 * 55 * 55 * 3 * 11 * 11);
    const hover = (await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(ALEXNET, 'name: "conv1"') })) as Hover | null;
    assert.ok(hover);
    const md = (hover.contents as MarkupContent).value;
    assert.ok(md.includes('1,054,152,000'), md);
    const hints = (await session.client.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 400, character: 0 } } })) as InlayHint[] | null;
    assert.ok(hints && hints.length > 5);
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(labels.every((l) => l.startsWith('CTC') || l === 'no work' || /^(fused|folded) into \w+$/.test(l)), labels.join(' | '));
    // conv1's relu (an in-place layer of its own) runs in conv1's kernel.
    assert.ok(labels.includes('fused into conv1'), labels.join(' | '));
    // The conv1 hint sits on conv1's `layer {` line.
    const conv1Line = positionOf(ALEXNET, 'name: "conv1"').line - 1;
    assert.ok(hints.some((h) => h.position.line === conv1Line), 'a hint on the layer { line of conv1');
  });

  it('answers the panel\'s what-ifs on a prototxt in its own format (batch 10 -> 1)', async () => {
    const uri = 'file:///models/deploy.prototxt';
    const r = (await session.client.sendRequest(PANEL_DATA, { uri, params: { batch: 1 } })) as PanelDataResult;
    assert.ok('data' in r, JSON.stringify(r));
    const conv1 = analyzeCaffe(ALEXNET).models[0].layers.find((l) => l.name === 'conv1')!;
    // The file's batch is 10: with batch 1 the panel shows a tenth of conv1's MACs.
    assert.equal(r.data.layers.find((l) => l.name === 'conv1')?.macs, conv1.macs / 10);
    assert.deepEqual(r.data.params.find((x) => x.name === 'batch'), { name: 'batch', value: 1, overridden: true });
  });

  it('analyses a Darknet cfg, and leaves a .cfg that is not a network alone', async () => {
    const published = await session.open('file:///models/yolov3-tiny.cfg', YOLO);
    assert.equal(published.diagnostics.filter((d) => d.severity === 1).length, 0);
    const other = await session.open('file:///etc/setup.cfg', '[metadata]\nname = something\n');
    assert.deepEqual(other.diagnostics, []);
  });
});

describe('language server: ONNX files from disk', () => {
  let session: LspSession;
  const onnx = pathToFileURL(modelPath('onnx/light/light_resnet50.onnx')).toString();

  before(async () => {
    session = inProcessSession();
    await session.initialize({ debounceMs: 0 });
  });

  after(async () => {
    await session.shutdown();
    session.close();
  });

  it('answers the panel\'s data for an ONNX file it reads from disk', async () => {
    const r = (await session.client.sendRequest(PANEL_DATA, { uri: onnx })) as PanelDataResult;
    assert.ok('data' in r, JSON.stringify(r));
    assert.equal(r.data.target.name, 'h100-sxm');
    assert.equal(r.data.totals.macs, r.data.layers.reduce((s, l) => s + l.macs, 0));
    assert.equal(r.data.layers.filter((l) => l.op === 'conv2d' || l.op === 'linear').reduce((s, l) => s + l.macs, 0), 4_089_184_256);
  });

  it('converts it to a model file whose counts equal the import', async () => {
    const r = (await session.client.sendRequest(CONVERT_TO_NNM, { uri: onnx })) as ConvertResult;
    assert.ok('text' in r, JSON.stringify(r));
    const a = analyzeText(r.text);
    assert.equal(a.diagnostics.filter((d) => d.severity === 'error').length, 0);
    assert.equal(a.models[0].totals.params, 25_557_032);
    assert.equal(a.models[0].layers.filter((l) => l.op === 'conv2d' || l.op === 'linear').reduce((s, l) => s + l.macs, 0), 4_089_184_256);
  });
});
