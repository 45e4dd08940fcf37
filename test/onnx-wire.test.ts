// The protobuf wire reader (varints up to 64 bits, lengths, groups rejected, bounds, nesting) and
// the ONNX importer's behaviour on broken or hostile files: every failure is one RL601 error with
// the byte offset, never an exception. Payloads are skipped by seeking: through the file-descriptor
// source (server/src/formats-node/fileSource.ts), a model with megabytes of weights is analysed by
// reading a few kilobytes of it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemorySource } from '../server/src/core/formats/onnx/byteSource';
import { analyzeOnnx } from '../server/src/core/formats/onnx/index';
import { MAX_DEPTH, WIRE, WireError, WireReader } from '../server/src/core/formats/onnx/wire';
import { analyzeOnnxFile } from '../server/src/formats-node/fileSource';
import { encodeModel, Msg, toBytes, varintBytes, writeMsg } from './helpers/onnxEncode';
import { onnxFromText, parseOnnxText } from './helpers/onnxText';

function reader(bytes: number[] | Uint8Array): WireReader {
  return new WireReader(new MemorySource(Uint8Array.from(bytes)));
}

function throwsWire(f: () => unknown, words: string, offset?: number): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof WireError, String(e));
    assert.ok(e.message.includes(words), e.message);
    if (offset !== undefined) assert.equal(e.offset, offset);
    return true;
  });
}

describe('wire reader', () => {
  it('reads varints of every length, 64-bit lengths as numbers, int64 in two\'s complement', () => {
    for (const v of [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
      const r = reader(varintBytes(BigInt(v)));
      assert.equal(r.uint(r.size), v);
      assert.equal(r.pos, r.size);
    }
    for (const v of [-1, -5, -(2 ** 40), 9]) {
      const r = reader(varintBytes(BigInt.asUintN(64, BigInt(v))));
      assert.equal(r.int64(r.size), v);
    }
    // INT64_MAX (a Slice's "to the end") is read approximately, far beyond any dimension
    const big = reader(varintBytes(2n ** 63n - 1n));
    assert.ok(big.int64(big.size) > 9e18);
  });

  it('fails on a length beyond 2^53, a varint longer than 10 bytes, or one cut short', () => {
    const huge = reader(varintBytes(2n ** 60n));
    throwsWire(() => huge.uint(huge.size), 'too large', 0);
    throwsWire(() => reader(new Array(11).fill(0x80)).uint(11), 'longer than 10 bytes', 0);
    throwsWire(() => reader([0x96]).uint(1), 'runs past the end of the file', 0);
  });

  it('checks every length against the enclosing message and the file', () => {
    // field 1, length-delimited, announcing 5 bytes with 2 present
    const r = reader([0x0a, 0x05, 0x41, 0x42]);
    r.nextTag(r.size);
    throwsWire(() => r.lengthEnd(r.size), 'runs past the end of the file', 1);
    // a nested message that overruns its parent's end
    const s = reader([0x0a, 0x02, 0x12, 0x05, 0x00, 0x00, 0x00]);
    s.nextTag(s.size);
    const end = s.lengthEnd(s.size);
    s.nextTag(end);
    throwsWire(() => s.lengthEnd(end), 'enclosing message', 3);
  });

  it('rejects groups and invalid wire types, and field number 0', () => {
    const g = reader([0x0b, 0x00]); // field 1, start-group
    throwsWire(() => g.message(g.size, 0, () => false), 'group', 0);
    throwsWire(() => reader([0x0e]).message(1, 0, () => false), 'invalid wire type 6');
    throwsWire(() => reader([0x00]).message(1, 0, () => false), 'field number 0');
  });

  it('limits nesting', () => {
    const r = reader([0x08, 0x01]);
    throwsWire(() => r.message(r.size, MAX_DEPTH + 1, () => false), 'nested deeper');
  });

  it('reads repeated scalars packed and unpacked alike', () => {
    const packed = new Msg().packedInts(1, [3, -1, 7]);
    const unpacked = new Msg().int(1, 3).int(1, -1).int(1, 7);
    for (const m of [packed, unpacked]) {
      const r = reader(toBytes(m));
      const out: number[] = [];
      r.message(r.size, 0, () => {
        r.repeated(r.size, WIRE.VARINT, (l) => r.int64(l), (v) => out.push(v));
        return true;
      });
      assert.deepEqual(out, [3, -1, 7]);
    }
  });
});

const SMALL = `
  <ir_version: 8, opset_import: ["" : 17]>
  net (float[1, 3, 16, 16] X) => (float[1, 8, 16, 16] Y)
  <float[8, 3, 3, 3] W>
  { [conv] C = Conv <pads = [1, 1, 1, 1]> (X, W)  [relu] Y = Relu (C) }`;

describe('ONNX importer on broken files', () => {
  it('a truncated file is one RL601 error with the byte offset; no model', () => {
    const bytes = onnxFromText(SMALL);
    const r = analyzeOnnx(bytes.subarray(0, Math.floor(bytes.length / 2)));
    assert.equal(r.models.length, 0);
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity]), [['RL601', 'error']]);
    assert.match(r.diagnostics[0].message, /^corrupt or truncated ONNX file: .*runs past the end of the file.* \(at byte \d+ of \d+\)$/);
  });

  it('text that is not ONNX, and an empty file, are RL601 errors', () => {
    const text = analyzeOnnx(new TextEncoder().encode('model m {\n  input x: [1]\n}\n'));
    assert.deepEqual(text.diagnostics.map((d) => d.code), ['RL601']);
    assert.ok(text.diagnostics[0].message.includes('is this an ONNX model file?'), text.diagnostics[0].message);
    const empty = analyzeOnnx(new Uint8Array(0));
    assert.deepEqual(empty.diagnostics.map((d) => d.code), ['RL601']);
    assert.ok(empty.diagnostics[0].message.includes('no graph'));
  });

  it('hostile values: enormous or negative dimensions, INT64_MAX slice ends, huge attribute values', () => {
    const r = analyzeOnnx(onnxFromText(`
      <ir_version: 8, opset_import: ["" : 17]>
      h (float[1, 4, 8, 8] X) => (float[1, 4, 8, 8] Y)
      <int64[2] big = {1125899906842624, 1125899906842624}, int64[1] starts = {0}, int64[1] ends = {9223372036854775807}, int64[1] axes = {1}>
      {
        [big] B = ConstantOfShape (big)
        [slice] S = Slice (X, starts, ends, axes)
        [split] A, Z = Split <axis = 1, num_outputs = 1000000000> (S)
        [add] Y = Add (A, B)
      }`));
    // a 2^50 x 2^50 constant is a shape, never an array; the slice runs to the end (the whole
    // tensor: an identity); Split makes one part per output whatever num_outputs says; the add of
    // shapes that do not broadcast is the one error, located at the node
    const m = r.models[0];
    assert.deepEqual(m.layers.map((l) => [l.name, l.op, l.counted]), [['slice', 'identity', true], ['split', 'split', true], ['add', 'add', false]]);
    assert.deepEqual(m.layers[1].outputs, [[1, 2, 8, 8], [1, 2, 8, 8]]);
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL305']);
    assert.ok(r.diagnostics[0].message.includes("(ONNX Add 'add' (byte "), r.diagnostics[0].message);
    const neg = parseOnnxText(SMALL);
    neg.graph.initializers[0].dims = [8, -3, 3, 3];
    neg.graph.initializers[0].zeros = false;
    const rn = analyzeOnnx(toBytes(encodeModel(neg)));
    assert.deepEqual(rn.diagnostics.map((d) => d.code), ['RL601']);
    assert.ok(rn.diagnostics[0].message.includes('invalid dimension -3'));
  });
});

