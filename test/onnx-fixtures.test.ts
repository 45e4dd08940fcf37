// Small ONNX models written in ONNX's textual syntax (test/helpers/onnxText.ts encodes them to
// binary protobuf), each for one behaviour of the importer: a Reshape whose target is a Shape /
// Gather / Unsqueeze / Concat chain, a symbolic batch dimension (a model parameter), Split in
// opset 11 and 13, an unknown operator (a warning, the rest analysed), a Loop subgraph (reported),
// Gemm with and without transB, asymmetric and automatic padding, external data, precision, weight
// and shape disagreements, opset differences of Upsample / Resize, and the reordering of a file
// whose nodes are not in topological order. Counts are computed by hand in the comments.
import * as assert from 'node:assert/strict';
import type { FileAnalysis } from '../server/src/core/analyze';
import { analyzeOnnx, type OnnxOptions } from '../server/src/core/formats/onnx/index';
import type { Layer } from '../server/src/core/semantics/model';
import { encodeModel, toBytes } from './helpers/onnxEncode';
import { resnet50Spec } from './helpers/onnxResnet';
import { onnxFromText, parseOnnxText } from './helpers/onnxText';

function run(text: string, options: OnnxOptions = {}): FileAnalysis {
  return analyzeOnnx(onnxFromText(text), options);
}

function layer(r: FileAnalysis, name: string): Layer {
  const l = r.models[0].layers.find((x) => x.name === name);
  assert.ok(l, `no layer '${name}' (layers: ${r.models[0].layers.map((x) => x.name).join(', ')})`);
  return l;
}

function codes(r: FileAnalysis): string[] {
  return r.diagnostics.map((d) => d.code);
}

const CLASSIFIER = (opset: number, unsqueeze: string) => `
  <ir_version: 8, opset_import: ["" : ${opset}]>
  classifier (float[N, 64, 4, 4] X) => (float[N, 10] Y)
  <float[10, 1024] W, float[10] B, int64 zero = {0}, int64[1] minus1 = {-1}, int64[1] axes = {0}>
  {
    [shape] S = Shape (X)
    [batch] N0 = Gather <axis = 0> (S, zero)
    ${unsqueeze}
    [target] T = Concat <axis = 0> (N1, minus1)
    [flat] F = Reshape (X, T)
    [fc] Y = Gemm <transB = 1> (F, W, B)
  }`;

describe('ONNX fixture: Reshape whose target is computed by Shape -> Gather -> Unsqueeze -> Concat', () => {
  for (const [opset, unsqueeze] of [[13, '[unsq] N1 = Unsqueeze (N0, axes)'], [11, '[unsq] N1 = Unsqueeze <axes = [0]> (N0)']] as const) {
    it(`opset ${opset}: the chain folds to [N, -1] = [1, 1024]; only the reshape and the linear layer remain`, () => {
      const r = run(CLASSIFIER(opset, unsqueeze));
      assert.deepEqual(r.diagnostics, []);
      const m = r.models[0];
      assert.deepEqual(m.layers.map((l) => [l.name, l.op]), [['flat', 'reshape'], ['fc', 'linear']]);
      // 64 x 4 x 4 = 1,024 features; fc 1,024 x 10 = 10,240 MACs, params 10,240 + 10 = 10,250
      assert.deepEqual(layer(r, 'flat').outputs, [[1, 1024]]);
      assert.equal(layer(r, 'fc').macs, 10_240);
      assert.equal(layer(r, 'fc').params, 10_250);
    });
  }
});

