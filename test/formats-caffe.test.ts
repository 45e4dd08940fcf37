// The Caffe prototxt importer on the real BVLC and KaimingHe files (test/fixtures/models/caffe): no
// diagnostics, the layer counts of the files, the shapes Caffe's own rules give (conv: floor((H + 2p
// - k) / s) + 1; pooling: ceil((H + 2p - k) / s) + 1, less one when the last window starts in the
// padding), and MACs and params derived by hand or from the architecture tables of the papers,
// independently of the converter. Then the parser's and converter's errors, located, on fixtures.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../server/src/core/analyze';
import { analyzeCaffe } from '../server/src/core/formats/caffe/analyzeCaffe';
import { caffePooledLength } from '../server/src/core/formats/caffe/layers';
import { parsePrototxt } from '../server/src/core/formats/caffe/prototxt';
import type { Layer } from '../server/src/core/semantics/model';
import { modelPath, readModel } from './helpers/models';

const MODELS = modelPath('caffe');
const FIXTURES = path.join(__dirname, 'fixtures', 'formats', 'caffe');

function read(file: string): string {
  return fs.readFileSync(path.join(MODELS, file), 'utf8');
}

/** Analyses a file that must give no diagnostic at all and count every layer. */
function clean(file: string, params?: Record<string, number>): { r: FileAnalysis; text: string } {
  const text = read(file);
  const r = analyzeCaffe(text, { fileName: file, params });
  assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  assert.equal(r.models.length, 1);
  assert.equal(r.models[0].totals.complete, true);
  return { r, text };
}

function layer(r: FileAnalysis, name: string): Layer {
  const l = r.models[0].layers.find((x) => x.name === name);
  assert.ok(l, `no layer '${name}'`);
  return l;
}

function sum(layers: Layer[], key: 'macs' | 'params'): number {
  return layers.reduce((s, l) => s + l[key], 0);
}

const numel = (s: number[]): number => s.reduce((a, v) => a * v, 1);

describe('Caffe: the prototxt parser', () => {
  it('keeps offsets for fields, nested messages, strings, numbers, enums and lists', () => {
    const text = 'name: "N" # c\nlayer { type: \'Pooling\' pooling_param < pool: MAX kernel_size: 3 > }\ninput_shape { dim: [1, 3, 8, 8] }\n';
    const p = parsePrototxt(text);
    assert.deepEqual(p.diagnostics, []);
    const [name, layerF, shape] = p.root.fields;
    assert.equal(text.slice(name.span.start, name.span.end), 'name: "N"');
    assert.equal(name.value.kind === 'scalar' && name.value.text, 'N');
    assert.equal(text.slice(layerF.span.start, layerF.span.end), "layer { type: 'Pooling' pooling_param < pool: MAX kernel_size: 3 > }");
    assert.ok(shape.value.kind === 'message');
    assert.deepEqual(shape.value.fields.map((f) => f.value.kind === 'scalar' && f.value.text), ['1', '3', '8', '8']);
  });

  it('reports each syntax error once, located, and goes on', () => {
    const text = 'a: 1\nb {\n  c: }\n  d 2\n}\n} e: "x\nf { g: 3\n';
    const p = parsePrototxt(text);
    const at = p.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
    assert.deepEqual(at, [
      ['RL701', '"x'], // unterminated string (the lexer's)
      ['RL701', '}'], // c: has no value (the '}' then closes b)
      ['RL701', '2'], // d without ':' or '{' (d: 2 is kept)
      ['RL701', '}'], // closes nothing
      ['RL701', '}'], // closes nothing
      ['RL701', '{'], // f { is not closed
    ]);
    assert.deepEqual(p.root.fields.map((f) => f.name), ['a', 'b', 'd', 'e', 'f']);
  });

  it('never throws, and stops at the nesting limit', () => {
    const deep = 'a {'.repeat(100_000);
    const p = parsePrototxt(deep);
    // One error at the limit (the rest is not read), and one for each message left open.
    assert.match(p.diagnostics[0].message, /nested more than 200 deep: the rest of the file is not read/);
    assert.equal(p.diagnostics.length, 1 + 200);
  });
});

