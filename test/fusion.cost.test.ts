// Fused groups costed as one kernel (server/src/core/cost/groupCost.ts through costModel): the
// traffic of a conv + batch norm + residual add + ReLU group worked out by hand, the folded bias,
// the members' empty figures, the totals; and ResNet-50 on h100-sxm, where under 'epilogue' no
// batch norm or ReLU is a memory-bound layer of its own any more (122 memory-bound layers of 175
// layer by layer, 7 fused).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { analyzeRoofline } from '../server/src/core/roofline';
import { jsonReport } from '../server/src/core/report/jsonReport';
import { bottleneckDiagnostics, DEFAULT_RULE_SETTINGS } from '../server/src/core/rules';
import { isMemoryBound } from '../server/src/ide/boundWords';
import { APPROXIMATIONS } from '../server/src/core/cost/approximations';

// A 3 x 3 conv 64 -> 64 on 56 x 56 without bias, its batch norm, a residual add of the input, a ReLU.
// fp32: one map tensor [1, 64, 56, 56] is 200,704 words = 802,816 bytes; the conv's weights 64 x 64 x
// 9 = 36,864 words = 147,456 bytes.
//   c alone, compulsory: 802,816 in + 147,456 weights + 802,816 out = 1,753,088 bytes.
//   the group: c's traffic - c's output (read only by b, in the group) + a folded bias of 64 words
//   (256 bytes: c had none) + the add's other operand x (802,816) + y's output (802,816)
//   = 1,753,088 - 802,816 + 256 + 802,816 + 802,816 = 2,556,160 bytes, compulsory.
//   ops: c 2 x 64 x 64 x 9 x 3,136 = 231,211,008; b 2 per element 401,408; s and y 200,704 each:
//   232,013,824 in all.
const RESIDUAL = `use target h100-sxm
model m {
  input x: [1, 64, 56, 56]
  c = conv2d(x, 64, kernel=3, pad=1, bias=false)
  b = batchnorm(c)
  s = add(b, x)
  output y = relu(s)
}
`;

describe('fusion: groups costed as one kernel', () => {
  it('conv + batch norm + residual add + ReLU: the producer carries the group, worked out by hand', () => {
    const alone = analyzeRoofline(RESIDUAL, { fusion: 'none' }).costs[0];
    const fused = analyzeRoofline(RESIDUAL, { fusion: 'epilogue' }).costs[0];
    const [c0] = alone.layers;
    const [c, b, s, y] = fused.layers;
    assert.equal(c0.traffic!.compulsory, 1_753_088);
    assert.equal(c.traffic!.compulsory, 2_556_160);
    // The tiled traffic moves by the same bytes (the tile divides the output: each word stored once).
    assert.equal(c.traffic!.tiled! - c0.traffic!.tiled!, 2_556_160 - 1_753_088);
    assert.equal(c.ops, 232_013_824);
    assert.equal(c.ctc, c.ops! / c.traffic!.used);
    assert.deepEqual(c.fused, ['b', 's', 'y']);
    assert.equal(c.fusionKind, 'epilogue');
    assert.ok(c.notes.includes('b folded into this layer: its scale and shift become the weights and a new bias of 64 (read once); no traffic of its own.'), c.notes.join(' | '));
    assert.ok(c.approximations.includes(APPROXIMATIONS.fusedGroup));
    assert.ok(c.approximations.includes(APPROXIMATIONS.fusedBatchNorm));
    assert.deepEqual(
      [b, s, y].map((m) => [m.fusedInto, m.fusionRole, m.time, m.share, m.traffic, m.ctc, m.bound]),
      [
        ['c', 'bnFold', 0, 0, undefined, undefined, undefined],
        ['c', 'residual', 0, 0, undefined, undefined, undefined],
        ['c', 'epilogue', 0, 0, undefined, undefined, undefined],
      ],
    );
    // One kernel: its time is at least the conv's alone and less than the four layers' sum.
    assert.ok(c.time! >= c0.time! && c.time! < alone.totals.time);
    assert.equal(fused.totals.time, c.time);
    assert.equal(fused.totals.ops, alone.totals.ops);
    assert.equal(fused.totals.traffic, c.traffic!.used);
    assert.deepEqual(fused.groups, [{ kind: 'epilogue', producer: 0, members: [{ index: 1, role: 'bnFold' }, { index: 2, role: 'residual' }, { index: 3, role: 'epilogue' }] }]);
  });

  it('a conv with a bias gains none: the folded batch norm moves nothing at all', () => {
    const text = RESIDUAL.replace('bias=false', 'bias=true');
    const alone = analyzeRoofline(text, { fusion: 'none' }).costs[0].layers[0];
    const c = analyzeRoofline(text, { fusion: 'epilogue' }).costs[0].layers[0];
    assert.equal(c.traffic!.compulsory - alone.traffic!.compulsory, -802_816 + 802_816 + 802_816);
    assert.ok(c.notes.some((n) => n.endsWith('become the weights and the bias; no traffic of its own.')));
  });

  it('the JSON report: members name their producer, with time 0, share 0 and no traffic; the producer lists them', () => {
    const a = analyzeRoofline(RESIDUAL);
    const j = jsonReport(a, 'm.nnm', a.models[0], { chosen: a.chosen!, cost: a.costs[0] });
    assert.equal(j.target!.fusion, 'epilogue');
    const [c, b] = j.layers;
    assert.deepEqual([c.fused, c.fusionKind, c.traffic], [['b', 's', 'y'], 'epilogue', 2_614_528]);
    assert.deepEqual([b.fusedInto, b.fusionRole, b.time, b.share, b.traffic, b.ctc, b.bound], ['c', 'bnFold', 0, 0, undefined, undefined, undefined]);
    assert.equal(j.totals.time, c.time);
  });
});

