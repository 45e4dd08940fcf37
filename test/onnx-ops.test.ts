// The operators added to the table for the ONNX importer (each in its family's file under
// server/src/core/ops/), one at a time: each is checked in a tiny model file (output shape, MACs,
// ops, params and bytes computed by hand in the comments) with one error, and then the importer's
// mapping of the ONNX operators onto them (and onto leaky_relu, maximum and identity, added for
// Caffe and Darknet) from ONNX text fixtures. A last test checks that every one is covered here.
import * as assert from 'node:assert/strict';
import { analyzeText, type FileAnalysis } from '../server/src/core/analyze';
import { analyzeOnnx } from '../server/src/core/formats/onnx/index';
import { operator } from '../server/src/core/ops/table';
import type { Layer, LayerBytes } from '../server/src/core/semantics/model';
import { onnxFromText } from './helpers/onnxText';

function nnm(lines: string[]): FileAnalysis {
  return analyzeText(`model t {\n${lines.map((l) => `  ${l}`).join('\n')}\n}\n`);
}

/** The layer `y` of a model that must analyse without any diagnostic. */
function y(lines: string[]): Layer {
  const r = nnm(lines);
  assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  const l = r.models[0].layers.find((x) => x.name === 'y');
  assert.ok(l, 'no layer y');
  return l;
}

/** Expects exactly one error, of `code`, whose message contains `words`. */
function fails(lines: string[], code: string, words: string): void {
  const r = nnm(lines);
  assert.deepEqual(r.diagnostics.map((d) => d.code), [code], r.diagnostics.map((d) => d.message).join('; '));
  assert.ok(r.diagnostics[0].message.includes(words), r.diagnostics[0].message);
  assert.equal(r.models[0].totals.complete, false);
}

interface Expected {
  out: number[][];
  ops: number;
  params?: number;
  bytes?: Partial<LayerBytes>;
}

function check(l: Layer, e: Expected): void {
  assert.equal(l.counted, true);
  assert.deepEqual(l.outputs, e.out);
  assert.equal(l.macs, 0, 'none of these operators has MACs');
  assert.equal(l.ops, e.ops);
  assert.equal(l.params, e.params ?? 0);
  if (e.bytes) {
    const actual: Partial<LayerBytes> = {};
    for (const k of Object.keys(e.bytes) as (keyof LayerBytes)[]) actual[k] = l.bytes[k];
    assert.deepEqual(actual, e.bytes);
  }
}

const described = new Set<string>();
function op(name: string, body: () => void): void {
  assert.ok(operator(name), `${name} is in the operator table`);
  described.add(name);
  describe(`operator ${name} (added for ONNX)`, body);
}

for (const name of ['sub', 'div', 'pow', 'minimum']) {
  op(name, () => {
    it('broadcasts [2, 3, 4] with [3, 1]: 1 op per output element', () => {
      // out [2, 3, 4] = 24 elements, 24 ops; bytes in (24 + 3) x 4 = 108, out 24 x 4 = 96
      check(y(['input a: [2, 3, 4]', 'input b: [3, 1]', `y = ${name}(a, b)`]), { out: [[2, 3, 4]], ops: 24, bytes: { input: 108, weight: 0, output: 96 } });
    });
    it('error: shapes that do not broadcast (RL305), naming both', () => {
      fails(['input a: [2, 3]', 'input b: [4]', `y = ${name}(a, b)`], 'RL305', '[2, 3] and [4]');
    });
  });
}

op('where', () => {
  it('broadcasts the condition and both branches', () => {
    // cond [4, 1], a [1, 5], b [4, 5] -> [4, 5]: 20 ops; bytes in (4 + 5 + 20) x 4 = 116
    check(y(['input c: [4, 1]', 'input a: [1, 5]', 'input b: [4, 5]', 'y = where(c, a, b)']), { out: [[4, 5]], ops: 20, bytes: { input: 116, output: 80 } });
  });
  it('error: branches that do not broadcast (RL305)', () => {
    fails(['input c: [1]', 'input a: [2, 3]', 'input b: [4, 3]', 'y = where(c, a, b)'], 'RL305', '[2, 3] and [4, 3]');
  });
});

