// Figures that overflow: the first number of a costed layer or of the totals that is not finite,
// and the totals scrubbed of such numbers.

/** The path of the first number of `x` (a plain object) that is not finite, e.g. 'energy' or 'roofs.0.time'. */
export function nonFinite(x: unknown, path = ''): string | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? undefined : path || 'value';
  if (x === null || typeof x !== 'object') return undefined;
  if (Array.isArray(x)) {
    // By index (for...in would make a string of every index: a critical path lists every layer).
    for (let i = 0; i < x.length; i++) {
      const v: unknown = x[i];
      if (typeof v === 'number' ? Number.isFinite(v) : v === null || typeof v !== 'object') continue;
      const found = nonFinite(v, path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return undefined;
  }
  // for...in, not Object.entries: this runs on every costed layer and must not allocate.
  const o = x as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'number' ? Number.isFinite(v) : v === null || typeof v !== 'object') continue;
    const found = nonFinite(v, path ? `${path}.${k}` : k);
    if (found) return found;
  }
  return undefined;
}

/** Removes every number of `x` that is not finite (a JSON writer would print it as null). */
export function scrubNonFinite(x: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(x)) {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      if (k === 'time' || k === 'throughput' || k === 'ops' || k === 'macs' || k === 'traffic') x[k] = 0;
      else delete x[k];
    } else if (v !== null && typeof v === 'object') scrubNonFinite(v as Record<string, unknown>);
  }
}