describe('ONNX initializers', () => {
  it('typed payloads (float_data, int64_data) are skipped when large, decoded when small, checked against dims', () => {
    const spec = parseOnnxText(`
      <ir_version: 8, opset_import: ["" : 17]>
      t (float[1, 1000] X) => (float[1, 1000] Y, float[2, 500] Z)
      <int64[2] shape = {2, 500}>
      { [add] Y = Add (X, W)  [view] Z = Reshape (Y, shape) }`);
    spec.graph.initializers.push({ name: 'W', dims: [1000], dataType: 1, values: new Array<number>(1000).fill(0.5), typed: true });
    spec.graph.initializers[0].typed = true;
    const r = analyzeOnnx(toBytes(encodeModel(spec)));
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.models[0].layers.map((l) => l.outputs[0]), [[1, 1000], [2, 500]]);
    // 999 values stored for 1,000 elements: a warning on the initializer
    spec.graph.initializers[1].values = new Array<number>(999).fill(0.5);
    const bad = analyzeOnnx(toBytes(encodeModel(spec)));
    assert.deepEqual(bad.diagnostics.map((d) => d.code), ['RL605']);
    assert.ok(bad.diagnostics[0].message.includes("initializer 'W'") && bad.diagnostics[0].message.includes('999 value(s) stored'), bad.diagnostics[0].message);
  });
});

describe('ONNX importer through a file descriptor', () => {
  it('skips weight payloads by seeking: 9 MB of weights, a few KB read; the same result as in memory', () => {
    const spec = parseOnnxText(`
      <ir_version: 8, opset_import: ["" : 17]>
      big (float[1, 256, 14, 14] X) => (float[1, 1000] Y)
      <float[1024, 256, 3, 3] W, float[1000, 1024] F>
      {
        [conv] C = Conv <pads = [1, 1, 1, 1]> (X, W)
        [pool] P = GlobalAveragePool (C)
        [flat] Q = Flatten (P)
        [fc] Y = Gemm <transB = 1> (Q, F)
      }`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-onnx-')), 'big.onnx');
    const fd = fs.openSync(file, 'w');
    try {
      writeMsg(encodeModel(spec), (c) => fs.writeSync(fd, c));
    } finally {
      fs.closeSync(fd);
    }
    try {
      const size = fs.statSync(file).size;
      // weights (2,359,296 + 1,024,000) x 4 bytes = 13,533,184 bytes of raw_data
      assert.ok(size > 13_533_184);
      const r = analyzeOnnxFile(file);
      assert.deepEqual(r.diagnostics, []);
      assert.ok(r.bytesRead < 300_000, `read ${r.bytesRead} of ${size} bytes`);
      const mem = analyzeOnnx(fs.readFileSync(file));
      assert.deepEqual(r.models[0].totals, mem.models[0].totals);
      // conv 1024 x 196 x 256 x 9 = 462,422,016 MACs; fc 1,024,000
      assert.equal(r.models[0].totals.macs, 462_422_016 + 1_024_000);
      assert.equal(r.models[0].name, 'big');
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