// Activations and math functions: 1 op per element. x [2, 8] = 16 elements, 64 bytes in and out.
const UNARIES: [string, string][] = [
  ['clip', 'y = clip(x, min=0, max=6)'],
  ['elu', 'y = elu(x, alpha=0.5)'],
  ['hardsigmoid', 'y = hardsigmoid(x)'],
  ['hardswish', 'y = hardswish(x)'],
  ['softplus', 'y = softplus(x)'],
  ['sqrt', 'y = sqrt(x)'],
  ['exp', 'y = exp(x)'],
  ['log', 'y = log(x)'],
  ['erf', 'y = erf(x)'],
  ['abs', 'y = abs(x)'],
  ['neg', 'y = neg(x)'],
  ['reciprocal', 'y = reciprocal(x)'],
];
for (const [name, line] of UNARIES) {
  op(name, () => {
    it('1 op per element, same shape', () => {
      check(y(['input x: [2, 8]', line]), { out: [[2, 8]], ops: 16, bytes: { input: 64, weight: 0, output: 64 } });
    });
    it('error: one positional argument too many (RL308)', () => {
      const positional = operator(name)?.args.filter((a) => !a.keywordOnly).length ?? 1;
      const extra = Array.from({ length: positional }, (_, i) => i + 1).join(', ');
      fails(['input x: [2, 8]', `y = ${name}(x, ${extra})`], 'RL308', `${name} takes at most ${positional}`);
    });
  });
}

op('prelu', () => {
  it('learned slopes are parameters', () => {
    // [1, 8, 4, 4] = 128 elements, 128 ops; 8 slopes = 8 params, 32 weight bytes
    check(y(['input x: [1, 8, 4, 4]', 'y = prelu(x, slopes=8)']), { out: [[1, 8, 4, 4]], ops: 128, params: 8, bytes: { weight: 32 } });
  });
  it('error: no slopes (RL306)', () => {
    fails(['input x: [1, 8, 4, 4]', 'y = prelu(x, slopes=0)'], 'RL306', 'slopes');
  });
});

op('instancenorm', () => {
  it('5 ops per element, scale and shift per channel', () => {
    // [2, 3, 4, 4] = 96 elements x 5 = 480 ops; params 2 x 3 = 6
    check(y(['input x: [2, 3, 4, 4]', 'y = instancenorm(x)']), { out: [[2, 3, 4, 4]], ops: 480, params: 6, bytes: { weight: 24 } });
  });
  it('error: no spatial dimension (RL305)', () => {
    fails(['input x: [2, 3]', 'y = instancenorm(x)'], 'RL305', '[2, 3]');
  });
});

for (const name of ['reduce_mean', 'reduce_sum', 'reduce_max']) {
  op(name, () => {
    it('over the spatial dimensions, keeping them or not: 1 op per input element', () => {
      // [2, 3, 4, 5] = 120 elements, 120 ops
      check(y(['input x: [2, 3, 4, 5]', `y = ${name}(x, dims=[2, 3])`]), { out: [[2, 3, 1, 1]], ops: 120, bytes: { input: 480, output: 24 } });
      check(y(['input x: [2, 3, 4, 5]', `y = ${name}(x, dims=[-1], keepdims=false)`]), { out: [[2, 3, 4]], ops: 120 });
      check(y(['input x: [2, 3, 4, 5]', `y = ${name}(x, keepdims=false)`]), { out: [[]], ops: 120 });
    });
    it('error: a dimension out of range or listed twice (RL306)', () => {
      fails(['input x: [2, 3, 4, 5]', `y = ${name}(x, dims=[4])`], 'RL306', 'out of range');
      fails(['input x: [2, 3, 4, 5]', `y = ${name}(x, dims=[1, -3])`], 'RL306', 'twice');
    });
  });
}

