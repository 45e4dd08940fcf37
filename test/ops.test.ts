// The operator table, one operator at a time: for small cases written as tiny .nnm models, the
// output shapes, MACs, ops, params and bytes (input, weight, output, KV cache) are checked against
// numbers computed by hand (the arithmetic is in the comments), and for every operator at least one
// error: its diagnostic code (RL3xx), the exact source text it covers, and for shape errors a
// message naming both shapes. A last test checks that every operator of the table is covered here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, type FileAnalysis } from '../server/src/core/analyze';
import type { Diagnostic } from '../server/src/core/diagnostics/types';
import { OPERATORS } from '../server/src/core/ops/table';
import { BoundArgs, type ArgValue, type OpSpec } from '../server/src/core/ops/types';
import type { Layer, LayerBytes } from '../server/src/core/semantics/model';

/** A one-model file whose body is `lines` (inputs first), in the given precision. */
function model(lines: string[], precision = 'fp32'): string {
  return `use precision ${precision}\nmodel t {\n${lines.map((l) => `  ${l}`).join('\n')}\n}\n`;
}

/** Analyses a file that must give no diagnostic at all. */
function clean(text: string): FileAnalysis {
  const r = analyzeText(text);
  assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  assert.equal(r.models.length, 1);
  assert.equal(r.models[0].totals.complete, true);
  return r;
}

/** The layer of that name in the file's only model. */
function layer(r: FileAnalysis, name: string): Layer {
  const found = r.models[0].layers.find((l) => l.name === name);
  assert.ok(found, `no layer '${name}' (layers: ${r.models[0].layers.map((l) => l.name).join(', ')})`);
  return found;
}

/** Analyses `lines` and returns the layer `y` (every case below binds its layer to `y`). */
function y(lines: string[], precision = 'fp32'): Layer {
  return layer(clean(model(lines, precision)), 'y');
}

interface Expected {
  out: number[][];
  macs: number;
  ops: number;
  params: number;
  bytes?: Partial<LayerBytes>;
}

function check(l: Layer, e: Expected): void {
  assert.equal(l.counted, true, `${l.name} is not counted`);
  assert.deepEqual(l.outputs, e.out, `${l.name}: output shapes`);
  assert.equal(l.macs, e.macs, `${l.name}: MACs`);
  assert.equal(l.ops, e.ops, `${l.name}: ops`);
  assert.equal(l.params, e.params, `${l.name}: params`);
  if (e.bytes) {
    const actual: Partial<LayerBytes> = {};
    for (const k of Object.keys(e.bytes) as (keyof LayerBytes)[]) actual[k] = l.bytes[k];
    assert.deepEqual(actual, e.bytes, `${l.name}: bytes`);
  }
}

interface Failure {
  diagnostic: Diagnostic;
  /** The source text the diagnostic covers. */
  at: string;
  text: string;
  result: FileAnalysis;
}

/**
 * Analyses `lines`, expects exactly one diagnostic, of `code`, and a model whose totals are marked
 * incomplete (the failing layer is left out). Returns the diagnostic and the text it covers.
 */
function fails(lines: string[], code: string): Failure {
  const text = model(lines);
  const result = analyzeText(text);
  assert.deepEqual(result.diagnostics.map((d) => d.code), [code], result.diagnostics.map((d) => d.message).join('; '));
  const diagnostic = result.diagnostics[0];
  assert.equal(diagnostic.severity, 'error');
  assert.equal(result.models[0].totals.complete, false);
  return { diagnostic, at: text.slice(diagnostic.span.start, diagnostic.span.end), text, result };
}

/**
 * Asserts that the diagnostic covers exactly `expected`, and that it is the `occurrence`-th (0-based)
 * place `expected` appears in the last statement of the model (the line under test).
 */
function covers(f: Failure, expected: string, occurrence = 0): void {
  assert.equal(f.at, expected);
  let start = f.text.lastIndexOf('\n  ');
  for (let i = 0; i <= occurrence; i++) start = f.text.indexOf(expected, start + 1);
  assert.equal(f.diagnostic.span.start, start, `'${expected}' is not the occurrence ${occurrence} of it`);
}

/** Asserts that the message names every one of `shapes`. */
function names(f: Failure, ...shapes: string[]): void {
  for (const s of shapes) assert.ok(f.diagnostic.message.includes(s), `message '${f.diagnostic.message}' does not name ${s}`);
}

const described = new Set<string>();
function op(name: string, body: () => void): void {
  described.add(name);
  describe(`operator ${name}`, body);
}

