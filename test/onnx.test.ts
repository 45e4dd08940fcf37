// Reference results of the ONNX importer on the nine real files of test/fixtures/models/onnx/light/ (the
// legacy model zoo's architectures, IR 3, opset 9, weights replaced by ConstantOfShape nodes): no
// diagnostics at all; MACs (conv + gemm) and learnable parameters computed by hand in the comments
// or by small independent functions from the published architectures; layer counts, and shapes.
// Shapes follow ONNX's rules (floor rounding unless the file pads for it), so some differ from the
// Caffe originals: these files declare 224 x 224 inputs, where Caffe's AlexNet used 227.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../server/src/core/analyze';
import { analyzeOnnx } from '../server/src/core/formats/onnx/index';
import { MAC_CATEGORIES, operator } from '../server/src/core/ops/table';
import type { Layer, ModelResult } from '../server/src/core/semantics/model';
import { modelPath } from './helpers/models';

const DIR = modelPath('onnx/light');
const FILES = ['light_bvlc_alexnet', 'light_densenet121', 'light_inception_v1', 'light_inception_v2', 'light_resnet50', 'light_shufflenet', 'light_squeezenet', 'light_vgg19', 'light_zfnet512'];

function bytesOf(name: string): Uint8Array {
  return fs.readFileSync(path.join(DIR, `${name}.onnx`));
}

const cache = new Map<string, FileAnalysis>();
function analysis(name: string): FileAnalysis {
  let r = cache.get(name);
  if (!r) {
    r = analyzeOnnx(bytesOf(name), { fileName: `${name}.onnx` });
    cache.set(name, r);
  }
  return r;
}

function model(name: string): ModelResult {
  const m = analysis(name).models[0];
  assert.ok(m, `${name}: no model`);
  return m;
}

/** MACs of conv and gemm layers only (the torchvision / fvcore convention). */
function convGemmMacs(m: ModelResult): number {
  return m.layers.filter((l) => MAC_CATEGORIES.has(operator(l.op)?.category ?? '')).reduce((s, l) => s + l.macs, 0);
}

/** Layer counts by operator. */
function opCounts(m: ModelResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of m.layers) out[l.op] = (out[l.op] ?? 0) + 1;
  return out;
}

function layer(m: ModelResult, name: string): Layer {
  const l = m.layers.find((x) => x.name === name);
  assert.ok(l, `no layer ${name}`);
  return l;
}

function outputsOf(m: ModelResult, op: string): number[][] {
  return m.layers.filter((l) => l.op === op).map((l) => l.outputs[0] ?? []);
}

