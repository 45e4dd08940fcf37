// Every lexer of the project stays linear in its input: the nnm lexer and parser, the prototxt
// tokenizer and parser, the Darknet cfg reader (and its number checks), the SCALE-Sim CSV reader,
// format detection, the quantity parser of target files and the target-file reader, each on
// adversarial inputs of 1 KB, 10 KB and 100 KB (long runs of digits before a letter, white space
// before junk, unterminated strings, deep brackets: the inputs that made the old regexes cubic or
// quadratic).
//
// How this is checked without asserting a time (tests never assert timings): the same total work
// is measured at each size (the 1 KB input 100 times, the 10 KB input 10 times, the 100 KB input
// once), best of five CPU-time samples each, and the test compares the GROWTH, never a duration.
// For a linear lexer the three figures are about equal (the small inputs are, if anything, slower:
// more calls); for a quadratic one the 100 KB run is about 100 times the 1 KB runs, for a cubic one
// 10,000 times. The bound, 12 times, sits a factor of 8 away from quadratic, and far above the noise
// of a shared machine (the worst linear case measured here is 1.4), so it cannot flake while still
// catching any super-linear regression. A deterministic step counter was the other choice, but it
// cannot see inside a regular expression, which is where the backtracking happened. The
// measurement runs in a child process, so that a regressed lexer is stopped by the timeout of
// spawnSync instead of hanging the test runner.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CASES } from './helpers/lexerGrowth';

const MAX_GROWTH = 12;

describe('robust: every lexer is linear on adversarial inputs (1 KB, 10 KB, 100 KB)', function () {
  this.timeout(300_000);
  let figures: Record<string, number[]> = {};

  before(() => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'helpers', 'lexerGrowth.ts')], { encoding: 'utf8', timeout: 240_000 });
    assert.equal(r.signal, null, `the measurement did not finish (a lexer is far from linear): ${r.stderr}`);
    assert.equal(r.status, 0, r.stderr);
    figures = JSON.parse(r.stdout) as Record<string, number[]>;
  });

  for (const c of CASES) {
    it(c.name, () => {
      const [kb1, kb10, kb100] = figures[c.name];
      // The floor of 200 microseconds keeps a run too short to time from making a ratio of noise.
      const base = Math.max(200, Math.min(kb1, kb10));
      assert.ok(kb100 <= MAX_GROWTH * base, `100 KB took ${kb100} us of CPU for work that took ${kb1} us as 100 x 1 KB and ${kb10} us as 10 x 10 KB: super-linear`);
    });
  }
});
