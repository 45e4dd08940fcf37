// The operators the Caffe and Darknet importers added to the table (in their families' files), one
// at a time, written as tiny .nnm models: output shapes, MACs, ops, params and bytes against numbers
// computed by hand (the arithmetic is in the comments), and for each at least one located error.
import * as assert from 'node:assert/strict';
import { analyzeText, type FileAnalysis } from '../server/src/core/analyze';
import { darknetPooledLength } from '../server/src/core/ops/pool';

/** The operators the Caffe and Darknet importers added to the table. */
const CAFFE_DARKNET_OPS = ['leaky_relu', 'mish', 'relu6', 'scale', 'maximum', 'identity', 'darknet_maxpool', 'darknet_shortcut'];
import { OPERATORS } from '../server/src/core/ops/table';
import type { Layer } from '../server/src/core/semantics/model';

function model(lines: string[], precision = 'fp32'): string {
  return `use precision ${precision}\nmodel t {\n${lines.map((l) => `  ${l}`).join('\n')}\n}\n`;
}

function y(lines: string[], precision = 'fp32'): Layer {
  const r: FileAnalysis = analyzeText(model(lines, precision));
  assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  const found = r.models[0].layers.find((l) => l.name === 'y');
  assert.ok(found, 'no layer y');
  return found;
}

interface Expected {
  out: number[][];
  ops: number;
  params: number;
  bytes?: { input: number; weight: number; output: number };
}

function check(l: Layer, e: Expected): void {
  assert.equal(l.counted, true);
  assert.deepEqual(l.outputs, e.out);
  assert.equal(l.macs, 0);
  assert.equal(l.ops, e.ops);
  assert.equal(l.params, e.params);
  if (e.bytes) assert.deepEqual({ input: l.bytes.input, weight: l.bytes.weight, output: l.bytes.output }, e.bytes);
}

/** The one diagnostic of a model that must fail, and the text it covers. */
function fails(lines: string[], code: string): string {
  const text = model(lines);
  const r = analyzeText(text);
  assert.deepEqual(r.diagnostics.map((d) => d.code), [code], r.diagnostics.map((d) => d.message).join('; '));
  assert.equal(r.models[0].totals.complete, false);
  return text.slice(r.diagnostics[0].span.start, r.diagnostics[0].span.end);
}

