// A model's totals from its layers: MACs, ops and params of the counted layers, and how many were
// not counted (the totals are then incomplete). Shared by the evaluator and the importers.
import type { Layer, Totals } from './model';

export function totalsOf(layers: Layer[]): Totals {
  let macs = 0;
  let ops = 0;
  let params = 0;
  let activeParams = 0;
  let uncounted = 0;
  for (const l of layers) {
    if (!l.counted) {
      uncounted++;
      continue;
    }
    macs += l.macs;
    ops += l.ops;
    params += l.params;
    activeParams += l.activeParams ?? l.params;
  }
  return { macs, ops, params, activeParams, complete: uncounted === 0, layers: layers.length, uncounted };
}
