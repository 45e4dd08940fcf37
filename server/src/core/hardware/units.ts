// Quantities with units, as written in hardware blocks and target files ("100 MHz", "4.5 GB/s",
// "2 MiB", "989.4 TFLOP/s", "0.2 pJ"), converted to SI base values: Hz, bytes/s, bytes, ops/s, pJ.
// Decimal prefixes are powers of 1000 (1 GB = 1e9 bytes), binary ones powers of 1024 (1 MiB = 2^20
// bytes); a lower-case `b` is a bit (1 Mb = 1e6 bits = 125,000 bytes). Also: which units fit which
// hardware field, and how to print a base value back with a readable unit (in hardware units, for
// sources and messages about figures; numbers through protocol/format.ts). Pure; never throws.
import { significant } from '../../protocol/format';

export type Dimension = 'frequency' | 'bandwidth' | 'size' | 'throughput' | 'energy' | 'time';

export interface UnitDef {
  /** Multiply a value in this unit by `factor` to get the base value of its dimension. */
  factor: number;
  dimension: Dimension;
}

/** The base unit of each dimension, as shown to users. */
export const BASE_UNIT: Record<Dimension, string> = {
  frequency: 'Hz',
  bandwidth: 'B/s',
  size: 'B',
  throughput: 'op/s',
  energy: 'pJ',
  time: 's',
};

const DECIMAL: [string, number][] = [['', 1], ['k', 1e3], ['K', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12], ['P', 1e15]];
const BINARY: [string, number][] = [['Ki', 2 ** 10], ['Mi', 2 ** 20], ['Gi', 2 ** 30], ['Ti', 2 ** 40]];

function buildUnits(): Map<string, UnitDef> {
  const m = new Map<string, UnitDef>();
  const add = (name: string, factor: number, dimension: Dimension) => {
    if (!m.has(name)) m.set(name, { factor, dimension });
  };
  for (const [p, f] of [['', 1], ['k', 1e3], ['M', 1e6], ['G', 1e9]] as [string, number][]) add(`${p}Hz`, f, 'frequency');
  for (const [p, f] of DECIMAL) {
    if (p === 'P') continue;
    add(`${p}B`, f, 'size');
    add(`${p}B/s`, f, 'bandwidth');
    add(`${p}b`, f / 8, 'size');
    add(`${p}b/s`, f / 8, 'bandwidth');
  }
  for (const [p, f] of BINARY) {
    add(`${p}B`, f, 'size');
    add(`${p}B/s`, f, 'bandwidth');
    add(`${p}b`, f / 8, 'size');
  }
  for (const [p, f] of DECIMAL) {
    if (p === 'K') continue; // kilo is `k` for rates
    for (const op of ['FLOP', 'OP', 'flop', 'op', 'Op', 'Flop']) {
      add(`${p}${op}/s`, f, 'throughput');
      add(`${p}${op}S`, f, 'throughput');
      add(`${p}${op}s`, f, 'throughput');
    }
  }
  add('fJ', 1e-3, 'energy');
  add('pJ', 1, 'energy');
  add('nJ', 1e3, 'energy');
  add('uJ', 1e6, 'energy');
  // Latencies of links (interconnect target files): seconds.
  add('s', 1, 'time');
  add('ms', 1e-3, 'time');
  add('us', 1e-6, 'time');
  add('ns', 1e-9, 'time');
  return m;
}

const UNITS = buildUnits();

/** The units shown in messages, per dimension (the common spellings, not every accepted variant). */
export const COMMON_UNITS: Record<Dimension, string[]> = {
  frequency: ['Hz', 'kHz', 'MHz', 'GHz'],
  bandwidth: ['B/s', 'KB/s', 'MB/s', 'GB/s', 'TB/s', 'GiB/s'],
  size: ['B', 'KB', 'MB', 'GB', 'KiB', 'MiB', 'GiB', 'Kb', 'Mb'],
  throughput: ['FLOP/s', 'GFLOP/s', 'TFLOP/s', 'PFLOP/s', 'OP/s', 'GOP/s', 'TOP/s', 'POP/s'],
  energy: ['pJ', 'nJ'],
  time: ['s', 'ms', 'us', 'ns'],
};

/** Every accepted spelling of the units of a dimension. */
export function unitsOf(dimension: Dimension): string[] {
  return [...UNITS].filter(([, def]) => def.dimension === dimension).map(([name]) => name);
}

/** Looks a unit up exactly (case matters: MB is bytes, Mb is bits). */
export function lookupUnit(unit: string): UnitDef | undefined {
  return UNITS.get(unit);
}

/** What a unit would have meant in another case (`mhz` -> `MHz`), for "did you mean" hints. */
export function suggestUnit(unit: string, dimension: Dimension): string | undefined {
  const lower = unit.toLowerCase();
  for (const [name, def] of UNITS) if (def.dimension === dimension && name.toLowerCase() === lower) return name;
  return undefined;
}

/** The dimension each hardware field takes, in blocks, levels and target files. */
export const FIELD_DIMENSION: Readonly<Record<string, Dimension>> = {
  clock: 'frequency',
  bandwidth: 'bandwidth',
  buffer: 'size',
  capacity: 'size',
  peak: 'throughput',
  energy: 'energy',
};