op('conv2d', () => {
  it('3x3, pad 1, with bias', () => {
    // out [1, 6, 8, 8]: (8 + 2 - 3) / 1 + 1 = 8.  MACs = 6 x 8 x 8 x (4 x 3 x 3) = 384 x 36 = 13,824
    // params = 6 x 4 x 3 x 3 + 6 = 222.  bytes: in 4 x 64 x 4 = 1,024, weights 222 x 4 = 888, out 384 x 4 = 1,536
    const l = y(['input x: [1, 4, 8, 8]', 'y = conv2d(x, 6, kernel=3, pad=1)']);
    check(l, { out: [[1, 6, 8, 8]], macs: 13_824, ops: 27_648, params: 222, bytes: { input: 1024, weight: 888, output: 1536, cache: 0 } });
  });
  it('stride 2, batch 2, no bias', () => {
    // out: floor((9 - 3) / 2) + 1 = 4.  MACs = 2 x 5 x 4 x 4 x 3 x 9 = 4,320.  params = 5 x 3 x 9 = 135
    const l = y(['input x: [2, 3, 9, 9]', 'y = conv2d(x, 5, kernel=3, stride=2, bias=false)']);
    check(l, { out: [[2, 5, 4, 4]], macs: 4320, ops: 8640, params: 135, bytes: { weight: 540 } });
  });
  it('groups=4: each output map sees 8 / 4 = 2 input maps', () => {
    // out 10 - 3 + 1 = 8.  MACs = 16 x 8 x 8 x 2 x 9 = 18,432.  params = 16 x 2 x 9 + 16 = 304
    const l = y(['input x: [1, 8, 10, 10]', 'y = conv2d(x, 16, kernel=3, groups=4)']);
    check(l, { out: [[1, 16, 8, 8]], macs: 18_432, ops: 36_864, params: 304 });
    assert.deepEqual(l.dims, { kind: 'conv', batch: 1, groups: 4, m: 4, n: 2, r: 8, c: 8, kh: 3, kw: 3, stride: 1, h: 10, w: 10 });
  });
  it('depthwise=true and groups=C give the same layer', () => {
    // out channels default to the 8 inputs; MACs = 8 x 10 x 10 x 1 x 9 = 7,200; params = 8 x 9 = 72
    const a = y(['input x: [1, 8, 10, 10]', 'y = conv2d(x, kernel=3, pad=1, depthwise=true, bias=false)']);
    const b = y(['input x: [1, 8, 10, 10]', 'y = conv2d(x, 8, kernel=3, pad=1, groups=8, bias=false)']);
    check(a, { out: [[1, 8, 10, 10]], macs: 7200, ops: 14_400, params: 72 });
    check(b, { out: [[1, 8, 10, 10]], macs: 7200, ops: 14_400, params: 72 });
  });
  it('dilation 2 widens the window, not the MACs', () => {
    // effective kernel 2 x (3 - 1) + 1 = 5, out 9 - 5 + 1 = 5. MACs = 3 x 5 x 5 x 2 x 9 = 1,350; params 3 x 2 x 9 + 3 = 57
    const l = y(['input x: [1, 2, 9, 9]', 'y = conv2d(x, 3, kernel=3, dilation=2)']);
    check(l, { out: [[1, 3, 5, 5]], macs: 1350, ops: 2700, params: 57 });
  });
  it('rectangular kernel, padding and stride', () => {
    // rows (5 + 0 - 1) / 1 + 1 = 5; columns floor((7 + 2 - 3) / 2) + 1 = 4
    // MACs = 4 x 5 x 4 x 2 x 1 x 3 = 480; params 4 x 2 x 3 + 4 = 28
    const l = y(['input x: [1, 2, 5, 7]', 'y = conv2d(x, 4, kernel=[1, 3], pad=[0, 1], stride=[1, 2])']);
    check(l, { out: [[1, 4, 5, 4]], macs: 480, ops: 960, params: 28 });
  });
  it('error: input channels not divisible by groups (RL305 at groups=, both shapes named)', () => {
    const f = fails(['input x: [1, 6, 8, 8]', 'y = conv2d(x, 12, kernel=3, groups=4)'], 'RL305');
    covers(f, 'groups=4');
    names(f, '[1, 6, 8, 8]', 'groups=4');
  });
  it('error: output channels not divisible by groups (RL306)', () => {
    covers(fails(['input x: [1, 8, 8, 8]', 'y = conv2d(x, 6, kernel=3, groups=4)'], 'RL306'), 'groups=4');
  });
  it('error: kernel larger than the padded input (RL305 at kernel=)', () => {
    const f = fails(['input x: [1, 3, 4, 4]', 'y = conv2d(x, 8, kernel=7)'], 'RL305');
    covers(f, 'kernel=7');
    names(f, '[1, 3, 4, 4]');
  });
  it('error: a 3-D input (RL305 at the input)', () => {
    const f = fails(['input x: [3, 8, 8]', 'y = conv2d(x, 8, kernel=3)'], 'RL305');
    assert.equal(f.at, 'x');
    assert.equal(f.diagnostic.span.start, f.text.indexOf('conv2d(x') + 'conv2d('.length);
    names(f, '[3, 8, 8]');
  });
  it('error: no output channels and not depthwise (RL306 at the operator name)', () => {
    // `out` is optional in the table (depthwise convs default it), so this is not RL303.
    const f = fails(['input x: [1, 3, 8, 8]', 'y = conv2d(x, kernel=3)'], 'RL306');
    covers(f, 'conv2d');
  });
  it('error: stride 0 (RL306) and an unknown argument name (RL302)', () => {
    covers(fails(['input x: [1, 3, 8, 8]', 'y = conv2d(x, 8, kernel=3, stride=0)'], 'RL306'), 'stride=0');
    covers(fails(['input x: [1, 3, 8, 8]', 'y = conv2d(x, 8, kernel=3, padding=1)'], 'RL302'), 'padding');
  });
});

