// Inputs the fuzz suite (npm run fuzz) found after the parallel plans, the language-model phases and
// the incremental analysis were merged with the limits, each kept as a test of what it now gives.
// Speed is measured by the fuzz suite and the benchmarks, not here; these check the outcome.
import * as assert from 'node:assert/strict';
import { analyze, DEFAULT_RULE_SETTINGS, LIMITS } from '../server/src/core';

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
