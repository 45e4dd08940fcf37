// Deep equality of plain data (numbers, strings, booleans, arrays and plain objects, as layers and
// cost inputs hold them): the same keys, and equal values under them; NaN equals itself. The memos
// that keep figures across analyses (cost/costMemo.ts, cost/fusion.ts's samePlanInput) compare
// their inputs with it. Pure.

export function sameData(a: unknown, b: unknown): boolean {
  if (a === b || (a !== a && b !== b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  for (const k in a) if (!(k in b) || !sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  for (const k in b) if (!(k in a)) return false;
  return true;
}
