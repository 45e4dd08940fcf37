// Precision by role: weights, activations and KV cache each have their datatype, written
// `use precision int4/fp16/int8`, `@precision(weights=int4)`, `--precision int4/fp16/int8`. Bytes
// follow each role; the peak is the math type's (the activations'), so weight-only quantisation
// computes at fp16; the tiled traffic of a narrower weight counts its weight words at their width.
// Byte counts are worked out by hand in the comments.
import * as assert from 'node:assert/strict';
import { analyzeText } from '../server/src/core/analyze';
import { costModel } from '../server/src/core/cost/analyzeCost';
import { nestOf } from '../server/src/core/cost/nest';
import { nestTraffic } from '../server/src/core/cost/traffic';
import { findTarget } from '../server/src/core/hardware/catalog';
import { toNnm } from '../server/src/core/formats/toNnm';
import { parsePrecisionRoles, rolesOf, rolesText } from '../server/src/core/precision';
import type { Layer } from '../server/src/core/semantics/model';

function file(precision: string, body: string[]): string {
  return `use precision ${precision}\nmodel t {\n${body.map((l) => `  ${l}`).join('\n')}\n}\n`;
}

function layerOf(text: string, name: string): Layer {
  const r = analyzeText(text);
  assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  const l = r.models[0].layers.find((x) => x.name === name);
  assert.ok(l, name);
  return l;
}

function codes(text: string): string[] {
  const r = analyzeText(text);
  return r.diagnostics.map((d) => `${d.code} ${text.slice(d.span.start, d.span.end)}`);
}