op('conv_transpose2d', () => {
  it('kernel 4, stride 2, pad 1 doubles the size', () => {
    // out (5 - 1) x 2 - 2 x 1 + (4 - 1) + 0 + 1 = 10. MACs = input elements x out x k^2 = 4 x 25 x 2 x 16 = 3,200
    // params = 4 x 2 x 16 + 2 = 130. bytes: in 100 x 4 = 400, weights 520, out 2 x 100 x 4 = 800
    const l = y(['input x: [1, 4, 5, 5]', 'y = conv_transpose2d(x, 2, kernel=4, stride=2, pad=1)']);
    check(l, { out: [[1, 2, 10, 10]], macs: 3200, ops: 6400, params: 130, bytes: { input: 400, weight: 520, output: 800 } });
  });
  it('output_pad adds one row and column', () => {
    const l = y(['input x: [1, 4, 5, 5]', 'y = conv_transpose2d(x, 2, kernel=4, stride=2, pad=1, output_pad=1)']);
    check(l, { out: [[1, 2, 11, 11]], macs: 3200, ops: 6400, params: 130 });
  });
  it('groups=2', () => {
    // out (5 - 1) + 2 + 1 = 7; 6 / 2 = 3 outputs per group. MACs = 4 x 25 x 3 x 9 = 2,700; params 4 x 3 x 9 = 108
    const l = y(['input x: [1, 4, 5, 5]', 'y = conv_transpose2d(x, 6, kernel=3, groups=2, bias=false)']);
    check(l, { out: [[1, 6, 7, 7]], macs: 2700, ops: 5400, params: 108 });
  });
  it('error: channels not divisible by groups (RL305)', () => {
    const f = fails(['input x: [1, 3, 5, 5]', 'y = conv_transpose2d(x, 4, kernel=3, groups=2)'], 'RL305');
    covers(f, 'groups=2');
    names(f, '[1, 3, 5, 5]');
  });
  it('error: output_pad not smaller than the stride (RL306), as PyTorch', () => {
    covers(fails(['input x: [1, 4, 5, 5]', 'y = conv_transpose2d(x, 2, kernel=4, stride=2, output_pad=2)'], 'RL306'), 'output_pad=2');
  });
  it('error: padding leaves no output (RL305 at pad=)', () => {
    // (1 - 1) x 1 - 2 x 1 + 0 + 0 + 1 = -1
    covers(fails(['input x: [1, 2, 1, 1]', 'y = conv_transpose2d(x, 2, kernel=1, pad=1)'], 'RL305'), 'pad=1');
  });
});

op('linear', () => {
  it('over the last dimension of a 3-D input', () => {
    // rows 2 x 3 = 6: MACs 6 x 16 x 8 = 768; params 16 x 8 + 8 = 136
    // bytes: in 96 x 4 = 384, weights 136 x 4 = 544, out 48 x 4 = 192
    const l = y(['input x: [2, 3, 16]', 'y = linear(x, 8)']);
    check(l, { out: [[2, 3, 8]], macs: 768, ops: 1536, params: 136, bytes: { input: 384, weight: 544, output: 192, cache: 0 } });
    assert.deepEqual(l.dims, { kind: 'gemm', batch: 1, m: 6, k: 16, n: 8, weightRhs: true });
  });
  it('bias=false', () => {
    check(y(['input x: [2, 3, 16]', 'y = linear(x, 8, bias=false)']), { out: [[2, 3, 8]], macs: 768, ops: 1536, params: 128, bytes: { weight: 512 } });
  });
  it('error: zero features (RL306) and a tensor where a number is due (RL304)', () => {
    covers(fails(['input x: [2, 3, 16]', 'y = linear(x, 0)'], 'RL306'), '0');
    const f = fails(['input x: [2, 3, 16]', 'y = linear(x, x)'], 'RL304');
    covers(f, 'x', 1);
    names(f, '[2, 3, 16]');
  });
});

op('matmul', () => {
  it('broadcasts a 2-D right operand over the batch', () => {
    // [2, 4, 8] x [8, 3] -> [2, 4, 3]; MACs 2 x 4 x 8 x 3 = 192; no weights
    // bytes: in (64 + 24) x 4 = 352, out 24 x 4 = 96
    const l = y(['input a: [2, 4, 8]', 'input b: [8, 3]', 'y = matmul(a, b)']);
    check(l, { out: [[2, 4, 3]], macs: 192, ops: 384, params: 0, bytes: { input: 352, weight: 0, output: 96 } });
  });
  it('broadcasts batch dimensions both ways', () => {
    // batch [2, 1] with [3] -> [2, 3]; MACs 6 x 4 x 8 x 5 = 960
    const l = y(['input a: [2, 1, 4, 8]', 'input b: [3, 8, 5]', 'y = matmul(a, b)']);
    check(l, { out: [[2, 3, 4, 5]], macs: 960, ops: 1920, params: 0 });
  });
  it('error: inner dimensions differ (RL305 at b, both shapes named)', () => {
    const f = fails(['input a: [4, 8]', 'input b: [7, 3]', 'y = matmul(a, b)'], 'RL305');
    assert.equal(f.at, 'b');
    assert.equal(f.diagnostic.span.start, f.text.indexOf('matmul(a, b)') + 'matmul(a, '.length);
    names(f, '[4, 8]', '[7, 3]');
  });
  it('error: batch dimensions do not broadcast (RL305)', () => {
    const f = fails(['input a: [2, 4, 8]', 'input b: [3, 8, 5]', 'y = matmul(a, b)'], 'RL305');
    names(f, '[2, 4, 8]', '[3, 8, 5]');
  });
});

