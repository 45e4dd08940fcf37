// Logarithmic scales for the charts: a domain taken from the data and widened to whole decades
// (or powers of two), a mapping from values to pixels and back, and tick values at decades
// (operational intensity, performance) or at powers of two (bytes). Pure: no DOM.

export interface LogScale {
  (v: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  invert(px: number): number;
}

/** A log scale from `domain` (both > 0) onto `range` (pixels, either direction). Values at or
 *  below zero map to the start of the range, so a stray zero never produces NaN in the SVG. */
export function scaleLog(domain: readonly [number, number], range: readonly [number, number]): LogScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const l0 = Math.log10(d0);
  const span = Math.log10(d1) - l0 || 1;
  const map = (v: number): number => (v > 0 ? r0 + ((Math.log10(v) - l0) / span) * (r1 - r0) : r0);
  return Object.assign(map, {
    domain: [d0, d1] as const,
    range: [r0, r1] as const,
    invert: (px: number): number => 10 ** (l0 + ((px - r0) / (r1 - r0 || 1)) * span),
  });
}

/** 10^k exactly as the literal '1ek' reads (10 ** -1 and 1e-1 agree, but not for every k). */
export function decade(k: number): number {
  return Number(`1e${k}`);
}

/** The smallest whole-decade interval holding every positive finite value, at least
 *  `minDecades` wide (grown evenly around the data); [1, 10^minDecades] when there is none. */
export function niceLogDomain(values: readonly number[], minDecades = 1): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [1, decade(minDecades)];
  let k0 = Math.floor(Math.log10(lo) + 1e-9);
  let k1 = Math.ceil(Math.log10(hi) - 1e-9);
  if (k1 === k0) k1++;
  while (k1 - k0 < minDecades) {
    if ((k1 - k0) % 2 === 1) k1++;
    else k0--;
  }
  return [decade(k0), decade(k1)];
}

/** Tick values for a log domain: every decade inside it; every second, fifth... decade when there
 *  are more than `maxTicks`; with 1, 2 and 5 of each decade when the domain spans two decades or less. */
export function logTicks(domain: readonly [number, number], maxTicks = 10): number[] {
  const [d0, d1] = domain;
  if (!(d0 > 0) || !(d1 > d0)) return [];
  const k0 = Math.ceil(Math.log10(d0) - 1e-9);
  const k1 = Math.floor(Math.log10(d1) + 1e-9);
  const decades = k1 - k0 + 1;
  if (decades <= 3) {
    const ticks: number[] = [];
    for (let k = k0 - 1; k <= k1; k++) {
      for (const m of [1, 2, 5]) {
        const v = m * decade(k);
        if (v >= d0 * (1 - 1e-9) && v <= d1 * (1 + 1e-9)) ticks.push(Number(v.toPrecision(12)));
      }
    }
    return ticks;
  }
  const step = Math.max(1, Math.ceil(decades / maxTicks));
  const ticks: number[] = [];
  for (let k = k0; k <= k1; k += step) ticks.push(decade(k));
  return ticks;
}

/** The smallest interval of whole powers of two holding every positive finite value. */
export function niceBinaryDomain(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [1024, 1024 ** 2];
  const k0 = Math.floor(Math.log2(lo) + 1e-9);
  let k1 = Math.ceil(Math.log2(hi) - 1e-9);
  if (k1 <= k0) k1 = k0 + 1;
  return [2 ** k0, 2 ** k1];
}

/** Powers of two inside the domain, every `step`-th one (step 1, 2, 5, 10...) so that at most
 *  `maxTicks` remain; exponents are multiples of the step, so 1 KiB, 1 MiB, 1 GiB (2^10k) are ticks
 *  whenever the step divides 10. */
export function binaryTicks(domain: readonly [number, number], maxTicks = 8): number[] {
  const [d0, d1] = domain;
  if (!(d0 > 0) || !(d1 > d0)) return [];
  const k0 = Math.ceil(Math.log2(d0) - 1e-9);
  const k1 = Math.floor(Math.log2(d1) + 1e-9);
  const count = k1 - k0 + 1;
  const steps = [1, 2, 5, 10, 20, 30];
  const step = steps.find((s) => Math.ceil(count / s) <= maxTicks) ?? Math.ceil(count / maxTicks);
  const ticks: number[] = [];
  const first = Math.ceil(k0 / step) * step;
  for (let k = first; k <= k1; k += step) ticks.push(2 ** k);
  return ticks;
}
