// The Darknet .cfg importer on the real pjreddie and AlexeyAB files (test/fixtures/models/darknet): layer
// counts, shapes at the key layers, and Darknet's own BFLOPs, which it prints as it builds a net:
//   conv     l.bflops = 2 x l.nweights x out_h x out_w / 1e9, nweights = c / groups x n x size x size
//   maxpool  l.bflops = size x size x c x out_h x out_w / 1e9           (AlexeyAB)
//   shortcut l.bflops = out_w x out_h x out_c x (inputs added) / 1e9    (AlexeyAB)
// and AlexeyAB sums them into "Total BFLOPS". Our conv layers count 2 x MACs ops, darknet_maxpool
// size^2 ops per output element and add 1 op per output element: the same numbers, so the sums over
// those layers must print Darknet's figures. Then the errors, located, on a fixture.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../server/src/core/analyze';
import { parseCfg } from '../server/src/core/formats/darknet/cfg';
import { analyzeDarknet } from '../server/src/core/formats/darknet/analyzeDarknet';
import type { Layer, ModelResult } from '../server/src/core/semantics/model';
import { modelPath, readModel } from './helpers/models';

const MODELS = modelPath('darknet');
const FIXTURES = path.join(__dirname, 'fixtures', 'formats', 'darknet');

function read(file: string): string {
  return fs.readFileSync(path.join(MODELS, file), 'utf8');
}

/** Analyses a cfg; the only diagnostic allowed is the RL706 note about a training batch. */
function clean(file: string, params?: Record<string, number>): { r: FileAnalysis; m: ModelResult; text: string } {
  const text = read(file);
  const r = analyzeDarknet(text, { fileName: path.basename(file), params });
  assert.deepEqual(r.diagnostics.filter((d) => d.code !== 'RL706').map((d) => `${d.code} ${d.message}`), []);
  assert.equal(r.models[0].totals.complete, true);
  return { r, m: r.models[0], text };
}

function layer(m: ModelResult, name: string): Layer {
  const l = m.layers.find((x) => x.name === name);
  assert.ok(l, `no layer '${name}'`);
  return l;
}

/** Darknet's BFLOPs of the conv layers (2 x MACs), and with AlexeyAB's maxpool and shortcut terms. */
function bflops(m: ModelResult): { conv: string; total: string } {
  const ops = (kinds: string[]) => m.layers.filter((l) => kinds.includes(l.op)).reduce((s, l) => s + l.ops, 0) / 1e9;
  return { conv: ops(['conv2d']).toFixed(3), total: ops(['conv2d', 'darknet_maxpool', 'add', 'darknet_shortcut']).toFixed(3) };
}

/** Number of sections after [net]: Darknet's layer count (indices 0 .. n - 1). */
function darknetLayers(text: string): number {
  return parseCfg(text).sections.length - 1;
}

describe('Darknet: the cfg parser', () => {
  it('keeps offsets of sections, keys and values; strips spaces as Darknet does', () => {
    const text = '\uFEFF[net]\n# comment\nsaturation = 1.5\n;another\n[convolutional]\nfilters=32 # trailing\n\n';
    const p = parseCfg(text);
    assert.deepEqual(p.diagnostics, []);
    const [net, conv] = p.sections;
    assert.equal(text.slice(net.header.start, net.header.end), '[net]');
    const o = net.options[0];
    assert.deepEqual([o.key, o.value, text.slice(o.valueSpan.start, o.valueSpan.end), text.slice(o.span.start, o.span.end)], ['saturation', '1.5', '1.5', 'saturation = 1.5']);
    assert.equal(text.slice(conv.span.start, conv.span.end), '[convolutional]\nfilters=32');
    assert.equal(conv.options[0].value, '32');
  });
});