describe('ONNX fixture: a symbolic batch dimension is a model parameter', () => {
  const TEXT = `
    <ir_version: 8, opset_import: ["" : 17]>
    net (float[N, 3, 32, 32] X) => (float[N, 16, 32, 32] Y)
    <float[16, 3, 3, 3] W1, float[16] B1>
    {
      [conv] C = Conv <pads = [1, 1, 1, 1]> (X, W1, B1)
      [relu] Y = Relu (C)
    }`;

  it('defaults to 1 and is recorded, not overridden', () => {
    const r = run(TEXT);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.models[0].params.map((p) => [p.name, p.value, p.overridden]), [['N', 1, false]]);
    // 16 x 32 x 32 x 3 x 9 = 442,368 MACs
    assert.equal(layer(r, 'conv').macs, 442_368);
    assert.deepEqual(r.models[0].inputs[0].shape, [1, 3, 32, 32]);
  });

  it('options.params sets it: every count scales with the batch', () => {
    const r = run(TEXT, { params: { N: 8 } });
    assert.deepEqual(r.models[0].params.map((p) => [p.name, p.value, p.overridden]), [['N', 8, true]]);
    assert.equal(layer(r, 'conv').macs, 8 * 442_368);
    assert.deepEqual(layer(r, 'relu').outputs, [[8, 16, 32, 32]]);
    // params do not scale: 16 x 27 + 16 = 448
    assert.equal(r.models[0].totals.params, 448);
  });

  it('an invalid value is an error (RL209) and 1 is used', () => {
    const r = run(TEXT, { params: { N: 0 } });
    assert.deepEqual(codes(r), ['RL209']);
    assert.ok(r.diagnostics[0].message.includes("'N'"));
    assert.deepEqual(r.models[0].inputs[0].shape, [1, 3, 32, 32]);
  });

  it('an override that names no symbolic dimension is an error (RL209), in the words of every format', () => {
    const r = run(TEXT, { params: { M: 8 } });
    assert.deepEqual(codes(r), ['RL209']);
    assert.equal(r.diagnostics[0].message, "model 'net' has no parameter 'M' (did you mean 'N'?) (parameters: N)");
    assert.deepEqual(r.models[0].inputs[0].shape, [1, 3, 32, 32]);
  });

  it('an unnamed unknown dimension gets a parameter named after its input', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      net (float[?, 8] X) => (float[?, 8] Y)
      { Y = Relu (X) }`, { params: { X_dim0: 3 } });
    assert.deepEqual(r.models[0].params.map((p) => [p.name, p.value]), [['X_dim0', 3]]);
    assert.deepEqual(r.models[0].layers[0].outputs, [[3, 8]]);
  });
});

describe('ONNX fixture: Split in opset 11 (sizes an attribute) and 13 (sizes an input)', () => {
  const text = (opset: number, split: string) => `
    <ir_version: 8, opset_import: ["" : ${opset}]>
    s (float[1, 8, 4, 4] X) => (float[1, 2, 4, 4] A, float[1, 6, 4, 4] B)
    <int64[2] sizes = {2, 6}>
    { [split] ${split} }`;
  for (const [opset, split] of [[11, 'A, B = Split <axis = 1, split = [2, 6]> (X)'], [13, 'A, B = Split <axis = 1> (X, sizes)']] as const) {
    it(`opset ${opset}: parts [1, 2, 4, 4] and [1, 6, 4, 4]`, () => {
      const r = run(text(opset, split));
      assert.deepEqual(r.diagnostics, []);
      assert.deepEqual(layer(r, 'split').outputs, [[1, 2, 4, 4], [1, 6, 4, 4]]);
    });
  }
  it('without sizes: equal parts, one per output', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 13]>
      s (float[1, 8, 4, 4] X) => (float[1, 4, 4, 4] A, float[1, 4, 4, 4] B)
      { [split] A, B = Split <axis = 1> (X)  [r] C = Relu (B) }`);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(layer(r, 'split').outputs, [[1, 4, 4, 4], [1, 4, 4, 4]]);
    assert.deepEqual(layer(r, 'r').producers, [layer(r, 'split').index]);
  });
});

describe('ONNX fixture: an operator the importer does not know', () => {
  const TEXT = `
    <ir_version: 8, opset_import: ["" : 17, "com.example" : 1]>
    u (float[1, 4, 8, 8] X) => (float[1, 4, 8, 8] Y, float[1, 4, 8, 8] Z, float[1, 4, 8, 8] V)
    <float[1, 4, 8, 8] A>
    {
      [mystery] A = MysteryOp (X)
      [after] Y = Relu (A)
      [custom] B = com.example.Frobnicate (X)
      [lost] Z = Relu (B)
      [independent] V = Sigmoid (X)
    }`;

  it('is a warning naming it (RL602); its declared shape lets the layers after it be counted', () => {
    const r = run(TEXT);
    assert.deepEqual(codes(r), ['RL602', 'RL602']);
    assert.equal(r.diagnostics[0].severity, 'warning');
    assert.ok(r.diagnostics[0].message.includes("'MysteryOp'"), r.diagnostics[0].message);
    assert.ok(r.diagnostics[0].message.includes('byte '), 'the message gives the byte offset');
    assert.ok(r.diagnostics[1].message.includes("'com.example.Frobnicate'"), r.diagnostics[1].message);
    // A's shape comes from the file's value_info: 'after' is counted (256 elements, 256 ops)
    assert.deepEqual(layer(r, 'mystery').outputs, [[1, 4, 8, 8]]);
    assert.equal(layer(r, 'after').counted, true);
    assert.equal(layer(r, 'after').ops, 256);
    // B has no declared shape: 'lost' is not counted (no further diagnostic); 'independent' is
    assert.equal(layer(r, 'lost').counted, false);
    assert.equal(layer(r, 'independent').counted, true);
    const t = r.models[0].totals;
    assert.deepEqual([t.complete, t.layers, t.uncounted, t.ops], [false, 5, 3, 512]);
  });
});