op('global_maxpool', () => {
  it('[N, C, H, W] to [N, C, 1, 1], 1 op per input element', () => {
    // 8 x 7 x 7 = 392 ops
    check(y(['input x: [1, 8, 7, 7]', 'y = global_maxpool(x)']), { out: [[1, 8, 1, 1]], ops: 392 });
  });
  it('error: a 2-D input (RL305)', () => {
    fails(['input x: [4, 4]', 'y = global_maxpool(x)'], 'RL305', '[4, 4]');
  });
});

op('pad', () => {
  it('before, then after every dimension (ONNX order); a copy', () => {
    // [1, 3, 4 + 1 + 3, 4 + 2 + 4] = [1, 3, 8, 10] = 240 elements, 960 bytes out, 0 ops
    check(y(['input x: [1, 3, 4, 4]', 'y = pad(x, pads=[0, 0, 1, 2, 0, 0, 3, 4])']), { out: [[1, 3, 8, 10]], ops: 0, bytes: { input: 192, output: 960 } });
  });
  it('error: not two amounts per dimension (RL306)', () => {
    fails(['input x: [1, 3, 4, 4]', 'y = pad(x, pads=[1, 1])'], 'RL306', 'needs 8');
  });
});

op('gather', () => {
  it('the index tensor replaces the gathered dimension; only the gathered rows are read', () => {
    // x [10, 4], indices [2, 3] along 0 -> [2, 3, 4] = 24 elements; read 24 + 6 = 30 elements x 4 bytes = 120
    check(y(['input x: [10, 4]', 'input i: [2, 3] int32', 'y = gather(x, i)']), { out: [[2, 3, 4]], ops: 0, bytes: { input: 120, output: 96 } });
    // a scalar index along 1 drops that dimension: [10, 4] -> [10]
    check(y(['input x: [10, 4]', 'input i: [] int32', 'y = gather(x, i, dim=1)']), { out: [[10]], ops: 0 });
  });
  it('error: a dimension out of range (RL306)', () => {
    fails(['input x: [10, 4]', 'input i: [2] int32', 'y = gather(x, i, dim=2)'], 'RL306', 'out of range');
  });
});

op('expand', () => {
  it('broadcasts to a larger shape, materialising it', () => {
    // [3, 1] to [2, 3, 4] = 24 elements, 96 bytes out
    check(y(['input x: [3, 1]', 'y = expand(x, shape=[2, 3, 4])']), { out: [[2, 3, 4]], ops: 0, bytes: { input: 12, output: 96 } });
  });
  it('error: a shape it does not broadcast to (RL305)', () => {
    fails(['input x: [3, 2]', 'y = expand(x, shape=[3, 4])'], 'RL305', '[3, 2]');
  });
});

op('cast', () => {
  it('a copy that converts, same shape, 0 ops', () => {
    check(y(['input x: [2, 2]', 'y = cast(x, to=fp16)']), { out: [[2, 2]], ops: 0 });
  });
  it('error: an unknown type (RL306)', () => {
    fails(['input x: [2, 2]', 'y = cast(x, to=fp12)'], 'RL306', 'fp12');
  });
});

/** The operators the ONNX importer added to the table. */
const ONNX_OPS = [
  'sub', 'div', 'pow', 'minimum', 'where', 'clip', 'elu', 'hardsigmoid', 'hardswish', 'softplus', 'prelu', 'sqrt', 'exp', 'log',
  'erf', 'abs', 'neg', 'reciprocal', 'instancenorm', 'reduce_mean', 'reduce_sum', 'reduce_max', 'global_maxpool', 'pad', 'gather', 'expand', 'cast',
];

describe('the ONNX importer\'s operators: coverage', () => {
  it('every operator the ONNX importer added is described above, and is in the table', () => {
    assert.deepEqual([...described].sort(), [...ONNX_OPS].sort());
    for (const name of ONNX_OPS) assert.ok(operator(name), name);
  });
});

// ---- the importer's mapping of ONNX operators onto these entries ---------------------------------

/** Analyses ONNX text; returns the analysis and a lookup of layers by name. */
function onnx(text: string): { r: FileAnalysis; layer: (name: string) => Layer } {
  const r = analyzeOnnx(onnxFromText(text));
  return {
    r,
    layer: (name) => {
      const l = r.models[0].layers.find((x) => x.name === name);
      assert.ok(l, `no layer '${name}' (layers: ${r.models[0].layers.map((x) => x.name).join(', ')})`);
      return l;
    },
  };
}

