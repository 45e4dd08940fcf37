// Design-space search for tile sizes. Source: Zhang et al., FPGA 2015 (design space exploration:
// for every layer, the tiling that maximises attainable performance within the on-chip buffer),
// with the traffic of traffic.ts and the buffer of buffer.ts.
//
// Objective, a total order: attainable performance (higher), then traffic (lower), then buffer
// (smaller), then the tile itself (lexicographically smaller Tm, Tn, Tr, Tc) so the answer is unique.
// attainable = min(compute roof, ops x bandwidth / traffic), where `bandwidth` is the narrowest level
// carrying the tile traffic (roofline.ts approximates every level as carrying the tile loads).
//
// `bruteForceTiles` evaluates every integer tile 1..dimension. `searchTiles` gives the same answer
// with far fewer evaluations, exactly, from three facts of the formulas:
//  1. Only ceil(D/T) matters to the trip counts, and for equal quotients the smallest T moves strictly
//     fewer words and needs a strictly smaller buffer: per dimension, at most 2 sqrt(D) candidates.
//  2. With a = ceil(M/Tm), Pm = a Tm, Pn = ceil(N/Tn) Tn, r = ceil(R/Tr), x = r Tr,
//     f = r (S Tr + Kh - S), and c, y, g alike for the columns, the words per repeat are
//        words = a Pn f g + Kh Kw Pm Pn r c + Pm x y,
//     a sum of products of non-negative per-dimension quantities, so a branch (some factors fixed)
//     is bounded below by taking each free quantity's minimum over the free dimension's candidates
//     that can still fit (the buffer grows with every factor): branch and bound, pruning a branch only
//     when its bound is strictly worse than the best tile in the total order.
//     The other loop orders (traffic.ts) are sums of products of the same quantities (and 2 b - 1,
//     which grows with b), so one bound function (`boundWords`) serves every order; each order is
//     searched on its own and the best kept, the order breaking a tie last (output, weight, input).
//  3. In the innermost dimension, a column tile c' < c with y' <= y and g' <= g moves strictly fewer
//     words while fitting (it was reached first, by decreasing Tc, among fitting tiles): skipped.
// `evaluations` counts full tile evaluations; `probes` counts the cheaper bound and buffer checks.
import { LIMITS } from '../limits';
import { nestBufferWords } from './buffer';
import { type Nest, type Tile, TILE_DIMS } from './nest';
import { LOOP_ORDERS, type LoopOrder } from './nest';
import { tileWords } from './traffic';

export interface SearchSpec {
  nest: Nest;
  /** Bytes per word. */
  bytes: number;
  /** Operations of the whole layer. */
  ops: number;
  /** Peak x utilisation (ops/s). */
  computeRoof: number;
  /** Bytes/s of the narrowest level carrying the tile traffic (Infinity: no memory roof). */
  bandwidth: number;
  /** On-chip buffer in bytes (Infinity: unbounded). */
  capacity: number;
  /** Factors that are not searched: the target's unroll (Tm, Tn), factors written in the file. */
  pins?: Partial<Tile>;
  /** The input comes from on chip (@fuse): input tiles move no off-chip words. */
  fused?: boolean;
  /** Stop the fast search after this many evaluations + probes (the answer is then marked inexact). */
  budget?: number;
  /** Loop orders searched (traffic.ts), in this order for ties; default ['output'] (Zhang et al.'s). */
  orders?: readonly LoopOrder[];
}

export interface TileEval {
  tile: Tile;
  /** The loop order the words are for. */
  order: LoopOrder;
  /** Words moved per repeat (one group of one image). */
  words: number;
  /** Bytes moved, all repeats. */
  traffic: number;
  /** Words of one copy of the three tiles. */
  bufferWords: number;
  /** Bytes of buffer needed, double-buffered. */
  buffer: number;
  attainable: number;
  fits: boolean;
}

export interface TileSearchResult {
  best: TileEval;
  /** False when no tile fits the buffer: `best` is then the smallest tile. */
  fits: boolean;
  evaluations: number;
  probes: number;
  /** False when the fast search hit its budget (the answer is the best found). */
  exact: boolean;
  /** Tiles an exhaustive enumeration evaluates (product of the searched dimensions). */
  space: number;
}