describe('ONNX fixture: a Loop subgraph', () => {
  it('is reported (RL603) and not analysed; its outputs take the declared shapes', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      l (float[1, 4] X, int64[] M, bool[] C) => (float[1, 4] Y, float[1, 4] Z)
      {
        [loop] Y = Loop <body = body (int64[] i, bool[] c, float[1, 4] x) => (bool[] c2, float[1, 4] x2) {
          c2 = Identity (c)
          x2 = Relu (x)
        }> (M, C, X)
        [after] Z = Relu (Y)
      }`);
    assert.deepEqual(codes(r), ['RL603']);
    assert.ok(r.diagnostics[0].message.includes("'body' (2 nodes)"), r.diagnostics[0].message);
    assert.deepEqual(layer(r, 'loop').outputs, [[1, 4]]);
    assert.equal(layer(r, 'loop').counted, false);
    assert.equal(layer(r, 'after').counted, true);
    assert.equal(r.models[0].totals.complete, false);
  });
});

describe('ONNX fixture: Gemm', () => {
  const gemm = (attrs: string, w: string) => `
    <ir_version: 8, opset_import: ["" : 17]>
    g (float[2, 64] X) => (float[2, 10] Y)
    <float[${w}] W, float[10] B>
    { [fc] Y = Gemm ${attrs} (X, W, B) }`;

  it('transB = 1 (W [10, 64]) and transB = 0 (W [64, 10]) are the same linear layer', () => {
    for (const r of [run(gemm('<transB = 1>', '10, 64')), run(gemm('', '64, 10'))]) {
      assert.deepEqual(r.diagnostics, []);
      const l = layer(r, 'fc');
      // 2 x 64 x 10 = 1,280 MACs; params 640 + 10 = 650
      assert.deepEqual([l.op, l.outputs, l.macs, l.params], ['linear', [[2, 10]], 1280, 650]);
    }
  });

  it('a weight that disagrees with the input is a warning (RL605)', () => {
    const r = run(gemm('<transB = 1>', '10, 32'));
    assert.ok(codes(r).includes('RL605'));
    assert.ok(r.diagnostics.some((d) => d.message.includes('expects 32 input features')));
  });

  it('two activations: a matmul and a separate add for C', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      g (float[4, 8] A, float[16, 8] Bt, float[4, 16] C) => (float[4, 16] Y)
      { [mm] Y = Gemm <transB = 1> (A, Bt, C) }`);
    assert.deepEqual(r.diagnostics, []);
    // 4 x 8 x 16 = 512 MACs; the add: 64 ops
    assert.deepEqual([layer(r, 'mm').op, layer(r, 'mm').macs, layer(r, 'mm').params], ['matmul', 512, 0]);
    assert.equal(layer(r, 'mm/bias').ops, 64);
  });

  it('MatMul by a constant is a linear layer without bias', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      g (float[1, 5, 32] X) => (float[1, 5, 48] Y)
      <float[32, 48] W>
      { [proj] Y = MatMul (X, W) }`);
    assert.deepEqual(r.diagnostics, []);
    // 5 x 32 x 48 = 7,680 MACs; 1,536 params
    assert.deepEqual([layer(r, 'proj').op, layer(r, 'proj').macs, layer(r, 'proj').params], ['linear', 7680, 1536]);
  });
});

describe('ONNX fixture: padding', () => {
  it('SAME_UPPER on a stride-2 conv pads (0, 1): a pad layer for the extra row and column', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      p (float[1, 3, 8, 8] X) => (float[1, 4, 4, 4] Y)
      <float[4, 3, 3, 3] W>
      { [conv] Y = Conv <auto_pad = "SAME_UPPER", strides = [2, 2]> (X, W) }`);
    assert.deepEqual(r.diagnostics, []);
    // total padding (4 - 1) x 2 + 3 - 8 = 1: 0 before, 1 after; 9 x 9 padded, (9 - 3) / 2 + 1 = 4
    assert.deepEqual(layer(r, 'conv/pad').outputs, [[1, 3, 9, 9]]);
    // MACs 4 x 4 x 4 x 27 = 1,728
    assert.deepEqual([layer(r, 'conv').outputs, layer(r, 'conv').macs], [[[1, 4, 4, 4]], 1728]);
  });

  it('an end padding equal to ceil rounding is a ceil-mode pool; ceil_mode is read from opset 10', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      p (float[1, 2, 112, 112] X) => (float[1, 2, 56, 56] Y, float[1, 2, 56, 56] Z)
      {
        [padded] Y = MaxPool <kernel_shape = [3, 3], strides = [2, 2], pads = [0, 0, 1, 1]> (X)
        [ceil] Z = MaxPool <kernel_shape = [3, 3], strides = [2, 2], ceil_mode = 1> (X)
      }`);
    assert.deepEqual(r.diagnostics, []);
    // (112 + 1 - 3) / 2 + 1 = 56 = ceil((112 - 3) / 2) + 1; ops 2 x 56 x 56 x 9 = 56,448
    for (const name of ['padded', 'ceil']) assert.deepEqual([layer(r, name).outputs, layer(r, name).ops], [[[1, 2, 56, 56]], 56_448]);
    assert.equal(r.models[0].layers.length, 2);
  });

  it('1-D convolutions are counted as 2-D ones of height 1', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      c (float[1, 8, 100] X) => (float[1, 16, 50] Y)
      <float[16, 8, 5] W, float[16] B>
      { [conv] Y = Conv <pads = [2, 2], strides = [2]> (X, W, B) }`);
    assert.deepEqual(r.diagnostics, []);
    // (100 + 4 - 5) / 2 + 1 = 50; MACs 16 x 50 x 8 x 5 = 32,000; params 640 + 16
    assert.deepEqual([layer(r, 'conv').macs, layer(r, 'conv').params], [32_000, 656]);
  });
});

