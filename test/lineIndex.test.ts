// The line index (core/text/lineIndex.ts) finds line starts by indexOf in a text without a carriage
// return, and character by character otherwise. Its twin here is the definition, written plainly:
// a line ends after \n, after \r\n, and after a lone \r. On made texts of every kind of line end,
// every offset's position and every line's start are the twin's.
import * as assert from 'node:assert/strict';
import { LineIndex } from '../server/src/core/text/lineIndex';

/** Each line's first offset, by the definition. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') continue;
    if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  return starts;
}

/** A text of `n` short lines, each ended by one of `ends` (by a fixed pseudo-random choice). */
function madeText(n: number, ends: string[], seed: number): string {
  let s = seed;
  let text = '';
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    text += 'x'.repeat(s % 7) + ends[s % ends.length];
  }
  return text;
}

describe('line index: its fast path and its character path, as the definition', () => {
  const cases: [string, string][] = [
    ['line feeds only (the indexOf path)', madeText(300, ['\n'], 1)],
    ['line feeds, blank lines, no final line feed', madeText(300, ['\n', '\n\n'], 2) + 'tail'],
    ['\\r\\n', madeText(300, ['\r\n'], 3)],
    ['lone \\r, \\r\\n and \\n mixed', madeText(300, ['\r', '\r\n', '\n', '\n\r'], 4)],
    ['empty', ''],
    ['one line feed', '\n'],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const index = new LineIndex(text);
      const starts = lineStarts(text);
      assert.equal(index.lineCount, starts.length);
      for (let line = 0; line < starts.length; line++) assert.equal(index.offset({ line, character: 0 }), starts[line], `line ${line}`);
      for (let o = 0; o <= text.length; o++) {
        let line = starts.length - 1;
        while (starts[line] > o) line--;
        assert.deepEqual(index.position(o), { line, character: o - starts[line] }, `offset ${o}`);
      }
    });
  }
});