const DEFAULT_SEARCH_BUDGET = LIMITS.tileSearchSteps;

/** Evaluates one tile (already within the nest's dimensions) under a loop order (default: the spec's first). */
export function evaluateTile(spec: SearchSpec, tm: number, tn: number, tr: number, tc: number, order: LoopOrder = spec.orders?.[0] ?? 'output'): TileEval {
  const n = spec.nest;
  const words = tileWords(n, tm, tn, tr, tc, spec.fused, undefined, order);
  const traffic = words * n.repeat * spec.bytes;
  const bufferWords = nestBufferWords(n, tm, tn, tr, tc);
  const buffer = 2 * bufferWords * spec.bytes;
  return { tile: { m: tm, n: tn, r: tr, c: tc }, order, words, traffic, bufferWords, buffer, attainable: attainableOf(spec, traffic), fits: buffer <= spec.capacity };
}

/**
 * A lower bound of the words of every tile whose per-dimension quantities are at least these
 * (q = ceil(D/T), p = q T, f = q (S T + K - S)): each order's words are sums of products of them
 * with non-negative coefficients (traffic.ts), so they grow with every quantity.
 */
function boundWords(order: LoopOrder, inW: number, kk: number, qm: number, pm: number, qn: number, pn: number, qr: number, pr: number, fr: number, qc: number, pc: number, fc: number): number {
  if (order === 'output') return inW * qm * pn * fr * fc + kk * pm * pn * qr * qc + pm * pr * pc;
  const out = pm * pr * pc * (2 * qn - 1);
  if (order === 'weight') return kk * pm * pn + inW * qm * pn * fr * fc + out;
  return inW * pn * fr * fc + kk * pm * pn * qr * qc + out;
}

const ORDER_RANK: Record<LoopOrder, number> = { output: 0, weight: 1, input: 2 };

function searchedOrders(spec: SearchSpec): readonly LoopOrder[] {
  const o = spec.orders?.filter((x) => (LOOP_ORDERS as readonly string[]).includes(x));
  return o && o.length > 0 ? o : ['output'];
}

/** Runs a one-order search for every searched order and keeps the best (ties: the order listed first). */
function overOrders(spec: SearchSpec, one: (spec: SearchSpec, order: LoopOrder) => TileSearchResult): TileSearchResult {
  let out: TileSearchResult | undefined;
  for (const order of searchedOrders(spec)) {
    const r = one(spec, order);
    if (!out) {
      out = { ...r };
      continue;
    }
    out.evaluations += r.evaluations;
    out.probes += r.probes;
    out.exact = out.exact && r.exact;
    out.space += r.space;
    if ((r.fits && !out.fits) || (r.fits === out.fits && betterTile(r.best, out.best))) {
      out.best = r.best;
      out.fits = r.fits;
    }
  }
  return out!;
}

function attainableOf(spec: SearchSpec, traffic: number): number {
  if (!(traffic > 0) || !Number.isFinite(spec.bandwidth)) return spec.computeRoof;
  return Math.min(spec.computeRoof, (spec.ops * spec.bandwidth) / traffic);
}

/** True when `a` is strictly better than `b` in the search's total order. */
export function betterTile(a: TileEval, b: TileEval): boolean {
  if (a.attainable !== b.attainable) return a.attainable > b.attainable;
  if (a.words !== b.words) return a.words < b.words;
  if (a.bufferWords !== b.bufferWords) return a.bufferWords < b.bufferWords;
  for (const d of TILE_DIMS) if (a.tile[d] !== b.tile[d]) return a.tile[d] < b.tile[d];
  return ORDER_RANK[a.order] < ORDER_RANK[b.order];
}

function dimSize(nest: Nest, d: (typeof TILE_DIMS)[number]): number {
  return nest[d];
}

function pinned(nest: Nest, spec: SearchSpec, d: (typeof TILE_DIMS)[number]): number | undefined {
  const p = spec.pins?.[d];
  if (p === undefined || !Number.isFinite(p)) return undefined;
  return Math.min(dimSize(nest, d), Math.max(1, Math.floor(p)));
}

