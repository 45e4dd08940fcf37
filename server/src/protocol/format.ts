// Number formatting shared by hovers, symbols and the command line: exact counts with thousands
// separators, SI-prefixed counts, byte sizes, and tensor shapes. Pure functions, no editor imports.
//
// Conventions (one each, everywhere): counts use SI decimal prefixes (k = 10^3, M = 10^6, G = 10^9,
// T, P, E); byte sizes use IEC binary prefixes (KiB = 1,024 B, MiB = 1,048,576 B, GiB, TiB...),
// the units hardware buffers are written in. Both keep 3 significant digits.

const SI_PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
const IEC_PREFIXES = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Groups the digits of an integer string in threes: '4089184256' -> '4,089,184,256'. */
function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An exact integer given as its decimal digits (a total past 2^53 - 1, summed exactly): '10,007,360,252,990,693'. */
export function formatDigits(digits: string): string {
  return /^-?\d+$/.test(digits) ? groupDigits(digits) : digits;
}

/**
 * An exact count with thousands separators: 4089184256 -> '4,089,184,256'. Fractions (half-byte
 * int4 sizes) keep up to 2 decimals; values too large to print exactly fall back to SI.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e21) return formatSI(n);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const whole = Math.trunc(abs);
  const frac = Math.round((abs - whole) * 100);
  if (frac === 0 || frac === 100) return sign + groupDigits(String(frac === 100 ? whole + 1 : whole));
  const decimals = String(frac).padStart(2, '0').replace(/0$/, '');
  return `${sign}${groupDigits(String(whole))}.${decimals}`;
}

/** `value / base^k` with 3 significant digits and the prefix index k. */
function scaled(n: number, base: number, maxIndex: number): { text: string; index: number } {
  const abs = Math.abs(n);
  let index = 0;
  while (index < maxIndex && abs >= base ** (index + 1)) index++;
  let value = abs / base ** index;
  let text = value.toPrecision(3);
  // 3 significant digits cannot show 1000 or more: 999.7 M is 1.00 G, 1000 KiB is 0.977 MiB.
  if (Number(text) >= 1000 && index < maxIndex) {
    index++;
    value = abs / base ** index;
    text = value.toPrecision(3);
  }
  return { text: (n < 0 ? '-' : '') + text, index };
}

const SMALL_PREFIXES = ['m', 'µ', 'n', 'p'];

/**
 * A count with an SI prefix and 3 significant digits: 4089184256 -> '4.09 G'; below 1000 exact;
 * below 1, with a unit, milli to pico: formatSI(0.072, 'J') -> '72 mJ'.
 */
export function formatSI(n: number, unit = ''): string {
  if (!Number.isFinite(n)) return String(n);
  const suffix = unit ? ` ${unit}` : '';
  if (unit && n !== 0 && Math.abs(n) < 1) {
    let v = n;
    let i = -1;
    while (Math.abs(v) < 1 && i < SMALL_PREFIXES.length - 1) {
      v *= 1000;
      i++;
    }
    return `${Number(v.toPrecision(3))} ${SMALL_PREFIXES[i]}${unit}`;
  }
  if (Math.abs(n) < 1000) return `${Number.isInteger(n) ? String(n) : Number(n.toPrecision(3)).toString()}${suffix}`;
  const { text, index } = scaled(n, 1000, SI_PREFIXES.length - 1);
  return `${text} ${SI_PREFIXES[index]}${unit}`;
}

/** A byte size with an IEC binary prefix: 3211264 -> '3.06 MiB'; below 1 KiB in bytes ('512 B'). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return `${n} B`;
  if (Math.abs(n) < 1024) return `${formatCount(n)} B`;
  const { text, index } = scaled(n, 1024, IEC_PREFIXES.length - 1);
  return `${text} ${IEC_PREFIXES[index]}`;
}

/** An exact byte count and its IEC size: '3,211,264 B (3.06 MiB)'; small sizes just '512 B'. */
export function formatBytesExact(n: number): string {
  if (Math.abs(n) < 1024) return formatBytes(n);
  return `${formatCount(n)} B (${formatBytes(n)})`;
}

/** An exact count and its SI form: '4,089,184,256 (4.09 G)'; small counts just '512'. */
export function formatCountExact(n: number): string {
  if (Math.abs(n) < 1000) return formatCount(n);
  return `${formatCount(n)} (${formatSI(n)})`;
}

/** A count and its noun, plural unless one: '1 layer', '1,024 layers'. */
export function formatNoun(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** A tensor shape as written in model files: [1, 64, 56, 56]; '[?]' when unknown. */
export function formatShape(shape: readonly number[] | null | undefined): string {
  return shape ? `[${shape.join(', ')}]` : '[?]';
}

/** A duration with a fitting unit and 3 significant digits: 0.02006 -> '20.1 ms'. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return `${s} s`;
  const a = Math.abs(s);
  const [v, unit] = a >= 1 || a === 0 ? [s, 's'] : a >= 1e-3 ? [s * 1e3, 'ms'] : a >= 1e-6 ? [s * 1e6, 'µs'] : [s * 1e9, 'ns'];
  return `${Number(v.toPrecision(3))} ${unit}`;
}

/** Operations per second: 6.64e10 -> '66.4 GOP/s'. */
export function formatOpsPerSecond(n: number): string {
  return formatSI(n, 'OP/s');
}

/** A ratio such as a CTC (op/B) with 3 significant digits: 57.0833 -> '57.1'. */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000) return formatCount(Math.round(x));
  return String(Number(x.toPrecision(3)));
}

/** A fraction as a percentage with up to one decimal: 0.3125 -> '31.3%'. */
export function formatPercent(f: number): string {
  const p = f * 100;
  if (p >= 10 || p === 0) return `${p.toFixed(p >= 99.95 || Number.isInteger(p) ? 0 : 1)}%`;
  return `${p.toPrecision(2)}%`;
}

/** A bandwidth in bytes per second, SI-prefixed as datasheets write it: 4.5e9 -> '4.5 GB/s', 3.35e12 -> '3.35 TB/s'. */
export function formatBandwidth(n: number): string {
  // Datasheets drop trailing zeros ('4.5 GB/s', '2 TB/s'): so does this, unlike the 3-digit counts.
  return formatSI(n, 'B/s').replace(/^(-?\d+)\.(\d*?)0+ /, (_m, whole: string, frac: string) => (frac ? `${whole}.${frac} ` : `${whole} `));
}

/** A CTC (operations per byte) with its unit: 57.0833 -> '57.1 op/B'. */
export function formatOpsPerByte(x: number): string {
  return `${formatRatio(x)} op/B`;
}

/** Energy efficiency from operations and joules: (1.33e9 ops, 0.0072 J) -> '185 GOP/J'. */
export function formatOpsPerJoule(ops: number, joules: number): string {
  return joules > 0 ? formatSI(ops / joules, 'OP/J') : '—';
}

/** Energy in joules with an SI prefix: 0.00119 -> '1.19 mJ'. */
export function formatJoules(j: number): string {
  return formatSI(j, 'J');
}