describe('Darknet: YOLOv3 (pjreddie/darknet cfg/yolov3.cfg)', () => {
  it('at 416 x 416: 65.864 conv BFLOPs (2 x 32,932,037,632 MACs), 65.879 with the shortcuts (AlexeyAB)', () => {
    const { m, text } = clean('pjreddie/yolov3.cfg', { width: 416, height: 416 });
    assert.equal(darknetLayers(text), 107);
    // 75 conv (72 with a batch norm), 23 shortcuts, 4 routes, 2 upsamples, 3 yolo; with the 72 batch
    // norms and 72 leaky activations as layers of their own: 251 layers
    assert.equal(m.layers.filter((l) => l.op === 'conv2d').length, 75);
    assert.equal(m.layers.length, 251);
    // Darknet prints layer 0 "conv 32 3 x 3 / 1 416 x 416 x 3 -> 416 x 416 x 32 0.299 BFLOPs":
    // 2 x (3 x 32 x 9) x 416^2 / 1e9 = 0.299; layer 1, 64 3x3/2 -> 208: 2 x 32 x 64 x 9 x 208^2 = 1.595;
    // layer 2, 32 1x1: 2 x 64 x 32 x 208^2 = 0.177
    assert.deepEqual(['conv0', 'conv1', 'conv2'].map((n) => (2 * layer(m, n).macs / 1e9).toFixed(3)), ['0.299', '1.595', '0.177']);
    assert.equal(m.totals.macs, 32_932_037_632);
    // pjreddie's YOLOv3 table: YOLOv3-416, 65.86 Bn; AlexeyAB prints "Total BFLOPS 65.879", which adds
    // the 23 shortcuts: 208^2 x 64 + 2 x 104^2 x 128 + 8 x 52^2 x 256 + 8 x 26^2 x 512 + 4 x 13^2 x 1024
    // = 14,536,704 ops = 0.015 BFLOPs
    assert.deepEqual(bflops(m), { conv: '65.864', total: '65.879' });
    const shortcutOps = m.layers.filter((l) => l.op === 'add').reduce((s, l) => s + l.ops, 0);
    assert.equal(shortcutOps, 208 * 208 * 64 + 2 * 104 * 104 * 128 + 8 * 52 * 52 * 256 + 8 * 26 * 26 * 512 + 4 * 13 * 13 * 1024);
  });

  it('shapes at the heads and the routes; the cfg default 608 gives 140.692 BFLOPs', () => {
    const m416 = clean('pjreddie/yolov3.cfg', { width: 416, height: 416 }).m;
    assert.deepEqual(layer(m416, 'yolo82').outputs, [[1, 255, 13, 13]]);
    assert.deepEqual(layer(m416, 'yolo94').outputs, [[1, 255, 26, 26]]);
    assert.deepEqual(layer(m416, 'yolo106').outputs, [[1, 255, 52, 52]]);
    // route 86: layers = -1, 61: upsample85 [256, 26, 26] ++ shortcut61 [512, 26, 26]
    assert.deepEqual(layer(m416, 'route86').inputs, [[1, 256, 26, 26], [1, 512, 26, 26]]);
    assert.deepEqual(layer(m416, 'route86').outputs, [[1, 768, 26, 26]]);
    // route 83: layers = -4: a copy of layer 79
    assert.deepEqual(layer(m416, 'route83').producers, [layer(m416, 'conv79.leaky').index]);
    // pjreddie's table: YOLOv3-608, 140.69 Bn; YOLOv3-320, 38.97 Bn
    assert.equal(bflops(clean('pjreddie/yolov3.cfg').m).conv, '140.692');
    assert.equal(bflops(clean('pjreddie/yolov3.cfg', { width: 320, height: 320 }).m).conv, '38.973');
  });

  it('batch is 1 unless overridden, and the file says why', () => {
    const { r, m, text } = clean('pjreddie/yolov3.cfg');
    const note = r.diagnostics.find((d) => d.code === 'RL706');
    assert.ok(note && note.severity === 'information' && note.message.includes('training batch'));
    assert.equal(text.slice(note.span.start - 'batch='.length, note.span.end), 'batch=64');
    assert.deepEqual(m.params.map((p) => [p.name, p.value, p.overridden, text.slice(p.span.start, p.span.end)]), [['width', 608, false, '608'], ['height', 608, false, '608'], ['batch', 1, false, '64']]);
    assert.deepEqual(m.inputs[0].shape, [1, 3, 608, 608]);
    const two = clean('pjreddie/yolov3.cfg', { batch: 2, width: 416, height: 416 });
    assert.deepEqual(two.r.diagnostics, []);
    assert.deepEqual(two.m.inputs[0].shape, [2, 3, 416, 416]);
    assert.equal(two.m.totals.macs, 2 * 32_932_037_632);
  });

  it('conv + batch norm + activation: spans and params as PyTorch counts them', () => {
    const { m, text } = clean('pjreddie/yolov3.cfg', { width: 416, height: 416 });
    const [conv, bn, act] = ['conv0', 'conv0.bn', 'conv0.leaky'].map((n) => layer(m, n));
    assert.equal(text.slice(conv.statement.start, conv.statement.end), '[convolutional]');
    assert.ok(text.slice(conv.span.start, conv.span.end).startsWith('[convolutional]\nbatch_normalize=1\nfilters=32'));
    assert.equal(text.slice(bn.span.start, bn.span.end), 'batch_normalize=1');
    assert.equal(text.slice(act.statement.start, act.statement.end), 'activation=leaky');
    assert.deepEqual([conv.op, bn.op, act.op], ['conv2d', 'batchnorm', 'leaky_relu']);
    // conv weights 32 x 3 x 9 = 864 (no bias); batch norm scales + biases 2 x 32 = 64; the rolling
    // mean and variance are read (weight bytes) but not learnable: 4 x 32 x 4 bytes in all
    assert.deepEqual([conv.params, bn.params, bn.bytes.weight], [864, 64, 4 * 32 * 4]);
    // a head conv without batch norm has its bias: 1 x 1 x 1024 x 255 + 255
    assert.equal(layer(m, 'conv81').params, 1024 * 255 + 255);
  });

  it('the [yolo] heads are a logistic over their input, with a note; nothing after them is lost', () => {
    const { m } = clean('pjreddie/yolov3.cfg', { width: 416, height: 416 });
    const head = layer(m, 'yolo82');
    assert.equal(head.op, 'sigmoid');
    assert.equal(head.ops, 255 * 13 * 13);
    assert.ok(head.notes.some((n) => n.includes('3 anchors x (5 + 80) channels')));
    assert.ok(head.notes.some((n) => n.includes('non-maximum suppression')));
  });
});

