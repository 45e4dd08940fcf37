// Fuzzing the ONNX importer with a seeded PRNG (the same mutations every run): real files
// truncated at many points, graphs cut inside (so that the cut is met deep in a node, tensor or
// attribute, not only at the top), and files with random bytes overwritten. Every mutation must end in a
// result (a model, perhaps with warnings or located errors) or in exactly one clear RL601 error,
// with no exception escaping and no "internal error". The bound on time is the whole batch (the
// suite's timeout), never a per-case timing; each case's work is bounded by the number of layers.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../server/src/core/analyze';
import { MemorySource } from '../server/src/core/formats/onnx/byteSource';
import { analyzeOnnx } from '../server/src/core/formats/onnx/index';
import { WireReader } from '../server/src/core/formats/onnx/wire';
import { modelPath } from './helpers/models';
import { varintBytes } from './helpers/onnxEncode';
import { prng } from './helpers/prng';

const DIR = modelPath('onnx/light');


const RL601 = /^corrupt or truncated ONNX file: .+ \(at byte (\d+) of (\d+)\)( \(is this an ONNX model file\?\))?$/;

/** Checks one outcome; returns 'model' or 'error'. */
function outcome(r: FileAnalysis, size: number, what: string): 'model' | 'error' {
  for (const d of r.diagnostics) assert.ok(!d.message.includes('internal error'), `${what}: ${d.message}`);
  if (r.models.length === 0) {
    assert.equal(r.diagnostics.length, 1, `${what}: one diagnostic when there is no model`);
    const d = r.diagnostics[0];
    assert.equal(d.code, 'RL601', what);
    const m = RL601.exec(d.message);
    assert.ok(m, `${what}: ${d.message}`);
    assert.ok(Number(m[1]) <= size && Number(m[2]) === size, `${what}: offset ${m[1]} within ${size} bytes`);
    return 'error';
  }
  assert.equal(r.models.length, 1, what);
  assert.ok(r.diagnostics.every((d) => d.code !== 'RL601'), what);
  return 'model';
}

function run(bytes: Uint8Array, what: string): 'model' | 'error' {
  let r: FileAnalysis | undefined;
  assert.doesNotThrow(() => {
    r = analyzeOnnx(bytes);
  }, what);
  return outcome(r as FileAnalysis, bytes.length, what);
}

describe('ONNX fuzzing (seeded)', function () {
  this.timeout(300_000);

  it('truncated at 260 points of three real files: a result or one RL601 each', () => {
    const tally = { model: 0, error: 0 };
    const random = prng(20_241_127);
    for (const [file, points] of [['light_bvlc_alexnet', 120], ['light_squeezenet', 100], ['light_resnet50', 40]] as const) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, `${file}.onnx`)));
      for (let i = 0; i < points; i++) {
        // evenly spread cuts, jittered, plus the first and last bytes
        const cut = i === 0 ? 1 : i === points - 1 ? bytes.length - 1 : Math.floor(((i + random()) * bytes.length) / points);
        tally[run(bytes.subarray(0, cut), `${file} cut at ${cut}`)]++;
      }
    }
    // a file cut anywhere inside its graph cannot be read whole
    assert.equal(tally.model + tally.error, 260);
    assert.ok(tally.error >= 250, JSON.stringify(tally));
  });

  it('graphs cut at 200 points inside (the outer length rewritten to fit): the cut is found at depth', () => {
    const tally = { model: 0, error: 0 };
    const random = prng(7);
    const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, 'light_resnet50.onnx')));
    // find ModelProto.graph (field 7): its tag, length and payload
    const r = new WireReader(new MemorySource(bytes));
    let graph: { tag: number; start: number; end: number } | undefined;
    r.message(r.size, 0, (f) => {
      if (f !== 7) return false;
      const tag = r.tagStart;
      const end = r.lengthEnd(r.size);
      graph = { tag, start: r.pos, end };
      r.pos = end;
      return true;
    });
    assert.ok(graph);
    const g = graph;
    const deepest: number[] = [];
    for (let i = 0; i < 200; i++) {
      const cut = g.start + Math.floor(random() * (g.end - g.start));
      // the model up to the graph, the graph's tag, a length that ends at the cut, the cut payload,
      // then the model's fields after the graph (the opset import)
      const len = varintBytes(BigInt(cut - g.start));
      const mutated = new Uint8Array([...bytes.subarray(0, g.tag), 0x3a, ...len, ...bytes.subarray(g.start, cut), ...bytes.subarray(g.end)]);
      const res = analyzeOnnx(mutated);
      tally[outcome(res, mutated.length, `graph cut at ${cut}`)]++;
      const m = res.diagnostics[0] && RL601.exec(res.diagnostics[0].message);
      if (m) deepest.push(Number(m[1]));
    }
    assert.equal(tally.model + tally.error, 200);
    // cuts between two whole fields of the graph leave a smaller graph (a model); the others fail
    // where the cut field was, not at the top
    assert.ok(tally.model > 0 && tally.error > 0, JSON.stringify(tally));
    assert.ok(deepest.every((o) => o > g.start), 'every failure is inside the graph');
  });

  it('300 files with 1 to 8 random bytes overwritten: a result or one RL601 each', () => {
    const tally = { model: 0, error: 0 };
    const random = prng(42);
    const sources = ['light_bvlc_alexnet', 'light_zfnet512', 'light_squeezenet'].map((f) => new Uint8Array(fs.readFileSync(path.join(DIR, `${f}.onnx`))));
    for (let i = 0; i < 300; i++) {
      const src = sources[i % sources.length];
      const bytes = src.slice();
      const flips = 1 + Math.floor(random() * 8);
      const where: number[] = [];
      for (let k = 0; k < flips; k++) {
        const at = Math.floor(random() * bytes.length);
        // random values, and the two extremes that most often break lengths and varints
        const kind = random();
        bytes[at] = kind < 0.2 ? 0xff : kind < 0.3 ? 0x00 : Math.floor(random() * 256);
        where.push(at);
      }
      tally[run(bytes, `mutation ${i} at [${where.join(', ')}]`)]++;
    }
    assert.equal(tally.model + tally.error, 300);
    // both outcomes happen: some mutations hit names or values, others the structure
    assert.ok(tally.model > 0 && tally.error > 0, JSON.stringify(tally));
  });
});
