// Measures how the time of every lexer of the project grows with adversarial inputs of 1 KB, 10 KB
// and 100 KB (run by test/robust-linear.test.ts in a child process, so that a lexer that regressed
// to super-linear time is stopped by the parent's timeout instead of blocking the test runner).
// For each case it prints the best of a few CPU-time samples of the same total work at each size:
// the 1 KB input run 100 times, the 10 KB input 10 times, the 100 KB input once.
import { lex } from '../../server/src/core/syntax/lexer';
import { parse } from '../../server/src/core/syntax/parser';
import { parsePrototxt } from '../../server/src/core/formats/caffe/prototxt';
import { parseCfg } from '../../server/src/core/formats/darknet/cfg';
import { analyzeDarknet } from '../../server/src/core/formats/darknet/analyzeDarknet';
import { readRows } from '../../server/src/core/formats/scalesim/csv';
import { analyzeScaleSim } from '../../server/src/core/formats/scalesim/analyzeScaleSim';
import { documentFormat, formatByContent } from '../../server/src/core/formats/detect';
import { parseQuantityText } from '../../server/src/core/hardware/units';
import { targetFromJson } from '../../server/src/core/hardware/fromJson';

export interface GrowthCase {
  name: string;
  /** The adversarial input of `size` characters. */
  input: (size: number) => string;
  run: (text: string) => unknown;
}

/** `unit` repeated to `size` characters, between `before` and `after`. */
function fill(unit: string, size: number, before = '', after = ''): string {
  const n = Math.max(0, size - before.length - after.length);
  return before + unit.repeat(Math.ceil(n / unit.length)).slice(0, n) + after;
}

export const CASES: GrowthCase[] = [
  // The model language: digits then a letter, an unterminated string, underscores in a number,
  // unary minuses (the parser's depth limit), a long comment, bad characters.
  { name: 'nnm lexer: digits then a letter', input: (n) => fill('9', n, '', 'a'), run: lex },
  { name: 'nnm lexer: unterminated string', input: (n) => fill('a', n, '"'), run: lex },
  { name: 'nnm lexer: number with underscores', input: (n) => fill('1_', n, '', 'x'), run: lex },
  { name: 'nnm lexer: bad characters', input: (n) => fill('$', n), run: lex },
  { name: 'nnm parser: unary minuses', input: (n) => fill('-', n, 'model m {\n y = ', '1\n}'), run: parse },
  { name: 'nnm parser: a chain of additions', input: (n) => fill('1+', n, 'param p = ', '1'), run: parse },
  { name: 'nnm parser: nested brackets', input: (n) => fill('[', n, 'param p = '), run: parse },
  // Caffe prototxt: the number token (a cubic regex before), signs, strings of escapes, junk.
  { name: 'prototxt: digits then a letter', input: (n) => fill('9', n, '', 'a'), run: parsePrototxt },
  { name: 'prototxt: digits with a dot then a letter', input: (n) => fill('9', n, '1.', 'e+a'), run: parsePrototxt },
  { name: 'prototxt: signs', input: (n) => fill('-', n), run: parsePrototxt },
  { name: 'prototxt: escapes in a string', input: (n) => fill('\\', n, 'name: "'), run: parsePrototxt },
  { name: 'prototxt: open braces', input: (n) => fill('a{', n), run: parsePrototxt },
  { name: 'prototxt: bad characters', input: (n) => fill('$', n), run: parsePrototxt },
  // Darknet cfg: white space around keys and values, a long float value, brackets.
  { name: 'cfg: white space', input: (n) => fill(' ', n, '[net]\n', '!'), run: parseCfg },
  { name: 'cfg: a float value of digits then a letter', input: (n) => fill('9', n, '[net]\nwidth=1\nheight=1\nchannels=1\n[convolutional]\nfilters=1\nsize=1\nstride=1\nmomentum=', 'a'), run: analyzeDarknet },
  { name: 'cfg: section brackets', input: (n) => fill('[', n), run: parseCfg },
  // SCALE-Sim CSV: white space in cells, separators, a long number cell.
  { name: 'csv: white space then a comma', input: (n) => fill(' ', n, '', ','), run: readRows },
  { name: 'csv: tabs', input: (n) => fill('\t', n, 'a'), run: readRows },
  { name: 'csv: a long numeric cell', input: (n) => fill('9', n, 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nc, ', 'x, 1, 1, 1, 1, 1, 1,'), run: analyzeScaleSim },
  // Format detection: many line breaks, white space before a header.
  { name: 'detect: line breaks (a .cfg in the editor: the whole text sniffed)', input: (n) => fill('\n', n, '', 'x'), run: (t) => documentFormat('model.cfg', t) },
  { name: 'detect: white space lines', input: (n) => fill(' \n', n, '', 'x'), run: formatByContent },
  // Target files: the quantity text (a quadratic regex before), a long number, open brackets.
  { name: 'units: number, spaces, junk', input: (n) => fill(' ', n, '1', '!'), run: parseQuantityText },
  { name: 'units: digits then junk', input: (n) => fill('9', n, '', '!'), run: parseQuantityText },
  { name: 'target json: a quantity of spaces', input: (n) => fill(' ', n, '{ "name": "t", "bandwidth": "1', '!" }'), run: (t) => targetFromJson(t) },
  { name: 'target json: open brackets', input: (n) => fill('[', n), run: (t) => targetFromJson(t) },
  { name: 'target json: digits', input: (n) => fill('9', n, '{ "clock": ', 'x }'), run: (t) => targetFromJson(t) },
];

export const SIZES = [1024, 10 * 1024, 100 * 1024];

/** CPU microseconds of `times` runs of `run(text)` (user + system, this process). */
function cpuTime(run: (t: string) => unknown, text: string, times: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) run(text);
  const d = process.cpuUsage(start);
  return d.user + d.system;
}

/** For one case: the best of `samples` CPU times at each size, for the same total characters. */
export function measure(c: GrowthCase, samples = 5): number[] {
  const largest = SIZES[SIZES.length - 1];
  return SIZES.map((size) => {
    const text = c.input(size);
    const times = Math.round(largest / size);
    cpuTime(c.run, text, 1); // warm up (compilation)
    let best = Infinity;
    for (let s = 0; s < samples; s++) best = Math.min(best, cpuTime(c.run, text, times));
    return best;
  });
}

if (require.main === module) {
  const out: Record<string, number[]> = {};
  for (const c of CASES) out[c.name] = measure(c);
  process.stdout.write(JSON.stringify(out));
}