describe('ONNX fixture: weights, precision and external data', () => {
  const CONV = `
    <ir_version: 8, opset_import: ["" : 17]>
    w (float[1, 3, 8, 8] X) => (float[1, 8, 8, 8] Y)
    <float16[8, 3, 3, 3] W>
    { [conv] Y = Conv <pads = [1, 1, 1, 1]> (X, W) }`;

  it("float16 weights make the model fp16; options.precision overrides", () => {
    const r = run(CONV);
    assert.deepEqual(r.diagnostics, []);
    // 216 weights x 2 bytes
    assert.deepEqual([layer(r, 'conv').precision, layer(r, 'conv').bytes.weight], ['fp16', 432]);
    assert.equal(layer(run(CONV, { precision: 'int8' }), 'conv').bytes.weight, 216);
  });

  it('external data is noted (RL604, information) and never opened: the shapes suffice', () => {
    const spec = parseOnnxText(CONV);
    spec.graph.initializers[0].zeros = false;
    spec.graph.initializers[0].external = { location: 'weights.bin', offset: 0, length: 432 };
    const r = analyzeOnnx(toBytes(encodeModel(spec)));
    assert.deepEqual(codes(r), ['RL604']);
    assert.equal(r.diagnostics[0].severity, 'information');
    assert.ok(r.diagnostics[0].message.includes("'weights.bin'"));
    assert.equal(layer(r, 'conv').params, 216);
  });

  it('a weight whose channels disagree with the input is a warning (RL605), not an error', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      w (float[1, 3, 8, 8] X) => (float[1, 8, 8, 8] Y)
      <float[8, 4, 3, 3] W>
      { [conv] Y = Conv <pads = [1, 1, 1, 1]> (X, W) }`);
    assert.deepEqual(codes(r), ['RL605', 'RL605']);
    assert.ok(r.diagnostics[0].message.includes('expects 4'), r.diagnostics[0].message);
    // the layer counts 8 x 3 x 9 = 216 parameters from the input; the file holds 8 x 4 x 9 = 288
    assert.ok(r.diagnostics[1].message.includes('216') && r.diagnostics[1].message.includes('288'), r.diagnostics[1].message);
  });

  it('a declared shape that disagrees with the inferred one is a warning (RL606)', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      d (float[1, 3, 8, 8] X) => (float[1, 3, 4, 4] Y)
      <float[1, 3, 8, 8] A>
      { [relu] A = Relu (X)  [pool] Y = MaxPool <kernel_shape = [2, 2], strides = [2, 2]> (A) }`);
    assert.deepEqual(codes(r), []);
    const bad = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      d (float[1, 3, 8, 8] X) => (float[1, 3, 5, 5] Y)
      { [pool] Y = MaxPool <kernel_shape = [2, 2], strides = [2, 2]> (X) }`);
    assert.deepEqual(codes(bad), ['RL606']);
    assert.ok(bad.diagnostics[0].message.includes('[1, 3, 4, 4]') && bad.diagnostics[0].message.includes('[1, 3, 5, 5]'));
  });
});

describe('ONNX fixture: opset differences and file order', () => {
  it('Upsample (scales an input in opset 9) and Resize (sizes from opset 11) are upsample layers', () => {
    const r = run(`
      <ir_version: 4, opset_import: ["" : 9]>
      u (float[1, 2, 4, 4] X) => (float[1, 2, 8, 8] Y)
      <float[4] scales = {1, 1, 2, 2}>
      { [up] Y = Upsample <mode = "nearest"> (X, scales) }`);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual([layer(r, 'up').op, layer(r, 'up').outputs, layer(r, 'up').ops], ['upsample', [[1, 2, 8, 8]], 0]);
    const v13 = run(`
      <ir_version: 8, opset_import: ["" : 13]>
      u (float[1, 2, 4, 4] X) => (float[1, 2, 12, 8] Y)
      <int64[4] sizes = {1, 2, 12, 8}>
      { [up] Y = Resize <mode = "linear"> (X, , , sizes) }`);
    assert.deepEqual(v13.diagnostics, []);
    // bilinear: 7 ops per output element, 2 x 12 x 8 = 192 elements
    assert.deepEqual([layer(v13, 'up').outputs, layer(v13, 'up').ops], [[[1, 2, 12, 8]], 1344]);
  });

  it('a file whose nodes are out of order is analysed in dependency order', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      o (float[1, 4] X) => (float[1, 4] Z)
      { [second] Z = Sigmoid (Y)  [first] Y = Relu (X) }`);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.models[0].layers.map((l) => [l.name, l.counted]), [['first', true], ['second', true]]);
  });

  it('a graph input without a shape is a warning (RL607)', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      o (float X) => (float Y)
      { [r] Y = Relu (X) }`);
    assert.deepEqual(codes(r), ['RL607']);
    assert.equal(layer(r, 'r').counted, false);
  });
});

describe('ONNX fixture: the generated ResNet-50 of the benchmark', () => {
  it('width 64 is ResNet-50: 4,089,184,256 MACs, 25,557,032 params (see onnx.test.ts), batch N', () => {
    const spec = resnet50Spec(64);
    // the weights without payload (dims and type only): the importer never reads payloads anyway
    for (const t of spec.graph.initializers) t.zeros = false;
    const r = analyzeOnnx(toBytes(encodeModel(spec)), { params: { N: 2 } });
    assert.deepEqual(r.diagnostics, []);
    const m = r.models[0];
    assert.deepEqual([m.totals.macs, m.totals.params], [2 * 4_089_184_256, 25_557_032]);
    assert.deepEqual(m.params.map((p) => [p.name, p.value]), [['N', 2]]);
    assert.deepEqual(m.layers[m.layers.length - 1].outputs, [[2, 1000]]);
  });
});

describe('ONNX fixture: more opset differences and operators', () => {
  it('Reshape with a shape attribute (opset 1), Upsample with a scales attribute (opset 7), Dropout with a ratio input (opset 13)', () => {
    const v1 = run(`
      <ir_version: 3, opset_import: ["" : 1]>
      r (float[2, 3, 4] X) => (float[6, 4] Y)
      { [flat] Y = Reshape <shape = [6, -1]> (X) }`);
    assert.deepEqual(v1.diagnostics, []);
    assert.deepEqual(layer(v1, 'flat').outputs, [[6, 4]]);
    const v7 = run(`
      <ir_version: 3, opset_import: ["" : 7]>
      u (float[1, 2, 3, 3] X) => (float[1, 2, 6, 9] Y)
      { [up] Y = Upsample <scales = [1.0, 1.0, 2.0, 3.0]> (X) }`);
    assert.deepEqual(v7.diagnostics, []);
    assert.deepEqual(layer(v7, 'up').outputs, [[1, 2, 6, 9]]);
    const v13 = run(`
      <ir_version: 8, opset_import: ["" : 13]>
      d (float[1, 8] X) => (float[1, 8] Y)
      <float ratio = {0.25}>
      { [drop] Y = Dropout (X, ratio) }`);
    assert.deepEqual(v13.diagnostics, []);
    assert.deepEqual([layer(v13, 'drop').op, layer(v13, 'drop').outputs], ['identity', [[1, 8]]]);
  });

  it('BatchNormalization with spatial = 0 (opset 7) is not in the table: a warning, its shape declared', () => {
    const r = run(`
      <ir_version: 3, opset_import: ["" : 7]>
      b (float[1, 2, 3, 3] X) => (float[1, 2, 3, 3] Y)
      <float[2, 3, 3] s, float[2, 3, 3] b, float[2, 3, 3] m, float[2, 3, 3] v>
      { [bn] Y = BatchNormalization <spatial = 0> (X, s, b, m, v) }`);
    assert.deepEqual(codes(r), ['RL602']);
    assert.ok(r.diagnostics[0].message.includes('spatial=0'), r.diagnostics[0].message);
    assert.deepEqual(layer(r, 'bn').outputs, [[1, 2, 3, 3]]);
  });

  it('ConvTranspose, LayerNormalization, Flatten at axis 2, Squeeze and Unsqueeze (axes inputs from opset 13)', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      t (float[1, 8, 5, 5] X) => (float[1, 4, 10, 10] Y, float[4, 100] F, float[1, 4, 10, 10, 1] U)
      <float[8, 4, 4, 4] W, float[4] B, float[10] g, float[10] h, int64[1] last = {4}>
      {
        [deconv] Y = ConvTranspose <strides = [2, 2], pads = [1, 1, 1, 1]> (X, W, B)
        [ln] L = LayerNormalization <axis = -1> (Y, g, h)
        [flat] F = Flatten <axis = 2> (L)
        [unsq] U = Unsqueeze (L, last)
        [sq] S = Squeeze (U, last)
      }`);
    assert.deepEqual(r.diagnostics, []);
    // (5 - 1) x 2 - 2 + 4 = 10; MACs = 8 x 25 x 4 x 16 = 12,800; params 8 x 4 x 16 + 4 = 516
    assert.deepEqual([layer(r, 'deconv').outputs, layer(r, 'deconv').macs, layer(r, 'deconv').params], [[[1, 4, 10, 10]], 12_800, 516]);
    // layer norm over the last 10: 5 ops per element (400 x 5), 20 params
    assert.deepEqual([layer(r, 'ln').ops, layer(r, 'ln').params], [2000, 20]);
    assert.deepEqual(layer(r, 'flat').outputs, [[4, 100]]);
    assert.deepEqual(layer(r, 'unsq').outputs, [[1, 4, 10, 10, 1]]);
    assert.deepEqual(layer(r, 'sq').outputs, [[1, 4, 10, 10]]);
    assert.ok(['flat', 'unsq', 'sq'].every((n) => layer(r, n).view === true));
  });
});

describe('ONNX fixture: a name nothing defines', () => {
  it('is a warning (RL608) once; the layers that read it are not counted', () => {
    const r = run(`
      <ir_version: 8, opset_import: ["" : 17]>
      n (float[1, 4] X) => (float[1, 4] Y)
      { [a] A = Add (X, ghost)  [b] Y = Mul (A, ghost) }`);
    assert.deepEqual(codes(r), ['RL608']);
    assert.ok(r.diagnostics[0].message.includes("'ghost'"));
    assert.deepEqual(r.models[0].layers.map((l) => l.counted), [false, false]);
  });
});