op('attention', () => {
  it('grouped-query heads and a KV cache of 10 positions', () => {
    // B 1, S 4, D 64, heads 4 -> head dim 16, kv_heads 2 -> kv width 32, context T 10
    // projections: B S (2 D^2 + 2 D kv) = 4 x (8,192 + 4,096) = 49,152
    // QK^T and scores x V: 2 B heads S T hd = 2 x 4 x 4 x 10 x 16 = 5,120; MACs 54,272
    // ops = 2 x 54,272 + 5 x B heads S T (softmax) = 108,544 + 800 = 109,344
    // params = 2 D^2 + 2 D kv = 8,192 + 4,096 = 12,288; weights 12,288 x 4 = 49,152 bytes
    // KV cache: B T 2 kv = 10 x 2 x 32 = 640 elements = 2,560 bytes; x and out 256 x 4 = 1,024 each
    const l = y(['input x: [1, 4, 64]', 'y = attention(x, heads=4, kv_heads=2, context=10)']);
    check(l, { out: [[1, 4, 64]], macs: 54_272, ops: 109_344, params: 12_288, bytes: { input: 1024, weight: 49_152, output: 1024, cache: 2560 } });
  });
  it('with biases on the four projections', () => {
    // + 2 D + 2 kv = 128 + 64 = 192 -> 12,480
    check(y(['input x: [1, 4, 64]', 'y = attention(x, heads=4, kv_heads=2, context=10, bias=true)']), { out: [[1, 4, 64]], macs: 54_272, ops: 109_344, params: 12_480 });
  });
  it('one decode step (seq 1) against the same cache', () => {
    // projections 1 x 12,288 = 12,288; scores 2 x 4 x 1 x 10 x 16 = 1,280 -> 13,568 MACs
    // ops 27,136 + 5 x 4 x 10 = 27,336; the cache read is the same 2,560 bytes
    const l = y(['input x: [1, 1, 64]', 'y = attention(x, heads=4, kv_heads=2, context=10)']);
    check(l, { out: [[1, 1, 64]], macs: 13_568, ops: 27_336, params: 12_288, bytes: { input: 256, output: 256, cache: 2560 } });
  });
  it('defaults: kv_heads = heads, context = seq', () => {
    // B 2, S 3, D 8, heads 2 (hd 4). projections 2 x 3 x 4 x 64 = 1,536; scores 2 x 2 x 2 x 3 x 3 x 4 = 288
    // ops 2 x 1,824 + 5 x 2 x 2 x 3 x 3 = 3,648 + 180; cache 2 x 3 x 2 x 8 = 96 elements
    const l = y(['input x: [2, 3, 8]', 'y = attention(x, heads=2)']);
    check(l, { out: [[2, 3, 8]], macs: 1824, ops: 3828, params: 256, bytes: { cache: 384 } });
  });
  it('errors: heads not dividing the width (RL305), kv_heads (RL306), context below seq (RL306), 2-D input (RL305)', () => {
    const f = fails(['input x: [1, 4, 64]', 'y = attention(x, heads=3)'], 'RL305');
    covers(f, 'heads=3');
    names(f, '[1, 4, 64]');
    covers(fails(['input x: [1, 4, 64]', 'y = attention(x, heads=4, kv_heads=3)'], 'RL306'), 'kv_heads=3');
    covers(fails(['input x: [1, 4, 64]', 'y = attention(x, heads=4, context=2)'], 'RL306'), 'context=2');
    const g = fails(['input x: [4, 64]', 'y = attention(x, heads=4)'], 'RL305');
    assert.equal(g.at, 'x');
    names(g, '[4, 64]');
  });
});

op('batchnorm', () => {
  it('scale and shift per channel; running statistics read but not learnable', () => {
    // 2 x 3 x 4 x 4 = 96 elements, 2 ops each = 192; params 2 x 3 = 6; weights (6 + 6 statistics) x 4 = 48 bytes
    const l = y(['input x: [2, 3, 4, 4]', 'y = batchnorm(x)']);
    check(l, { out: [[2, 3, 4, 4]], macs: 0, ops: 192, params: 6, bytes: { input: 384, weight: 48, output: 384 } });
  });
  it('affine=false', () => {
    check(y(['input x: [2, 3, 4, 4]', 'y = batchnorm(x, affine=false)']), { out: [[2, 3, 4, 4]], macs: 0, ops: 192, params: 0, bytes: { weight: 24 } });
  });
  it('error: a 1-D input (RL305)', () => {
    const f = fails(['input x: [5]', 'y = batchnorm(x)'], 'RL305');
    covers(f, 'x');
    names(f, '[5]');
  });
});

op('layernorm', () => {
  it('5 ops per element, scale and shift per feature', () => {
    // 2 x 5 x 8 = 80 elements x 5 = 400 ops; params 2 x 8 = 16 (64 bytes)
    const l = y(['input x: [2, 5, 8]', 'y = layernorm(x)']);
    check(l, { out: [[2, 5, 8]], macs: 0, ops: 400, params: 16, bytes: { input: 320, weight: 64, output: 320 } });
  });
  it('error: a number where true or false is due (RL304 at the value)', () => {
    covers(fails(['input x: [2, 5, 8]', 'y = layernorm(x, affine=1)'], 'RL304'), '1');
  });
});

op('rmsnorm', () => {
  it('4 ops per element, a scale per feature', () => {
    // 80 elements x 4 = 320 ops; params 8 (32 bytes)
    const l = y(['input x: [2, 5, 8]', 'y = rmsnorm(x)']);
    check(l, { out: [[2, 5, 8]], macs: 0, ops: 320, params: 8, bytes: { weight: 32 } });
  });
  it('error: an unknown argument (RL302 at its name)', () => {
    covers(fails(['input x: [2, 5, 8]', 'y = rmsnorm(x, eps=1)'], 'RL302'), 'eps');
  });
});

op('lrn', () => {
  it('2 x size + 3 ops per element', () => {
    // 8 x 4 x 4 = 128 elements; size 5: 13 x 128 = 1,664; size 3: 9 x 128 = 1,152
    check(y(['input x: [1, 8, 4, 4]', 'y = lrn(x)']), { out: [[1, 8, 4, 4]], macs: 0, ops: 1664, params: 0, bytes: { weight: 0 } });
    check(y(['input x: [1, 8, 4, 4]', 'y = lrn(x, size=3)']), { out: [[1, 8, 4, 4]], macs: 0, ops: 1152, params: 0 });
  });
  it('error: size 0 (RL306)', () => {
    covers(fails(['input x: [1, 8, 4, 4]', 'y = lrn(x, size=0)'], 'RL306'), 'size=0');
  });
});