export type ConversionResult =
  | { ok: true; value: number }
  | { ok: false; reason: 'missing-unit' | 'unknown-unit' | 'wrong-dimension'; expected: string[]; found?: Dimension };

/** Converts `value unit` to the base value of `dimension`; the reason says what is wrong otherwise. */
export function toBase(value: number, unit: string | undefined, dimension: Dimension): ConversionResult {
  const expected = COMMON_UNITS[dimension];
  if (unit === undefined || unit === '') return { ok: false, reason: 'missing-unit', expected };
  const def = lookupUnit(unit);
  if (!def) return { ok: false, reason: 'unknown-unit', expected };
  if (def.dimension !== dimension) return { ok: false, reason: 'wrong-dimension', expected, found: def.dimension };
  return { ok: true, value: value * def.factor };
}

export interface ParsedQuantityText {
  value: number;
  /** The unit text, if any, and its offsets within the parsed string. */
  unit?: { text: string; start: number; end: number };
  /** Offsets of the number within the parsed string. */
  numberStart: number;
  numberEnd: number;
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || (ch > '\x7f' && /\s/.test(ch)) || ch === '\v' || ch === '\f';
}
function isDigitChar(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}
function isLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/**
 * Reads "4.5 GB/s", "100MHz", "2 MiB" or a bare "448"; undefined when the text is not of that form:
 * white space, a number (`12`, `4.5`, `.5`, `1e9`, a sign), white space, a unit (a letter, then
 * letters and slashes), white space. One pass, each character read once: no regular expression,
 * so no input makes it backtrack.
 */
export function parseQuantityText(text: string): ParsedQuantityText | undefined {
  const n = text.length;
  let i = 0;
  while (i < n && isSpace(text[i])) i++;
  const numberStart = i;
  if (text[i] === '+' || text[i] === '-') i++;
  const intStart = i;
  while (i < n && isDigitChar(text[i])) i++;
  const whole = i > intStart;
  if (text[i] === '.') {
    i++;
    const fracStart = i;
    while (i < n && isDigitChar(text[i])) i++;
    if (!whole && i === fracStart) return undefined;
  } else if (!whole) return undefined;
  if (text[i] === 'e' || text[i] === 'E') {
    let k = i + 1;
    if (text[k] === '+' || text[k] === '-') k++;
    if (isDigitChar(text[k] ?? '')) {
      while (k < n && isDigitChar(text[k])) k++;
      i = k;
    }
  }
  const numberEnd = i;
  const value = Number(text.slice(numberStart, numberEnd));
  if (!Number.isFinite(value)) return undefined;
  while (i < n && isSpace(text[i])) i++;
  const out: ParsedQuantityText = { value, numberStart, numberEnd };
  if (i < n && isLetter(text[i])) {
    const start = i;
    while (i < n && (isLetter(text[i]) || text[i] === '/')) i++;
    out.unit = { text: text.slice(start, i), start, end: i };
    while (i < n && isSpace(text[i])) i++;
  }
  return i === n ? out : undefined;
}

// ---- printing ----------------------------------------------------------------------------------

/** Up to five significant digits, no trailing zeros: 989.4, 3.35, 1978.9, 0.12346 (the project's
 *  `significant`, with the precision hardware figures are written in). */
export function formatNumber(x: number): string {
  return Number.isFinite(x) ? significant(x, 5) : String(x);
}

function scaled(x: number, steps: [string, number][], unit: string): string {
  let chosen = steps[0];
  for (const s of steps) if (Math.abs(x) >= s[1]) chosen = s;
  return `${formatNumber(x / chosen[1])} ${chosen[0]}${unit}`;
}

const SI_STEPS: [string, number][] = [['', 1], ['k', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12], ['P', 1e15]];
const BYTE_STEPS: [string, number][] = [['', 1], ['K', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12]];

/**
 * Prints a base value with a readable unit. A size prints in binary units (2 MiB, 108 KiB) when that
 * is exact in five digits and the decimal form is not, otherwise in decimal ones (50 MB, 80 GB);
 * throughput prints as FLOP/s, or OP/s when `integer` says the precision is an integer one.
 */
export function formatQuantity(value: number, dimension: Dimension, options: { integer?: boolean } = {}): string {
  switch (dimension) {
    case 'frequency':
      return scaled(value, SI_STEPS.slice(0, 4), 'Hz');
    case 'bandwidth':
      return scaled(value, BYTE_STEPS, 'B/s');
    case 'size': {
      const decimal = scaled(value, BYTE_STEPS, 'B');
      const binary = scaled(value, [['', 1], ...BINARY], 'B');
      const exact = (text: string) => {
        const [num, unit] = text.split(' ');
        const def = lookupUnit(unit);
        return def !== undefined && Number(num) * def.factor === value;
      };
      return !exact(decimal) && exact(binary) ? binary : decimal;
    }
    case 'throughput':
      return scaled(value, SI_STEPS.slice(0, 5), options.integer ? 'OP/s' : 'FLOP/s');
    case 'energy':
      return `${formatNumber(value)} pJ`;
    case 'time':
      return scaled(value, [['n', 1e-9], ['u', 1e-6], ['m', 1e-3], ['', 1]], 's');
  }
}