function smallestTile(spec: SearchSpec): [number, number, number, number] {
  const n = spec.nest;
  return [pinned(n, spec, 'm') ?? 1, pinned(n, spec, 'n') ?? 1, pinned(n, spec, 'r') ?? 1, pinned(n, spec, 'c') ?? 1];
}

function spaceOf(spec: SearchSpec): number {
  let space = 1;
  for (const d of TILE_DIMS) space *= pinned(spec.nest, spec, d) === undefined ? dimSize(spec.nest, d) : 1;
  return space;
}

/** Exhaustive enumeration of every integer tile 1..dimension (pinned factors fixed) and every searched order. */
export function bruteForceTiles(spec: SearchSpec): TileSearchResult {
  return overOrders(spec, bruteForceOneOrder);
}

function bruteForceOneOrder(spec: SearchSpec, order: LoopOrder): TileSearchResult {
  const n = spec.nest;
  const range = (d: (typeof TILE_DIMS)[number]): number[] => {
    const p = pinned(n, spec, d);
    if (p !== undefined) return [p];
    return Array.from({ length: dimSize(n, d) }, (_, i) => i + 1);
  };
  const [ms, ns, rs, cs] = [range('m'), range('n'), range('r'), range('c')];
  let best: TileEval | undefined;
  let evaluations = 0;
  for (const tm of ms) for (const tn of ns) for (const tr of rs) for (const tc of cs) {
    const e = evaluateTile(spec, tm, tn, tr, tc, order);
    evaluations++;
    if (e.fits && (best === undefined || betterTile(e, best))) best = e;
  }
  if (best) return { best, fits: true, evaluations, probes: 0, exact: true, space: spaceOf(spec) };
  const [tm, tn, tr, tc] = smallestTile(spec);
  return { best: evaluateTile(spec, tm, tn, tr, tc, order), fits: false, evaluations, probes: 0, exact: true, space: spaceOf(spec) };
}

/** A tile size with the quantities the bound uses. */
interface Cand {
  t: number;
  /** ceil(D/T). */
  q: number;
  /** q x T (the padded extent). */
  p: number;
  /** q x (S T + K - S) (input rows or columns loaded over all tiles); 0 for m and n. */
  f: number;
}

/** Per dimension: candidates by decreasing T and suffix minima of q, p, f. */
interface DimCands {
  c: Cand[];
  // Typed arrays: the bounds read them on every branch.
  minQ: Float64Array;
  minP: Float64Array;
  minF: Float64Array;
}

/**
 * The smallest T for every distinct value of ceil(D/T), by decreasing T (increasing quotient):
 * at most 2 sqrt(D) of them. When there are more than LIMITS.tileCandidates, `exact` is false and
 * the list is thinned as it is made, so its size (and the time to make it) never grows with D:
 * every T up to a quarter of the limit, every smallest T of the quotients up to a quarter of it,
 * and the rest spread geometrically in between (each moved to the smallest T of its quotient).
 */
export function quotientCandidates(d: number): { values: number[]; exact: boolean } {
  const max = LIMITS.tileCandidates;
  if (!(d >= 1) || !Number.isFinite(d)) return { values: [1], exact: true };
  // Every T with T (T + 1) <= D has a quotient of its own; past those, at most one T per quotient.
  if (2 * Math.sqrt(d) + 1 <= max) {
    const values: number[] = [];
    let t = 1;
    while (t <= d) {
      const q = Math.ceil(d / t);
      values.push(t);
      if (q <= 1) break;
      t = Math.ceil(d / (q - 1));
    }
    values.reverse();
    return { values, exact: true };
  }
  const smallest = (t: number) => Math.ceil(d / Math.ceil(d / t));
  const set = new Set<number>();
  const ends = Math.floor(max / 4);
  for (let t = 1; t <= ends; t++) set.add(t);
  for (let q = 1; q <= ends; q++) set.add(smallest(Math.ceil(d / q)));
  const lo = Math.log(ends);
  const hi = Math.log(Math.ceil(d / ends));
  const middle = max - 2 * ends;
  for (let i = 1; i < middle; i++) set.add(smallest(Math.round(Math.exp(lo + ((hi - lo) * i) / middle))));
  return { values: [...set].sort((a, b) => b - a), exact: false };
}

