// The fuzz suite's mutators, driven by a seeded PRNG so that a run is reproducible from its seed:
// byte flips, truncation, splicing two inputs of a format, token edits (a token deleted,
// duplicated or swapped for another of the input), huge and odd numbers (2^53 + 1, 1e308, -1,
// 2^64 - 1; in ONNX, varints past 2^53), deep nesting (brackets, unary minuses, `not`s, messages,
// sections), long lines (runs of letters, digits or spaces of 100,000+ characters) and repeated
// regions (a model made many times larger). Text formats are mutated as text, ONNX as bytes.
import { varintBytes } from '../../test/helpers/onnxEncode';
import type { Rng } from '../../test/helpers/prng';
import type { FuzzFormat } from './seeds';

export { prng, type Rng } from '../../test/helpers/prng';

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, list: readonly T[]): T => list[int(rng, list.length)];

/** Numbers that found bugs, or could: past 2^53, past the doubles, negative, zero, fractions. */
const ODD_NUMBERS = ['9007199254740993', '9007199254740992', '9223372036854775807', '18446744073709551615', '1e308', '1e400', '1e15', '1e12', '-1', '0', '0.5', '-0', '2147483648', '4294967297', '99999999999999999999', '1e-320', '1000003'];

/** Text inserted to nest deeply, per format (what each language nests). */
const NESTING: Record<FuzzFormat, string[]> = {
  nnm: ['(', '[', '-', 'not ', 'f(', 'a[', '1+', '{'],
  caffe: ['a {', 'a <', '{', 'layer {'],
  darknet: ['[', '[net]\n', '[convolutional]\nfilters=1\nsize=1\n'],
  scalesim: [',', 'Conv, 1, 1, 1, 1, 1, 1, 1,\n'],
  target: ['[', '{"a":', '{"levels":['],
  onnx: [],
};

export interface Mutator {
  name: string;
  /** True when it applies to ONNX (bytes); text mutators apply to the text formats. */
  binary: boolean;
  apply(input: Uint8Array, rng: Rng, other: Uint8Array, format: FuzzFormat): Uint8Array;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8');

function textMutator(name: string, f: (text: string, rng: Rng, other: string, format: FuzzFormat) => string): Mutator {
  return { name, binary: false, apply: (input, rng, other, format) => enc.encode(f(dec.decode(input), rng, dec.decode(other), format)) };
}

/** A token of the text at random: identifiers, numbers, or one other character. */
function tokens(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /[A-Za-z_][A-Za-z0-9_.]*|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?|\S/g;
  for (let m = re.exec(text); m && out.length < 50_000; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

function numberTokens(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  for (let m = re.exec(text); m && out.length < 50_000; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

const splice = (text: string, at: number, remove: number, insert: string) => text.slice(0, at) + insert + text.slice(at + remove);


export const MUTATORS: Mutator[] = [
  {
    name: 'byte flips',
    binary: true,
    apply: (input, rng) => {
      const out = input.slice();
      const n = 1 + int(rng, 8);
      for (let i = 0; i < n && out.length > 0; i++) out[int(rng, out.length)] ^= 1 + int(rng, 255);
      return out;
    },
  },
  { name: 'truncation', binary: true, apply: (input, rng) => input.slice(0, int(rng, input.length + 1)) },
  {
    name: 'splicing',
    binary: true,
    apply: (input, rng, other) => {
      const a = input.subarray(0, int(rng, input.length + 1));
      const b = other.subarray(int(rng, other.length + 1));
      const out = new Uint8Array(a.length + b.length);
      out.set(a, 0);
      out.set(b, a.length);
      return out;
    },
  },
  {
    name: 'huge varints',
    binary: true,
    apply: (input, rng) => {
      // A varint somewhere replaced by one past 2^53, 2^63 - 1, -1 or 2^64 - 1 (lengths, dims, counts).
      const at = int(rng, input.length);
      const v = pick(rng, [2n ** 53n + 1n, 2n ** 63n - 1n, -1n, 2n ** 64n - 1n, 2n ** 31n, 10n ** 15n]);
      let end = at;
      while (end < input.length && input[end] & 0x80) end++;
      // The varint's bytes: from `at` to its last byte (one without the continuation bit), or the end.
      const after = Math.min(input.length, end + 1);
      const bytes = varintBytes(BigInt.asUintN(64, v));
      const out = new Uint8Array(input.length - (after - at) + bytes.length);
      out.set(input.subarray(0, at), 0);
      out.set(bytes, at);
      out.set(input.subarray(after), at + bytes.length);
      return out;
    },
  },
  textMutator('token edits', (text, rng) => {
    const toks = tokens(text);
    if (toks.length === 0) return text;
    const t = pick(rng, toks);
    const other = pick(rng, toks);
    switch (int(rng, 3)) {
      case 0:
        return splice(text, t.start, t.end - t.start, '');
      case 1:
        return splice(text, t.start, 0, text.slice(t.start, t.end) + ' ');
      default:
        return splice(text, t.start, t.end - t.start, text.slice(other.start, other.end));
    }
  }),
  textMutator('huge numbers', (text, rng) => {
    const nums = numberTokens(text);
    let out = text;
    // From the end, so that earlier offsets stay right.
    const chosen = nums.filter(() => rng() < 0.2).slice(-8).reverse();
    for (const t of chosen.length > 0 ? chosen : nums.slice(-1)) out = splice(out, t.start, t.end - t.start, pick(rng, ODD_NUMBERS));
    return out;
  }),
  textMutator('deep nesting', (text, rng, _other, format) => {
    const unit = pick(rng, NESTING[format].length > 0 ? NESTING[format] : ['(']);
    const n = pick(rng, [50, 250, 1000, 5000]);
    return splice(text, int(rng, text.length + 1), 0, unit.repeat(n));
  }),
  textMutator('long lines', (text, rng) => {
    const unit = pick(rng, ['a', '9', ' ', '_', '9a', '"', '\\']);
    const n = pick(rng, [10_000, 100_001, 300_000]);
    return splice(text, int(rng, text.length + 1), 0, unit.repeat(n));
  }),
  textMutator('repeated region', (text, rng) => {
    if (text.length === 0) return text;
    const start = int(rng, text.length);
    const end = Math.min(text.length, start + 1 + int(rng, 400));
    const times = Math.min(pick(rng, [10, 100, 2_000]), Math.floor(1_000_000 / (end - start)));
    return splice(text, end, 0, text.slice(start, end).repeat(times));
  }),
];

/** One mutation of `input` (of `format`): one to three mutators in a row; `other` feeds splicing. */
export function mutate(input: Uint8Array, format: FuzzFormat, rng: Rng, other: Uint8Array): { bytes: Uint8Array; mutators: string[] } {
  const usable = MUTATORS.filter((m) => (format === 'onnx' ? m.binary : true));
  let bytes = input;
  const names: string[] = [];
  const n = 1 + int(rng, 3);
  for (let i = 0; i < n; i++) {
    const m = pick(rng, usable);
    bytes = m.apply(bytes, rng, other, format);
    names.push(m.name);
  }
  return { bytes, mutators: names };
}