describe("Caffe: pooling follows Caffe's rounding", () => {
  it('rounds up, and drops a last window that starts in the padding', () => {
    // ceil((112 - 3) / 2) + 1 = ceil(54.5) + 1 = 56 (GoogLeNet pool1, ResNet-50 pool1)
    assert.equal(caffePooledLength(112, 3, 2, 0, true), 56);
    // H 5, k 2, s 2, p 1: ceil(5 / 2) + 1 = 4, but window 4 would start at 3 x 2 = 6 >= 5 + 1: 3
    assert.equal(caffePooledLength(5, 2, 2, 1, true), 3);
    // round_mode FLOOR: floor((13 - 3) / 2) + 1 = 6
    assert.equal(caffePooledLength(13, 3, 2, 0, false), 6);
  });
});

describe('Caffe: LeNet (examples/mnist/lenet.prototxt)', () => {
  it('8 layers; shapes and counts at batch 64', () => {
    const { r } = clean('lenet.prototxt');
    const m = r.models[0];
    assert.deepEqual(m.layers.map((l) => l.name), ['conv1', 'pool1', 'conv2', 'pool2', 'ip1', 'relu1', 'ip2', 'prob']);
    assert.deepEqual(m.inputs.map((i) => [i.name, i.shape]), [['data', [64, 1, 28, 28]]]);
    // conv1 5x5: 28 - 5 + 1 = 24; pool 2/2: 12; conv2: 8; pool: 4; ip1 reads 50 x 4 x 4 = 800
    assert.deepEqual(layer(r, 'conv1').outputs, [[64, 20, 24, 24]]);
    assert.deepEqual(layer(r, 'pool2').outputs, [[64, 50, 4, 4]]);
    assert.deepEqual(layer(r, 'ip1').inputs, [[64, 800]]);
    assert.deepEqual(layer(r, 'prob').outputs, [[64, 10]]);
    // MACs an image: 20 x 24 x 24 x 25 = 288,000; 50 x 8 x 8 x 20 x 25 = 1,600,000; 800 x 500 = 400,000;
    // 500 x 10 = 5,000: 2,293,000, x 64 = 146,752,000.
    assert.equal(m.totals.macs, 146_752_000);
    // params: 20 x 25 + 20 = 520; 50 x 500 + 50 = 25,050; 800 x 500 + 500 = 400,500; 5,010: 431,080
    assert.equal(m.totals.params, 431_080);
  });
});

