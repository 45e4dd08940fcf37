// What "exact or flagged" means, checked on an analysis (by the reproducer tests and by the fuzz
// suite): no number anywhere in the models or their costs is NaN or infinite (a JSON writer would
// print it as null), and every count past 2^53 - 1 is flagged: a layer's, by an RL216 diagnostic
// and incomplete totals; a total's, by its exact digits (`exact`) or incomplete totals. Also: no
// diagnostic reports an internal error (a defect caught on its way out).
import type { RooflineAnalysis } from '../../server/src/core';

const SAFE = Number.MAX_SAFE_INTEGER;

/** True when some number of `x` is not finite (a fast walk: no paths, no allocation). */
function hasNonFinite(x: unknown): boolean {
  if (typeof x === 'number') return !Number.isFinite(x);
  if (x === null || typeof x !== 'object') return false;
  const o = x as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'number' ? !Number.isFinite(v) : v !== null && typeof v === 'object' && hasNonFinite(v)) return true;
  }
  return false;
}

/** Paths of the numbers of `x` that are not finite (the first `max`); walked only when there are some. */
function nonFinitePaths(x: unknown, path: string, out: string[], max: number): void {
  if (out.length >= max || !hasNonFinite(x)) return;
  if (typeof x === 'number') {
    out.push(path);
    return;
  }
  const o = x as Record<string, unknown>;
  for (const k in o) nonFinitePaths(o[k], Array.isArray(o) ? `${path}[${k}]` : `${path}.${k}`, out, max);
}

export interface NumberProblems {
  nonFinite: string[];
  unflaggedInexact: string[];
  internalErrors: string[];
}

export function numberProblems(a: RooflineAnalysis): NumberProblems {
  const nonFinite: string[] = [];
  nonFinitePaths(a.models, 'models', nonFinite, 5);
  nonFinitePaths(a.costs, 'costs', nonFinite, 5);
  const unflaggedInexact: string[] = [];
  const rl216 = a.diagnostics.some((d) => d.code === 'RL216');
  for (const m of a.models) {
    for (const l of m.layers) {
      if (!l.counted) continue;
      const b = l.bytes;
      const big = [l.macs, l.ops, l.params, b.input, b.weight, b.output, b.cache].some((v) => Math.abs(v) > SAFE);
      if (big && (!rl216 || m.totals.complete)) unflaggedInexact.push(`layer ${m.name}/${l.name}`);
    }
    for (const key of ['macs', 'ops', 'params'] as const) {
      if (Math.abs(m.totals[key]) > SAFE && m.totals.complete && m.totals.exact?.[key] === undefined) unflaggedInexact.push(`totals ${m.name}.${key}`);
    }
  }
  const internalErrors = a.diagnostics.filter((d) => /internal error/i.test(d.message)).map((d) => `${d.code}: ${d.message.slice(0, 200)}`);
  for (const c of a.costs) for (const l of c.layers) if (l.status === 'error') internalErrors.push(`cost of ${l.name}: ${l.message ?? ''}`.slice(0, 200));
  return { nonFinite, unflaggedInexact, internalErrors };
}
