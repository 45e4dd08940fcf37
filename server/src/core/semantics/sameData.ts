// Deep equality of plain data (numbers, strings, booleans, arrays and plain objects, as layers and
// cost inputs hold them): the same keys, and equal values under them, by Object.is (NaN equals itself, 0 is not -0). A field
// named in `byIdentity` is equal only when it holds the very same object (a value's block
// declaration, a syntax node); a top-level field named in `skip` is not compared (a layer's places
// in the text). The memos that keep work across analyses compare their inputs with
// it (cost/costMemo.ts, cost/fusion.ts's samePlanInput, incremental/statementMemo.ts). Pure.

export function sameData(a: unknown, b: unknown, byIdentity?: ReadonlySet<string>, skip?: ReadonlySet<string>): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) {
    if (skip?.has(k)) continue;
    if (!(k in y)) return false;
    if (byIdentity?.has(k) ? x[k] !== y[k] : !sameData(x[k], y[k], byIdentity)) return false;
  }
  for (const k in y) if (!skip?.has(k) && !(k in x)) return false;
  return true;
}