// Activations: one op per element, no parameters; 2 x 3 x 4 = 24 elements, 96 bytes in and out.
const ACTIVATION_ERRORS: Record<string, { call: string; code: string; at: string; occurrence: number }> = {
  relu: { call: 'relu(x, x)', code: 'RL308', at: 'x', occurrence: 1 }, // too many positional arguments: the second x
  gelu: { call: 'gelu(3)', code: 'RL304', at: '3', occurrence: 0 }, // a number is not a tensor
  silu: { call: 'silu()', code: 'RL303', at: 'silu()', occurrence: 0 }, // missing argument: the whole call
  sigmoid: { call: 'sigmoid(x, approximate=true)', code: 'RL302', at: 'approximate', occurrence: 0 },
  tanh: { call: 'tanh(x, x=x)', code: 'RL307', at: 'x', occurrence: 1 }, // given twice: the keyword
};
for (const [name, err] of Object.entries(ACTIVATION_ERRORS)) {
  op(name, () => {
    it('one op per element, same shape', () => {
      check(y(['input x: [2, 3, 4]', `y = ${name}(x)`]), { out: [[2, 3, 4]], macs: 0, ops: 24, params: 0, bytes: { input: 96, weight: 0, output: 96, cache: 0 } });
    });
    it(`error: ${err.call} (${err.code})`, () => {
      covers(fails(['input x: [2, 3, 4]', `y = ${err.call}`], err.code), err.at, err.occurrence);
    });
  });
}

op('softmax', () => {
  it('5 ops per element', () => {
    check(y(['input x: [2, 10]', 'y = softmax(x)']), { out: [[2, 10]], macs: 0, ops: 100, params: 0 });
    check(y(['input x: [2, 10]', 'y = softmax(x, dim=0)']), { out: [[2, 10]], macs: 0, ops: 100, params: 0 });
  });
  it('error: dimension out of range (RL306)', () => {
    const f = fails(['input x: [2, 10]', 'y = softmax(x, dim=2)'], 'RL306');
    covers(f, 'dim=2');
  });
});

op('add', () => {
  it('broadcasts a per-channel tensor', () => {
    // out 64 x 8 x 8 = 4,096 elements, one op each; in (4,096 + 64) x 4 = 16,640 bytes, out 16,384
    const l = y(['input a: [1, 64, 8, 8]', 'input b: [1, 64, 1, 1]', 'y = add(a, b)']);
    check(l, { out: [[1, 64, 8, 8]], macs: 0, ops: 4096, params: 0, bytes: { input: 16_640, weight: 0, output: 16_384 } });
  });
  it('error: [1, 64, 8, 8] + [1, 32, 8, 8] (RL305 at the second operand, both shapes named)', () => {
    const f = fails(['input a: [1, 64, 8, 8]', 'input c: [1, 32, 8, 8]', 'y = add(a, c)'], 'RL305');
    assert.equal(f.at, 'c');
    assert.equal(f.diagnostic.span.start, f.text.indexOf('add(a, c)') + 'add(a, '.length);
    names(f, '[1, 64, 8, 8]', '[1, 32, 8, 8]');
  });
});

op('mul', () => {
  it('broadcasts both ways', () => {
    // [2, 1, 5] x [3, 1] -> [2, 3, 5] = 30 elements; in (10 + 3) x 4 = 52 bytes, out 120
    const l = y(['input a: [2, 1, 5]', 'input b: [3, 1]', 'y = mul(a, b)']);
    check(l, { out: [[2, 3, 5]], macs: 0, ops: 30, params: 0, bytes: { input: 52, output: 120 } });
  });
  it('error: [2, 3] x [4] (RL305)', () => {
    const f = fails(['input a: [2, 3]', 'input b: [4]', 'y = mul(a, b)'], 'RL305');
    assert.equal(f.at, 'b');
    names(f, '[2, 3]', '[4]');
  });
});

op('maxpool', () => {
  const size = (h: number, args: string): number => {
    const l = y([`input x: [1, 1, ${h}, ${h}]`, `y = maxpool(x, ${args})`]);
    const out = l.outputs[0];
    assert.ok(out);
    assert.equal(out[2], out[3]);
    return out[2];
  };
  it('ops: one per output element per window position', () => {
    // 55 -> floor((55 - 3) / 2) + 1 = 27; ops 2 x 27 x 27 x 9 = 13,122; bytes in 2 x 3,025 x 4 = 24,200, out 2 x 729 x 4 = 5,832
    const l = y(['input x: [1, 2, 55, 55]', 'y = maxpool(x, kernel=3, stride=2)']);
    check(l, { out: [[1, 2, 27, 27]], macs: 0, ops: 13_122, params: 0, bytes: { input: 24_200, weight: 0, output: 5832 } });
  });
  it('ceil mode (Caffe style) against floor mode', () => {
    // 55, k3 s2: (55 - 3) / 2 = 26 exactly, so floor and ceil agree: 27 (AlexNet's pool1)
    assert.equal(size(55, 'kernel=3, stride=2'), 27);
    assert.equal(size(55, 'kernel=3, stride=2, ceil=true'), 27);
    // 56, k3 s2: 53 / 2 = 26.5 -> floor 26 + 1 = 27, ceil 27 + 1 = 28
    assert.equal(size(56, 'kernel=3, stride=2'), 27);
    assert.equal(size(56, 'kernel=3, stride=2, ceil=true'), 28);
    // 112, k3 s2: 109 / 2 = 54.5 -> floor 55, ceil 56 (GoogLeNet's Caffe pools); with pad 1: 111 / 2 -> 55 + 1 = 56
    assert.equal(size(112, 'kernel=3, stride=2'), 55);
    assert.equal(size(112, 'kernel=3, stride=2, ceil=true'), 56);
    assert.equal(size(112, 'kernel=3, stride=2, pad=1'), 56);
    // PyTorch drops a last window that starts in the padding: 5, k2 s2 p1 ceil: ceil(5 / 2) + 1 = 4,
    // but (4 - 1) x 2 = 6 >= 5 + 1, so 3
    assert.equal(size(5, 'kernel=2, stride=2, pad=1, ceil=true'), 3);
  });
  it('errors: padding over half the window (RL306), window larger than the input (RL305)', () => {
    covers(fails(['input x: [1, 1, 8, 8]', 'y = maxpool(x, kernel=3, pad=2)'], 'RL306'), 'pad=2');
    const f = fails(['input x: [1, 1, 2, 2]', 'y = maxpool(x, kernel=3)'], 'RL305');
    covers(f, 'kernel=3');
    names(f, '[1, 1, 2, 2]');
  });
});

