// The bottleneck diagnostics (server/src/core/rules/, RL501-RL506): every rule fires where it should
// and nowhere else, with numbers checked by hand in the comments, merges the instances of a block
// body, respects minShare, the severity overrides and 'off', and never duplicates an error of the
// file. The rules are checked on the layer-by-layer view (fusion policy 'none', every layer its own
// kernel), where the hand-computed figures below hold; a section checks them under the default
// policy 'epilogue'. Baselines: test/fixtures/rules/*.nnm analysed on their target, every
// diagnostic of the file (the analysis' own and the rules') printed under its line, compared with
// the `.diagnostics` golden ('none') and the `.epilogue.diagnostics` golden (the default).
//
// Figures used throughout (server/src/core/hardware/catalog/fpga.ts):
//   zhang15-vc707    fp32 peak 2 x 64 x 7 x 100 MHz = 89.6 GFLOP/s; DDR3 4.5 GB/s; ridge 89.6 / 4.5
//                    = 19.91 op/B -> "19.9"; unroll Tm x Tn = 64 x 7; buffer 2 MiB; sequential.
//   zc706-pipelined  int16 peak 2 x 900 x 150 MHz = 270 GOP/s; DDR3 (PL) 12.8 GB/s; pipelined.
// A conv layer takes ceil(M/Tm) ceil(N/Tn) R C K K cycles at 100 MHz; its utilisation is
// MACs / (cycles x 448). An element-wise layer moves its input and output once and runs at peak.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../server/src/core/analyze';
import { costModel } from '../server/src/core/cost/analyzeCost';
import type { Execution } from '../server/src/core/cost/types';
import { DIAGNOSTIC_CODES } from '../server/src/core/diagnostics/codes';
import type { Diagnostic } from '../server/src/core/diagnostics/types';
import { findTarget } from '../server/src/core/hardware/catalog';
import { analyzeRoofline, type RooflineAnalysis, type RooflineOptions } from '../server/src/core/roofline';
import { bottleneckDiagnostics, DEFAULT_RULE_SETTINGS, RULES, ruleSettingsFromSection, type RuleSettings } from '../server/src/core/rules/index';
import { printDiagnostics } from './helpers/baseline';
import { expectGolden } from './helpers/golden';

function settings(over: Partial<Omit<RuleSettings, 'severity'>> & { severity?: Partial<RuleSettings['severity']> } = {}): RuleSettings {
  return { ...DEFAULT_RULE_SETTINGS, ...over, severity: { ...DEFAULT_RULE_SETTINGS.severity, ...over.severity } };
}

function run(text: string, over: Parameters<typeof settings>[0] = {}, options: RooflineOptions = {}): Diagnostic[] {
  return bottleneckDiagnostics(analyzeRoofline(text, { fusion: 'none', ...options }), settings(over));
}

/** The file's models costed under an execution model the file cannot name ('dataflow'). */
function withExecution(text: string, execution: Execution): RooflineAnalysis {
  const analysis = analyzeText(text);
  const target = findTarget(analysis.settings.target?.name ?? '');
  assert.ok(target, 'the test file names a catalog target');
  return { ...analysis, chosen: { target, origin: 'file' }, costs: analysis.models.map((m) => costModel(m, target, { execution, fusion: 'none' })) };
}

function textOf(text: string, d: { span: { start: number; end: number } }): string {
  return text.slice(d.span.start, d.span.end);
}

function only(ds: Diagnostic[], code: string): Diagnostic[] {
  return ds.filter((d) => d.code === code);
}

// A 3 x 3 conv, 64 -> 64 maps on 28 x 28 (pad 1), then a relu of its output.
//   conv c: ceil(64/64) ceil(64/7) x 28 x 28 x 9 = 1 x 10 x 7,056 = 70,560 cycles = 705.6 us;
//     utilisation 64 / 70 = 91.4%; MACs 64 x 64 x 784 x 9 = 28,901,376, ops 57,802,752; its CTC on the
//     searched tile is 94.1 op/B >= 19.9: compute-bound.
//   relu r: 64 x 28 x 28 = 50,176 elements, 50,176 ops; 200,704 B in + 200,704 B out = 401,408 B
//     (392 KiB); CTC 50,176 / 401,408 = 0.125 op/B < 19.9: memory-bound, 401,408 / 4.5e9 = 89.2 us.
//   model time 794.8 us; share of r = 89.2 / 794.8 = 11.2%.
const CONV_RELU = `use target zhang15-vc707

model m {
  input x: [1, 64, 28, 28]
  c = conv2d(x, 64, kernel=3, pad=1)
  r = relu(c)
}
`;

