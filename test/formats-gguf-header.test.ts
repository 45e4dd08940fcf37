// The GGUF header reader (server/src/core/formats/gguf/header.ts) on headers written by the test
// helper: every metadata value type of the spec, arrays (of numbers, of strings, nested), the tensor
// infos, the alignment, and the errors: each located at the byte offset where reading failed, and
// never an exception, for a file cut at every byte of its header.
import * as assert from 'node:assert/strict';
import { GgufError } from '../server/src/core/formats/gguf/cursor';
import { readGgufHeader, type GgufArray } from '../server/src/core/formats/gguf/header';
import { MemorySource } from '../server/src/core/formats/onnx/byteSource';
import { GGML, ggufFile, str, u32, writeGgufHeader, type GgufWriteOptions } from './helpers/ggufWriter';

function read(bytes: Uint8Array) {
  return readGgufHeader(new MemorySource(bytes));
}

function failure(bytes: Uint8Array): GgufError {
  try {
    read(bytes);
  } catch (e) {
    assert.ok(e instanceof GgufError, `not a GgufError: ${String(e)}`);
    return e;
  }
  assert.fail('the header was read');
}

const EVERY_TYPE: GgufWriteOptions = {
  kv: [
    ['t.u8', { type: 'uint8', value: 200 }],
    ['t.i8', { type: 'int8', value: -5 }],
    ['t.u16', { type: 'uint16', value: 65000 }],
    ['t.i16', { type: 'int16', value: -30000 }],
    ['t.u32', { type: 'uint32', value: 4_000_000_000 }],
    ['t.i32', { type: 'int32', value: -2_000_000_000 }],
    ['t.f32', { type: 'float32', value: 0.5 }],
    ['t.bool', { type: 'bool', value: true }],
    ['t.str', str('héllo')],
    ['t.u64', { type: 'uint64', value: 2 ** 40 + 3 }],
    ['t.u64big', { type: 'uint64', value: 2n ** 63n + 1n }],
    ['t.i64', { type: 'int64', value: -(2 ** 40) }],
    ['t.f64', { type: 'float64', value: 1e-300 }],
    ['t.arr', { type: 'array', of: 'int32', values: [1, -2, 3].map((value) => ({ type: 'int32', value })) }],
    ['t.strs', { type: 'array', of: 'string', values: ['a', 'bc', ''].map(str) }],
    ['t.nested', { type: 'array', of: 'array', values: [{ type: 'array', of: 'uint8', values: [{ type: 'uint8', value: 7 }] }, { type: 'array', of: 'uint8', values: [] }] }],
  ],
  tensors: [
    { name: 'a', dims: [64, 3], type: GGML.F32 },
    { name: 'b', dims: [256, 2], type: GGML.Q4_K },
  ],
};

