// Number formatting for the Roofline panel: SI prefixes for operations and rates (GOP/s, TOP/s),
// binary prefixes for bytes (KiB, MiB), ns/µs/ms/s for times, op/B for intensities. Pure; three
// significant digits, trailing zeros dropped; anything that is not a finite number prints as '—'.

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

/** `v` rounded to `digits` significant digits, printed without exponent or trailing zeros. */
export function sig(v: number, digits = 3): string {
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

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** `v` with an SI prefix: 89.6e9 -> '89.6 G' + unit; below 1: m, µ, n, p. */
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
  return `${sig(scaled, digits)}${space}${PREFIXES[i][1]}${unit}`.trimEnd();
}

/** Operations per second: '89.6 GOP/s', '989 TOP/s'. */
export function formatOpsPerSecond(v: number): string {
  return formatSI(v, 'OP/s');
}

/** An operation count: '211 MOP', '3.9 GOP'. */
export function formatOps(v: number): string {
  return formatSI(v, 'OP');
}

/** A plain count with an SI prefix: '105 M'. */
export function formatCount(v: number): string {
  return formatSI(v, '');
}

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes with binary prefixes: '512 B', '1.5 KiB', '2 MiB'. */
export function formatBytes(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  let x = Math.abs(v);
  let i = 0;
  // Up a prefix from 1000 on: 1023 B prints as '0.999 KiB', never as a four-digit '1020 B'.
  while (i < BINARY.length - 1 && Number(x.toPrecision(3)) >= 1000) {
    x /= 1024;
    i++;
  }
  return `${v < 0 ? '-' : ''}${sig(x)} ${BINARY[i]}`;
}

/** Bandwidth, decimal as datasheets print it: '4.5 GB/s', '3.35 TB/s'. */
export function formatBandwidth(v: number): string {
  return formatSI(v, 'B/s');
}

/** Seconds: '850 ns', '12.3 µs', '4.56 ms', '1.2 s'. */
export function formatSeconds(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  if (v === 0) return '0 s';
  const abs = Math.abs(v);
  if (abs >= 1) return `${sig(v)} s`;
  const units: [number, string][] = [
    [1e-3, 'ms'],
    [1e-6, 'µs'],
    [1e-9, 'ns'],
  ];
  for (const [scale, unit] of units) {
    if (abs >= scale) {
      const scaled = Number((v / scale).toPrecision(3));
      if (Math.abs(scaled) >= 1000) return formatSeconds(Math.sign(v) * 1000 * scale);
      return `${sig(scaled)} ${unit}`;
    }
  }
  return `${sig(v / 1e-9)} ns`;
}

/** Operational intensity: '19.9 op/B', '0.25 op/B', '12.3k op/B'. */
export function formatCtc(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  return Math.abs(v) >= 1e4 ? `${formatSI(v, '', 3, '')} op/B` : `${sig(v)} op/B`;
}

/** A share 0..1 as a percentage: '12.3%', '<0.1%', '0%'. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return DASH;
  if (share === 0) return '0%';
  if (share > 0 && share < 0.001) return '<0.1%';
  return `${(share * 100).toFixed(1)}%`;
}

/** An integer with thousands separators: 10,000. */
export function formatInteger(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  return Math.round(v).toLocaleString('en-US');
}

/** A compact axis tick: '0.1', '10', '100G', '1T'. */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  return Math.abs(v) >= 1000 ? formatSI(v, '', 3, '') : sig(v);
}