describe('operators for Caffe and Darknet', () => {
  it('are all in the operator table, each with an ops rule', () => {
    for (const name of CAFFE_DARKNET_OPS) {
      const op = OPERATORS.get(name);
      assert.ok(op, name);
      assert.ok(op.opsRule.length > 0 && op.summary.length > 0, name);
    }
  });

  it('leaky_relu, mish, relu6: 1 op per element, no params', () => {
    // [2, 3, 4, 4] = 96 elements -> 96 ops; bytes fp32: 384 in, 384 out
    for (const op of ['leaky_relu', 'mish', 'relu6']) {
      check(y(['input x: [2, 3, 4, 4]', `y = ${op}(x)`]), { out: [[2, 3, 4, 4]], ops: 96, params: 0, bytes: { input: 384, weight: 0, output: 384 } });
    }
    check(y(['input x: [1, 8]', 'y = leaky_relu(x, slope=0.2)']), { out: [[1, 8]], ops: 8, params: 0 });
    assert.equal(fails(['input x: [1, 8]', 'y = leaky_relu(x, slope=true)'], 'RL304'), 'true');
  });

  it('scale: C (or 2C with bias) learnable params; 1 (or 2) ops per element', () => {
    // [1, 16, 5, 5] = 400 elements; bias: 2 x 16 = 32 params, 800 ops; weights 32 x 4 = 128 bytes
    check(y(['input x: [1, 16, 5, 5]', 'y = scale(x)']), { out: [[1, 16, 5, 5]], ops: 800, params: 32, bytes: { input: 1600, weight: 128, output: 1600 } });
    check(y(['input x: [1, 16, 5, 5]', 'y = scale(x, bias=false)']), { out: [[1, 16, 5, 5]], ops: 400, params: 16 });
    assert.equal(fails(['input x: [7]', 'y = scale(x)'], 'RL305'), 'x');
  });

  it('maximum: broadcasting, 1 op per output element', () => {
    // [2, 4, 3] against [4, 1]: out [2, 4, 3] = 24 elements
    check(y(['input a: [2, 4, 3]', 'input b: [4, 1]', 'y = maximum(a, b)']), { out: [[2, 4, 3]], ops: 24, params: 0 });
    assert.equal(fails(['input a: [2, 4]', 'input b: [3]', 'y = maximum(a, b)'], 'RL305'), 'b');
  });

  it('identity: a view, 0 ops and no bytes moved', () => {
    const l = y(['input x: [1, 4, 2, 2]', 'y = identity(x)']);
    check(l, { out: [[1, 4, 2, 2]], ops: 0, params: 0, bytes: { input: 0, weight: 0, output: 0 } });
    assert.equal(l.view, true);
    assert.equal(fails(['input x: [1, 4]', 'y = identity(3)'], 'RL304'), '3');
  });

  it("darknet_maxpool: Darknet's total padding (default size - 1)", () => {
    // size 2, stride 1, padding 1 (the default): (13 + 1 - 2) / 1 + 1 = 13, as yolov3-tiny's layer 11;
    // ops = 512 x 13 x 13 x 2 x 2 = 346,112 (Darknet's l.bflops x 1e9)
    check(y(['input x: [1, 512, 13, 13]', 'y = darknet_maxpool(x, kernel=2)']), { out: [[1, 512, 13, 13]], ops: 346_112, params: 0 });
    // size 2, stride 2 on 416: (416 + 1 - 2) / 2 + 1 = 208 (floor)
    check(y(['input x: [1, 16, 416, 416]', 'y = darknet_maxpool(x, kernel=2, stride=2)']), { out: [[1, 16, 208, 208]], ops: 16 * 208 * 208 * 4, params: 0 });
    // size 3, stride 2, padding 0 (pjreddie's alexnet.cfg): (55 - 3) / 2 + 1 = 27
    check(y(['input x: [1, 96, 55, 55]', 'y = darknet_maxpool(x, kernel=3, stride=2, padding=0)']), { out: [[1, 96, 27, 27]], ops: 96 * 27 * 27 * 9, params: 0 });
    assert.equal(darknetPooledLength(19, 13, 1, 12), 19);
    assert.equal(fails(['input x: [1, 4, 8, 8]', 'y = darknet_maxpool(x, kernel=0)'], 'RL306'), 'kernel=0');
    assert.equal(fails(['input x: [1, 4, 2, 2]', 'y = darknet_maxpool(x, kernel=5, padding=0)'], 'RL305'), 'kernel=5');
  });

  it("darknet_shortcut: the output is x; the overlap of the two maps is added", () => {
    // x [1, 128, 32, 32], from [1, 64, 64, 64]: stride 64 / 32 = 2; adds 64 x 32 x 32 = 65,536 (ops)
    // input read: all of x (131,072) + the 65,536 elements of `from` that are added -> x 4 bytes
    const l = y(['input x: [1, 128, 32, 32]', 'input f: [1, 64, 64, 64]', 'y = darknet_shortcut(x, f)']);
    check(l, { out: [[1, 128, 32, 32]], ops: 65_536, params: 0, bytes: { input: (131_072 + 65_536) * 4, weight: 0, output: 131_072 * 4 } });
    // a smaller `from` is spread out: x [1, 8, 8, 8], from [1, 16, 4, 4]: adds 8 x 4 x 4 = 128
    check(y(['input x: [1, 8, 8, 8]', 'input f: [1, 16, 4, 4]', 'y = darknet_shortcut(x, f)']), { out: [[1, 8, 8, 8]], ops: 128, params: 0 });
    assert.equal(fails(['input x: [1, 8, 8, 8]', 'input f: [1, 8, 4, 8]', 'y = darknet_shortcut(x, f)'], 'RL305'), 'f');
  });
});
