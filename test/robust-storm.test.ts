// The language-server storm (test/helpers/storm.ts): 1,000 edits of ResNet-50 as one burst, with a
// hover after every tenth, through the real protocol with the real debounce (75 ms). Asserted here
// is only what cannot flake: every hover of the burst is answered (none fails), the diagnostics
// published last are those of the final version and equal the analysis of the final text, and the
// server answers afterwards. How fast the hovers come back once the burst ends (p95) and whether
// memory returns to where it started are figures, measured by bench/storm.bench.ts
// (`npm run bench`): timings and heap sizes depend on the machine and are never asserted in tests.
import * as assert from 'node:assert/strict';
import { HoverRequest } from 'vscode-languageserver/node';
import { analyze, DEFAULT_RULE_SETTINGS, LIMITS, LineIndex } from '../server/src/core';
import { DEFAULT_TARGET } from '../server/src/protocol/settings';
import { inProcessSession } from './helpers/lspSession';
import { runStorm, STORM_URI, stormHoverPosition } from './helpers/storm';

describe('robust: a storm of 1,000 edits with hovers', function () {
  this.timeout(300_000);

  it('answers every hover, publishes the final version\'s diagnostics, and stays up', async () => {
    const session = inProcessSession();
    try {
      await session.initialize({});
      const r = await runStorm(session);
      const failed = r.hovers.filter((h) => h instanceof Error);
      assert.deepEqual(failed, [], 'every hover of the burst is answered');
      assert.equal(r.hovers.length, 100);
      assert.ok(r.hovers.filter((h) => h !== null).length >= 90, 'the hovers carry cards');

      const last = session.publications(STORM_URI).at(-1);
      assert.equal(last?.version, r.finalVersion, 'the last publication is of the final version');
      const expected = analyze({ text: r.finalText, format: 'nnm' }, { fileName: 'resnet50.nnm', fallbackTarget: DEFAULT_TARGET, rules: DEFAULT_RULE_SETTINGS, maxLayers: LIMITS.editorLayers, timeBudgetMs: LIMITS.serverAnalysisMs });
      const lines = new LineIndex(r.finalText);
      const want = expected.diagnostics.map((d) => `${d.code} ${JSON.stringify(lines.range(d.span.start, d.span.end).start)} ${d.message}`).sort();
      const got = (last?.diagnostics ?? []).map((d) => `${d.code} ${JSON.stringify(d.range.start)} ${d.message}`).sort();
      assert.deepEqual(got, want);
      assert.ok(got.some((d) => d.startsWith('RL201') && d.includes("'zz_final'")), 'the final text\'s error is there');

      const after = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri: STORM_URI }, position: stormHoverPosition(r.finalText) });
      assert.ok(after, 'answered after the storm');
    } finally {
      session.close();
    }
  });
});