describe('Darknet: YOLOv3-tiny, YOLOv4, YOLOv4-tiny', () => {
  it("yolov3-tiny at 416: 5.571 BFLOPs (conv 5.565 + maxpool 0.006); layer 11's maxpool 2/1 keeps 13", () => {
    const { m, text } = clean('pjreddie/yolov3-tiny.cfg');
    assert.equal(darknetLayers(text), 24);
    assert.equal(m.layers.length, 46);
    assert.deepEqual(bflops(m), { conv: '5.565', total: '5.571' });
    assert.equal(m.totals.macs, 2_782_480_896);
    // size 2, stride 1, padding 1 (Darknet's default size - 1): (13 + 1 - 2) / 1 + 1 = 13
    assert.deepEqual(layer(m, 'maxpool11').outputs, [[1, 512, 13, 13]]);
    assert.deepEqual(layer(m, 'maxpool1').outputs, [[1, 16, 208, 208]]);
    assert.deepEqual(layer(m, 'yolo16').outputs, [[1, 255, 13, 13]]);
    assert.deepEqual(layer(m, 'yolo23').outputs, [[1, 255, 26, 26]]);
  });

  it('yolov4 at its 608: "Total BFLOPS 128.459" as AlexeyAB prints (conv 128.389, SPP maxpools 0.051, shortcuts 0.018)', () => {
    const { m, text } = clean('AlexeyAB/yolov4.cfg');
    assert.equal(darknetLayers(text), 162);
    assert.deepEqual(bflops(m), { conv: '128.389', total: '128.459' });
    // SPP: maxpool 5, 9, 13 with stride 1 and the default padding size - 1 keep 19 x 19 x 512:
    // (5^2 + 9^2 + 13^2) x 512 x 19^2 = 50,828,800 ops
    const pools = m.layers.filter((l) => l.op === 'darknet_maxpool');
    assert.deepEqual(pools.map((l) => l.outputs[0]), [[1, 512, 19, 19], [1, 512, 19, 19], [1, 512, 19, 19]]);
    assert.equal(pools.reduce((s, l) => s + l.ops, 0), 50_828_800);
    assert.equal(m.layers.filter((l) => l.op === 'mish').length, 72);
    assert.deepEqual(layer(m, 'yolo161').outputs, [[1, 255, 19, 19]]);
    assert.deepEqual(layer(m, 'yolo139').outputs, [[1, 255, 76, 76]]);
  });

  it('yolov4-tiny at 416: 6.910 BFLOPs; route groups=2 group_id=1 takes the second half of the channels', () => {
    const { m, text } = clean('AlexeyAB/yolov4-tiny.cfg');
    assert.equal(darknetLayers(text), 38);
    assert.deepEqual(bflops(m), { conv: '6.908', total: '6.910' });
    // layer 3: [route] layers=-1 groups=2 group_id=1 on conv2's 64 channels at 104 x 104
    const half = layer(m, 'route3');
    assert.equal(half.op, 'slice');
    assert.deepEqual([half.inputs[0], half.outputs[0]], [[1, 64, 104, 104], [1, 32, 104, 104]]);
    assert.equal(half.bytes.input, 32 * 104 * 104 * 4);
    assert.deepEqual(layer(m, 'yolo37').outputs, [[1, 255, 26, 26]]);
  });
});