describe('Caffe: AlexNet (models/bvlc_alexnet/deploy.prototxt)', () => {
  it('23 layers (24 blocks less the Input); the top shapes Caffe prints at batch 10', () => {
    const { r } = clean('bvlc_alexnet/deploy.prototxt');
    assert.equal(r.models[0].layers.length, 23);
    // Caffe: "Top shape: 10 96 55 55 (2904000)": (227 - 11) / 4 + 1 = 55
    const conv1 = layer(r, 'conv1').outputs[0]!;
    assert.deepEqual(conv1, [10, 96, 55, 55]);
    assert.equal(numel(conv1), 2_904_000);
    // pool1: ceil((55 - 3) / 2) + 1 = 27; conv2 pad 2, 5x5: 27; pool2: 13; conv3..5: 13; pool5: 6
    const shapes: [string, number[]][] = [['pool1', [10, 96, 27, 27]], ['conv2', [10, 256, 27, 27]], ['pool2', [10, 256, 13, 13]], ['conv5', [10, 256, 13, 13]], ['pool5', [10, 256, 6, 6]], ['fc6', [10, 4096]], ['prob', [10, 1000]]];
    for (const [name, shape] of shapes) assert.deepEqual(layer(r, name).outputs, [shape], name);
    assert.deepEqual(layer(r, 'fc6').inputs, [[10, 9216]]);
    // relu1 runs in place on conv1 and norm1 reads its output, in file order
    assert.deepEqual(layer(r, 'relu1').producers, [layer(r, 'conv1').index]);
    assert.deepEqual(layer(r, 'norm1').producers, [layer(r, 'relu1').index]);
  });

  it('724,406,816 MACs and 60,965,224 params an image (groups of 2 in conv2, conv4, conv5)', () => {
    const { r } = clean('bvlc_alexnet/deploy.prototxt', { batch: 1 });
    const m = r.models[0];
    // conv1 96 x 55^2 x 3 x 121 = 105,415,200; conv2 256 x 27^2 x 48 x 25 = 223,948,800;
    // conv3 384 x 13^2 x 256 x 9 = 149,520,384; conv4 384 x 169 x 192 x 9 = 112,140,288;
    // conv5 256 x 169 x 192 x 9 = 74,760,192; fc6 9,216 x 4,096 = 37,748,736; fc7 16,777,216; fc8 4,096,000
    const macs = [105_415_200, 223_948_800, 149_520_384, 112_140_288, 74_760_192, 37_748_736, 16_777_216, 4_096_000];
    assert.deepEqual(['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'fc6', 'fc7', 'fc8'].map((n) => layer(r, n).macs), macs);
    assert.equal(m.totals.macs, 724_406_816);
    // weights + biases: 34,944 + 307,456 + 885,120 + 663,936 + 442,624 + 37,752,832 + 16,781,312 + 4,097,000
    assert.equal(m.totals.params, 60_965_224);
    assert.deepEqual(m.params.map((p) => [p.name, p.value, p.overridden]), [['batch', 1, true]]);
  });

  it("the batch is a parameter at the Input layer's first dim; spans cover each layer block", () => {
    const { r, text } = clean('bvlc_alexnet/deploy.prototxt');
    const m = r.models[0];
    const batch = m.params[0];
    assert.deepEqual([batch.name, batch.value, batch.overridden], ['batch', 10, false]);
    assert.equal(text.slice(batch.span.start, batch.span.end), '10');
    assert.ok(text.slice(batch.span.start - 5, batch.span.end).startsWith('dim: 10'));
    assert.equal(text.slice(m.nameSpan.start, m.nameSpan.end), '"AlexNet"');
    const conv1 = layer(r, 'conv1');
    const block = text.slice(conv1.span.start, conv1.span.end);
    assert.ok(block.startsWith('layer {') && block.endsWith('}') && block.includes('name: "conv1"') && !block.includes('relu1'));
    assert.equal(text.slice(conv1.statement.start, conv1.statement.end), 'layer {');
    for (const l of m.layers) assert.equal(text.slice(l.statement.start, l.statement.end), 'layer {', l.name);
  });
});

/** MACs and params of an inception module from Table 1 of Szegedy et al. (2015), on an h x h map. */
function inception(h: number, cin: number, [c1, r3, c3, r5, c5, pp]: number[]): { macs: number; params: number } {
  const convs: [number, number, number][] = [[cin, c1, 1], [cin, r3, 1], [r3, c3, 3], [cin, r5, 1], [r5, c5, 5], [cin, pp, 1]];
  return {
    macs: convs.reduce((s, [i, o, k]) => s + h * h * o * i * k * k, 0),
    params: convs.reduce((s, [i, o, k]) => s + o * i * k * k + o, 0),
  };
}

describe('Caffe: GoogLeNet (models/bvlc_googlenet/deploy.prototxt)', () => {
  const TABLE1: [string, number, number, number[]][] = [
    // name, map size, input channels, #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj
    ['inception_3a', 28, 192, [64, 96, 128, 16, 32, 32]],
    ['inception_3b', 28, 256, [128, 128, 192, 32, 96, 64]],
    ['inception_4a', 14, 480, [192, 96, 208, 16, 48, 64]],
    ['inception_4b', 14, 512, [160, 112, 224, 24, 64, 64]],
    ['inception_4c', 14, 512, [128, 128, 256, 24, 64, 64]],
    ['inception_4d', 14, 512, [112, 144, 288, 32, 64, 64]],
    ['inception_4e', 14, 528, [256, 160, 320, 32, 128, 128]],
    ['inception_5a', 7, 832, [256, 160, 320, 32, 128, 128]],
    ['inception_5b', 7, 832, [384, 192, 384, 48, 128, 128]],
  ];

  it('142 layers; inception outputs 256, 480, 512, 512, 512, 528, 832, 832, 1024 channels', () => {
    const { r } = clean('bvlc_googlenet/deploy.prototxt');
    assert.equal(r.models[0].layers.length, 142);
    // conv1 7x7/2 pad 3: (224 + 6 - 7) / 2 + 1 = 112; pool1 3/2: ceil(109 / 2) + 1 = 56; pool2: 28;
    // pool3: ceil((28 - 3) / 2) + 1 = 14; pool4: 7; pool5 7x7/1: 1
    const expect: [string, number[]][] = [
      ['conv1/7x7_s2', [10, 64, 112, 112]], ['pool1/3x3_s2', [10, 64, 56, 56]], ['conv2/3x3', [10, 192, 56, 56]], ['pool2/3x3_s2', [10, 192, 28, 28]],
      ['inception_3a/output', [10, 256, 28, 28]], ['inception_3b/output', [10, 480, 28, 28]], ['pool3/3x3_s2', [10, 480, 14, 14]],
      ['inception_4a/output', [10, 512, 14, 14]], ['inception_4d/output', [10, 528, 14, 14]], ['inception_4e/output', [10, 832, 14, 14]],
      ['pool4/3x3_s2', [10, 832, 7, 7]], ['inception_5a/output', [10, 832, 7, 7]], ['inception_5b/output', [10, 1024, 7, 7]],
      ['pool5/7x7_s1', [10, 1024, 1, 1]], ['loss3/classifier', [10, 1000]], ['prob', [10, 1000]],
    ];
    for (const [name, shape] of expect) assert.deepEqual(layer(r, name).outputs, [shape], name);
    // the inception pool branch: 3x3/1 pad 1 keeps 28: ceil((28 + 2 - 3) / 1) + 1 = 28
    assert.deepEqual(layer(r, 'inception_3a/pool').outputs, [[10, 192, 28, 28]]);
  });

  it("each inception module's MACs and params follow Table 1 of the paper; 1,582,671,872 MACs an image", () => {
    const { r } = clean('bvlc_googlenet/deploy.prototxt', { batch: 1 });
    const m = r.models[0];
    const of = (prefix: string) => m.layers.filter((l) => l.name.startsWith(`${prefix}/`));
    for (const [name, h, cin, cols] of TABLE1) {
      const want = inception(h, cin, cols);
      assert.equal(sum(of(name), 'macs'), want.macs, `${name} MACs`);
      assert.equal(sum(of(name), 'params'), want.params, `${name} params`);
    }
    // 3a by hand: 784 x (192 x 64 + 192 x 96 + 96 x 128 x 9 + 192 x 16 + 16 x 32 x 25 + 192 x 32) = 128,049,152
    // (Table 1: 128M). The paper's ops column: 118M, 360M, 128M, 304M, 73M, 88M, 100M, 119M, 170M,
    // 54M, 71M, 1M; 5a computes to 51.1M from the paper's own columns.
    assert.equal(sum(of('inception_3a'), 'macs'), 128_049_152);
    // conv1: 112^2 x 64 x 3 x 49 = 118,013,952; conv2: 56^2 x (64 x 64 + 192 x 64 x 9) = 359,661,568
    assert.equal(sum(of('conv1'), 'macs'), 118_013_952);
    assert.equal(sum(of('conv2'), 'macs'), 359_661_568);
    const stem = 118_013_952 + 359_661_568;
    const modules = TABLE1.reduce((s, [, h, cin, cols]) => s + inception(h, cin, cols).macs, 0);
    assert.equal(m.totals.macs, stem + modules + 1024 * 1000);
    assert.equal(m.totals.macs, 1_582_671_872);
    // params: conv1 64 x 147 + 64 = 9,472; conv2 4,160 + 110,784; the modules; classifier 1,025,000
    const params = 9472 + 4160 + 110_784 + TABLE1.reduce((s, [, h, cin, cols]) => s + inception(h, cin, cols).params, 0) + 1_025_000;
    assert.equal(m.totals.params, params);
    assert.equal(m.totals.params, 6_998_552);
  });
});

describe('Caffe: ResNet-50 (KaimingHe/deep-residual-networks, legacy input header)', () => {
  /** Conv MACs and params of ResNet-50 v1 as the paper draws it: the stride on the first 1x1 of a stage. */
  function resnet50v1(): { macs: number; params: number; bnChannels: number } {
    let macs = 112 * 112 * 64 * 3 * 49; // conv1 7x7/2 -> 112
    let params = 64 * 3 * 49 + 64; // conv1 has a bias (no bias_term: false)
    let bnChannels = 64;
    let [h, cin] = [56, 64]; // pool1: ceil((112 - 3) / 2) + 1 = 56
    for (const [n, mid, out, stride] of [[3, 64, 256, 1], [4, 128, 512, 2], [6, 256, 1024, 2], [3, 512, 2048, 2]]) {
      for (let b = 0; b < n; b++) {
        const ho = b === 0 ? h / stride : h;
        if (b === 0) {
          macs += ho * ho * out * cin;
          params += out * cin;
          bnChannels += out;
        }
        macs += ho * ho * (mid * cin + mid * mid * 9 + out * mid);
        params += mid * cin + mid * mid * 9 + out * mid;
        bnChannels += mid + mid + out;
        [h, cin] = [ho, out];
      }
    }
    return { macs, params, bnChannels };
  }

  it('228 layers; input [1, 3, 224, 224] from input: + input_dim x4; final [1, 1000]', () => {
    const { r, text } = clean('ResNet-50-deploy.prototxt');
    const m = r.models[0];
    assert.equal(m.layers.length, 228); // 53 conv + 53 BatchNorm + 53 Scale + 49 ReLU + 16 Eltwise + 2 Pooling + fc + prob
    assert.deepEqual(m.inputs.map((i) => [i.name, i.shape]), [['data', [1, 3, 224, 224]]]);
    assert.equal(text.slice(m.inputs[0].span.start, m.inputs[0].span.end), '"data"');
    const batch = m.params[0];
    assert.equal(text.slice(batch.span.start - 'input_dim: '.length, batch.span.end), 'input_dim: 1');
    const expect: [string, number[]][] = [['conv1', [1, 64, 112, 112]], ['pool1', [1, 64, 56, 56]], ['res2c', [1, 256, 56, 56]], ['res3a_branch2a', [1, 128, 28, 28]], ['res4f', [1, 1024, 14, 14]], ['res5c', [1, 2048, 7, 7]], ['pool5', [1, 2048, 1, 1]], ['fc1000', [1, 1000]], ['prob', [1, 1000]]];
    for (const [name, shape] of expect) assert.deepEqual(layer(r, name).outputs, [shape], name);
  });

  it('in-place BatchNorm, Scale and ReLU run in file order on the same blob', () => {
    const { r } = clean('ResNet-50-deploy.prototxt');
    const chain = ['conv1', 'bn_conv1', 'scale_conv1', 'conv1_relu', 'pool1'].map((n) => layer(r, n));
    for (let i = 1; i < chain.length; i++) assert.deepEqual(chain[i].producers, [chain[i - 1].index], chain[i].name);
    // the residual sum reads the projection branch (after its Scale) and the main branch
    assert.deepEqual(layer(r, 'res2a').producers.sort((a, b) => a - b), [layer(r, 'scale2a_branch1').index, layer(r, 'scale2a_branch2c').index].sort((a, b) => a - b));
    assert.equal(layer(r, 'res2a').op, 'add');
  });

  it('conv MACs 3,855,925,248 (stride on the first 1x1: not torchvision); params 25,557,096', () => {
    const { r } = clean('ResNet-50-deploy.prototxt');
    const m = r.models[0];
    const want = resnet50v1();
    const convs = m.layers.filter((l) => l.op === 'conv2d');
    assert.equal(convs.length, 53);
    assert.equal(sum(convs, 'macs'), want.macs);
    assert.equal(want.macs, 3_855_925_248);
    // + fc1000 2,048 x 1,000 = 2,048,000 -> 3,857,973,248 (torchvision's v1.5, with the stride on the
    // 3x3, has 4,089,184,256: a 2-D stride on a 1x1 skips three quarters of the 3x3's positions)
    assert.equal(m.totals.macs, 3_857_973_248);
    // BatchNorm: running statistics only, 0 params; Scale (bias_term: true): 2C; so the learnable
    // params are torchvision's 25,557,032 plus conv1's bias (64)
    for (const l of m.layers.filter((x) => x.op === 'batchnorm')) assert.equal(l.params, 0, l.name);
    assert.equal(sum(m.layers.filter((x) => x.op === 'scale'), 'params'), 2 * want.bnChannels);
    assert.equal(m.totals.params, want.params + 2 * want.bnChannels + 2048 * 1000 + 1000);
    assert.equal(m.totals.params, 25_557_032 + 64);
  });

  it('--param batch=8 scales every count', () => {
    const one = clean('ResNet-50-deploy.prototxt').r.models[0];
    const eight = clean('ResNet-50-deploy.prototxt', { batch: 8 }).r.models[0];
    assert.deepEqual(eight.inputs[0].shape, [8, 3, 224, 224]);
    assert.equal(eight.totals.macs, 8 * one.totals.macs);
    assert.equal(eight.totals.params, one.totals.params);
  });
});

describe('Caffe: every supported layer type', () => {
  it('activations, Eltwise MAX/PROD chains, Split, Concat, Slice, global pooling, Deconvolution, Flatten, Reshape, two-blob Scale, V1 layers', () => {
    const text = [
      'input: "x"',
      'input_shape { dim: 1 dim: 4 dim: 6 dim: 6 }',
      'layer { name: "e" type: "ELU" bottom: "x" top: "e" }',
      'layer { name: "p" type: "PReLU" bottom: "e" top: "p" }',
      'layer { name: "a" type: "AbsVal" bottom: "p" top: "a" }',
      'layer { name: "b" type: "BNLL" bottom: "a" top: "b" }',
      'layer { name: "pw" type: "Power" bottom: "b" top: "pw" }',
      'layer { name: "lr" type: "ReLU" bottom: "pw" top: "lr" relu_param { negative_slope: 0.1 } }',
      'layer { name: "mx" type: "Eltwise" bottom: "lr" bottom: "x" bottom: "e" top: "mx" eltwise_param { operation: MAX } }',
      'layer { name: "pr" type: "Eltwise" bottom: "mx" bottom: "x" top: "pr" eltwise_param { operation: PROD } }',
      'layer { name: "sp" type: "Split" bottom: "pr" top: "s1" top: "s2" }',
      'layer { name: "cat" type: "Concat" bottom: "s1" bottom: "s2" top: "cat" }',
      'layer { name: "sl" type: "Slice" bottom: "cat" top: "h1" top: "h2" slice_param { slice_point: 3 } }',
      'layer { name: "gp" type: "Pooling" bottom: "h2" top: "gp" pooling_param { pool: AVE global_pooling: true } }',
      'layer { name: "gm" type: "Pooling" bottom: "h1" top: "gm" pooling_param { pool: MAX global_pooling: true } }',
      'layer { name: "st" type: "Pooling" bottom: "h1" top: "st" pooling_param { pool: STOCHASTIC kernel_size: 2 stride: 2 } }',
      'layer { name: "dc" type: "Deconvolution" bottom: "h1" top: "dc" convolution_param { num_output: 2 kernel_size: 4 stride: 2 pad: 1 bias_term: false } }',
      'layer { name: "fl" type: "Flatten" bottom: "dc" top: "fl" }',
      'layer { name: "rs" type: "Reshape" bottom: "fl" top: "rs" reshape_param { shape { dim: 0 dim: 2 dim: -1 } } }',
      'layer { name: "sc" type: "Scale" bottom: "h1" bottom: "gm" top: "sc" scale_param { axis: 0 } }',
      'layers { name: "v1" type: RELU bottom: "sc" top: "v1" }',
      'layer { name: "cl" type: "Clip" bottom: "v1" top: "cl" clip_param { min: 0 max: 6 } }',
    ].join('\n');
    const r = analyzeCaffe(text);
    // Power has no table entry: listed, not counted (RL309), its output keeps the shape so the rest counts
    assert.deepEqual(r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]), [['RL309', 'name: "pw"']]);
    const rows = r.models[0].layers.map((l) => [l.name, l.op, l.outputs[0], l.ops, l.params]);
    const e = 4 * 36; // elements of [1, 4, 6, 6]
    assert.deepEqual(rows, [
      ['e', 'elu', [1, 4, 6, 6], e, 0],
      ['p', 'prelu', [1, 4, 6, 6], e, 4], // one slope per channel (channel_shared: false)
      ['a', 'abs', [1, 4, 6, 6], e, 0],
      ['b', 'softplus', [1, 4, 6, 6], e, 0], // BNLL = log(1 + e^x)
      ['pw', 'Power', [1, 4, 6, 6], 0, 0],
      ['lr', 'leaky_relu', [1, 4, 6, 6], e, 0], // ReLU with negative_slope
      ['mx', 'maximum', [1, 4, 6, 6], e, 0], // three bottoms: a chain of two
      ['mx.2', 'maximum', [1, 4, 6, 6], e, 0],
      ['pr', 'mul', [1, 4, 6, 6], e, 0],
      ['sp', 'identity', [1, 4, 6, 6], 0, 0],
      ['cat', 'concat', [1, 8, 6, 6], 0, 0],
      ['sl', 'split', [1, 3, 6, 6], 0, 0], // slice_point 3: 3 and 5 channels
      ['gp', 'global_avgpool', [1, 5, 1, 1], 5 * 36, 0],
      ['gm', 'global_maxpool', [1, 3, 1, 1], 3 * 36, 0],
      ['st', 'avgpool', [1, 3, 3, 3], 27 * 4, 0],
      // (6 - 1) x 2 - 2 + 4 = 12; MACs = 3 x 36 x 2 x 16 = 3,456; params 3 x 2 x 16 = 96
      ['dc', 'conv_transpose2d', [1, 2, 12, 12], 6912, 96],
      ['fl', 'flatten', [1, 288], 0, 0],
      ['rs', 'reshape', [1, 2, 144], 0, 0], // 0 copies dimension 0, -1 is inferred
      ['sc', 'mul', [1, 3, 6, 6], 108, 0], // the scale is the second blob [1, 3, 1, 1]
      ['v1', 'relu', [1, 3, 6, 6], 108, 0], // V1 `layers { type: RELU }`
      ['cl', 'clip', [1, 3, 6, 6], 108, 0],
    ]);
    assert.deepEqual(r.models[0].layers.find((l) => l.name === 'sl')?.outputs, [[1, 3, 6, 6], [1, 5, 6, 6]]);
  });
});

