// Cross-layer unroll search. Source: Zhang et al., FPGA 2015 (the multi-layer design): one engine
// serves every layer, so choose the single (Tm, Tn) with Tm x Tn <= the MAC lanes that minimises
// the summed cycles ceil(M/Tm) ceil(N/Tn) R C K K of all conv layers (compute.ts). Ties: fewer
// lanes, then larger Tm.
//
// Exact and fast: the total changes with Tm only where some layer's ceil(M/Tm) changes, so the only
// Tm worth trying are the smallest Tm for each quotient of each layer (the union of the layers'
// quotient candidates; any other Tm has a smaller one with the same cycles and fewer lanes), and the
// same for Tn. `bruteForceUnroll` tries every pair and must agree.
//
// Zhang et al. count AlexNet per GPU half: conv1 as two halves of 48 maps (M = 48), conv3 as two
// halves of 192 maps reading all 256 inputs. `splitOutputMaps` gives that view of a layer that the
// file writes whole (groups = 1); it changes the cycles for some unrolls (ceil(96/Tm) vs 2 ceil(48/Tm)).
import type { ConvDims } from '../ops/types';
import type { ModelResult } from '../semantics/model';
import { convNest, type Nest } from './nest';
import { LIMITS } from '../limits';
import { quotientCandidates } from './tileSearch';
import type { Unroll } from './compute';

export interface UnrollChoice {
  unroll: Unroll;
  cycles: number;
  lanes: number;
}

export interface UnrollSearchResult {
  best: UnrollChoice;
  /** (Tm, Tn) pairs whose total cycles were computed. */
  evaluations: number;
  /** False when the search stopped at LIMITS.unrollSearchSteps (pairs x conv layers): the best found. */
  exact: boolean;
}

/** The conv nests of a model's counted layers. */
export function convNestsOf(model: ModelResult): Nest[] {
  const nests: Nest[] = [];
  for (const l of model.layers) {
    if (!l.counted || l.dims?.kind !== 'conv') continue;
    const n = convNest(l.dims);
    if (n) nests.push(n);
  }
  return nests;
}

/** A conv layer split into `parts` independent halves (thirds...) of its output maps, each reading
 * all of its input maps (the two-GPU AlexNet's conv1 and conv3). M must divide by `parts`. */
export function splitOutputMaps(d: ConvDims, parts: number): ConvDims {
  if (!(Number.isInteger(parts) && parts >= 1) || d.m % parts !== 0) return d;
  return { ...d, m: d.m / parts, groups: d.groups * parts };
}

function better(a: UnrollChoice, b: UnrollChoice | undefined): boolean {
  if (!b) return true;
  if (a.cycles !== b.cycles) return a.cycles < b.cycles;
  if (a.lanes !== b.lanes) return a.lanes < b.lanes;
  return a.unroll.m > b.unroll.m;
}

function total(nests: Nest[], rest: number[], tm: number, tn: number): number {
  let cycles = 0;
  for (let i = 0; i < nests.length; i++) cycles += Math.ceil(nests[i].m / tm) * Math.ceil(nests[i].n / tn) * rest[i];
  return cycles;
}

function restOf(nests: Nest[]): number[] {
  return nests.map((n) => n.r * n.c * n.kh * n.kw * n.repeat);
}

/** Every (Tm, Tn) with Tm x Tn <= lanes. For tests. */
export function bruteForceUnroll(nests: Nest[], lanes: number): UnrollSearchResult | undefined {
  const budget = Math.floor(lanes);
  if (nests.length === 0 || !(budget >= 1)) return undefined;
  const rest = restOf(nests);
  let best: UnrollChoice | undefined;
  let evaluations = 0;
  for (let tm = 1; tm <= budget; tm++) {
    for (let tn = 1; tm * tn <= budget; tn++) {
      const c: UnrollChoice = { unroll: { m: tm, n: tn }, cycles: total(nests, rest, tm, tn), lanes: tm * tn };
      evaluations++;
      if (better(c, best)) best = c;
    }
  }
  return best ? { best, evaluations, exact: true } : undefined;
}

/** The candidates of every dimension up to `max` (larger ones cannot fit the lanes), sorted; `exact`
 *  false when a dimension's list was thinned (tileSearch.ts). */
function unionCandidates(dims: number[], max: number): { values: number[]; exact: boolean } {
  const set = new Set<number>();
  let exact = true;
  for (const d of new Set(dims)) {
    const q = quotientCandidates(d);
    if (!q.exact) exact = false;
    for (const t of q.values) if (t <= max) set.add(t);
  }
  return { values: [...set].sort((a, b) => a - b), exact };
}

/** The best single (Tm, Tn) for all the nests within `lanes` MAC lanes; undefined without conv layers. */
export function unrollSearch(nests: Nest[], lanes: number): UnrollSearchResult | undefined {
  const budget = Math.floor(lanes);
  if (nests.length === 0 || !(budget >= 1)) return undefined;
  const rest = restOf(nests);
  const ms = unionCandidates(nests.map((n) => n.m), budget);
  const ns = unionCandidates(nests.map((n) => n.n), budget);
  // The work is pairs x layers: bounded whatever the dimensions and the lanes (core/limits.ts).
  const maxPairs = Math.max(1, Math.floor(LIMITS.unrollSearchSteps / nests.length));
  let exact = ms.exact && ns.exact;
  let best: UnrollChoice | undefined;
  let evaluations = 0;
  search: for (const tm of ms.values) {
    for (const tn of ns.values) {
      if (tm * tn > budget) break;
      if (evaluations >= maxPairs) {
        exact = false;
        break search;
      }
      const c: UnrollChoice = { unroll: { m: tm, n: tn }, cycles: total(nests, rest, tm, tn), lanes: tm * tn };
      evaluations++;
      if (better(c, best)) best = c;
    }
  }
  return best ? { best, evaluations, exact } : undefined;
}

/** The best single (Tm, Tn) for a model's conv layers. */
export function unrollSearchModel(model: ModelResult, lanes: number): UnrollSearchResult | undefined {
  return unrollSearch(convNestsOf(model), lanes);
}