describe('Darknet: classifiers (pjreddie resnet18, resnet50, alexnet)', () => {
  it('load with no errors; shortcuts between maps of different sizes use Darknet\'s sampled add', () => {
    const r18 = clean('pjreddie/resnet18.cfg').m;
    assert.deepEqual(r18.layers[r18.layers.length - 1].outputs, [[1, 1000, 1, 1]]);
    // layer 10: from = -3 adds layer 7 [64, 64, 64] into conv9's [128, 32, 32]: 64 x 32 x 32 adds
    const s10 = layer(r18, 'shortcut10');
    assert.equal(s10.op, 'darknet_shortcut');
    assert.deepEqual([s10.inputs, s10.outputs, s10.ops], [[[1, 128, 32, 32], [1, 64, 64, 64]], [[1, 128, 32, 32]], 64 * 32 * 32]);
    // 256 x 256: 2 x 2,344,079,360 MACs = 4.688 BFLOPs
    assert.equal(r18.totals.macs, 2_344_079_360);
    assert.equal(bflops(r18).conv, '4.688');
    const r50 = clean('pjreddie/resnet50.cfg').m;
    assert.equal(bflops(r50).conv, '9.741');
    assert.deepEqual(r50.layers[r50.layers.length - 1].outputs, [[1, 1000, 1, 1]]);
  });

  it('alexnet.cfg at 227: conv 55 -> maxpool 27 ... connected 4096, 4096, 1000', () => {
    const { m } = clean('pjreddie/alexnet.cfg');
    assert.deepEqual(layer(m, 'conv0').outputs, [[1, 96, 55, 55]]);
    // maxpool 3/2 padding=0: (55 - 3) / 2 + 1 = 27; conv2 5x5 pad=1 means size/2 = 2: 27
    assert.deepEqual(layer(m, 'maxpool1').outputs, [[1, 96, 27, 27]]);
    assert.deepEqual(layer(m, 'conv2').outputs, [[1, 256, 27, 27]]);
    assert.deepEqual(layer(m, 'maxpool7').outputs, [[1, 256, 6, 6]]);
    assert.deepEqual(layer(m, 'connected8').inputs, [[1, 9216]]);
    assert.deepEqual(layer(m, 'softmax13').outputs, [[1, 1000]]);
    // conv: 96 x 55^2 x 363 + 256 x 27^2 x 2,400 + 384 x 13^2 x 2,304 + 384 x 169 x 3,456 + 256 x 169 x 3,456
    const conv = 96 * 55 * 55 * 363 + 256 * 27 * 27 * 2400 + 384 * 169 * 2304 + 384 * 169 * 3456 + 256 * 169 * 3456;
    const fc = 9216 * 4096 + 4096 * 4096 + 4096 * 1000;
    assert.equal(m.totals.macs, conv + fc);
    assert.equal(bflops(m).conv, '2.153');
  });
});

