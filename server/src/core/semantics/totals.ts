// A model's totals from its layers: MACs, ops and params of the counted layers, and how many were
// not counted (the totals are then incomplete). Shared by the evaluator and the importers.
// Exact or flagged: a sum that passes 2^53 - 1 (where doubles round) is summed again in BigInt and
// its exact digits kept (`exact`) when every layer's count is exact; a layer whose own count
// passed 2^53 - 1 was rounded when counted, so the totals are then marked incomplete, with a note.
import { countsExact } from './countLayer';
import type { Layer, Totals } from './model';

type Summed = 'macs' | 'ops' | 'params';

export function totalsOf(layers: Layer[]): Totals {
  let macs = 0;
  let ops = 0;
  let params = 0;
  let uncounted = 0;
  let inexact = 0;
  for (const l of layers) {
    if (!l.counted) {
      uncounted++;
      continue;
    }
    if (!countsExact(l)) inexact++;
    macs += l.macs;
    ops += l.ops;
    params += l.params;
  }
  const totals: Totals = { macs, ops, params, complete: uncounted === 0 && inexact === 0, layers: layers.length, uncounted };
  if (inexact > 0) {
    totals.inexact = inexact;
    totals.notes = [`${inexact.toLocaleString('en-US')} layer${inexact === 1 ? '' : 's'} counted past 2^53 - 1: those counts and the totals are rounded.`];
    return totals;
  }
  const sums: Record<Summed, number> = { macs, ops, params };
  for (const key of ['macs', 'ops', 'params'] as const) {
    if (sums[key] <= Number.MAX_SAFE_INTEGER) continue;
    let exact = 0n;
    let whole = true;
    for (const l of layers) {
      if (!l.counted) continue;
      if (Number.isInteger(l[key])) exact += BigInt(l[key]);
      else whole = false;
    }
    if (whole) (totals.exact ??= {})[key] = exact.toString();
    else {
      totals.complete = false;
      (totals.notes ??= []).push(`The ${key} total passed 2^53 - 1 and is rounded.`);
    }
  }
  return totals;
}
