// The costed model: what the cost models make of a counted model on one target. Plain, serialisable
// data (no Infinity or NaN: absent figures are left out); times in seconds, traffic and buffers in
// bytes, performance in ops per second, energy in joules.
import type { Precision } from '../precision';
import type { AttentionMode } from '../semantics/model';
import type { CostMemo } from './costMemo';
import type { FusionGroup, FusionPolicy, GroupKind, MemberRole } from './fusion';
import type { Bound } from './roofline';
import type { CostedParallel } from '../parallel/summary';
import type { Accesses } from './systolicMemory';
import type { LoopOrder } from './nest';

export type { Bound } from './roofline';

export type TrafficModel = 'tiled' | 'compulsory';

/** 'dataflow': branches run concurrently (model time = critical path). */
export type Execution = 'sequential' | 'pipelined' | 'dataflow';

export interface CostOptions {
  /** Every layer at this precision (bytes rescaled); default: each layer's own. */
  precision?: Precision;
  /** Off-chip traffic model; default 'tiled'. */
  traffic?: TrafficModel;
  /** Search the best tile of every conv/GEMM layer that the file does not tile; default true. */
  search?: boolean;
  /** Execution model; default the target's. */
  execution?: Execution;
  /** Evaluation budget of one layer's tile search. */
  searchBudget?: number;
  /** Per-layer figures kept from earlier costings (costMemo.ts); default: a memo for this costing only. */
  memo?: CostMemo;
  /** Which layers run fused as one kernel (fusion.ts); default 'epilogue'. */
  fusion?: FusionPolicy;
  /** How attention runs where its statement does not say (flashAttention.ts); default 'flash'. */
  attention?: AttentionMode;
  /** Largest exact replay of SCALE-Sim's buffers, in entries visited; default REPLAY_WORK. */
  replayLimit?: number;
}

export type CostStatus =
  | 'ok'
  /** The layer could not be counted: no figures, left out of the totals. */
  | 'uncounted'
  /** The target lists no peak at all. */
  | 'no-peak'
  /** An internal failure of the cost models (reported, never thrown). */
  | 'error'
  /** A figure overflowed (not a finite number: the target's or the layer's figures are too large). */
  | 'overflow'
  /** Not costed: the analysis ran past its time budget (core/limits.ts). */
  | 'stopped';

export interface LevelRoof {
  name: string;
  offChip: boolean;
  /** Bytes per second. */
  bandwidth: number;
  /** Bytes crossing the level. */
  traffic: number;
  /** Ops per byte crossing it (absent when none does). */
  ctc?: number;
  /** CTC x bandwidth (absent when no byte crosses it). */
  attainable?: number;
  /** Seconds to move its traffic. */
  time: number;
}

export interface LayerTile {
  /** As the file writes them: conv {m, n, r, c}; GEMM {m, n, k} (rows, columns, inner). Empty for 'none'. */
  factors: Record<string, number>;
  source: 'file' | 'search' | 'none';
  /** The tile's double-buffered buffer fits the target's buffer (absent when the capacity is unknown). */
  fits?: boolean;
  /** The search's effort (source 'search'). */
  search?: { evaluations: number; probes: number; space: number; exact: boolean };
  /** The loop order: which tile stays on chip across the innermost tile loop (traffic.ts). */
  order?: LoopOrder;
  /** The loop order in words: the loops and what stays on chip. */
  loopOrder?: string;
}

/** How a systolic target runs a layer: the arrays and how the folds split over them, SCALE-Sim's figures. */
export interface SystolicFolds {
  arrays: number;
  folds: number;
  /** Folds the busiest array runs: ceil(folds / arrays) per group and image. */
  foldsPerArray: number;
  rowFolds: number;
  colFolds: number;
  mappingEfficiency: number;
  computeUtilization?: number;
  /** The operand whose DRAM traffic stalls the array. */
  limitedBy?: 'ifmap' | 'filter' | 'ofmap';
  /** Closed form, and an operand does not stay in its active SRAM half (SCALE-Sim re-fetches more). */
  resweeps: boolean;
  /** Stalls and DRAM words from the exact replay of SCALE-Sim's buffers (systolicReplay.ts). */
  replayed?: boolean;
}

