// The one number formatter of the project: hovers, inlay hints, code lenses, rule messages, the
// command line, the panel and the report all print numbers through these functions. It imports
// nothing, so the analysis core, the language server, the CLI and the webview can all use it.
//
// Conventions (one each, everywhere): 3 significant digits, trailing zeros dropped ('2 MiB',
// '4.09 G'); counts and rates use SI decimal prefixes (k = 10^3, M, G, T, P, E; below 1 with a
// unit, m, µ, n, p); byte sizes use IEC binary prefixes (KiB = 1,024 B, MiB, GiB...), the units
// hardware buffers are written in, moving up a prefix from 1000 on (1,000 B is '0.977 KiB', never a
// four-digit '1000 B'); exact counts group their digits in threes ('4,089,184,256'); shares have one
// decimal, a trailing zero dropped ('31.3%', '50%'), none from 100% on ('881%'), and '<0.1%' below
// a thousandth; anything that is not a finite number prints as '—'.

const DASH = '—';

const PREFIXES: readonly [number, string][] = [
  [1e18, 'E'],
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
  [1e-12, 'p'],
];

const IEC_PREFIXES = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** `v` rounded to `digits` significant digits, without exponent or trailing zeros: 57.0833 -> '57.1'. */
export function significant(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return DASH;
  if (v === 0) return '0';
  const rounded = Number(v.toPrecision(digits));
  const abs = Math.abs(rounded);
  if (abs >= 1e-6 && abs < 1e21) {
    // toFixed avoids the exponent form that String() uses below 1e-6 and toPrecision above 1e3.
    const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
    return trimZeros(rounded.toFixed(Math.min(decimals, 20)));
  }
  return String(rounded);
}

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
  if (!Number.isFinite(n)) return DASH;
  if (Math.abs(n) >= 1e21) return formatSI(n);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const whole = Math.trunc(abs);
  const frac = Math.round((abs - whole) * 100);
  if (frac === 0 || frac === 100) return sign + groupDigits(String(frac === 100 ? whole + 1 : whole));
  const decimals = String(frac).padStart(2, '0').replace(/0$/, '');
  return `${sign}${groupDigits(String(whole))}.${decimals}`;
}

/**
 * `v` with an SI prefix and 3 significant digits: 4089184256 -> '4.09 G'; with a unit,
 * formatSI(0.072, 'J') -> '72 mJ'. `space` goes between the number and the prefixed unit.
 */
export function formatSI(v: number, unit = '', digits = 3, space = ' '): string {
  if (!Number.isFinite(v)) return DASH;
  if (v === 0) return `0${space}${unit}`.trimEnd();
  const abs = Math.abs(v);
  let i = PREFIXES.findIndex(([scale]) => abs >= scale);
  if (i < 0) i = PREFIXES.length - 1;
  let scaled = Number((v / PREFIXES[i][0]).toPrecision(digits));
  // 999.96 G rounds to 1000 G: move up one prefix.
  if (Math.abs(scaled) >= 1000 && i > 0) {
    i--;
    scaled = Number((v / PREFIXES[i][0]).toPrecision(digits));
  }
  return `${significant(scaled, digits)}${space}${PREFIXES[i][1]}${unit}`.trimEnd();
}

/** A byte size with an IEC binary prefix: 3211264 -> '3.06 MiB', 2097152 -> '2 MiB', 512 -> '512 B'. */
export function formatBytes(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  let x = Math.abs(v);
  let i = 0;
  // Up a prefix from 1000 on: 1023 B prints as '0.999 KiB', never as a four-digit '1020 B'.
  while (i < IEC_PREFIXES.length - 1 && Number(x.toPrecision(3)) >= 1000) {
    x /= 1024;
    i++;
  }
  return `${v < 0 ? '-' : ''}${significant(x)} ${IEC_PREFIXES[i]}`;
}

/** An exact byte count and its IEC size: '3,211,264 B (3.06 MiB)'; just '512 B' when they are the same. */
export function formatBytesExact(n: number): string {
  const exact = `${formatCount(n)} B`;
  const short = formatBytes(n);
  return short === exact ? exact : `${exact} (${short})`;
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

/** A duration with a fitting unit: '850 ns', '12.3 µs', '20.1 ms', '1.2 s'. */
export function formatSeconds(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  if (v === 0) return '0 s';
  const abs = Math.abs(v);
  if (abs >= 1) return `${significant(v)} s`;
  const units: [number, string][] = [
    [1e-3, 'ms'],
    [1e-6, 'µs'],
    [1e-9, 'ns'],
  ];
  for (const [scale, unit] of units) {
    if (abs >= scale) {
      const scaled = Number((v / scale).toPrecision(3));
      // 999.96 ms rounds to 1000 ms: move up one unit.
      if (Math.abs(scaled) >= 1000) return formatSeconds(Math.sign(v) * 1000 * scale);
      return `${significant(scaled)} ${unit}`;
    }
  }
  return `${significant(v / 1e-9)} ns`;
}

/** Operations per second: 6.64e10 -> '66.4 GOP/s'. */
export function formatOpsPerSecond(v: number): string {
  return formatSI(v, 'OP/s');
}

/** An operation count: '211 MOP', '3.9 GOP'. */
export function formatOps(v: number): string {
  return formatSI(v, 'OP');
}

/** A bandwidth in bytes per second, SI-prefixed as datasheets write it: '4.5 GB/s', '3.35 TB/s'. */
export function formatBandwidth(v: number): string {
  return formatSI(v, 'B/s');
}

/** A ratio such as a CTC (op/B): 57.0833 -> '57.1', 1234.5 -> '1230', 12345 -> '12.3k'. */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return DASH;
  return Math.abs(x) >= 1e4 ? formatSI(x, '', 3, '') : significant(x);
}

/** A CTC (operations per byte) with its unit: '57.1 op/B', '0.25 op/B', '12.3k op/B'. */
export function formatOpsPerByte(x: number): string {
  if (!Number.isFinite(x)) return DASH;
  return `${formatRatio(x)} op/B`;
}

/** A share 0..1 (or a change) as a percentage, at most 3 significant digits: '31.3%', '50%',
 *  '0.4%', '<0.1%', '0%', '100%', '881%', '-82%'. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return DASH;
  if (share === 0) return '0%';
  if (share < 0) return share > -0.001 ? '>-0.1%' : `-${formatPercent(-share)}`;
  if (share < 0.001) return '<0.1%';
  const p = share * 100;
  return `${p >= 99.95 ? String(Math.round(p)) : trimZeros(p.toFixed(1))}%`;
}

/** Energy efficiency from operations and joules: (1.33e9 ops, 0.0072 J) -> '185 GOP/J'. */
export function formatOpsPerJoule(ops: number, joules: number): string {
  return joules > 0 ? formatSI(ops / joules, 'OP/J') : DASH;
}

/** Energy in joules with an SI prefix: 0.00119 -> '1.19 mJ'. */
export function formatJoules(j: number): string {
  return formatSI(j, 'J');
}

/** A compact axis tick: '0.1', '10', '100G', '1T'. */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  return Math.abs(v) >= 1000 ? formatSI(v, '', 3, '') : significant(v);
}
