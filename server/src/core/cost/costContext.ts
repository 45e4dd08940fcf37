// What costing a model shares between its layers and its fused groups: the context (the target,
// the options, the usable memory levels, the memoised searches and peaks), the roofs a costed layer
// lists, and the whole-cycles rule of a clocked engine.
import type { MemoryLevel, Target } from '../hardware/types';
import type { Precision } from '../precision';
import type { ArrayMemory } from './systolicMemory';
import type { PeakChoice } from './peak';
import { roofline } from './roofline';
import type { GroupFigures } from './costMemo';
import type { TileSearchResult } from './tileSearch';
import type { CostOptions, LevelRoof, TrafficModel } from './types';

export interface Level {
  name: string;
  bandwidth: number;
  offChip: boolean;
}

export interface Ctx {
  target: Target;
  options: CostOptions;
  search: boolean;
  trafficModel: TrafficModel;
  levels: Level[];
  /** Narrowest bandwidth of the levels (all carry the tile loads), Infinity without any. */
  minBandwidth: number;
  capacity?: number;
  clock?: number;
  /** Search answers by problem: repeated blocks (ResNet stages, transformer layers) search once. */
  searches: Map<string, TileSearchResult>;
  /** Evaluations and probes of the model's tile searches so far, against LIMITS.modelSearchSteps. */
  searchSteps: number;
  /** Peak by precision (with the fallback), looked up once each. */
  peaks: Map<Precision, PeakChoice | undefined>;
  /** A systolic target's SRAMs and DRAM interface, by word size. */
  arrayMemory: Map<number, ArrayMemory>;
  /** Bytes a second of the off-chip level (undefined without one). */
  offChipBandwidth?: number;
  /** Bytes of each tiled layer's final output-tile stores (what a fused group keeps on chip). */
  tiledOutput: Map<number, number>;
  /** The memo's number of each layer's figures costed alone in this costing (by layer index; none
   *  for a layer kept from the costing before, a collective, or one not costed): equal numbers,
   *  equal figures (the group memo's content key, groupFigures.ts). */
  figureIds: number[];
  /** Fused groups' figures by their content, as first made in this costing (groupFigures.ts); none when the memo does not share them. */
  groupsByContent?: Map<string, GroupFigures>;
}

export function usableLevels(memory: MemoryLevel[]): Level[] {
  const ok = memory.filter((l) => Number.isFinite(l.bandwidth?.value) && l.bandwidth.value > 0);
  const off = ok.findIndex((l) => l.offChip);
  return ok.map((l, i) => ({ name: l.name, bandwidth: l.bandwidth.value, offChip: off >= 0 ? i === off : i === 0 }));
}

export function positive(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** The roofs of a layer as the costed layer lists them. */
export function levelRoofs(rf: ReturnType<typeof roofline>, ctx: Ctx): LevelRoof[] {
  return rf.roofs.map((r, i): LevelRoof => {
    const roof: LevelRoof = { name: r.name, offChip: ctx.levels[i].offChip, bandwidth: r.bandwidth, traffic: r.traffic, time: r.time };
    if (r.ctc !== null) roof.ctc = r.ctc;
    if (Number.isFinite(r.attainable)) roof.attainable = r.attainable;
    return roof;
  });
}

/** A time in whole cycles of `clock` (a hair under a whole cycle is that cycle), of which the compute's. */
export function wholeCycles(time: number, computeTime: number, clock: number): { cycles: number; computeCycles: number; stallCycles: number } {
  const cycles = Math.ceil(time * clock - 1e-9);
  const computeCycles = Math.min(cycles, Math.ceil(computeTime * clock - 1e-9));
  return { cycles, computeCycles, stallCycles: cycles - computeCycles };
}