describe('ONNX operators mapped onto the extra entries', () => {
  it('binary and variadic element-wise operators, a constant operand included', () => {
    const { r, layer } = onnx(`
      <ir_version: 8, opset_import: ["" : 17]>
      g (float[1, 4, 8, 8] X, float[1, 4, 8, 8] Z, bool[1, 4, 8, 8] K) => (float[1, 4, 8, 8] O)
      <float[4, 1, 1] S, float[1] E = {2}>
      {
        [sub] A = Sub (X, S)
        [div] B = Div (A, S)
        [pow] C = Pow (B, E)
        [max] D = Max (C, Z)
        [min] F = Min (D, Z)
        [sum] G = Sum (F, Z, X)
        [mean] H = Mean (G, Z)
        [where] O = Where (K, H, Z)
      }`);
    assert.deepEqual(r.diagnostics, []);
    // every output is [1, 4, 8, 8] = 256 elements: 1 op each
    for (const [name, opName] of [['sub', 'sub'], ['div', 'div'], ['pow', 'pow'], ['max', 'maximum'], ['min', 'minimum'], ['sum', 'add'], ['sum/2', 'add'], ['mean', 'add'], ['mean/mean', 'div'], ['where', 'where']]) {
      const l = layer(name);
      assert.equal(l.op, opName, name);
      check(l, { out: [[1, 4, 8, 8]], ops: 256 });
    }
    // the per-channel constant S is an operand (4 elements read as input), not a parameter
    assert.equal(layer('sub').bytes.input, (256 + 4) * 4);
    assert.ok(layer('sub').notes.some((n) => n.includes("'S' is a constant of the file")));
  });

  it('activations: Clip (attributes before opset 11, inputs from 11), LeakyRelu, Elu, HardSigmoid, HardSwish, Softplus, PRelu', () => {
    const v11 = onnx(`
      <ir_version: 8, opset_import: ["" : 14]>
      g (float[1, 8, 4, 4] X) => (float[1, 8, 4, 4] Y)
      <float lo = {0}, float hi = {6}, float[8, 1, 1] slope>
      {
        [clip] A = Clip (X, lo, hi)
        [leaky] B = LeakyRelu <alpha = 0.2> (A)
        [elu] C = Elu (B)
        [hsig] D = HardSigmoid (C)
        [hswish] E = HardSwish (D)
        [softplus] F = Softplus (E)
        [prelu] Y = PRelu (F, slope)
      }`);
    assert.deepEqual(v11.r.diagnostics, []);
    for (const [name, opName] of [['clip', 'clip'], ['leaky', 'leaky_relu'], ['elu', 'elu'], ['hsig', 'hardsigmoid'], ['hswish', 'hardswish'], ['softplus', 'softplus'], ['prelu', 'prelu']]) {
      assert.equal(v11.layer(name).op, opName);
      // 8 x 4 x 4 = 128 elements, 1 op each; the PRelu slopes (8) are parameters
      check(v11.layer(name), { out: [[1, 8, 4, 4]], ops: 128, params: name === 'prelu' ? 8 : 0 });
    }
    const v6 = onnx(`
      <ir_version: 3, opset_import: ["" : 6]>
      g (float[1, 8] X) => (float[1, 8] Y)
      { [clip] Y = Clip <min = 0.0, max = 6.0> (X) }`);
    assert.deepEqual(v6.r.diagnostics, []);
    check(v6.layer('clip'), { out: [[1, 8]], ops: 8 });
  });

  it('math functions, InstanceNormalization, reductions (axes attribute, ReduceSum axes input from 13), GlobalMaxPool', () => {
    const { r, layer } = onnx(`
      <ir_version: 8, opset_import: ["" : 13]>
      g (float[2, 3, 4, 4] X) => (float[2, 3, 1, 1] Y, float[2, 3] M, float[2, 3, 1, 1] P)
      <float[3] sc, float[3] bi, int64[2] ax = {2, 3}>
      {
        [sqrt] A = Sqrt (X)
        [exp] B = Exp (A)
        [log] C = Log (B)
        [erf] D = Erf (C)
        [abs] E = Abs (D)
        [neg] F = Neg (E)
        [recip] G = Reciprocal (F)
        [inorm] H = InstanceNormalization (G, sc, bi)
        [mean] Y = ReduceMean <axes = [2, 3]> (H)
        [sum] M = ReduceSum <keepdims = 0> (H, ax)
        [max] Q = ReduceMax <axes = [-1]> (H)
        [gmp] P = GlobalMaxPool (H)
      }`);
    assert.deepEqual(r.diagnostics, []);
    // [2, 3, 4, 4] = 96 elements
    for (const name of ['sqrt', 'exp', 'log', 'erf', 'abs', 'neg', 'recip']) check(layer(name), { out: [[2, 3, 4, 4]], ops: 96 });
    check(layer('inorm'), { out: [[2, 3, 4, 4]], ops: 480, params: 6 });
    check(layer('mean'), { out: [[2, 3, 1, 1]], ops: 96 });
    check(layer('sum'), { out: [[2, 3]], ops: 96 });
    check(layer('max'), { out: [[2, 3, 4, 1]], ops: 96 });
    check(layer('gmp'), { out: [[2, 3, 1, 1]], ops: 96 });
  });

  it('Pad (pads an attribute before opset 11, an input from 11), Gather (an embedding from a constant table, else a gather), Expand, Cast, Dropout and Identity', () => {
    const { r, layer } = onnx(`
      <ir_version: 8, opset_import: ["" : 13]>
      g (float[1, 3, 4, 4] X, int64[2, 5] T) => (float[1, 3, 8, 10] P, float[2, 5, 16] E, float[1, 3, 4] G, float[2, 3, 4, 4] X2, float16[1, 3, 4, 4] H, float[1, 3, 4, 4] I)
      <int64[8] pads = {0, 0, 1, 2, 0, 0, 3, 4}, float[100, 16] table, int64 one = {1}, int64[4] shape = {2, 3, 4, 4}>
      {
        [pad] P = Pad (X, pads)
        [embed] E = Gather (table, T)
        [gather] G = Gather <axis = 2> (X, one)
        [expand] X2 = Expand (X, shape)
        [cast] H = Cast <to = 10> (X)
        [drop] D, mask = Dropout (X)
        [id] I = Identity (D)
      }`);
    assert.deepEqual(r.diagnostics, []);
    check(layer('pad'), { out: [[1, 3, 8, 10]], ops: 0 });
    // embedding: 100 x 16 = 1,600 parameters; at most one row per token read: 10 tokens x 16 x 4 bytes = 640
    check(layer('embed'), { out: [[2, 5, 16]], ops: 0, params: 1600, bytes: { weight: 640 } });
    assert.equal(layer('embed').op, 'embedding');
    check(layer('gather'), { out: [[1, 3, 4]], ops: 0 });
    check(layer('expand'), { out: [[2, 3, 4, 4]], ops: 0 });
    // Cast to float16: the layer has the output's precision (48 elements x 2 bytes)
    check(layer('cast'), { out: [[1, 3, 4, 4]], ops: 0, bytes: { input: 192, output: 96 } });
    assert.equal(layer('cast').precision, 'fp16');
    assert.equal(layer('drop').op, 'identity');
    assert.equal(layer('drop').view, true);
    assert.equal(layer('id').op, 'identity');
    const v2 = onnx(`
      <ir_version: 3, opset_import: ["" : 2]>
      g (float[1, 3, 4, 4] X) => (float[1, 3, 6, 6] P)
      { [pad] P = Pad <pads = [0, 0, 1, 1, 0, 0, 1, 1], mode = "reflect"> (X) }`);
    assert.deepEqual(v2.r.diagnostics, []);
    check(v2.layer('pad'), { out: [[1, 3, 6, 6]], ops: 0 });
    assert.ok(v2.layer('pad').notes.some((n) => n.includes("'reflect'")));
  });
});
