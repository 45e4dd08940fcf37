// "Convert to model file" (formats/toNnm.ts): an imported model written as a `.nnm` must analyse
// to the same thing. For every light ONNX model, three Caffe prototxts and two Darknet cfgs (and the
// other shared Caffe, Darknet and SCALE-Sim files, and the bundled examples): no error diagnostics, the same
// layers (op, output shapes, MACs, ops, params, bytes, precision, counted) and the same totals;
// then converting the analysis of the generated text again gives the same text (idempotence).
// Then, on a model built through GraphBuilder, each thing the model language cannot say directly:
// symbolic dimensions, unsafe names, constant operands, operands read with another shape, several
// outputs, a cast's precision, uncounted layers (unknown operators, and layers of known operators
// that the source left uncounted) with known output shapes, Darknet's shortcut between maps of
// different sizes, words that are also names, and a tensor that comes from nowhere.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, type FileAnalysis } from '../server/src/core/analyze';
import { analyzeCaffe } from '../server/src/core/formats/caffe';
import { analyzeDarknet } from '../server/src/core/formats/darknet';
import { analyzeOnnx } from '../server/src/core/formats/onnx';
import { analyzeScaleSim } from '../server/src/core/formats/scalesim';
import { safeName, toNnm } from '../server/src/core/formats/toNnm';
import { operator } from '../server/src/core/ops/table';
import { GraphBuilder } from '../server/src/core/semantics/graphBuilder';
import { onnxFromText } from './helpers/onnxText';
import type { Layer, ModelResult } from '../server/src/core/semantics/model';
import { MODELS } from './helpers/models';

const SHARED = MODELS;
const ONNX_DIR = path.join(SHARED, 'onnx', 'light');
const EXAMPLES = path.join(__dirname, '..', 'examples');

/** The facts of a layer that must survive the conversion. */
function facts(l: Layer): unknown {
  return { op: l.op, outputs: l.outputs, macs: l.macs, ops: l.ops, params: l.params, bytes: l.bytes, precision: l.precision, counted: l.counted };
}

function errors(a: FileAnalysis): string[] {
  return a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
}

interface Converted {
  text: string;
  warnings: string[];
  analysis: FileAnalysis;
  model: ModelResult;
}

/**
 * Converts `source`, analyses the text, and checks it against the source: layer by layer (the
 * generated file's top-level layers; `views` more layers may be nested views, each checked to cost
 * nothing), the totals, and that converting the new analysis gives the same text again.
 */
function convertAndCompare(source: ModelResult, title: string, views = 0, allowedErrors: string[] = []): Converted {
  const { text, warnings } = toNnm(source, { title });
  const analysis = analyzeText(text);
  assert.deepEqual(errors(analysis).filter((e) => !allowedErrors.some((code) => e.startsWith(code))), [], `errors in the text generated for ${title}:\n${text}`);
  assert.equal(analysis.models.length, 1);
  const model = analysis.models[0];
  // Views added to an import are nested, `<binding>.<op>`; its own layers are named by their
  // bindings (safe names). A model file's nested calls are its own layers (and no views are added).
  const own = views ? model.layers.filter((l) => !l.name.includes('.')) : model.layers;
  const extra = views ? model.layers.filter((l) => l.name.includes('.')) : [];
  assert.equal(own.length, source.layers.length, `${title}: layers`);
  assert.equal(extra.length, views, `${title}: views added`);
  for (const v of extra) {
    assert.ok(v.op === 'flatten' || v.op === 'reshape', `${title}: ${v.name} is ${v.op}`);
    assert.deepEqual([v.view, v.macs, v.ops, v.params, v.bytes], [true, 0, 0, 0, { input: 0, weight: 0, output: 0, cache: 0 }], `${title}: ${v.name} costs something`);
  }
  source.layers.forEach((l, i) => {
    const g = own[i];
    const where = `${title}: layer ${i} '${l.name}' written '${g.name}'`;
    if (l.counted || (operator(l.op) && !l.call?.notCounted)) assert.deepEqual(facts(g), facts(l), where);
    else {
      // A layer the source could not count is the call of an operator the tool does not know: not
      // counted either, under a callee that is a name (and never an operator), with an output of
      // unknown shape (its consumers read a stand-in input of the shape the source knew).
      assert.ok(g.op === safeName(l.op) || g.op === `${safeName(l.op)}_not_counted`, where);
      assert.equal(operator(g.op), undefined, where);
      assert.deepEqual([g.counted, g.macs, g.ops, g.params, g.outputs, g.precision], [false, 0, 0, 0, [null], l.precision], where);
    }
  });
  const totals = (m: ModelResult) => ({ macs: m.totals.macs, ops: m.totals.ops, params: m.totals.params, complete: m.totals.complete, uncounted: m.totals.uncounted });
  assert.deepEqual(totals(model), totals(source), `${title}: totals`);
  assert.equal(model.totals.layers, source.totals.layers + views);
  // Idempotence: the generated file's analysis converts to the same text.
  const again = toNnm(model, { title });
  assert.equal(again.text, text, `${title}: converting the generated file again changes it`);
  return { text, warnings, analysis, model };
}