function dimCands(values: number[], d: number, s: number, k: number, withF: boolean): DimCands {
  const c = values.map((t) => {
    const q = Math.ceil(d / t);
    return { t, q, p: q * t, f: withF ? q * (s * t + k - s) : 0 };
  });
  const len = c.length;
  const minQ = new Float64Array(len);
  const minP = new Float64Array(len);
  const minF = new Float64Array(len);
  for (let i = len - 1; i >= 0; i--) {
    minQ[i] = i === len - 1 ? c[i].q : Math.min(c[i].q, minQ[i + 1]);
    minP[i] = i === len - 1 ? c[i].p : Math.min(c[i].p, minP[i + 1]);
    minF[i] = i === len - 1 ? c[i].f : Math.min(c[i].f, minF[i + 1]);
  }
  return { c, minQ, minP, minF };
}

/** Branch and bound over the quotient candidates, for every searched order; equal to `bruteForceTiles` (see the header). */
export function searchTiles(spec: SearchSpec): TileSearchResult {
  // The candidates do not depend on the loop order: made once for all the orders searched.
  const cands = candidatesOf(spec);
  return overOrders(spec, (s, order) => new OrderSearch(s, order, cands).run());
}

/** Each dimension's candidate factors (m, n, r, c), and whether they are all of them. */
interface Candidates {
  dims: DimCands[];
  /** False when a dimension's candidates were thinned (quotientCandidates). */
  exact: boolean;
}

function candidatesOf(spec: SearchSpec): Candidates {
  const n = spec.nest;
  let exact = true;
  const cand = (d: (typeof TILE_DIMS)[number], k: number, withF: boolean): DimCands => {
    const p = pinned(n, spec, d);
    if (p !== undefined) return dimCands([p], n[d], n.s, k, withF);
    const qc = quotientCandidates(n[d]);
    if (!qc.exact) exact = false;
    return dimCands(qc.values, n[d], n.s, k, withF);
  };
  const dims = [cand('m', 0, false), cand('n', 0, false), cand('r', n.kh, true), cand('c', n.kw, true)];
  return { dims, exact };
}

/**
 * The branch and bound of one loop order. Its state is fields, and its steps methods, rather than
 * closures over locals: on a large GEMM (a 70B language model's projections) the inner loop runs
 * hundreds of thousands of times, and the compiler inlines a class's methods where it would call
 * closures made anew for every search.
 */
class OrderSearch {
  private readonly n: Nest;
  private readonly kk: number;
  private readonly inW: number;
  private readonly budget: number;
  private readonly bytes: number;
  private readonly capacity: number;
  /** Candidates of m, n, r and c. */
  private readonly dims: DimCands[];
  private readonly mins: number[];
  /** The factors of the branch being explored; the factors below it are at their smallest. */
  private readonly cur: number[];
  private exact: boolean;
  private evaluations = 0;
  private probes = 0;
  private best: TileEval | undefined;
  /** Where N, R and C start with every other factor at its smallest (rootStarts). */
  private root: [number, number, number] | undefined;

  constructor(
    private readonly spec: SearchSpec,
    private readonly order: LoopOrder,
    cands: Candidates,
  ) {
    const n = spec.nest;
    this.n = n;
    this.kk = n.kh * n.kw;
    this.inW = spec.fused ? 0 : 1;
    this.budget = spec.budget ?? DEFAULT_SEARCH_BUDGET;
    this.bytes = spec.bytes;
    this.capacity = spec.capacity;
    this.dims = cands.dims;
    this.exact = cands.exact;
    this.mins = this.dims.map((dc) => dc.c[dc.c.length - 1].t);
    this.cur = [...this.mins];
  }

  /** Buffer words with `cur`'s factors but dimension `dim`'s at t. */
  private bufWith(dim: number, t: number): number {
    const cur = this.cur;
    const saved = cur[dim];
    cur[dim] = t;
    const w = nestBufferWords(this.n, cur[0], cur[1], cur[2], cur[3]);
    cur[dim] = saved;
    return w;
  }

  private fits(w: number): boolean {
    return 2 * w * this.bytes <= this.capacity;
  }