describe('Darknet: every supported section', () => {
  it('deconvolutional, batchnorm, activation, logistic, normalization, avgpool, scale_channels, sam, reorg, route groups, upsample, elu/selu, connected, softmax, heads', () => {
    const text = [
      '[net]', 'width=16', 'height=16', 'channels=4',
      '[convolutional]', 'filters=8', 'size=3', 'stride=2', 'pad=1', 'batch_normalize=1', 'activation=mish',
      '[deconvolutional]', 'filters=4', 'size=2', 'stride=2', 'activation=linear',
      '[batchnorm]', '[activation]', 'activation=swish', '[logistic]', '[normalization]', 'size=3',
      '[avgpool]', '[scale_channels]', 'from=-2', '[sam]', 'from=-1',
      '[reorg]', 'stride=2', '[route]', 'layers=-2,-3', 'groups=2', 'group_id=0',
      '[upsample]', 'stride=-2', '[upsample]', 'stride=2',
      '[convolutional]', 'filters=3', 'activation=elu', '[convolutional]', 'filters=3', 'activation=selu',
      '[detection]', '[region]', 'classes=1', 'num=5',
      '[connected]', 'output=10', 'batch_normalize=1', 'activation=relu', '[softmax]', 'groups=2', '[dropout]', '[cost]', '[empty]',
    ].join('\n');
    const r = analyzeDarknet(text);
    // listed but not counted (their output shape is known, so the layers after them still count)
    assert.deepEqual(r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]), [['RL309', '[reorg]'], ['RL309', '[upsample]'], ['RL309', 'activation=selu']]);
    const rows = r.models[0].layers.map((l) => [l.name, l.op, l.outputs[0], l.params]);
    assert.deepEqual(rows, [
      ['conv0', 'conv2d', [1, 8, 8, 8], 8 * 4 * 9], ['conv0.bn', 'batchnorm', [1, 8, 8, 8], 16], ['conv0.mish', 'mish', [1, 8, 8, 8], 0],
      ['deconv1', 'conv_transpose2d', [1, 4, 16, 16], 8 * 4 * 4 + 4],
      ['batchnorm2', 'batchnorm', [1, 4, 16, 16], 8], ['activation3.swish', 'silu', [1, 4, 16, 16], 0], ['logistic4', 'sigmoid', [1, 4, 16, 16], 0],
      ['normalization5', 'lrn', [1, 4, 16, 16], 0], ['avgpool6', 'global_avgpool', [1, 4, 1, 1], 0],
      ['scale_channels7', 'mul', [1, 4, 16, 16], 0], ['sam8', 'mul', [1, 4, 16, 16], 0],
      ['reorg9', 'reorg', [1, 16, 8, 8], 0],
      // layers=-2,-3 (sam8 and scale_channels7), groups=2 group_id=0: the first half of each, joined
      ['route10.part0', 'slice', [1, 2, 16, 16], 0], ['route10.part1', 'slice', [1, 2, 16, 16], 0], ['route10', 'concat', [1, 4, 16, 16], 0],
      ['upsample11', 'upsample', [1, 4, 8, 8], 0], ['upsample12', 'upsample', [1, 4, 16, 16], 0],
      ['conv13', 'conv2d', [1, 3, 16, 16], 3 * 4 + 3], ['conv13.elu', 'elu', [1, 3, 16, 16], 0],
      ['conv14', 'conv2d', [1, 3, 16, 16], 3 * 3 + 3], ['conv14.selu', 'selu', [1, 3, 16, 16], 0],
      ['detection15', 'identity', [1, 3, 16, 16], 0], ['region16', 'sigmoid', [1, 3, 16, 16], 0],
      // 768 inputs x 10 (no bias: batch_normalize), then the batch norm's 2 x 10
      ['connected17', 'linear', [1, 10], 7680], ['connected17.bn', 'batchnorm', [1, 10], 20], ['connected17.relu', 'relu', [1, 10], 0],
      ['softmax18', 'softmax', [1, 10], 0], ['dropout19', 'identity', [1, 10], 0], ['cost20', 'identity', [1, 10], 0], ['empty21', 'identity', [1, 10], 0],
    ]);
  });
});