op('avgpool', () => {
  it('stride defaults to the window', () => {
    // [1, 3, 8, 8], k2 -> [1, 3, 4, 4]; ops 48 x 4 = 192; bytes in 192 x 4 = 768, out 48 x 4 = 192
    const l = y(['input x: [1, 3, 8, 8]', 'y = avgpool(x, kernel=2)']);
    check(l, { out: [[1, 3, 4, 4]], macs: 0, ops: 192, params: 0, bytes: { input: 768, output: 192 } });
  });
  it('errors: a 3-D input (RL305), ceil=1 (RL304)', () => {
    const f = fails(['input x: [3, 8, 8]', 'y = avgpool(x, kernel=2)'], 'RL305');
    covers(f, 'x');
    names(f, '[3, 8, 8]');
    covers(fails(['input x: [1, 3, 8, 8]', 'y = avgpool(x, kernel=2, ceil=1)'], 'RL304'), '1');
  });
});

op('global_avgpool', () => {
  it('averages every position', () => {
    // [2, 8, 7, 7] -> [2, 8, 1, 1]; 784 input elements, one op each; bytes in 3,136, out 64
    const l = y(['input x: [2, 8, 7, 7]', 'y = global_avgpool(x)']);
    check(l, { out: [[2, 8, 1, 1]], macs: 0, ops: 784, params: 0, bytes: { input: 3136, output: 64 } });
  });
  it('error: a 2-D input (RL305)', () => {
    const f = fails(['input x: [4, 5]', 'y = global_avgpool(x)'], 'RL305');
    covers(f, 'x');
    names(f, '[4, 5]');
  });
});

op('adaptive_avgpool', () => {
  it('13 -> 6: windows of 3, each input position read by one or two windows', () => {
    // window i along 13 -> 6: [floor(13 i / 6), ceil(13 (i + 1) / 6)): [0,3) [2,5) [4,7) [6,9) [8,11) [10,13): 6 x 3 = 18
    // ops = C x 18 x 18 = 2 x 324 = 648
    check(y(['input x: [1, 2, 13, 13]', 'y = adaptive_avgpool(x, 6)']), { out: [[1, 2, 6, 6]], macs: 0, ops: 648, params: 0 });
  });
  it('uneven sizes: 4 x 4 -> 3 x 2', () => {
    // 4 -> 3: [0,2) [1,3) [2,4) = 6; 4 -> 2: [0,2) [2,4) = 4; ops 6 x 4 = 24
    check(y(['input x: [1, 1, 4, 4]', 'y = adaptive_avgpool(x, [3, 2])']), { out: [[1, 1, 3, 2]], macs: 0, ops: 24, params: 0 });
  });
  it('the same size is an identity: no ops, no bytes', () => {
    const l = y(['input x: [1, 2, 6, 6]', 'y = adaptive_avgpool(x, 6)']);
    check(l, { out: [[1, 2, 6, 6]], macs: 0, ops: 0, params: 0, bytes: { input: 0, weight: 0, output: 0 } });
    assert.equal(l.view, true);
  });
  it('error: size 0 (RL306)', () => {
    covers(fails(['input x: [1, 2, 6, 6]', 'y = adaptive_avgpool(x, 0)'], 'RL306'), '0');
  });
});

op('concat', () => {
  it('joins along channels by default, and along any dimension', () => {
    // [1, 2, 4, 4] + [1, 3, 4, 4] -> [1, 5, 4, 4]; a copy: 0 ops; bytes in (32 + 48) x 4 = 320, out 320
    const l = y(['input a: [1, 2, 4, 4]', 'input b: [1, 3, 4, 4]', 'y = concat(a, b)']);
    check(l, { out: [[1, 5, 4, 4]], macs: 0, ops: 0, params: 0, bytes: { input: 320, weight: 0, output: 320 } });
    check(y(['input a: [2, 3]', 'input b: [2, 5]', 'y = concat(a, b, dim=-1)']), { out: [[2, 8]], macs: 0, ops: 0, params: 0 });
  });
  it('error: the mismatching tensor is the one pointed at (RL305, both shapes named)', () => {
    const f = fails(['input a: [1, 2, 4, 4]', 'input b: [1, 3, 4, 4]', 'input c: [1, 3, 5, 4]', 'y = concat(a, b, c)'], 'RL305');
    assert.equal(f.at, 'c');
    assert.equal(f.diagnostic.span.start, f.text.indexOf('concat(a, b, c)') + 'concat(a, b, '.length);
    names(f, '[1, 2, 4, 4]', '[1, 3, 5, 4]');
  });
  it('error: the list form points at the mismatching tensor inside the list', () => {
    const f = fails(['input a: [1, 2, 4, 4]', 'input b: [1, 3, 4, 4]', 'input c: [1, 3, 5, 4]', 'y = concat([a, b, c])'], 'RL305');
    names(f, '[1, 2, 4, 4]', '[1, 3, 5, 4]');
    assert.equal(f.at, 'c');
  });
});