describe('fusion: ResNet-50 on h100-sxm', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', 'examples', 'resnet50.nnm'), 'utf8');
  const memoryBound = (fusion: 'none' | 'epilogue') => {
    const a = analyzeRoofline(text, { target: 'h100-sxm', fusion });
    const layers = a.costs[0].layers.filter((l) => isMemoryBound(l.bound));
    const diagnostics = bottleneckDiagnostics(a, DEFAULT_RULE_SETTINGS).filter((d) => d.code === 'RL501');
    return { a, layers, diagnostics };
  };

  it("under 'epilogue' no batch norm or ReLU is a memory-bound layer of its own: 122 memory-bound layers of 175 become 7", () => {
    const before = memoryBound('none');
    const after = memoryBound('epilogue');
    const ops = (ls: { op: string }[]) => ls.map((l) => l.op).sort();
    assert.equal(before.a.costs[0].layers.length, 175);
    assert.equal(before.layers.length, 122);
    assert.equal(before.layers.filter((l) => l.op === 'batchnorm').length, 53);
    assert.equal(before.layers.filter((l) => l.op === 'relu').length, 49);
    assert.equal(after.layers.length, 7);
    assert.deepEqual(ops(after.layers), ['conv2d', 'conv2d', 'conv2d', 'conv2d', 'global_avgpool', 'linear', 'maxpool']);
    // Every batch norm is folded, every ReLU and residual add fused: 53 groups take 118 layers.
    const cost = after.a.costs[0];
    assert.equal(cost.groups.length, 53);
    assert.equal(cost.layers.filter((l) => l.op === 'batchnorm').every((l) => l.fusionRole === 'bnFold'), true);
    assert.equal(cost.layers.filter((l) => l.op === 'relu' || l.op === 'add').every((l) => l.fusedInto !== undefined), true);
    assert.equal(cost.layers.filter((l) => l.fusedInto !== undefined).length, 118);
    // The problems agree: no RL501 names a batch norm or a ReLU.
    const named = (ds: { layer?: string }[]) => ds.map((d) => after.a.models[0].layers.find((l) => l.name === d.layer)?.op);
    assert.ok(named(before.diagnostics).includes('relu'));
    assert.ok(!named(after.diagnostics).some((op) => op === 'batchnorm' || op === 'relu'), named(after.diagnostics).join(', '));
    // Fewer bytes and less time, the same operations.
    assert.ok(cost.totals.traffic < before.a.costs[0].totals.traffic);
    assert.ok(cost.totals.time < before.a.costs[0].totals.time);
    assert.equal(cost.totals.ops, before.a.costs[0].totals.ops);
  });

  it("'aggressive' also fuses the global average pooling (a per-channel reduction)", () => {
    const a = analyzeRoofline(text, { target: 'h100-sxm', fusion: 'aggressive' });
    const pool = a.costs[0].layers.find((l) => l.op === 'global_avgpool')!;
    assert.equal(pool.fusionRole, 'pool');
    // The stem's 3 x 3 stride-2 pooling overlaps: not fused.
    assert.equal(a.costs[0].layers.find((l) => l.op === 'maxpool')!.fusedInto, undefined);
  });
});