  /**
   * The first index of dimension `dim`'s candidates that fits with `cur` (its last one always does:
   * the branch fits with every free factor at its smallest). `hint`, when >= 0, is an index known to
   * fit (a previous answer, before the branch's factors shrank): the answer is found by stepping down
   * from it. Otherwise index 0 is tried first, then a binary search.
   */
  private firstFit(dim: number, hint: number): number {
    const dc = this.dims[dim].c;
    if (dc.length === 1) return 0;
    if (hint < 0) return this.firstFitAnew(dim, dc);
    let i = hint;
    while (i > 0) {
      this.probes++;
      if (!this.fits(this.bufWith(dim, dc[i - 1].t))) break;
      i--;
    }
    return i;
  }

  /** firstFit without a hint (kept apart: the stepping down above is what the loops call most). */
  private firstFitAnew(dim: number, dc: Cand[]): number {
    this.probes++;
    if (this.fits(this.bufWith(dim, dc[0].t))) return 0;
    let lo = 1;
    let hi = dc.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      this.probes++;
      if (this.fits(this.bufWith(dim, dc[mid].t))) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** True when a branch whose tiles all move >= lbWords, with its first `fixed` factors fixed at
   * tm, tn, tr (the others at their smallest, the branch's smallest buffer), cannot hold a tile
   * better than the best (the best exists). The buffer is worked out only on a tie of words. */
  private loses(lbWords: number, fixed: 1 | 2 | 3, tm: number, tn: number, tr: number): boolean {
    const b = this.best!;
    if (lbWords !== b.words) return lbWords > b.words;
    const mins = this.mins;
    const lbBuf = nestBufferWords(this.n, tm, fixed >= 2 ? tn : mins[1], fixed === 3 ? tr : mins[2], mins[3]);
    if (lbBuf !== b.bufferWords) return lbBuf > b.bufferWords;
    const bt = b.tile;
    if (tm !== bt.m) return tm > bt.m;
    if (fixed === 1) return false;
    if (tn !== bt.n) return tn > bt.n;
    if (fixed === 2) return false;
    return tr > bt.r;
  }

  /** True (the answer then inexact) once the search has spent its budget. */
  private spent(): boolean {
    if (this.evaluations + this.probes <= this.budget) return false;
    this.exact = false;
    return true;
  }

  /** Where N, R and C start with every other factor at its smallest: the widest room of any branch,
   * so the minima from there bound whole loops. Computed once, when a best tile first exists. */
  private rootStarts(): [number, number, number] {
    if (!this.root) {
      const cur = this.cur;
      const saved = [...cur];
      cur.splice(0, 4, ...this.mins);
      this.root = [this.firstFit(1, -1), this.firstFit(2, -1), this.firstFit(3, -1)];
      cur.splice(0, 4, ...saved);
    }
    return this.root;
  }

  private result(fits: boolean): TileSearchResult {
    return { best: this.best!, fits, evaluations: this.evaluations, probes: this.probes, exact: this.exact, space: spaceOf(this.spec) };
  }

  run(): TileSearchResult {
    const { spec, order, n, kk, inW, mins, cur } = this;
    const [M, N, R, C] = this.dims;
    // The suffix minima the innermost bounds read, in locals (the calls between do not change them).
    const { minQ: rQ, minP: rP, minF: rF } = R;
    const { minQ: cQ, minP: cP, minF: cF } = C;
    this.probes++;
    if (!this.fits(nestBufferWords(n, mins[0], mins[1], mins[2], mins[3]))) {
      this.evaluations++;
      this.best = evaluateTile(spec, mins[0], mins[1], mins[2], mins[3], order);
      this.exact = true;
      return this.result(false);
    }

    let hintN = -1;
    let hintR0 = -1;
    let hintC0 = -1;
    search: for (let im = this.firstFit(0, -1); im < M.c.length; im++) {
      if (this.spent()) break;
      const cm = M.c[im];
      cur[0] = cm.t;
      if (this.best) {
        // Every later Tm (larger ceil(M/Tm)) is bounded by M's suffix minima: stop when that loses.
        const [rn, rr, rc] = this.rootStarts();
        this.probes++;
        if (boundWords(order, inW, kk, cm.q, M.minP[im], N.minQ[rn], N.minP[rn], R.minQ[rr], R.minP[rr], R.minF[rr], C.minQ[rc], C.minP[rc], C.minF[rc]) > this.best.words) break;
      }
      const iStartN = (hintN = this.firstFit(1, hintN));
      if (this.best) {
        const iR = (hintR0 = this.firstFit(2, hintR0));
        const iC = (hintC0 = this.firstFit(3, hintC0));
        this.probes++;
        const lb = boundWords(order, inW, kk, cm.q, cm.p, N.minQ[iStartN], N.minP[iStartN], R.minQ[iR], R.minP[iR], R.minF[iR], C.minQ[iC], C.minP[iC], C.minF[iC]);
        if (this.loses(lb, 1, cm.t, 0, 0)) continue;
      }
      let hintR = -1;
      let hintC1 = -1;
      for (let iN = iStartN; iN < N.c.length; iN++) {
        if (this.spent()) break search;
        const cn = N.c[iN];
        cur[1] = cn.t;
        const iStartR = (hintR = this.firstFit(2, hintR));
        if (this.best) {
          const iC = (hintC1 = this.firstFit(3, hintC1));
          this.probes++;
          const lb = boundWords(order, inW, kk, cm.q, cm.p, cn.q, cn.p, rQ[iStartR], rP[iStartR], rF[iStartR], cQ[iC], cP[iC], cF[iC]);
          if (this.loses(lb, 2, cm.t, cn.t, 0)) continue;
        }
        let hintC = -1;
        for (let ir = iStartR; ir < R.c.length; ir++) {
          if (this.spent()) break search;
          const cr = R.c[ir];
          if (this.best) {
            // Every later Tr (larger ceil(R/Tr)) is bounded by R's suffix minima: stop when that loses.
            const iC = (hintC1 = this.firstFit(3, hintC1));
            this.probes++;
            if (boundWords(order, inW, kk, cm.q, cm.p, cn.q, cn.p, cr.q, R.minP[ir], R.minF[ir], C.minQ[iC], C.minP[iC], C.minF[iC]) > this.best.words) break;
          }
          cur[2] = cr.t;
          const iStartC = (hintC = this.firstFit(3, hintC));
          cur[2] = mins[2];
          if (this.best) {
            this.probes++;
            const lb = boundWords(order, inW, kk, cm.q, cm.p, cn.q, cn.p, cr.q, cr.p, cr.f, C.minQ[iStartC], C.minP[iStartC], C.minF[iStartC]);
            if (this.loses(lb, 3, cm.t, cn.t, cr.t)) continue;
          }
          this.columns(cm, cn, cr, iStartC);
        }
      }
      cur[1] = mins[1];
    }
    if (!this.best) {
      this.evaluations++;
      this.best = evaluateTile(spec, mins[0], mins[1], mins[2], mins[3], order);
      return this.result(false);
    }
    return this.result(true);
  }

  /** Innermost: decreasing Tc among the fitting ones; skip a tile dominated by one evaluated here. */
  private columns(cm: Cand, cn: Cand, cr: Cand, iStartC: number): void {
    const { spec, order, inW, kk } = this;
    const C = this.dims[3];
    const seenP: number[] = [];
    const seenF: number[] = [];
    for (let ic = iStartC; ic < C.c.length; ic++) {
      const cc = C.c[ic];
      let dominated = false;
      for (let j = 0; j < seenP.length; j++) {
        // Weight order has no ceil(C/Tc) term: an equal p could tie on words, so only a smaller p dominates.
        if ((order === 'weight' ? seenP[j] < cc.p : seenP[j] <= cc.p) && seenF[j] <= cc.f) {
          dominated = true;
          break;
        }
      }
      if (dominated) continue;
      if (this.best) {
        // The words grow with c through the Kh Kw Pm Pn r c term: once even this column count's
        // bound loses, every later (larger c) one does too.
        this.probes++;
        if (boundWords(order, inW, kk, cm.q, cm.p, cn.q, cn.p, cr.q, cr.p, cr.f, cc.q, C.minP[ic], C.minF[ic]) > this.best.words) break;
      }
      const e = evaluateTile(spec, cm.t, cn.t, cr.t, cc.t, order);
      this.evaluations++;
      seenP.push(cc.p);
      seenF.push(cc.f);
      if (this.best === undefined || betterTile(e, this.best)) this.best = e;
    }
  }
}