describe('toNnm: imported models written as model files', () => {
  const onnxFiles = fs.readdirSync(ONNX_DIR).filter((f) => f.endsWith('.onnx')).sort();

  it('finds the nine light ONNX models', () => {
    assert.equal(onnxFiles.length, 9);
  });

  for (const file of onnxFiles) {
    it(`ONNX ${file}: same layers and totals, and a fixed point`, () => {
      const r = analyzeOnnx(new Uint8Array(fs.readFileSync(path.join(ONNX_DIR, file))), { fileName: file });
      const source = r.models[0];
      const { text, warnings } = convertAndCompare(source, file);
      assert.match(text, /^# .*converted to the model language by Roofline Lens\.$/m);
      assert.match(text, /^use precision fp32$/m);
      // Constant operands (DenseNet's and Inception v2's Mul and Add scales) are declared as inputs.
      const constants = source.layers.reduce((n, l) => n + (l.call?.inputs.filter((s) => s.kind === 'constant').length ?? 0), 0);
      assert.equal(warnings.some((w) => /constant operands? (is|are) declared as inputs?/.test(w)), constants > 0);
    });
  }

  // FIXME(named difference): Caffe's InnerProduct flattens its input implicitly ([N, C, H, W] read as
  // [N, C*H*W]); the model language's `linear` works on the last dimension, so the generated file
  // reads it through `flatten(...)`, one more layer: a view with no ops and no bytes. The imported
  // layers and the totals are equal; the layer count is one more per such layer.
  const caffe: [string, number][] = [
    ['caffe/bvlc_alexnet/deploy.prototxt', 1],
    ['caffe/lenet.prototxt', 1],
    ['caffe/ResNet-50-deploy.prototxt', 1],
    ['caffe/bvlc_googlenet/deploy.prototxt', 1],
  ];
  for (const [file, views] of caffe) {
    it(`Caffe ${file}: same layers and totals (${views} flatten view added), and a fixed point`, () => {
      const r = analyzeCaffe(fs.readFileSync(path.join(SHARED, file), 'utf8'), { fileName: path.basename(file) });
      const { text, warnings } = convertAndCompare(r.models[0], file, views);
      assert.match(text, /^ {2}input data: \[batch, /m);
      assert.equal(warnings.filter((w) => w.includes('written through flatten')).length, views);
    });
  }

  // FIXME(named difference): as Caffe's, Darknet's [connected] flattens its input (alexnet.cfg).
  const darknet: [string, number][] = [
    ['darknet/pjreddie/yolov3-tiny.cfg', 0],
    ['darknet/pjreddie/yolov3.cfg', 0],
    ['darknet/pjreddie/resnet18.cfg', 0],
    ['darknet/pjreddie/resnet50.cfg', 0],
    ['darknet/pjreddie/alexnet.cfg', 1],
  ];
  for (const [file, views] of darknet) {
    it(`Darknet ${file}: same layers and totals, and a fixed point`, () => {
      const r = analyzeDarknet(fs.readFileSync(path.join(SHARED, file), 'utf8'), { fileName: path.basename(file) });
      const { text } = convertAndCompare(r.models[0], file, views);
      assert.match(text, /^ {2}param width = \d+$/m);
      assert.match(text, /^ {2}input data: \[batch, 3, height, width\] fp32$/m);
    });
  }

  // Every SCALE-Sim topology: independent layers, each with its own input (UNet_maestro.csv names
  // two rows alike, so two inputs share a name: they are told apart by position).
  for (const dir of ['conv_nets', 'GEMM_mnk']) {
    const files = fs.readdirSync(path.join(SHARED, 'scalesim', dir)).filter((f) => f.endsWith('.csv')).sort();
    it(`SCALE-Sim ${dir}: the ${files.length} topologies, same layers and totals, and fixed points`, () => {
      for (const f of files) {
        const r = analyzeScaleSim(fs.readFileSync(path.join(SHARED, 'scalesim', dir, f), 'utf8'), { fileName: f });
        convertAndCompare(r.models[0], f);
      }
    });
  }

  it('keeps the symbolic dimensions as what-if knobs (Caffe AlexNet at batch 20 does twice the work)', () => {
    const source = analyzeCaffe(fs.readFileSync(path.join(SHARED, 'caffe/bvlc_alexnet/deploy.prototxt'), 'utf8')).models[0];
    const { text } = toNnm(source);
    assert.match(text, /^ {2}param batch = 10$/m);
    assert.match(text, /^ {2}fc6 = linear\(flatten\(pool5\), out=4096\)$/m);
    const twice = analyzeText(text, { params: { batch: 20 } });
    assert.deepEqual(errors(twice), []);
    assert.equal(twice.models[0].totals.macs, 2 * source.totals.macs);
    assert.equal(twice.models[0].totals.params, source.totals.params);
  });
});

describe('toNnm: model files converted to flat model files', () => {
  for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.nnm')).sort()) {
    it(`${file}: blocks and repeat written out, nested calls kept, same counts, a fixed point`, () => {
      const a = analyzeText(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
      for (const m of a.models) convertAndCompare(m, file);
    });
  }

  it('writes nested calls nested again, with annotations', () => {
    const a = analyzeText(fs.readFileSync(path.join(EXAMPLES, 'alexnet_zhang15.nnm'), 'utf8'));
    const { text } = toNnm(a.models[0]);
    assert.match(text, /^ {2}pool1 = maxpool\(lrn\(relu\(conv1\)\), kernel=3, stride=2, ceil=true\)$/m);
    assert.match(text, /^ {2}conv1 = conv2d\(image, out=96, kernel=11, stride=4\) @tile\(m=64, n=7, r=13, c=13\) @split\(m=2\)$/m);
  });
});

describe('toNnm: what the model language cannot say directly', () => {
  /** A model through GraphBuilder with one of everything an importer may produce. */
  function build(): ModelResult {
    const b = new GraphBuilder('test/model-1', 'fp32');
    const at = { start: 0, end: 0 };
    b.param('N', 2);
    const x = b.input('input', [2, 3, 8, 8], 'fp32', at, ['N', 3, 8, 8]);
    const [c] = b.layer({ op: 'conv2d', name: 'conv1/7x7_s2', inputs: [x], args: { out: 8, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 1, bias: true } });
    const [m] = b.layer({ op: 'mul', name: '245', inputs: [c, { shape: [8, 1, 1], precision: 'fp32', producer: -1, constant: 'scale:0' }] });
    const [p, q] = b.layer({ op: 'split', name: 'split', inputs: [m], args: { parts: 2, dim: 1 } });
    const [s] = b.layer({ op: 'add', name: 'split', inputs: [q, p] });
    const [h] = b.layer({ op: 'cast', name: 'half', inputs: [s], args: { to: 'fp16' }, precision: 'fp16' });
    const u = b.uncounted('custom', 'com.example.Foo', [h], at, [2, 4, 8, 8]);
    const [r] = b.layer({ op: 'relu', name: 'after_custom', inputs: [u] });
    const up = b.uncounted('up', 'upsample', [r], at, [2, 4, 16, 16]);
    const [t] = b.layer({ op: 'darknet_shortcut', name: 'shortcut', inputs: [up, r] });
    const [v] = b.layer({ op: 'upsample', name: 'bilinear', inputs: [t], args: { scale: [2, 2], mode: 'bilinear' } });
    const shape = v.shape as number[];
    const seen = [shape[0], shape[2], shape[3], shape[1]];
    const [fc] = b.layer({ op: 'linear', name: 'fc', inputs: [{ ...v, shape: seen }], args: { out: 10, bias: true } });
    b.layer({ op: 'gather', name: 'picked', inputs: [fc, { shape: [5], precision: 'int64', producer: -1, constant: 'idx' }], args: { dim: 1 } });
    return b.finish();
  }

  it('makes names safe and unique', () => {
    assert.equal(safeName('conv1/7x7_s2'), 'conv1_7x7_s2');
    assert.equal(safeName('245'), 't245');
    assert.equal(safeName('input'), 'input_');
    assert.equal(safeName('gpu_0/data_0'), 'gpu_0_data_0');
    assert.equal(safeName(''), 'layer');
    for (const s of ['conv1_7x7_s2', 't245', 'input_', 'x']) assert.equal(safeName(s), s);
  });

  it('writes every case so that the analysis gives the same layers and totals', () => {
    const source = build();
    assert.equal(source.totals.uncounted, 2);
    // The two layers of unknown operators are errors of the generated file (RL301), as intended.
    const { text, warnings, analysis } = convertAndCompare(source, 'synthetic', 1, ['RL301']);
    assert.deepEqual(errors(analysis).map((e) => e.slice(0, 5)), ['RL301', 'RL301']);
    const lines = text.split('\n').map((l) => l.trim());
    for (const line of [
      "# synthetic: model 'test_model_1', converted to the model language by Roofline Lens.",
      "# Layers marked 'not counted' call operators the tool does not know: the totals are incomplete.",
      'model test_model_1 {',
      'param N = 2',
      'input input_: [N, 3, 8, 8] fp32',
      'input scale_0: [8, 1, 1] fp32',
      'input custom_out: [2, 4, 8, 8] fp32',
      'input up_out: [2, 4, 16, 16] fp32',
      'input idx: [5] int64',
      'conv1_7x7_s2 = conv2d(input_, out=8, kernel=3, pad=1)',
      't245 = mul(conv1_7x7_s2, scale_0)',
      'split_0, split_1 = split(t245, parts=2)',
      'split_2 = add(split_1, split_0)',
      'half = cast(split_2, to=fp16) @precision(fp16)',
      'custom = com_example_Foo(half)    # not counted (an operator the tool does not know)',
      'after_custom = relu(custom_out)',
      'up = upsample_not_counted(after_custom)    # not counted (an operator the tool does not know)',
      'shortcut = darknet_shortcut(up_out, after_custom)',
      'bilinear = upsample(shortcut, mode="bilinear")',
      'fc = linear(reshape(bilinear, shape=[-1, 32, 32, 4]), out=10)',
      'picked = gather(fc, idx, dim=1)',
    ]) assert.ok(lines.includes(line), `missing line: ${line}\n${text}`);
    assert.ok(warnings.some((w) => w.includes("'com.example.Foo' is written 'com_example_Foo'")));
    assert.ok(warnings.some((w) => w.includes("'upsample' is written 'upsample_not_counted'")));
    assert.ok(warnings.some((w) => w.includes("read the input 'custom_out' of its shape [2, 4, 8, 8]")));
    assert.ok(warnings.some((w) => w.includes('reads [2, 4, 32, 32] as [2, 32, 32, 4]: written through reshape')));
    assert.ok(warnings.some((w) => w.includes('2 constant operands are declared as inputs')));
  });

  it('an ONNX graph: dim_param, 1-D conv and transA operands, constants (a scalar too), a custom operator', () => {
    const r = analyzeOnnx(onnxFromText(`
      <ir_version: 8, opset_import: ["" : 17]>
      g (float[batch, 4, 16] X, float[8, 2] V) => (float[batch, 64] O, float[2, 6] P, float16[batch, 8, 16] F)
      <float[8, 4, 3] W, float[8, 6] G, float[1, 8, 1] S, float[batch, 8, 16] Q>
      {
        [conv1d/x] C = Conv <pads = [1, 1]> (X, W)
        [mul.245] M = Mul (C, S)
        [split] A, B = Split <axis = 1, num_outputs = 2> (M)
        [mean] H = Mean (A, B)
        [custom] Q = com.example.Custom (M)
        [after] R = Relu (Q)
        [half] F = Cast <to = 10> (R)
        [gemm_t] P = Gemm <transA = 1> (V, G)
        [flat] O = Flatten (H)
      }`), { fileName: 'synthetic.onnx' });
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL602']);
    // Views: the 1-D conv's input and output ([N, C, L] as [N, C, 1, L] and back), Gemm's transA.
    const { text } = convertAndCompare(r.models[0], 'synthetic.onnx', 3, ['RL301']);
    const lines = text.split('\n').map((l) => l.trim());
    for (const line of [
      'param batch = 1',
      'input X: [batch, 4, 16] fp32',
      'input mean_mean_in1: [] fp32',
      'input custom_out: [1, 8, 16] fp32',
      'conv1d_x = conv2d(reshape(X, shape=[-1, 4, 1, 16]), out=8, kernel=[1, 3], pad=[0, 1], bias=false)',
      'mul_245 = mul(flatten(conv1d_x, start=2), S)',
      'split_0, split_1 = split(mul_245, parts=[4, 4])',
      'mean_mean = div(mean, mean_mean_in1)',
      'half = cast(after, to=fp16) @precision(fp16)',
      'gemm_t = linear(reshape(V, shape=[2, 8]), out=6, bias=false)',
    ]) assert.ok(lines.includes(line), `missing line: ${line}\n${text}`);
  });

  it('takes the precision asked for, and says so when it is not one', () => {
    const source = build();
    const half = toNnm(source, { precision: 'fp16' });
    assert.match(half.text, /^use precision fp16$/m);
    assert.match(half.text, /^ {2}conv1_7x7_s2 = conv2d\(input_, out=8, kernel=3, pad=1\) @precision\(fp32\)$/m);
    assert.match(half.text, /^ {2}half = cast\(split_2, to=fp16\)$/m);
    const a = analyzeText(half.text);
    source.layers.forEach((l, i) => assert.equal(a.models[0].layers.filter((x) => !x.name.includes('.'))[i].precision, l.precision));
    const bad = toNnm(source, { precision: 'fp13' });
    assert.match(bad.text, /^use precision fp32$/m);
    assert.ok(bad.warnings.some((w) => w.includes("'fp13' is not a precision")));
  });

  it('writes a tensor that comes from nowhere as an undefined name, uncounted as it was', () => {
    const b = new GraphBuilder('lost', 'fp32');
    const x = b.input('x', [1, 4], 'fp32');
    const [a] = b.layer({ op: 'relu', name: 'a', inputs: [x] });
    b.layer({ op: 'add', name: 'b', inputs: [a, { shape: null, precision: 'fp32', producer: -1 }] });
    const source = b.finish();
    const { text, warnings } = toNnm(source);
    assert.match(text, /^ {2}b = add\(a, missing_b_1\)$/m);
    assert.ok(warnings.some((w) => w.includes("'missing_b_1'")));
    const g = analyzeText(text).models[0];
    assert.deepEqual(g.layers.map(facts), source.layers.map(facts));
  });

  it('never throws on a model it cannot make sense of', () => {
    const source = build();
    const broken: ModelResult = {
      ...source,
      inputs: [{ name: 'x', shape: null, precision: 'fp32', span: { start: 0, end: 0 } }],
      layers: source.layers.map((l, i) => (i === 1 ? { ...l, call: undefined } : i === 2 ? { ...l, call: { args: { parts: Number.NaN }, inputs: [{ kind: 'layer', layer: 99, output: 0 }] } } : l)),
    };
    const r = toNnm(broken);
    assert.match(r.text, /^ {2}# input x: \[\?\] fp32/m);
    assert.ok(r.warnings.some((w) => w.includes('did not record its arguments')));
    assert.ok(r.warnings.some((w) => w.includes("the value of 'parts' (NaN) cannot be written")));
    assert.ok(r.warnings.some((w) => w.includes('has no shape in the source')));
  });
});