describe('Darknet: errors, located', () => {
  it('a broken file: one diagnostic per problem, at the offending text; the rest is counted', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'broken.cfg'), 'utf8');
    const r = analyzeDarknet(text, { fileName: 'broken.cfg' });
    const at = r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
    assert.deepEqual(at, [
      ['RL703', 'abc'], // filters must be a positive whole number (1 is used)
      ['RL702', 'sparkly'], // unknown activation: ReLU, as Darknet falls back to
      ['RL701', 'this line is wrong'],
      ['RL702', '[frobnicate]'], // unknown section
      ['RL705', '7'], // route to a later layer
    ]);
    const m = r.models[0];
    assert.deepEqual(m.layers.map((l) => [l.name, l.op, l.counted]), [
      ['conv0', 'conv2d', true], ['conv0.leaky', 'leaky_relu', true],
      ['conv1', 'conv2d', true], ['conv1.relu', 'relu', true],
      ['frobnicate2', 'frobnicate', false], ['route3', 'concat', false], ['conv4', 'conv2d', false],
    ]);
    assert.equal(m.totals.complete, false);
  });

  it('an unknown --param is RL209; a missing [net] is RL703 at the first section', () => {
    const r = analyzeDarknet(read('pjreddie/yolov3-tiny.cfg'), { params: { depth: 3 } });
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL209']);
    // An invalid value: one RL209 each (the importers' one check), and the input is unknown.
    const bad = analyzeDarknet(read('pjreddie/yolov3-tiny.cfg'), { params: { batch: -1, height: 2.5 } });
    assert.deepEqual(bad.diagnostics.map((d) => d.message), ["--param batch=-1: 'batch' must be a positive whole number", "--param height=2.5: 'height' must be a positive whole number"]);
    assert.equal(bad.models[0].totals.complete, false);
    const text = '[convolutional]\nfilters=2\n';
    const n = analyzeDarknet(text);
    assert.deepEqual(n.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]), [['RL703', '[convolutional]']]);
  });

  it('no input never throws: other formats, every prefix, corrupted bytes', () => {
    const t = read('AlexeyAB/yolov4.cfg');
    for (let cut = 0; cut < t.length; cut += 1009) assert.equal(analyzeDarknet(t.slice(0, cut)).models.length, 1);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const chars = '[]=,#;-0123456789abc \n';
    for (let k = 0; k < 20; k++) {
      const a = t.split('');
      for (let i = 0; i < 200; i++) a[next() % a.length] = chars[next() % chars.length];
      assert.equal(analyzeDarknet(a.join('')).models.length, 1);
    }
    for (const f of ['caffe/ResNet-50-deploy.prototxt', 'scalesim/GEMM_mnk/gpt2.csv', 'onnx/light/light_squeezenet.onnx']) {
      assert.equal(analyzeDarknet(readModel(f, 'latin1')).models.length, 1);
    }
  });
});