describe('bottleneck rules', () => {
  it('every rule has its code among the diagnostic codes, with the default severities of the brief', () => {
    assert.deepEqual(
      RULES.map((r) => [r.name, r.code, DIAGNOSTIC_CODES.get(r.code)?.severity]),
      [
        ['memoryBound', 'RL501', 'warning'],
        ['tileOverflow', 'RL502', 'error'],
        ['lowUtilization', 'RL503', 'information'],
        ['slack', 'RL504', 'hint'],
        ['fusion', 'RL505', 'information'],
        ['uncounted', 'RL506', 'warning'],
      ],
    );
  });

  describe('RL501 memory-bound layer', () => {
    // linear 1024 -> 1024 in fp32 with the compulsory traffic model (every byte crosses once):
    //   ops 2 x 1024 x 1024 = 2,097,152; bytes 4,096 (x) + 4 x (1,048,576 + 1,024) (weight, bias)
    //   + 4,096 (output) = 4,206,592; CTC 2,097,152 / 4,206,592 = 0.4985 -> "0.499" < 19.9.
    const FC = `use target zhang15-vc707

model m {
  input x: [1, 1024]
  fc = linear(x, 1024)
}
`;

    it('names the CTC, the ridge, the level and the share, with the use target line as related information', () => {
      const a = analyzeRoofline(FC, { traffic: 'compulsory', fusion: 'none' });
      assert.equal(a.costs[0].layers[0].traffic?.used, 4_206_592, 'the hand count of the bytes');
      const ds = bottleneckDiagnostics(a, DEFAULT_RULE_SETTINGS);
      assert.deepEqual(
        ds.map((d) => ({ code: d.code, severity: d.severity, at: textOf(FC, d), layer: d.layer, message: d.message })),
        [{ code: 'RL501', severity: 'warning', at: 'linear(x, 1024)', layer: 'fc', message: 'fc is memory-bound on zhang15-vc707: CTC 0.499 op/B below the ridge at 19.9 op/B (DDR3); 100% of model time' }],
      );
      assert.deepEqual(
        ds[0].related?.map((r) => ({ at: textOf(FC, r), message: r.message })),
        [{ at: 'zhang15-vc707', message: 'zhang15-vc707: ridge 19.9 op/B = fp32 peak 89.6 GOP/s / DDR3 4.5 GB/s' }],
      );
    });

    it('an element-wise layer after a compute-bound conv: only the relu, with its share', () => {
      const ds = only(run(CONV_RELU), 'RL501');
      assert.deepEqual(
        ds.map((d) => [textOf(CONV_RELU, d), d.message]),
        [['relu(c)', 'r is memory-bound on zhang15-vc707: CTC 0.125 op/B below the ridge at 19.9 op/B (DDR3); 11.2% of model time']],
      );
    });

    it('no RL501 for a compute-bound layer', () => {
      const text = CONV_RELU.replace('  r = relu(c)\n', '');
      assert.deepEqual(only(run(text), 'RL501'), []);
    });

    it("a hardware block of the file: related information at the level's bandwidth in the block", () => {
      const text = `use target mine

hardware mine {
  kind      = fpga
  clock     = 100 MHz
  unroll    = (m: 64, n: 7)
  bandwidth = 4.5 GB/s
  buffer    = 2 MiB
  precision = fp32
}

model m {
  input x: [1, 1024]
  fc = linear(x, 1024)
}
`;
      const ds = only(run(text), 'RL501');
      assert.equal(ds.length, 1);
      assert.match(ds[0].message, /^fc is memory-bound on mine: CTC 0\.\d+ op\/B below the ridge at 19\.9 op\/B \(DRAM\); 100% of model time$/);
      assert.deepEqual(
        ds[0].related?.map((r) => textOf(text, r)),
        ['4.5 GB/s'],
      );
    });

    it('a target given by an option and not named by the file: no related information', () => {
      const text = CONV_RELU.replace('use target zhang15-vc707\n', '');
      const ds = only(run(text, {}, { target: 'zhang15-vc707' }), 'RL501');
      assert.equal(ds.length, 1);
      assert.equal(ds[0].related, undefined);
    });
  });

  describe('RL502 tile overflows the on-chip buffer', () => {
    // @tile(m=64, n=64, r=112, c=112) on a 3 x 3 conv 64 -> 64 over 112 x 112 (pad 1), stride 1:
    //   input tile 64 x (112 + 2) x (112 + 2) = 831,744 words; weights 64 x 64 x 9 = 36,864;
    //   output 64 x 112 x 112 = 802,816; 2 x 1,671,424 words x 4 B = 13,371,392 B = 12.75 MiB -> "12.8 MiB"
    //   > 2 MiB = 2,097,152 B.
    const BIG = `use target zhang15-vc707

model m {
  input x: [1, 64, 112, 112]
  big = conv2d(x, 64, kernel=3, pad=1) @tile(m=64, n=64, r=112, c=112)
}
`;

    it("the file's tile: an error at the @tile text, whatever the layer's share", () => {
      const a = analyzeRoofline(BIG, { fusion: 'none' });
      assert.equal(a.costs[0].layers[0].buffer?.need, 13_371_392, 'the hand count of the buffer');
      const ds = only(bottleneckDiagnostics(a, settings({ minShare: 1 })), 'RL502');
      assert.deepEqual(
        ds.map((d) => ({ severity: d.severity, at: textOf(BIG, d), layer: d.layer, message: d.message })),
        [{ severity: 'error', at: '@tile(m=64, n=64, r=112, c=112)', layer: 'big', message: 'the tile m=64 n=64 r=112 c=112 of big needs 12.8 MiB of on-chip buffer (double-buffered); zhang15-vc707 has 2 MiB' }],
      );
      assert.deepEqual(ds[0].related?.map((r) => textOf(BIG, r)), ['zhang15-vc707']);
    });

    it('a tile that fits: nothing', () => {
      // r = c = 14: input 64 x 16 x 16 = 16,384; weights 36,864; output 64 x 14 x 14 = 12,544;
      // 2 x 65,792 x 4 = 526,336 B < 2 MiB.
      const text = BIG.replace('r=112, c=112', 'r=14, c=14');
      assert.deepEqual(only(run(text), 'RL502'), []);
    });

    // A block target with 16 KiB of buffer: the smallest tile the search may use keeps the unroll's
    // Tm = 64, Tn = 7 and takes r = c = 1: input 7 x 3 x 3 = 63 words; weights 64 x 7 x 9 = 4,032;
    // output 64; 2 x 4,159 x 4 = 33,272 B = 32.5 KiB > 16 KiB.
    const TINY = `use target tiny

hardware tiny {
  kind      = fpga
  clock     = 100 MHz
  unroll    = (m: 64, n: 7)
  bandwidth = 4.5 GB/s
  buffer    = 16 KiB
  precision = fp32
}

model m {
  input x: [1, 64, 28, 28]
  c = conv2d(x, 64, kernel=3, pad=1)
}
`;

    it('even the smallest tile overflows: a warning at the layer, related at the buffer figure', () => {
      const ds = only(run(TINY), 'RL502');
      assert.deepEqual(
        ds.map((d) => ({ severity: d.severity, at: textOf(TINY, d), layer: d.layer, message: d.message })),
        [{ severity: 'warning', at: 'conv2d(x, 64, kernel=3, pad=1)', layer: 'c', message: 'even the smallest tile m=64 n=7 r=1 c=1 of c needs 32.5 KiB of on-chip buffer (double-buffered); tiny has 16 KiB' }],
      );
      assert.deepEqual(
        ds[0].related?.map((r) => [textOf(TINY, r), r.message]),
        [['16 KiB', 'tiny: 16 KiB of on-chip buffer']],
      );
    });

    it('a severity override applies to both forms', () => {
      const ds = [...only(run(BIG, { severity: { tileOverflow: 'hint' } }), 'RL502'), ...only(run(TINY, { severity: { tileOverflow: 'hint' } }), 'RL502')];
      assert.deepEqual(
        ds.map((d) => d.severity),
        ['hint', 'hint'],
      );
    });
  });

  describe('RL503 compute array under-used', () => {
    // conv 3 -> 32 maps, 3 x 3, on 32 x 32 (no pad): 30 x 30 outputs.
    //   cycles ceil(32/64) ceil(3/7) x 900 x 9 = 8,100; MACs 32 x 3 x 900 x 9 = 777,600;
    //   utilisation 777,600 / (8,100 x 448) = (3/7)(32/64) = 0.2143 -> "21.4%": the compute roof,
    //   89.6 x 0.214 = 19.2 GFLOP/s, binds (the layer's CTC x 4.5 GB/s is higher).
    const FIRST = `use target zhang15-vc707

model m {
  input image: [1, 3, 32, 32]
  conv1 = conv2d(image, 32, kernel=3)
}
`;

    it('names the utilisation, the array and the causes', () => {
      const ds = only(run(FIRST), 'RL503');
      assert.deepEqual(
        ds.map((d) => ({ severity: d.severity, at: textOf(FIRST, d), layer: d.layer, message: d.message })),
        [{ severity: 'information', at: 'conv2d(image, 32, kernel=3)', layer: 'conv1', message: 'conv1 uses 21.4% of the 64 x 7 compute array (3 input maps on 7 lanes, 32 output maps on 64 lanes); 100% of model time' }],
      );
    });

    it('below the threshold only', () => {
      assert.deepEqual(only(run(FIRST, { utilizationThreshold: 0.2 }), 'RL503'), []);
      assert.equal(only(run(FIRST, { utilizationThreshold: 0.22 }), 'RL503').length, 1);
    });

    it('maps that are not a multiple of the unroll', () => {
      // conv 64 -> 96 maps on 28 x 28: (64 / 70)(96 / 128) = 0.6857 -> "68.6%", under a 0.7 threshold.
      const text = CONV_RELU.replace('conv2d(x, 64,', 'conv2d(x, 96,').replace('  r = relu(c)\n', '');
      const ds = only(run(text, { utilizationThreshold: 0.7 }), 'RL503');
      assert.deepEqual(
        ds.map((d) => d.message),
        ['c uses 68.6% of the 64 x 7 compute array (64 input maps are not a multiple of 7, 96 output maps are not a multiple of 64); 100% of model time'],
      );
    });

    it('not for a memory-bound layer, whose idle lanes cost no time', () => {
      // linear 1024 -> 16: (1024 / 1029)(16 / 64) = 24.9% of the array, but memory-bound (CTC about 0.5).
      const text = `use target zhang15-vc707

model m {
  input x: [1, 1024]
  fc = linear(x, 16)
}
`;
      const a = analyzeRoofline(text, { fusion: 'none' });
      assert.ok((a.costs[0].layers[0].utilization ?? 1) < 0.5);
      const ds = bottleneckDiagnostics(a, DEFAULT_RULE_SETTINGS);
      assert.deepEqual(only(ds, 'RL503'), []);
      assert.equal(only(ds, 'RL501').length, 1);
    });

    it("AlexNet's conv1 on Zhang et al.'s engine (the example of the brief)", () => {
      // Per pass (@split(m=2)): 48 output maps of 64 lanes, 3 input maps of 7: (48/64)(3/7) = 32.1%.
      // cycles 2 passes x 1 x 1 x 55 x 55 x 121 = 732,050 = 7.32 ms of the model's 75.7 ms: 9.7%.
      const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'rules', 'alexnet_zhang15.nnm'), 'utf8');
      const ds = only(run(text), 'RL503');
      assert.deepEqual(
        ds.map((d) => d.message),
        ['conv1 uses 32.1% of the 64 x 7 compute array (3 input maps on 7 lanes, 48 output maps a pass on 64 lanes); 9.7% of model time'],
      );
    });
  });

  describe('RL504 speed-up would not shorten the model time', () => {
    // zc706-pipelined, int16 (2 B): x has 64 x 56 x 56 = 200,704 elements = 401,408 B.
    //   r = relu(x): 802,816 B / 12.8 GB/s = 62.72 us;  s = add(r, x): 1,204,224 B / 12.8 GB/s = 94.08 us.
    //   interval = 94.08 us (s); slack of r = 94.08 - 62.72 = 31.36 us -> "31.4 us"; shares 40% / 60%.
    const PIPE = `use target zc706-pipelined
use precision int16

model chain {
  input x: [1, 64, 56, 56]
  r = relu(x)
  s = add(r, x)
}
`;

    it('pipelined: every stage but the slowest, with its slack and the stage that sets the interval', () => {
      const ds = only(run(PIPE), 'RL504');
      assert.deepEqual(
        ds.map((d) => ({ severity: d.severity, at: textOf(PIPE, d), layer: d.layer, message: d.message })),
        [{ severity: 'hint', at: 'relu(x)', layer: 'r', message: 'r has 31.4 µs of slack in the pipeline: optimising this layer saves 0% of model time (the interval is set by s, 94.1 µs a stage)' }],
      );
    });

    it('minShare applies (r is 40% of the summed layer time)', () => {
      assert.equal(only(run(PIPE, { minShare: 0.4 }), 'RL504').length, 1);
      assert.deepEqual(only(run(PIPE, { minShare: 0.41 }), 'RL504'), []);
    });

    // Two branches from x: a = relu(x) (89.2 us, as r of CONV_RELU) and b = the 705.6 us conv; c = add(a, b).
    // Under dataflow the branches overlap: critical path b -> c; slack of a = 705.6 - 89.2 = 616.4 us.
    const BRANCHES = `use target zhang15-vc707

model branches {
  input x: [1, 64, 28, 28]
  a = relu(x)
  b = conv2d(x, 64, kernel=3, pad=1)
  c = add(a, b)
}
`;

    it('dataflow: a layer off the critical path', () => {
      const ds = only(bottleneckDiagnostics(withExecution(BRANCHES, 'dataflow'), DEFAULT_RULE_SETTINGS), 'RL504');
      assert.deepEqual(
        ds.map((d) => ({ at: textOf(BRANCHES, d), layer: d.layer, message: d.message })),
        [{ at: 'relu(x)', layer: 'a', message: 'a has 616 µs of slack off the critical path: optimising this layer saves 0% of model time' }],
      );
    });

    it('sequential: every layer is on the path, nothing fires', () => {
      assert.deepEqual(only(run(BRANCHES), 'RL504'), []);
      assert.deepEqual(only(bottleneckDiagnostics(withExecution(BRANCHES, 'sequential'), DEFAULT_RULE_SETTINGS), 'RL504'), []);
    });
  });

  describe('RL505 element-wise layer that could be fused', () => {
    it('a relu after a conv: bytes, ops, the producer, related at the producer', () => {
      const ds = only(run(CONV_RELU), 'RL505');
      assert.deepEqual(
        ds.map((d) => ({ severity: d.severity, at: textOf(CONV_RELU, d), layer: d.layer, message: d.message })),
        [{ severity: 'information', at: 'relu(c)', layer: 'r', message: 'r moves 392 KiB to do 50.2 k ops: fuse it into c (@fuse) to keep its input on chip' }],
      );
      assert.deepEqual(
        ds[0].related?.map((r) => ({ at: textOf(CONV_RELU, r), message: r.message })),
        [{ at: 'conv2d(x, 64, kernel=3, pad=1)', message: 'c (conv2d) produces the input of r' }],
      );
    });

    it('not when already fused (its input no longer moves: 200,704 B for 50,176 ops is still more bytes, but @fuse is there)', () => {
      const text = CONV_RELU.replace('r = relu(c)', 'r = relu(c) @fuse');
      assert.deepEqual(only(run(text), 'RL505'), []);
    });

    it('not for a layer of a model input, nor one with two producer layers, nor a pool', () => {
      const text = `use target zhang15-vc707

model m {
  input x: [1, 64, 28, 28]
  a = relu(x)
  b = conv2d(x, 64, kernel=3, pad=1)
  c = add(a, b)
  p = maxpool(b, kernel=2)
}
`;
      assert.deepEqual(only(run(text), 'RL505'), []);
    });

    it('not when the layer computes more than it moves', () => {
      // zcu102-int8: softmax of 1,000 int8 values: 5 ops each (5,000), 1 B in + 1 B out each (2,000 B).
      const text = `use target zcu102-int8
use precision int8

model m {
  input x: [1, 1024]
  fc = linear(x, 1000)
  prob = softmax(fc)
}
`;
      const a = analyzeRoofline(text, { fusion: 'none' });
      const prob = a.costs[0].layers.find((l) => l.name === 'prob');
      assert.equal(prob?.ops, 5_000);
      assert.equal(prob?.traffic?.used, 2_000);
      assert.deepEqual(only(bottleneckDiagnostics(a, DEFAULT_RULE_SETTINGS), 'RL505'), []);
    });

    it('a nested layer: @fuse goes on a statement of its own', () => {
      const text = CONV_RELU.replace('r = relu(c)', 'p = maxpool(relu(c), kernel=2)');
      const ds = only(run(text), 'RL505');
      assert.deepEqual(
        ds.map((d) => [textOf(text, d), d.layer, d.message]),
        [['relu(c)', 'p.relu', 'p.relu moves 392 KiB to do 50.2 k ops: fuse it into c (@fuse, on a statement of its own) to keep its input on chip']],
      );
    });
  });

  describe('RL506 layers not counted', () => {
    const UNCOUNTED = `use target zhang15-vc707

model m {
  input x: [1, 64, 28, 28]
  a = conv2d(x, 64, kernel=3, pad=1)
  h = frobnicate(a)
  y = relu(add(h, a))
  z = relu(y)
  out = conv2d(z, 64, kernel=3, foo=1)
}
`;

    it('one summary at the model name, one per statement without an error of its own, none at an error', () => {
      const a = analyzeRoofline(UNCOUNTED, { fusion: 'none' });
      const errors = a.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, textOf(UNCOUNTED, d)]);
      assert.deepEqual(errors, [
        ['RL301', 'frobnicate'],
        ['RL302', 'foo'],
      ]);
      const ds = only(bottleneckDiagnostics(a, DEFAULT_RULE_SETTINGS), 'RL506');
      assert.deepEqual(
        ds.map((d) => ({ severity: d.severity, at: textOf(UNCOUNTED, d), layer: d.layer, message: d.message })),
        [
          { severity: 'warning', at: 'm', layer: 'h', message: '5 of 6 layers of model m are not counted: its totals leave them out and are incomplete' },
          { severity: 'warning', at: 'relu(add(h, a))', layer: 'y', message: "y and 1 more layer are not counted: their inputs depend on an uncounted layer (h); the model's totals are incomplete" },
          { severity: 'warning', at: 'relu(y)', layer: 'z', message: "z is not counted: its input depends on an uncounted layer (h); the model's totals are incomplete" },
        ],
      );
      // The summary points at the two layers whose own errors are the cause.
      assert.deepEqual(ds[0].related?.map((r) => textOf(UNCOUNTED, r)), ['frobnicate(a)', 'conv2d(z, 64, kernel=3, foo=1)']);
      assert.deepEqual(ds[1].related?.map((r) => [textOf(UNCOUNTED, r), r.message]), [['frobnicate(a)', 'h is not counted (see the error there)']]);
    });

    it('never at the place of an error: no RL506 on frobnicate(a) nor on the conv with a wrong argument', () => {
      const ds = only(run(UNCOUNTED), 'RL506');
      const at = ds.map((d) => textOf(UNCOUNTED, d));
      assert.ok(!at.includes('frobnicate(a)'));
      assert.ok(!at.includes('conv2d(z, 64, kernel=3, foo=1)'));
    });

    it('a relu around an unknown operator is reported: its error is the nested call', () => {
      const text = `model m {
  input x: [1, 8]
  y = relu(frobnicate(x))
}
`;
      const ds = run(text);
      assert.deepEqual(
        ds.map((d) => [d.code, textOf(text, d), d.message]),
        [
          ['RL506', 'm', '2 of 2 layers of model m are not counted: its totals leave them out and are incomplete'],
          ['RL506', 'relu(frobnicate(x))', "y is not counted: its input depends on an uncounted layer (y.frobnicate); the model's totals are incomplete"],
        ],
      );
    });

    it('an input of unknown shape, without a target', () => {
      const text = `model m {
  param n = 0
  input x: [1, 3, n, 8]
  y = relu(x)
}
`;
      const a = analyzeRoofline(text, { fusion: 'none' });
      assert.equal(a.costs.length, 0, 'no target: no costs');
      const ds = bottleneckDiagnostics(a, DEFAULT_RULE_SETTINGS);
      assert.deepEqual(
        ds.map((d) => [textOf(text, d), d.message]),
        [
          ['m', '1 of 1 layer of model m is not counted: its totals leave it out and are incomplete'],
          ['relu(x)', "y is not counted: an input's shape is unknown; the model's totals are incomplete"],
        ],
      );
      assert.deepEqual(ds[1].related?.map((r) => r.message), ['input x has no known shape']);
    });

    it('nothing when every layer is counted', () => {
      assert.deepEqual(only(run(CONV_RELU), 'RL506'), []);
    });
  });

  describe('block bodies: one diagnostic per body span, instances merged', () => {
    // Three instances of `unit`, each the conv (705.6 us) and relu (89.2 us) of CONV_RELU: each relu
    // is 89.2 / (3 x 794.8) = 3.74% of model time, the three 11.2%.
    const BLOCK = `use target zhang15-vc707

block unit(x) {
  a = conv2d(x, 64, kernel=3, pad=1)
  b = relu(a)
  return b
}

model m {
  input image: [1, 64, 28, 28]
  s1 = repeat(3, unit, image)
}
`;

    it('the first instance named, the count and the summed share, at the body', () => {
      const ds = run(BLOCK);
      assert.deepEqual(
        ds.map((d) => [d.code, textOf(BLOCK, d), d.layer, d.message]),
        [
          ['RL501', 'relu(a)', 's1[0].b', 's1[0].b and 2 more instances are memory-bound on zhang15-vc707: CTC 0.125 op/B below the ridge at 19.9 op/B (DDR3); 11.2% of model time'],
          ['RL505', 'relu(a)', 's1[0].b', 's1[0].b and 2 more instances move 1.15 MiB to do 151 k ops: fuse each into its producer (s1[0].a for the first; @fuse) to keep its input on chip'],
        ],
      );
    });

    it('minShare applies to the merged share', () => {
      // 3.74% each is under 5%, the merged 11.2% is not; under 12% it is.
      assert.equal(run(BLOCK, { minShare: 0.05 }).length, 2);
      assert.deepEqual(run(BLOCK, { minShare: 0.12 }), []);
    });

    it('a file tile in a block body: one error at the @tile text', () => {
      // kernel 9, pad 4 on 28 x 28, @tile(m=64, n=64, r=28, c=28): input 64 x (28 + 8) x (28 + 8) = 82,944
      // words; weights 64 x 64 x 81 = 331,776; output 64 x 784 = 50,176; 2 x 464,896 x 4 B = 3,719,168 B
      // = 3.55 MiB > 2 MiB.
      const text = `use target zhang15-vc707

block unit(x) {
  a = conv2d(x, 64, kernel=9, pad=4) @tile(m=64, n=64, r=28, c=28)
  return a
}

model m {
  input image: [1, 64, 28, 28]
  s1 = repeat(3, unit, image)
}
`;
      const ds = only(run(text), 'RL502');
      assert.deepEqual(
        ds.map((d) => [d.severity, textOf(text, d), d.layer, d.message]),
        [['error', '@tile(m=64, n=64, r=28, c=28)', 's1[0].a', 'the tile m=64 n=64 r=28 c=28 of s1[0].a and 2 more instances needs 3.55 MiB of on-chip buffer (double-buffered); zhang15-vc707 has 2 MiB']],
      );
    });
  });

  describe('settings', () => {
    it("a severity override per rule, and 'off' removes the rule", () => {
      const ds = run(CONV_RELU, { severity: { memoryBound: 'error', fusion: 'off' } });
      assert.deepEqual(
        ds.map((d) => [d.code, d.severity]),
        [['RL501', 'error']],
      );
      assert.deepEqual(run(CONV_RELU, { severity: { memoryBound: 'off', fusion: 'off' } }), []);
    });

    it('minShare filters the layers with a small share', () => {
      // r is 11.2% of model time.
      assert.equal(run(CONV_RELU, { minShare: 0.11 }).length, 2);
      assert.deepEqual(run(CONV_RELU, { minShare: 0.113 }), []);
    });

    it('the defaults', () => {
      assert.equal(DEFAULT_RULE_SETTINGS.minShare, 0.01);
      assert.equal(DEFAULT_RULE_SETTINGS.utilizationThreshold, 0.5);
      assert.ok(Object.values(DEFAULT_RULE_SETTINGS.severity).every((s) => s === 'default'));
    });

    it("from the editor's configuration section, malformed values ignored", () => {
      const s = ruleSettingsFromSection({
        diagnostics: { minShare: 0.05, utilizationThreshold: 2 },
        rules: { memoryBound: { severity: 'error' }, slack: { severity: 'off' }, fusion: { severity: 'loud' }, nothing: { severity: 'hint' } },
      });
      assert.deepEqual(s, {
        minShare: 0.05,
        utilizationThreshold: 0.5,
        severity: { ...DEFAULT_RULE_SETTINGS.severity, memoryBound: 'error', slack: 'off' },
      });
      assert.deepEqual(ruleSettingsFromSection(undefined), { ...DEFAULT_RULE_SETTINGS, severity: { ...DEFAULT_RULE_SETTINGS.severity } });
      assert.deepEqual(ruleSettingsFromSection('junk'), { ...DEFAULT_RULE_SETTINGS, severity: { ...DEFAULT_RULE_SETTINGS.severity } });
    });
  });

  describe('robustness', () => {
    it('results are sorted by position', () => {
      const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'rules', 'alexnet_zhang15.nnm'), 'utf8');
      const ds = run(text, { minShare: 0 });
      assert.ok(ds.length > 5);
      for (let i = 1; i < ds.length; i++) assert.ok(ds[i - 1].span.start <= ds[i].span.start, `${ds[i - 1].code} before ${ds[i].code}`);
    });

    it('never throws, whatever the input', () => {
      for (const text of ['', 'model', 'model m {', 'use target nowhere\nmodel m { input x: [1, 3]\n y = relu(x) }', '@@@ ((( ]]]', 'model m {\n  input x: [1, 8]\n  y = repeat(3, nothing, x)\n}\n']) {
        assert.ok(Array.isArray(run(text)));
        assert.ok(Array.isArray(run(text, {}, { fallbackTarget: 'zc706-pipelined' })));
      }
      const a = analyzeRoofline(CONV_RELU, { fusion: 'none' });
      assert.ok(Array.isArray(bottleneckDiagnostics(a, { minShare: Number.NaN, utilizationThreshold: -1 } as unknown as RuleSettings)));
      assert.ok(Array.isArray(bottleneckDiagnostics({ ...a, costs: [] }, DEFAULT_RULE_SETTINGS)));
    });
  });

  describe('baselines', () => {
    const dir = path.join(__dirname, 'fixtures', 'rules');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.nnm')).sort()) {
      for (const fusion of ['none', 'epilogue'] as const) {
        it(`${f} (fusion ${fusion})`, () => {
          const text = fs.readFileSync(path.join(dir, f), 'utf8');
          const a = analyzeRoofline(text, { fusion });
          const all = [...a.diagnostics, ...bottleneckDiagnostics(a, DEFAULT_RULE_SETTINGS)].sort((x, y) => x.span.start - y.span.start || x.span.end - y.span.end || x.code.localeCompare(y.code));
          expectGolden(path.join(dir, f.replace(/\.nnm$/, fusion === 'none' ? '.diagnostics' : `.${fusion}.diagnostics`)), printDiagnostics(text, all));
        });
      }
    }
  });
});