op('split', () => {
  it('equal parts and given sizes', () => {
    // [1, 6, 4] into 3 -> three [1, 2, 4]; a copy: 0 ops; bytes in 24 x 4 = 96, out 3 x 8 x 4 = 96
    const r = clean(model(['input x: [1, 6, 4]', 'p, q, s = split(x, 3)', 'y = add(p, s)']));
    const l = r.models[0].layers[0];
    check(l, { out: [[1, 2, 4], [1, 2, 4], [1, 2, 4]], macs: 0, ops: 0, params: 0, bytes: { input: 96, weight: 0, output: 96 } });
    assert.deepEqual(layer(r, 'y').outputs, [[1, 2, 4]]);
    const r2 = clean(model(['input x: [1, 6, 4]', 'p, q = split(x, [1, 5])']));
    check(r2.models[0].layers[0], { out: [[1, 1, 4], [1, 5, 4]], macs: 0, ops: 0, params: 0 });
    // A one-element list is one part of that size, not a count: [6] -> one [1, 6, 4].
    const r3 = clean(model(['input x: [1, 6, 4]', 'p = split(x, [6])']));
    check(r3.models[0].layers[0], { out: [[1, 6, 4]], macs: 0, ops: 0, params: 0 });
  });
  it('errors: not divisible (RL305), sizes not adding up (RL305)', () => {
    const f = fails(['input x: [1, 6, 4]', 'p, q, s, t = split(x, 4)'], 'RL305');
    covers(f, '4');
    names(f, '[1, 6, 4]');
    covers(fails(['input x: [1, 6, 4]', 'p, q = split(x, [2, 3])'], 'RL305'), '[2, 3]');
  });
});

op('flatten', () => {
  it('is a view: 0 ops, 0 bytes', () => {
    // [2, 3, 4, 5] from dimension 1: [2, 60]; from 2: [2, 3, 20]
    check(y(['input x: [2, 3, 4, 5]', 'y = flatten(x)']), { out: [[2, 60]], macs: 0, ops: 0, params: 0, bytes: { input: 0, weight: 0, output: 0, cache: 0 } });
    check(y(['input x: [2, 3, 4, 5]', 'y = flatten(x, start=2)']), { out: [[2, 3, 20]], macs: 0, ops: 0, params: 0, bytes: { input: 0, output: 0 } });
  });
  it('error: start out of range (RL306)', () => {
    covers(fails(['input x: [2, 3, 4, 5]', 'y = flatten(x, start=4)'], 'RL306'), 'start=4');
  });
});

op('reshape', () => {
  it('is a view; -1 takes the rest', () => {
    // 24 elements / 6 = 4
    const l = y(['input x: [2, 3, 4]', 'y = reshape(x, [6, -1])']);
    check(l, { out: [[6, 4]], macs: 0, ops: 0, params: 0, bytes: { input: 0, weight: 0, output: 0, cache: 0 } });
    assert.equal(l.view, true);
  });
  it('errors: wrong element count (RL305, both shapes named), two -1 (RL306)', () => {
    const f = fails(['input x: [2, 3, 4]', 'y = reshape(x, [5, 5])'], 'RL305');
    covers(f, '[5, 5]');
    names(f, '[2, 3, 4]', '[5, 5]');
    covers(fails(['input x: [2, 3, 4]', 'y = reshape(x, [-1, -1])'], 'RL306'), '[-1, -1]');
  });
});

op('transpose', () => {
  it('swaps the last two dimensions by default, or any two, or permutes', () => {
    // a copy: 0 ops; 24 elements: 96 bytes in and out
    check(y(['input x: [2, 3, 4]', 'y = transpose(x)']), { out: [[2, 4, 3]], macs: 0, ops: 0, params: 0, bytes: { input: 96, output: 96 } });
    check(y(['input x: [2, 3, 4]', 'y = transpose(x, 0, 2)']), { out: [[4, 3, 2]], macs: 0, ops: 0, params: 0 });
    check(y(['input x: [2, 3, 4]', 'y = transpose(x, perm=[2, 0, 1])']), { out: [[4, 2, 3]], macs: 0, ops: 0, params: 0 });
  });
  it('errors: not a permutation (RL306), dimension out of range (RL306)', () => {
    covers(fails(['input x: [2, 3, 4]', 'y = transpose(x, perm=[0, 0, 1])'], 'RL306'), 'perm=[0, 0, 1]');
    covers(fails(['input x: [2, 3, 4]', 'y = transpose(x, 3)'], 'RL306'), '3');
  });
});

op('slice', () => {
  it('takes [start, end); end defaults to start + 1', () => {
    // [2, 8, 16] rows 2..4 of dimension 1 -> [2, 3, 16]; a copy of the slice only: 96 elements
    // read and written, 96 x 4 = 384 bytes each way
    check(y(['input x: [2, 8, 16]', 'y = slice(x, dim=1, start=2, end=5)']), { out: [[2, 3, 16]], macs: 0, ops: 0, params: 0, bytes: { input: 384, output: 384 } });
    check(y(['input x: [2, 8, 16]', 'y = slice(x, dim=1, start=0)']), { out: [[2, 1, 16]], macs: 0, ops: 0, params: 0 });
  });
  it('errors: end past the dimension (RL305 at end=), start before 0 (RL305 at start=)', () => {
    const f = fails(['input x: [2, 8, 16]', 'y = slice(x, dim=1, start=2, end=9)'], 'RL305');
    covers(f, 'end=9');
    names(f, '[2, 8, 16]');
    covers(fails(['input x: [2, 8, 16]', 'y = slice(x, dim=1, start=-1, end=2)'], 'RL305'), 'start=-1');
    covers(fails(['input x: [2, 8, 16]', 'y = slice(x, dim=1, start=8)'], 'RL305'), 'start=8');
  });
});

op('upsample', () => {
  it('nearest is a copy, bilinear 7 ops per output element', () => {
    // [1, 2, 3, 3] x 2 -> [1, 2, 6, 6] = 72 elements; bilinear 7 x 72 = 504
    check(y(['input x: [1, 2, 3, 3]', 'y = upsample(x)']), { out: [[1, 2, 6, 6]], macs: 0, ops: 0, params: 0, bytes: { input: 72, output: 288 } });
    check(y(['input x: [1, 2, 3, 3]', 'y = upsample(x, mode=bilinear)']), { out: [[1, 2, 6, 6]], macs: 0, ops: 504, params: 0 });
    check(y(['input x: [1, 2, 3, 3]', 'y = upsample(x, scale=[2, 3])']), { out: [[1, 2, 6, 9]], macs: 0, ops: 0, params: 0 });
  });
  it('errors: unknown mode (RL306 at the word), scale 0 (RL306)', () => {
    covers(fails(['input x: [1, 2, 3, 3]', 'y = upsample(x, mode=cubic)'], 'RL306'), 'cubic');
    covers(fails(['input x: [1, 2, 3, 3]', 'y = upsample(x, scale=0)'], 'RL306'), 'scale=0');
  });
});

