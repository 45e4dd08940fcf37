// Inputs the fuzz suite (npm run fuzz) found after the parallel plans, the language-model phases and
// the incremental analysis were merged with the limits, each kept as a test of what it now gives.
// Speed is measured by the fuzz suite and the benchmarks, not here; these check the outcome.
import * as assert from 'node:assert/strict';
import { analyze, DEFAULT_RULE_SETTINGS, LIMITS } from '../server/src/core';
import { analysisSearchStepsLeft, spendSearchSteps, withBudget } from '../server/src/core/limits';

describe('robustness: what the fuzz suite found after the merges', () => {
  it('a parallel plan on a model without layers: the model is left whole, RL210 says it is empty, nothing throws', () => {
    for (const plan of ['pp=2', 'tp=8', 'tp=2 pp=4 dp=2']) {
      const a = analyze({ text: `use parallel ${plan}\nmodel m {\n}\n` }, { fileName: 'empty.nnm', target: 'h100-sxm', rules: DEFAULT_RULE_SETTINGS });
      assert.deepEqual(
        a.diagnostics.map((d) => d.code),
        ['RL210'],
        plan,
      );
      assert.equal(a.costs[0].layers.length, 0);
    }
  });

  it('more pipeline stages than layers: every layer costed, no internal error', () => {
    const a = analyze({ text: 'use parallel pp=4\nmodel m {\n  input x: [1, 8]\n  y = relu(x)\n}\n' }, { fileName: 'one.nnm', target: 'h100-sxm', rules: DEFAULT_RULE_SETTINGS });
    assert.ok(a.costs[0].layers.every((l) => l.status === 'ok'), JSON.stringify(a.costs[0].layers.map((l) => l.status)));
    assert.equal(a.diagnostics.filter((d) => /internal error/i.test(d.message)).length, 0);
  });

  it('a layer named by 90,000 characters, read by 3,000 uncounted layers: every RL506 names it cut short', () => {
    const long = 'x'.repeat(90_000);
    const text = `[${long}]\n${'[net]\n'.repeat(3000)}`;
    const a = analyze({ text, format: 'darknet' }, { fileName: 'long.cfg', target: 'h100-sxm', rules: DEFAULT_RULE_SETTINGS });
    assert.equal(a.models[0].layers[0].name.length, 90_001);
    const rl506 = a.diagnostics.filter((d) => d.code === 'RL506');
    assert.equal(rl506.length, 3001);
    for (const d of rl506) {
      assert.ok(d.message.length <= LIMITS.messageChars + 40, `${d.message.length} characters`);
      for (const r of d.related ?? []) assert.ok(r.message.length <= LIMITS.messageChars + 40, `related: ${r.message.length} characters`);
    }
    // The name appears cut at LIMITS.quotedChars, with how much is left out.
    assert.match(rl506[1].message, new RegExp(`x{${LIMITS.quotedChars}}… \\(89,881 more characters\\)`));
  });

  it('a SCALE-Sim topology of 5,000 GEMM rows without K: an RL506 for each row past the reader\'s 1,000 errors, each naming at most five unknown inputs', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `g${i}, 64, 256,`).join('\n');
    const a = analyze({ text: `Layer, M, N, K,\n${rows}\n` }, { fileName: 'topology.csv', target: 'h100-sxm', rules: DEFAULT_RULE_SETTINGS });
    const rl506 = a.diagnostics.filter((d) => d.code === 'RL506');
    // The first LIMITS.diagnostics rows have their own RL704 error; the 4,000 after them, whose
    // errors the reader no longer lists, an RL506 each; and the model's summary.
    assert.equal(a.diagnostics.filter((d) => d.code === 'RL704').length, LIMITS.diagnostics);
    assert.equal(rl506.length, 5000 - LIMITS.diagnostics + 1);
    assert.ok(rl506.every((d) => (d.related?.length ?? 0) <= 5));
  });
});

describe('robustness: files of many models', () => {
  const NAMES = ['model names {', '  input x: [1, 8, 4, 4]', '  a = relu(undefined_thing)', '  b = relu(a)', '}', ''].join('\n');

  it('6,000 models with name errors: each gets the RL506 one model alone gets (the file\'s errors are sorted once, not per model)', () => {
    const one = analyze({ text: NAMES }, { fileName: 'one.nnm', target: 'h100-sxm', rules: DEFAULT_RULE_SETTINGS });
    const many = analyze({ text: NAMES.repeat(6000) }, { fileName: 'many.nnm', target: 'h100-sxm', rules: DEFAULT_RULE_SETTINGS });
    const messages = (a: typeof one) => a.diagnostics.filter((d) => d.code === 'RL506').map((d) => d.message);
    assert.equal(messages(one).length, 2);
    assert.equal(messages(many).length, 2 * 6000);
    assert.deepEqual(new Set(messages(many)), new Set(messages(one)));
  });

  it('259 models of huge convolutions on an FPGA block: every model costed alike (one memo for the file\'s models)', () => {
    const block = [
      'hardware small {',
      '  kind = fpga',
      '  clock = 100 MHz',
      '  unroll = (m: 64, n: 7)',
      '  bandwidth = 4.5 GB/s',
      '  buffer = 16 KiB',
      '  precision = fp32',
      '}',
      'use target small',
      '',
    ].join('\n');
    const model = ['model tiles {', '  input x: [1, 64, 2147483648, 4096]', '  y = conv2d(x, 64, kernel=3, pad=1)', '}', ''].join('\n');
    const a = analyze({ text: block + model.repeat(259) }, { fileName: 'tiles.nnm' });
    assert.equal(a.costs.length, 259);
    const first = a.costs[0].layers[0];
    assert.equal(first.status, 'ok');
    for (const c of a.costs) assert.deepEqual({ ...c.layers[0], index: 0 }, { ...first, index: 0 });
  });

  it('the tile searches of all the models of one analysis share LIMITS.analysisSearchSteps; none outside an analysis', () => {
    assert.equal(analysisSearchStepsLeft(), Infinity);
    withBudget({}, () => {
      assert.equal(analysisSearchStepsLeft(), LIMITS.analysisSearchSteps);
      spendSearchSteps(5);
      assert.equal(analysisSearchStepsLeft(), LIMITS.analysisSearchSteps - 5);
    });
    assert.equal(analysisSearchStepsLeft(), Infinity);
  });
});