describe('GGUF header reader', () => {
  it('reads every metadata value type, arrays of numbers and strings and nested arrays', () => {
    const h = read(ggufFile(EVERY_TYPE));
    const v = (k: string) => h.metadata.get(k)?.value;
    assert.equal(h.version, 3);
    assert.equal(v('t.u8'), 200);
    assert.equal(v('t.i8'), -5);
    assert.equal(v('t.u16'), 65000);
    assert.equal(v('t.i16'), -30000);
    assert.equal(v('t.u32'), 4_000_000_000);
    assert.equal(v('t.i32'), -2_000_000_000);
    assert.equal(v('t.f32'), 0.5);
    assert.equal(v('t.bool'), true);
    assert.equal(v('t.str'), 'héllo');
    assert.equal(v('t.u64'), 2 ** 40 + 3);
    assert.equal(v('t.u64big'), 2n ** 63n + 1n, 'beyond 2^53: a bigint, exact');
    assert.equal(v('t.i64'), -(2 ** 40));
    assert.equal(v('t.f64'), 1e-300);
    assert.deepEqual(v('t.arr'), { kind: 'array', type: 'int32', length: 3, items: [1, -2, 3] });
    assert.deepEqual(v('t.strs'), { kind: 'array', type: 'string', length: 3, items: ['a', 'bc', ''] });
    const nested = v('t.nested') as GgufArray;
    assert.equal(nested.length, 2);
    assert.deepEqual(nested.items[0], { kind: 'array', type: 'uint8', length: 1, items: [7] });
    assert.equal(h.metadata.get('t.u16')?.type, 'uint16');
  });

  it('reads the tensor infos (name, dims, ggml type, offset) and where the data starts', () => {
    const { header } = writeGgufHeader(EVERY_TYPE);
    const h = read(ggufFile(EVERY_TYPE));
    assert.deepEqual(
      h.tensors.map((t) => [t.name, t.dims, t.type, t.offset]),
      [
        ['a', [64, 3], 0, 0],
        ['b', [256, 2], 12, 768], // 64 x 3 x 4 = 768 bytes, already aligned to 32
      ],
    );
    assert.equal(h.alignment, 32);
    assert.equal(h.dataOffset, header.length);
    assert.ok(h.headerBytes <= h.dataOffset && h.dataOffset - h.headerBytes < 32);
    assert.deepEqual(h.problems, []);
  });

  it('keeps the first 64 elements of a long array, walks the rest, and reads version 2 files', () => {
    const tokens = Array.from({ length: 1000 }, (_, i) => str(`tok${i}`));
    const h = read(ggufFile({ version: 2, kv: [['tokenizer.ggml.tokens', { type: 'array', of: 'string', values: tokens }], ['after', u32(9)]], tensors: [] }));
    const a = h.metadata.get('tokenizer.ggml.tokens')?.value as GgufArray;
    assert.equal(a.length, 1000);
    assert.equal(a.items.length, 64);
    assert.equal(a.items[63], 'tok63');
    assert.equal(h.metadata.get('after')?.value, 9, 'the key after the array is read at the right offset');
    assert.equal(h.version, 2);
  });

  it('uses general.alignment; a bad alignment or an unaligned offset is a problem, not a failure', () => {
    const ok = read(ggufFile({ kv: [['general.alignment', u32(64)]], tensors: [{ name: 'w', dims: [32], type: GGML.F32 }], alignment: 64 }));
    assert.equal(ok.alignment, 64);
    assert.equal(ok.dataOffset % 64, 0);
    const bad = read(ggufFile({ kv: [['general.alignment', u32(48)]], tensors: [] }));
    assert.equal(bad.alignment, 32);
    assert.match(bad.problems[0].message, /general.alignment must be a uint32 power of two, got 48/);
    assert.equal(bad.problems[0].offset, 24, 'at the key');
  });

  it('a duplicate key keeps the first value and says so at the second', () => {
    const h = read(ggufFile({ kv: [['k', u32(1)], ['k', u32(2)]], tensors: [] }));
    assert.equal(h.metadata.get('k')?.value, 1);
    assert.match(h.problems[0].message, /'k' is given twice/);
  });

  it('refuses another format, version 1, an unknown version and a big-endian file, at the field', () => {
    const ok = ggufFile(EVERY_TYPE);
    const bad = (patch: (b: Uint8Array) => void) => {
      const b = ok.slice();
      patch(b);
      return failure(b);
    };
    const magic = bad((b) => b.set([0x50, 0x4b, 3, 4], 0));
    assert.equal(magic.kind, 'unsupported');
    assert.equal(magic.offset, 0);
    assert.match(magic.message, /does not start with 'GGUF'/);
    const v1 = bad((b) => b.set([1, 0, 0, 0], 4));
    assert.match(v1.message, /version 1/);
    assert.equal(v1.offset, 4);
    assert.match(bad((b) => b.set([4, 0, 0, 0], 4)).message, /GGUF version 4 is not read/);
    assert.match(bad((b) => b.set([0, 0, 0, 3], 4)).message, /big-endian/);
  });

  it('an invalid value type, bool or dimension count is an error at its byte', () => {
    const kvAt = 24; // magic, version, two counts
    const keyLen = 8 + 'k'.length;
    const withKv = (value: GgufWriteOptions['kv'][number][1]) => ggufFile({ kv: [['k', value]], tensors: [] });
    const type = withKv(u32(1)).slice();
    type.set([13, 0, 0, 0], kvAt + keyLen);
    const e1 = failure(type);
    assert.match(e1.message, /the value type of 'k' is 13, not a GGUF value type/);
    assert.equal(e1.offset, kvAt + keyLen);
    const bool = withKv({ type: 'bool', value: true }).slice();
    bool[kvAt + keyLen + 4] = 2;
    const e2 = failure(bool);
    assert.match(e2.message, /bool of value 2/);
    assert.equal(e2.offset, kvAt + keyLen + 4);
    const dims = ggufFile({ kv: [], tensors: [{ name: 't', dims: [4], type: GGML.F32 }] }).slice();
    dims.set([9, 0, 0, 0], 24 + 8 + 1);
    const e3 = failure(dims);
    assert.match(e3.message, /tensor 't' has 9 dimensions/);
    assert.equal(e3.offset, 33);
  });

  it('a length or count larger than the file can hold is an error at it, never an allocation', () => {
    const b = ggufFile({ kv: [['k', str('abc')]], tensors: [] }).slice();
    new DataView(b.buffer).setBigUint64(24 + 9 + 4, 2n ** 62n, true);
    const e = failure(b);
    assert.match(e.message, /the length of the value of 'k' is 4611686018427387904, more than the \d+ this file can hold/);
    assert.equal(e.offset, 37);
    const c = ggufFile({ kv: [], tensors: [] }).slice();
    new DataView(c.buffer).setBigUint64(8, 1_000_000n, true);
    assert.match(failure(c).message, /the tensor count is 1000000, more than the 0 this file can hold/);
    const arr = ggufFile({ kv: [['a', { type: 'array', of: 'string', values: [str('x')] }]], tensors: [] }).slice();
    new DataView(arr.buffer).setBigUint64(24 + 9 + 4 + 4, 2n ** 40n, true);
    assert.match(failure(arr).message, /the length of the value of 'a' is 1099511627776, more than/);
  });

  it('a header cut at any byte is one GgufError at or before the cut, never another exception', () => {
    const whole = ggufFile(EVERY_TYPE);
    const { header } = writeGgufHeader(EVERY_TYPE);
    const h = read(whole);
    for (let n = 0; n < h.headerBytes; n++) {
      const e = failure(whole.subarray(0, n));
      assert.ok(e.offset <= n, `cut at ${n}: error at ${e.offset}`);
    }
    // Cut after the tensor infos: the header is whole (the data is never read).
    assert.equal(read(whole.subarray(0, header.length)).tensors.length, 2);
  });
});