describe('precision roles', () => {
  it('parses one datatype or weights/activations/kv', () => {
    assert.deepEqual(parsePrecisionRoles('fp16'), { weights: 'fp16', activations: 'fp16', kv: 'fp16' });
    assert.deepEqual(parsePrecisionRoles('int4/fp16/int8'), { weights: 'int4', activations: 'fp16', kv: 'int8' });
    assert.deepEqual(parsePrecisionRoles('int4/fp16'), { count: 2 });
    assert.deepEqual(parsePrecisionRoles('int4/fp99/int8'), { unknown: 'fp99' });
    assert.equal(rolesText({ weights: 'int4', activations: 'fp16', kv: 'int8' }), 'int4/fp16/int8');
    assert.equal(rolesText({ weights: 'bf16', activations: 'bf16', kv: 'bf16' }), 'bf16');
  });

  it('use precision int4/fp16/int8: weight bytes at int4, inputs and outputs at fp16', () => {
    // linear 64 -> 32 over [1, 4, 64]: weights 2,048 x 0.5 = 1,024; input 256 x 2 = 512; output 128 x 2 = 256
    const l = layerOf(file('int4/fp16/int8', ['input x: [1, 4, 64]', 'y = linear(x, 32, bias=false)']), 'y');
    assert.equal(l.precision, 'fp16');
    assert.deepEqual(rolesOf(l), { weights: 'int4', activations: 'fp16', kv: 'int8' });
    assert.deepEqual(l.bytes, { input: 512, weight: 1024, output: 256, cache: 0 });
  });

  it('one name still means all three roles, and a layer records no roles then', () => {
    const l = layerOf(file('fp16', ['input x: [1, 4, 64]', 'y = linear(x, 32, bias=false)']), 'y');
    assert.equal(l.roles, undefined);
    assert.deepEqual(l.bytes, { input: 512, weight: 4096, output: 256, cache: 0 });
  });

  it('@precision(weights=int8) changes one role of one statement; @precision(int8) all three', () => {
    const text = file('fp16', ['input x: [1, 4, 64]', 'a = linear(x, 32, bias=false) @precision(weights=int8)', 'b = linear(a, 32, bias=false) @precision(int8)', 'y = linear(b, 32, bias=false) @precision(int4/bf16/fp8)']);
    const a = layerOf(text, 'a');
    assert.deepEqual(rolesOf(a), { weights: 'int8', activations: 'fp16', kv: 'fp16' });
    assert.deepEqual(a.bytes, { input: 512, weight: 2048, output: 256, cache: 0 });
    const b = layerOf(text, 'b');
    assert.deepEqual(rolesOf(b), { weights: 'int8', activations: 'int8', kv: 'int8' });
    // its input is a's output, fp16: 128 x 2 = 256; weights 1,024 x 1; output 128 x 1
    assert.deepEqual(b.bytes, { input: 256, weight: 1024, output: 128, cache: 0 });
    assert.deepEqual(rolesOf(layerOf(text, 'y')), { weights: 'int4', activations: 'bf16', kv: 'fp8' });
  });

  it('the command line (analysis options) overrides use precision with roles', () => {
    const text = file('fp32', ['input x: [1, 4, 64]', 'y = linear(x, 32, bias=false)']);
    const r = analyzeText(text, { precision: { weights: 'int4', activations: 'fp16', kv: 'int8' } });
    assert.deepEqual(r.models[0].layers[0].bytes, { input: 512, weight: 1024, output: 256, cache: 0 });
  });

  it('errors: two names (RL220), an unknown name (RL212), an unknown role (RL206), an unknown datatype for a role (RL212)', () => {
    assert.deepEqual(codes(file('int4/fp16', ['input x: [1, 4]', 'y = relu(x)'])), ['RL220 int4/fp16']);
    assert.deepEqual(codes(file('int4/fp99/int8', ['input x: [1, 4]', 'y = relu(x)'])), ['RL212 int4/fp99/int8']);
    assert.deepEqual(codes(file('fp16', ['input x: [1, 4]', 'y = relu(x) @precision(wights=int4)'])), ['RL206 wights=int4']);
    assert.deepEqual(codes(file('fp16', ['input x: [1, 4]', 'y = relu(x) @precision(weights=fp99)'])), ['RL212 fp99']);
    assert.deepEqual(codes(file('fp16', ['input x: [1, 4]', 'y = relu(x) @precision(int4/fp16)'])), ['RL220 int4/fp16']);
  });

  it('weight-only quantisation computes at the activations\' type: the fp16 peak for int4/fp16/int8', () => {
    const m = analyzeText(file('int4/fp16/int8', ['input x: [1, 4, 64]', 'y = linear(x, 32, bias=false)'])).models[0];
    const c = costModel(m, findTarget('a100-sxm-80gb')!).layers[0];
    assert.equal(c.precision, 'fp16');
    assert.equal(c.peakPrecision, 'fp16');
    assert.equal(c.peak, 312e12);
    // int8 weights and activations run at the int8 peak
    const m8 = analyzeText(file('int8', ['input x: [1, 4, 64]', 'y = linear(x, 32, bias=false)'])).models[0];
    assert.equal(costModel(m8, findTarget('a100-sxm-80gb')!).layers[0].peakPrecision, 'int8');
  });

  it('tiled traffic counts the weight words of the chosen tile at the weights\' width', () => {
    // The same tile (written in the file) at fp16 and at int4/fp16/fp16: the difference is
    // (2 - 0.5) bytes x the weight words the tile moves.
    const body = ['input x: [1, 512, 1024]', 'y = linear(x, 1024, bias=false) @tile(m=64, n=128, k=256)'];
    const target = findTarget('a100-sxm-80gb')!;
    const full = costModel(analyzeText(file('fp16', body)).models[0], target).layers[0];
    const m4 = analyzeText(file('int4/fp16/fp16', body)).models[0];
    const w4 = costModel(m4, target).layers[0];
    assert.ok(full.tile && w4.tile && full.traffic?.tiled !== undefined && w4.traffic?.tiled !== undefined);
    assert.deepEqual(w4.tile.factors, full.tile.factors);
    const d = m4.layers[0].dims;
    assert.ok(d);
    const nest = nestOf(d);
    assert.ok(nest);
    const t = full.tile.factors;
    // GEMM tile {m, n, k} is the 1 x 1 nest's {r: m, m: n, n: k} (nest.ts)
    const words = nestTraffic(nest, { m: t.n, n: t.k, r: t.m, c: 1 }).weightWords * nest.repeat;
    assert.equal(full.traffic.tiled - w4.traffic.tiled, 1.5 * words);
    assert.ok(w4.approximations.some((s) => s.includes('weight words')));
  });

  it('totals: activeParams is params without mixtures of experts, less the unused experts with them', () => {
    const dense = analyzeText(file('fp16', ['input x: [1, 4, 64]', 'y = linear(x, 32)'])).models[0].totals;
    assert.equal(dense.activeParams, dense.params);
    const moe = analyzeText(file('fp16', ['input x: [1, 4, 64]', 'a = linear(x, 64)', 'y = moe(a, experts=8, top_k=2, ffn=128)'])).models[0].totals;
    // linear 64 x 64 + 64 = 4,160; moe 197,120 (active 49,664)
    assert.equal(moe.params, 4160 + 197_120);
    assert.equal(moe.activeParams, 4160 + 49_664);
  });
});

describe('toNnm: precision roles and attention written back', () => {
  it('a model with roles, an @attention and an attention call converts to a file of the same layers, counts and bytes', () => {
    const text = file('int4/fp16/int8', [
      'input x: [1, 8, 64]',
      'a = attention(x, heads=4, kv_heads=2, context=16) @attention(unfused)',
      'b = linear(a, 64, bias=false) @precision(weights=int8)',
      'y = moe(b, experts=4, top_k=2, ffn=32)',
    ]);
    const m = analyzeText(text).models[0];
    const out = toNnm(m);
    assert.match(out.text, /^use precision int4\/fp16\/int8$/m);
    assert.match(out.text, /= attention\(x, heads=4, kv_heads=2, context=16\) @attention\(unfused\)$/m);
    assert.match(out.text, /@precision\(int8\/fp16\/int8\)$/m);
    const again = analyzeText(out.text);
    assert.deepEqual(again.diagnostics, []);
    const summary = (mm: typeof m) => mm.layers.map((l) => [l.op, l.part?.name, l.part?.mode, l.macs, l.ops, l.params, l.bytes, rolesOf(l)]);
    assert.deepEqual(summary(again.models[0]), summary(m));
  });
});