describe('Caffe: errors, located', () => {
  it('a broken file: one diagnostic per problem, at the offending text; the rest is counted', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'broken.prototxt'), 'utf8');
    const r = analyzeCaffe(text, { fileName: 'broken.prototxt' });
    const at = r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
    assert.deepEqual(at, [
      ['RL703', '"three"'], // kernel_size must be a positive whole number
      ['RL702', 'name: "weird"'], // unknown layer type 'Frobnicate'
      ['RL705', '"nothing"'], // bottom of no earlier layer
      ['RL701', '='], // unexpected character
      ['RL701', '{'], // the last layer { is not closed
    ]);
    assert.ok(r.diagnostics[1].message.includes("'Frobnicate'"));
    const m = r.models[0];
    assert.deepEqual(m.layers.map((l) => [l.name, l.counted]), [['conv1', false], ['weird', false], ['relu', false], ['conv2', true], ['pool', true], ['tail', true]]);
    assert.deepEqual(layer(r, 'pool').outputs, [[1, 4, 16, 16]]);
    assert.equal(m.totals.complete, false);
  });

  it('a shape error of the operator table is put on the layer name, not the whole block', () => {
    const text = 'input: "x"\ninput_dim: 1\ninput_dim: 3\ninput_dim: 4\ninput_dim: 4\nlayer {\n  name: "c"\n  type: "Convolution"\n  bottom: "x"\n  top: "c"\n  convolution_param { num_output: 2 kernel_size: 7 }\n}\n';
    const r = analyzeCaffe(text);
    assert.deepEqual(r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]), [['RL305', 'name: "c"']]);
    assert.ok(r.diagnostics[0].message.includes('[1, 3, 4, 4]'));
  });

  it('an unknown --param is RL209; training layers are left out with a note', () => {
    const text = 'input: "x"\ninput_shape { dim: 2 dim: 5 }\nlayer { name: "fc" type: "InnerProduct" bottom: "x" top: "fc" inner_product_param { num_output: 3 } }\nlayer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" top: "loss" }\nlayer { name: "t" type: "ReLU" bottom: "fc" top: "fc" include { phase: TRAIN } }\n';
    const r = analyzeCaffe(text, { params: { width: 3 } });
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL209', 'RL706']);
    assert.deepEqual(r.models[0].layers.map((l) => l.name), ['fc']);
    assert.equal(r.models[0].totals.macs, 2 * 5 * 3);
  });

  it('no input never throws: every real file of another format and every prefix of a prototxt', () => {
    const texts = [read('bvlc_googlenet/deploy.prototxt'), read('ResNet-50-deploy.prototxt')];
    for (const t of texts) {
      for (let cut = 0; cut < t.length; cut += 1499) assert.ok(analyzeCaffe(t.slice(0, cut)).models.length === 1);
    }
    for (const f of ['darknet/pjreddie/yolov3.cfg', 'scalesim/conv_nets/Resnet50.csv', 'onnx/light/light_bvlc_alexnet.onnx']) {
      const r = analyzeCaffe(readModel(f, 'latin1'));
      assert.equal(r.models.length, 1);
    }
  });
});