op('embedding', () => {
  it('reads one row per token, not the whole table', () => {
    // 6 int32 tokens: in 6 x 4 = 24 bytes; out [2, 3, 16] = 96 x 4 = 384 bytes
    // params 100 x 16 = 1,600; weights read = 6 rows x 16 x 4 = 384 bytes
    const l = y(['input x: [2, 3] int32', 'y = embedding(x, vocab=100, dim=16)']);
    check(l, { out: [[2, 3, 16]], macs: 0, ops: 0, params: 1600, bytes: { input: 24, weight: 384, output: 384, cache: 0 } });
  });
  it('at most every row once (vocab 4 < 6 tokens), in the layer precision', () => {
    // min(6, 4) = 4 rows x 16 x 4 = 256 bytes
    check(y(['input x: [2, 3] int32', 'y = embedding(x, vocab=4, dim=16)']), { out: [[2, 3, 16]], macs: 0, ops: 0, params: 64, bytes: { weight: 256 } });
    // fp16: weights 6 x 16 x 2 = 192, out 96 x 2 = 192; the int32 ids stay 4 bytes each
    check(y(['input x: [2, 3] int32', 'y = embedding(x, vocab=100, dim=16)'], 'fp16'), { out: [[2, 3, 16]], macs: 0, ops: 0, params: 1600, bytes: { input: 24, weight: 192, output: 192 } });
  });
  it('error: vocab 0 (RL306)', () => {
    covers(fails(['input x: [2, 3] int32', 'y = embedding(x, vocab=0, dim=16)'], 'RL306'), 'vocab=0');
  });
});

describe('an unknown operator', () => {
  it('is RL301 at its name; the totals are incomplete; independent later layers still count', () => {
    const text = model(['input x: [1, 4, 8, 8]', 'a = relu(x)', 'b = frobnicate(a, 3)', 'c = relu(b)', 'd = relu(x)']);
    const r = analyzeText(text);
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL301']);
    const d = r.diagnostics[0];
    assert.equal(text.slice(d.span.start, d.span.end), 'frobnicate');
    assert.ok(d.message.includes('frobnicate'));
    const m = r.models[0];
    // b and c (fed by b, shape unknown) are not counted; a and d are: 2 x 256 elements, one op each
    assert.deepEqual(m.layers.map((l) => [l.name, l.counted]), [['a', true], ['b', false], ['c', false], ['d', true]]);
    assert.deepEqual(layer(r, 'd').outputs, [[1, 4, 8, 8]]);
    assert.deepEqual(m.totals, { macs: 0, ops: 512, params: 0, complete: false, layers: 4, uncounted: 2 });
  });
});

describe('the operator table', () => {
  it('has tests for every operator: a describe() above, or calls in the tests of the importers\' operators', () => {
    const others = ['onnx-ops.test.ts', 'formats-ops.test.ts'].map((f) => fs.readFileSync(path.join(__dirname, f), 'utf8')).join('\n');
    const untested = [...OPERATORS.keys()].filter((name) => !described.has(name) && !new RegExp(`\\b${name}\\(|'${name}'`).test(others));
    assert.deepEqual(untested, []);
  });
});

describe('the operator table: pair arguments', () => {
  it('declares every argument read as a pair, and only whole-number ones', () => {
    // kernel=3 means [3, 3]: the readers of the table (toNnm writes [a, a] as `a`) rely on the flag.
    const pairs = [...OPERATORS.values()].flatMap((op) => op.args.filter((a) => a.pair).map((a) => `${op.name}.${a.name}`));
    assert.deepEqual(pairs, [
      'conv2d.kernel', 'conv2d.stride', 'conv2d.pad', 'conv2d.dilation',
      'conv_transpose2d.kernel', 'conv_transpose2d.stride', 'conv_transpose2d.pad', 'conv_transpose2d.output_pad', 'conv_transpose2d.dilation',
      'maxpool.kernel', 'maxpool.stride', 'maxpool.pad', 'avgpool.kernel', 'avgpool.stride', 'avgpool.pad',
      'adaptive_avgpool.size', 'upsample.scale', 'darknet_maxpool.stride',
    ]);
    for (const op of OPERATORS.values()) for (const a of op.args) if (a.pair) assert.equal(a.kind, 'ints', `${op.name}.${a.name}`);
  });

  it('an entry that reads an argument as a pair without declaring it fails as an internal error, not silently', () => {
    const spec: OpSpec = {
      name: 'undeclared',
      category: 'pool',
      summary: 'reads kernel as a pair without declaring it',
      opsRule: '0 ops.',
      args: [{ name: 'x', kind: 'tensor', doc: 'input' }, { name: 'kernel', kind: 'ints', doc: 'window' }],
      infer(a) {
        const [kh] = a.pair('kernel');
        return { outputs: [a.tensor('x')], macs: kh, ops: 0, params: 0, weightElems: 0 };
      },
    };
    const values = new Map<string, ArgValue>([['x', { kind: 'tensor', shape: [1, 2] }], ['kernel', { kind: 'number', value: 3 }]]);
    assert.throws(() => spec.infer(new BoundArgs(spec, values)), /'kernel' is read as a pair but not declared 'pair'/);
    const declared: OpSpec = { ...spec, args: [spec.args[0], { ...spec.args[1], pair: true }] };
    assert.equal(declared.infer(new BoundArgs(declared, values)).macs, 3);
  });
});
