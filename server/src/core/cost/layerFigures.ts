// What the execution totals read of each costed layer (analyzeCost.ts): whether it has figures,
// whether it is fused into another, its time, operations, MACs, traffic, energy (in all and by
// level), cycles and bound; and what the last costing wrote on it (share, slack, critical). Kept in
// arrays by layer index, so that the totals are sums over arrays, and the next costing of a model
// that differs in a few layers (an editor's edit; cost/costMemo.ts nearModel) reads only the layer
// objects that changed and writes only the figures that changed. A costed layer's other figures
// never change once it is made (memoised figures are shared). Pure.
import type { CostedLayer } from './types';

export class LayerFigures {
  readonly ok: Uint8Array;
  readonly fused: Uint8Array;
  readonly time: Float64Array;
  readonly ops: Float64Array;
  readonly macs: Float64Array;
  readonly traffic: Float64Array;
  readonly energy: Float64Array;
  readonly cycles: Float64Array;
  readonly hasCycles: Uint8Array;
  readonly byLevel: (Readonly<Record<string, number>> | undefined)[];
  readonly bound: (string | undefined)[];
  /** What was last written on each layer. */
  readonly share: Float64Array;
  readonly slack: Float64Array;
  readonly critical: Uint8Array;

  constructor(
    readonly n: number,
    from?: LayerFigures,
  ) {
    const f64 = (a: Float64Array | undefined) => (a ? a.slice() : new Float64Array(n));
    const u8 = (a: Uint8Array | undefined) => (a ? a.slice() : new Uint8Array(n));
    this.ok = u8(from?.ok);
    this.fused = u8(from?.fused);
    this.time = f64(from?.time);
    this.ops = f64(from?.ops);
    this.macs = f64(from?.macs);
    this.traffic = f64(from?.traffic);
    this.energy = f64(from?.energy);
    this.cycles = f64(from?.cycles);
    this.hasCycles = u8(from?.hasCycles);
    this.byLevel = from ? from.byLevel.slice() : new Array<Readonly<Record<string, number>> | undefined>(n).fill(undefined);
    this.bound = from ? from.bound.slice() : new Array<string | undefined>(n).fill(undefined);
    this.share = f64(from?.share);
    this.slack = f64(from?.slack);
    this.critical = u8(from?.critical);
  }

  /** Reads layer `i`'s figures from its costed layer. */
  read(i: number, c: CostedLayer): void {
    const ok = c.status === 'ok';
    this.ok[i] = ok ? 1 : 0;
    this.fused[i] = c.fusedInto !== undefined ? 1 : 0;
    this.time[i] = ok ? (c.time ?? 0) : 0;
    this.ops[i] = c.ops ?? 0;
    this.macs[i] = c.macs ?? 0;
    this.traffic[i] = c.traffic?.used ?? 0;
    this.energy[i] = c.energy ?? 0;
    this.hasCycles[i] = c.cycles !== undefined ? 1 : 0;
    this.cycles[i] = c.cycles ?? 0;
    this.byLevel[i] = c.energyByLevel;
    this.bound[i] = c.bound;
    this.share[i] = c.share ?? NaN;
    this.slack[i] = c.slack ?? NaN;
    this.critical[i] = c.critical === undefined ? 2 : c.critical ? 1 : 0;
  }

  /** Writes layer `i`'s share, slack and critical on `c`, unless they are what it holds already. */
  write(i: number, c: CostedLayer, share: number, slack: number, critical: boolean): void {
    if (this.share[i] === share && this.slack[i] === slack && this.critical[i] === (critical ? 1 : 0)) return;
    c.share = share;
    c.slack = slack;
    c.critical = critical;
    this.share[i] = share;
    this.slack[i] = slack;
    this.critical[i] = critical ? 1 : 0;
  }
}