export interface CostedLayer {
  index: number;
  name: string;
  op: string;
  status: CostStatus;
  /** Why there are no figures (status other than 'ok'). */
  message?: string;
  /** The precision of the layer's data, and the one whose peak it runs at. */
  precision?: Precision;
  peakPrecision?: Precision;
  ops?: number;
  macs?: number;
  traffic?: { compulsory: number; tiled?: number; used: number; model: TrafficModel };
  /** Ops per byte of off-chip (used) traffic; absent when no byte crosses. */
  ctc?: number;
  /** Peak for the precision, and peak x utilisation (ops/s). */
  peak?: number;
  computeRoof?: number;
  attainable?: number;
  roofs?: LevelRoof[];
  bound?: Bound;
  time?: number;
  /** Share of the summed layer time, 0..1. */
  share?: number;
  /** Engines with a clock (unrolled, systolic): cycles = computeCycles + stallCycles, time = cycles / clock. */
  cycles?: number;
  computeCycles?: number;
  stallCycles?: number;
  /** Lanes (or PEs) busy on average while computing, 0..1. */
  utilization?: number;
  /** SCALE-Sim's Mapping Efficiency and Compute Util (systolic targets), 0..1. */
  mappingEfficiency?: number;
  computeUtilization?: number;
  /** Words read and written per operand in the on-chip SRAM (buffer) and in DRAM (engines with a clock). */
  accesses?: Accesses;
  /** Systolic targets: the arrays and how the folds split over them, SCALE-Sim's figures. */
  systolic?: SystolicFolds;
  tile?: LayerTile;
  buffer?: { need: number; capacity?: number };
  energy?: number;
  /** Joules by level: 'MAC', 'RF', 'array', 'buffer', and each memory level's name. */
  energyByLevel?: Record<string, number>;
  /** Operations per joule (ops / energy); shown as GOP/J. */
  opsPerJoule?: number;
  /** Seconds this layer can grow without lengthening the model time (execution model's sense). */
  slack?: number;
  /** On the path that sets the model time (0 slack). */
  critical?: boolean;
  /** Producer of a fused group: the names of its members; every figure above is the group's. */
  fused?: string[];
  fusionKind?: GroupKind;
  /** Member of a fused group: the producer's name. It has time 0, share 0 and no traffic of its own. */
  fusedInto?: string;
  fusionRole?: MemberRole;
  /** A collective of a parallel plan: its algorithm, bytes, steps and link (parallel/collectiveCost.ts). */
  collective?: CostedCollective;
  approximations: readonly string[];
  notes: string[];
}

/** How a collective layer was costed: time = bytes / bandwidth + steps x latency. */
export interface CostedCollective {
  kind: 'allreduce' | 'allgather' | 'reducescatter' | 'alltoall' | 'send';
  algorithm: 'ring' | 'tree' | 'pairwise' | 'direct';
  group: 'tp' | 'ep' | 'dp' | 'pp';
  devices: number;
  /** Nodes the group spans. */
  nodes: number;
  /** The whole tensor, and the bytes one device sends. */
  size: number;
  bytes: number;
  steps: number;
  /** The link that sets the bandwidth, a device's bandwidth on it (bytes/s, one way) and one step's latency (s). */
  link: string;
  bandwidth: number;
  stepLatency: number;
  /** Seconds sending, and seconds of latency; their sum is the layer's time. */
  transfer: number;
  latency: number;
}

export interface RidgePoint {
  precision: Precision;
  level: string;
  /** Ops per byte. */
  ridge: number;
}

export interface CostTotals {
  /** Seconds per run of the model: sum (sequential), critical path (pipelined latency, dataflow). */
  time: number;
  /** Runs of the model per second (a run processes the model's whole batch). */
  throughput: number;
  /** Pipelined: seconds between inputs (the slowest stage). */
  interval?: number;
  ops: number;
  macs: number;
  /** Off-chip bytes (used traffic). */
  traffic: number;
  energy?: number;
  /** GOP per joule. */
  efficiency?: number;
  /** Operations per joule of the whole model (ops / energy). */
  opsPerJoule?: number;
  /** Joules by level, summed over the layers. */
  energyByLevel?: Record<string, number>;
  cycles?: number;
  /** The bound with the largest share of time, and that share. */
  bound?: Bound;
  boundShare?: number;
  shares: Record<string, number>;
  ridge: RidgePoint[];
  /** The longest chain of dependent layers, by time (dataflow and pipelined runs, whose time it gives; a sequential run is the sum of every layer's). */
  criticalPath?: { time: number; layers: number[] };
  /** False when a layer has no figures (uncounted, no peak, error): the totals leave it out. */
  complete: boolean;
  missing: number;
}

export interface CostedModel {
  model: string;
  target: string;
  execution: Execution;
  traffic: TrafficModel;
  fusion: FusionPolicy;
  /** The fused groups costed (each with every layer costed). */
  groups: FusionGroup[];
  layers: CostedLayer[];
  totals: CostTotals;
  /** Model-wide sentences (execution model, missing energy table...). */
  notes: string[];
  /** Under a parallel plan: stages, bubble, communication (parallel/summary.ts). */
  parallel?: CostedParallel;
}