describe('ONNX light models: every file analyses cleanly', () => {
  for (const name of FILES) {
    it(`${name}: no diagnostics, every layer counted, fp32 from the weights`, () => {
      const r = analysis(name);
      assert.deepEqual(r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`), []);
      const m = model(name);
      assert.equal(m.totals.complete, true);
      assert.equal(m.totals.uncounted, 0);
      assert.ok(m.layers.every((l) => l.counted && l.precision === 'fp32'));
      assert.equal(r.text, '');
    });
  }
});

describe('ONNX light_resnet50', () => {
  it('4,089,184,256 conv + gemm MACs (torchvision ResNet-50, stride on the 3x3)', () => {
    // conv1 7x7/2 3->64 at 112x112: 12,544 x 64 x 147 = 118,013,952
    // layer1 (56x56): block 1 = 1x1 64->64 12,845,056 + 3x3 64->64 115,605,504 + 1x1 64->256 51,380,224
    //   + shortcut 64->256 51,380,224 = 231,211,008; blocks 2-3: 51,380,224 + 115,605,504 + 51,380,224
    //   = 218,365,952 each -> 667,942,912
    // layer2 (28x28): block 1 = 1x1 256->128 at 56: 102,760,448 + 3x3/2 128->128 115,605,504
    //   + 1x1 128->512 51,380,224 + shortcut/2 256->512 102,760,448 = 372,506,624; blocks 2-4:
    //   218,365,952 each -> 1,027,604,480
    // layer3 (14x14): 372,506,624 + 5 x 218,365,952 = 1,464,336,384
    // layer4 (7x7): 372,506,624 + 2 x 218,365,952 = 809,238,528
    // fc 2,048 x 1,000 = 2,048,000
    // total 118,013,952 + 667,942,912 + 1,027,604,480 + 1,464,336,384 + 809,238,528 + 2,048,000
    const m = model('light_resnet50');
    assert.equal(convGemmMacs(m), 4_089_184_256);
    assert.equal(m.totals.macs, 4_089_184_256);
  });

  it('25,557,032 learnable parameters: batch norms count 2C, not their running statistics', () => {
    // conv weights: conv1 9,408; layer1 73,728 + 2 x 69,632 = 212,992; layer2 376,832 + 3 x 278,528
    //   = 1,212,416; layer3 1,507,328 + 5 x 1,114,112 = 7,077,888; layer4 6,029,312 + 2 x 4,456,448
    //   = 14,942,208; sum 23,454,912
    // batch norms 2C: 128 + 2,816 + 7,168 + 20,480 + 22,528 = 53,120; fc 2,048 x 1,000 + 1,000 = 2,049,000
    // 23,454,912 + 53,120 + 2,049,000 = 25,557,032
    const m = model('light_resnet50');
    assert.equal(m.totals.params, 25_557_032);
    for (const l of m.layers.filter((x) => x.op === 'batchnorm')) {
      const c = (l.outputs[0] as number[])[1];
      assert.equal(l.params, 2 * c, `${l.name}: 2C learnable`);
      // the running mean and variance are still read: 4C weights of 4 bytes
      assert.equal(l.bytes.weight, 4 * c * 4);
    }
  });

  it('176 layers: 53 conv, 53 batch norm, 49 relu, 16 residual adds (Sum), pools, the classifier', () => {
    // 415 nodes = 239 ConstantOfShape (weights, folded: no layer) + 176 layers
    assert.deepEqual(opCounts(model('light_resnet50')), { conv2d: 53, batchnorm: 53, relu: 49, maxpool: 1, add: 16, avgpool: 1, reshape: 1, linear: 1, softmax: 1 });
    const m = model('light_resnet50');
    assert.deepEqual(layer(m, 'n0').outputs, [[1, 64, 112, 112]]);
    assert.deepEqual(layer(m, 'n3').outputs, [[1, 64, 56, 56]]);
    assert.deepEqual(layer(m, 'n172').outputs, [[1, 2048, 1, 1]]);
    assert.deepEqual(layer(m, 'n174').outputs, [[1, 1000]]);
    assert.deepEqual(m.inputs.map((i) => [i.name, i.shape]), [['gpu_0/data_0', [1, 3, 224, 224]]]);
  });
});

describe('ONNX light_bvlc_alexnet (Caffe AlexNet: grouped convolutions)', () => {
  it('the file declares a 224 x 224 input: conv1 [1, 96, 54, 54], 654,560,384 MACs, 60,965,224 params', () => {
    // conv1 11x11/4: (224 - 11) / 4 + 1 = 54 -> 2,916 x 96 x 363 = 101,616,768
    // pool 3/2 -> 26; conv2 5x5 groups 2 (48 inputs each): 676 x 256 x 48 x 25 = 207,667,200
    // pool -> 12; conv3 144 x 384 x 256 x 9 = 127,401,984; conv4 (groups 2) 144 x 384 x 192 x 9 = 95,551,488;
    // conv5 (groups 2) 144 x 256 x 192 x 9 = 63,700,992; pool with pads [0,0,1,1] -> 6
    // fc6 9,216 x 4,096 = 37,748,736; fc7 16,777,216; fc8 4,096,000
    // total 654,560,384
    const m = model('light_bvlc_alexnet');
    assert.deepEqual(outputsOf(m, 'conv2d'), [[1, 96, 54, 54], [1, 256, 26, 26], [1, 384, 12, 12], [1, 384, 12, 12], [1, 256, 12, 12]]);
    assert.equal(convGemmMacs(m), 654_560_384);
    // conv 34,944 + 307,456 + 885,120 + 663,936 + 442,624; fc 37,752,832 + 16,781,312 + 4,097,000
    assert.equal(m.totals.params, 60_965_224);
    // 40 nodes - 16 ConstantOfShape = 24 layers; both Dropouts are identity views
    assert.deepEqual(opCounts(m), { conv2d: 5, relu: 7, lrn: 2, maxpool: 3, reshape: 1, linear: 3, identity: 2, softmax: 1 });
    // the last pool's pads [0, 0, 1, 1] are Caffe's ceil rounding: counted as a ceil-mode pool
    assert.deepEqual(layer(m, 'n14').outputs, [[1, 256, 6, 6]]);
    assert.ok(layer(m, 'n14').notes.some((n) => n.includes('ceil-mode')));
  });

  it("with Caffe's 227 x 227 input (patched into the file's bytes): conv1 [1, 96, 55, 55], 724,406,816 MACs", () => {
    // 224 and 227 are both two-byte varints (0xE0 0x01, 0xE3 0x01): patch the input's two spatial dims
    const bytes = Uint8Array.from(bytesOf('light_bvlc_alexnet'));
    const name = new TextEncoder().encode('data_0');
    let patched = 0;
    // dim_value fields (tag 0x08) holding 224, after the graph input's name (its last occurrence:
    // GraphProto's inputs, field 11, come after its nodes and initializers)
    for (let i = lastIndexOf(bytes, name); i + 2 < bytes.length && patched < 2; i++) {
      if (bytes[i] === 0x08 && bytes[i + 1] === 0xe0 && bytes[i + 2] === 0x01) {
        bytes[i + 1] = 0xe3;
        patched++;
      }
    }
    assert.equal(patched, 2);
    const m = analyzeOnnx(bytes).models[0];
    // conv1 (227 - 11) / 4 + 1 = 55: 3,025 x 34,848 = 105,415,200; pool -> 27: conv2 729 x 307,200
    // = 223,948,800; pool -> 13: conv3 169 x 884,736 = 149,520,384, conv4 169 x 663,552 = 112,140,288,
    // conv5 169 x 442,368 = 74,760,192; pool with pads [0,0,1,1]: (13 + 1 - 3) / 2 + 1 = 6; fc 58,621,952
    assert.deepEqual(outputsOf(m, 'conv2d')[0], [1, 96, 55, 55]);
    assert.deepEqual(outputsOf(m, 'maxpool'), [[1, 96, 27, 27], [1, 256, 13, 13], [1, 256, 6, 6]]);
    assert.equal(convGemmMacs(m), 724_406_816);
  });
});

function lastIndexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = hay.length - needle.length; i >= 0; i--) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('ONNX light_vgg19', () => {
  it('19,632,062,464 MACs and 143,667,240 params (torchvision VGG-19)', () => {
    // block1 (224): 50,176 x 64 x 27 = 86,704,128 + 50,176 x 64 x 576 = 1,849,688,064
    // block2 (112): 12,544 x 128 x 576 = 924,844,032 + 12,544 x 128 x 1,152 = 1,849,688,064
    // block3 (56): 3,136 x 256 x 1,152 = 924,844,032 + 3 x 1,849,688,064
    // block4 (28): 784 x 512 x 2,304 = 924,844,032 + 3 x 784 x 512 x 4,608 (= 1,849,688,064)
    // block5 (14): 4 x 196 x 512 x 4,608 = 4 x 462,422,016; convs 19,508,428,800
    // fc 25,088 x 4,096 + 4,096 x 4,096 + 4,096 x 1,000 = 123,633,664
    const m = model('light_vgg19');
    assert.equal(convGemmMacs(m), 19_632_062_464);
    assert.equal(m.totals.params, 143_667_240);
    assert.deepEqual(opCounts(m), { conv2d: 16, relu: 18, maxpool: 5, reshape: 1, linear: 3, identity: 2, softmax: 1 });
    assert.deepEqual(outputsOf(m, 'maxpool'), [[1, 64, 112, 112], [1, 128, 56, 56], [1, 256, 28, 28], [1, 512, 14, 14], [1, 512, 7, 7]]);
  });
});

describe('ONNX light_squeezenet (SqueezeNet 1.1)', () => {
  it('349,151,936 MACs and 1,235,496 params (torchvision squeezenet1_1)', () => {
    // conv1 3x3/2: (224 - 3) / 2 + 1 = 111: 12,321 x 64 x 27 = 21,290,688; pool -> 55
    // fire2 (55, in 64, s16, e64+64): 3,025 x (64 x 16 + 16 x 64 + 16 x 9 x 64) = 34,073,600
    // fire3 (in 128): 3,025 x (128 x 16 + 1,024 + 9,216) = 37,171,200; pool -> 27
    // fire4 (27, in 128, s32, e128): 729 x (4,096 + 4,096 + 36,864) = 32,845,824
    // fire5 (in 256): 729 x (8,192 + 4,096 + 36,864) = 35,831,808; pool -> 13
    // fire6 (13, in 256, s48, e192): 169 x (12,288 + 9,216 + 82,944) = 17,651,712
    // fire7 (in 384): 169 x (18,432 + 9,216 + 82,944) = 18,690,048
    // fire8 (in 384, s64, e256): 169 x (24,576 + 16,384 + 147,456) = 31,842,304
    // fire9 (in 512): 169 x (32,768 + 16,384 + 147,456) = 33,226,752
    // conv10 1x1 512 -> 1000 at 13: 86,528,000; total 349,151,936
    const m = model('light_squeezenet');
    assert.equal(convGemmMacs(m), 349_151_936);
    assert.equal(m.totals.params, 1_235_496);
    assert.deepEqual(opCounts(m), { conv2d: 26, relu: 26, maxpool: 3, concat: 8, identity: 1, global_avgpool: 1, softmax: 1 });
    assert.deepEqual(outputsOf(m, 'concat'), [[1, 128, 55, 55], [1, 128, 55, 55], [1, 256, 27, 27], [1, 256, 27, 27], [1, 384, 13, 13], [1, 384, 13, 13], [1, 512, 13, 13], [1, 512, 13, 13]]);
    assert.deepEqual(m.layers[m.layers.length - 1].outputs, [[1, 1000, 1, 1]]);
  });
});

/** GoogLeNet's conv + fc MACs at this file's spatial sizes (floor pooling: 55, 27, 13, 6). */
function googlenetMacs(): number {
  let macs = 112 * 112 * 64 * 3 * 49; // conv1 7x7/2
  macs += 55 * 55 * (64 * 64 + 64 * 192 * 9); // conv2 reduce, conv2 3x3
  // [size, in, 1x1, 3x3 reduce, 3x3, 5x5 reduce, 5x5, pool proj]
  const modules: number[][] = [
    [27, 192, 64, 96, 128, 16, 32, 32], [27, 256, 128, 128, 192, 32, 96, 64],
    [13, 480, 192, 96, 208, 16, 48, 64], [13, 512, 160, 112, 224, 24, 64, 64], [13, 512, 128, 128, 256, 24, 64, 64],
    [13, 512, 112, 144, 288, 32, 64, 64], [13, 528, 256, 160, 320, 32, 128, 128],
    [6, 832, 256, 160, 320, 32, 128, 128], [6, 832, 384, 192, 384, 48, 128, 128],
  ];
  for (const [hw, cin, c1, r3, c3, r5, c5, pp] of modules) macs += hw * hw * (cin * c1 + cin * r3 + r3 * 9 * c3 + cin * r5 + r5 * 25 * c5 + cin * pp);
  return macs + 1024 * 1000;
}

describe('ONNX light_inception_v1 (GoogLeNet)', () => {
  it('conv + fc MACs from the module table, 6,998,552 params, and the nine concats', () => {
    const m = model('light_inception_v1');
    assert.equal(googlenetMacs(), 1_431_556_352);
    assert.equal(convGemmMacs(m), googlenetMacs());
    // Caffe GoogLeNet without its auxiliary classifiers: 6,998,552 parameters
    assert.equal(m.totals.params, 6_998_552);
    // channels: 64+128+32+32, 128+192+96+64, 192+208+48+64, 160+224+64+64, 128+256+64+64, 112+288+64+64,
    // 256+320+128+128 (twice), 384+384+128+128
    assert.deepEqual(outputsOf(m, 'concat'), [
      [1, 256, 27, 27], [1, 480, 27, 27],
      [1, 512, 13, 13], [1, 512, 13, 13], [1, 512, 13, 13], [1, 528, 13, 13], [1, 832, 13, 13],
      [1, 832, 6, 6], [1, 1024, 6, 6],
    ]);
    // the last average pool (7x7 over 6x6, pads [0,0,1,1]) is the pool plus a pad layer for its end padding
    assert.deepEqual(layer(m, 'n138/pad').outputs, [[1, 1024, 7, 7]]);
    assert.deepEqual(layer(m, 'n138').outputs, [[1, 1024, 1, 1]]);
    // 237 nodes - 93 ConstantOfShape - 1 Reshape of the classifier's weight (both folded) + the pad layer = 144
    assert.deepEqual(opCounts(m), { conv2d: 57, relu: 57, maxpool: 13, lrn: 2, concat: 9, pad: 1, avgpool: 1, identity: 1, reshape: 1, linear: 1, softmax: 1 });
    assert.equal(m.layers.length, 144);
  });
});

/** DenseNet-121's conv + classifier MACs (growth 32, bottleneck 4 x 32, blocks 6, 12, 24, 16). */
function densenet121Macs(): number {
  let macs = 112 * 112 * 64 * 3 * 49; // conv0 7x7/2, then max pool to 56
  let hw = 56;
  let c = 64;
  [6, 12, 24, 16].forEach((n, b) => {
    for (let i = 0; i < n; i++) {
      macs += hw * hw * (c * 128 + 128 * 9 * 32);
      c += 32;
    }
    if (b < 3) {
      macs += hw * hw * c * (c / 2); // transition 1x1, then 2x2 average pool
      c /= 2;
      hw /= 2;
    }
  });
  return macs + c * 1000; // the classifier, a 1x1 conv after global pooling
}

describe('ONNX light_densenet121', () => {
  it('conv MACs from the block structure, 7,978,856 params (torchvision densenet121)', () => {
    const m = model('light_densenet121');
    assert.equal(densenet121Macs(), 2_834_161_664);
    assert.equal(convGemmMacs(m), densenet121Macs());
    // batch norms count 2C; the Caffe-style Scale after each (Mul and Add by constants) adds no parameters
    assert.equal(m.totals.params, 7_978_856);
    // 1,746 nodes: 836 ConstantOfShape and 242 Unsqueeze fold away; 668 layers remain
    assert.deepEqual(opCounts(m), { conv2d: 121, batchnorm: 121, mul: 121, add: 121, relu: 121, maxpool: 1, concat: 58, avgpool: 3, global_avgpool: 1 });
    const concats = outputsOf(m, 'concat');
    assert.deepEqual(concats[concats.length - 1], [1, 1024, 7, 7]);
    assert.deepEqual(outputsOf(m, 'avgpool'), [[1, 128, 28, 28], [1, 256, 14, 14], [1, 512, 7, 7]]);
    assert.deepEqual(m.layers[m.layers.length - 1].outputs, [[1, 1000, 1, 1]]);
  });
});

describe('ONNX light_shufflenet', () => {
  it('channel shuffles are reshape -> transpose -> reshape; grouped convolutions', () => {
    const m = model('light_shufflenet');
    assert.deepEqual(opCounts(m), { conv2d: 49, batchnorm: 49, relu: 33, maxpool: 1, reshape: 33, transpose: 16, avgpool: 4, concat: 3, add: 13, linear: 1, softmax: 1 });
    // the first shuffle: 112 channels as 4 groups of 28, transposed to 28 x 4, flattened back
    assert.deepEqual(layer(m, 'n7').outputs, [[1, 4, 28, 56, 56]]);
    assert.deepEqual(layer(m, 'n8').outputs, [[1, 28, 4, 56, 56]]);
    assert.deepEqual(layer(m, 'n9').outputs, [[1, 112, 56, 56]]);
    // views move no data; the transpose copies 351,232 elements of 4 bytes
    assert.equal(layer(m, 'n7').view, true);
    assert.equal(layer(m, 'n8').bytes.output, 112 * 56 * 56 * 4);
    // a depthwise 3x3/2 (group 112): 112 x 28 x 28 x 9 = 790,272 MACs; 112 x 9 params
    assert.equal(layer(m, 'n10').macs, 790_272);
    assert.equal(layer(m, 'n10').params, 1008);
    assert.deepEqual(layer(m, 'n15').outputs, [[1, 136, 28, 28]]);
  });
});

describe('ONNX light_zfnet512 and light_inception_v2', () => {
  it('ZFNet-512: 1,481,727,008 MACs', () => {
    // conv1 7x7/2: (224 - 7) / 2 + 1 = 109: 11,881 x 96 x 147 = 167,664,672; pool -> 54
    // conv2 5x5/2: (54 - 5) / 2 + 1 = 25: 625 x 256 x 96 x 25 = 384,000,000; pool -> 12
    // conv3 144 x 512 x 2,304 = 169,869,312; conv4, conv5 144 x 512 x 4,608 = 339,738,624 each
    // fc 18,432 x 4,096 = 75,497,472; 4,096 x 1,024 = 4,194,304; 1,024 x 1,000 = 1,024,000
    const m = model('light_zfnet512');
    assert.equal(convGemmMacs(m), 1_481_727_008);
    assert.deepEqual(outputsOf(m, 'conv2d'), [[1, 96, 109, 109], [1, 256, 25, 25], [1, 512, 12, 12], [1, 512, 12, 12], [1, 512, 12, 12]]);
  });

  it('Inception v2: 371 layers, the 69 Unsqueeze of the Scale constants folded', () => {
    const m = model('light_inception_v2');
    assert.deepEqual(opCounts(m), { conv2d: 69, batchnorm: 69, mul: 69, add: 69, relu: 69, maxpool: 5, avgpool: 8, concat: 10, reshape: 1, linear: 1, softmax: 1 });
    assert.deepEqual(m.layers[m.layers.length - 1].outputs, [[1, 1000]]);
  });
});
