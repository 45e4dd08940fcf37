// What the analysis knows of a piece of hardware. Every figure carries the public source it was
// taken from (a datasheet or a paper), or "derived: ..." where the tool computes it from others.
import type { Precision } from '../precision';

/** A figure and where it comes from. */
export interface Sourced<T = number> {
  value: T;
  source: string;
  /** For figures read from a model file or a target file: the character offsets of the text that gave it. */
  span?: { start: number; end: number };
}

export type TargetKind = 'gpu' | 'tpu' | 'fpga' | 'asic' | 'cpu' | 'npu';

export type ExecutionModel = 'sequential' | 'pipelined';

export interface MemoryLevel {
  /** Short name shown as the roof's label: 'DRAM', 'HBM3', 'L2', 'global buffer'... */
  name: string;
  /** Bytes per second. */
  bandwidth: Sourced;
  /** Bytes; absent when unbounded or unknown. */
  capacity?: Sourced;
  /** True for the level whose traffic is the off-chip traffic (exactly one level). */
  offChip: boolean;
}

export interface EnergyTable {
  /** Picojoules per MAC, by precision. */
  macPj: Partial<Record<Precision, number>>;
  /** Picojoules per byte moved across each memory level, by level name; plus 'buffer' for on-chip reads. */
  bytePj: Record<string, number>;
  source: string;
  /**
   * Optional normalised costs (one MAC = 1) per access of each storage level, for relative figures
   * where absolute picojoules are not published (Eyeriss: register file 1, array 2, buffer 6, DRAM 200).
   */
  relative?: { perAccess: Record<string, number>; source: string };
  /**
   * Energy of one access to the register file ('RF') and of one hop between processing elements
   * ('array'), in multiples of a MAC's energy at the same precision (charged from access counts).
   */
  perMac?: { RF: number; array: number; source: string };
  /** Process node the per-access figures are for, in nm (Horowitz: 45). */
  node?: number;
}

export interface Target {
  /** Catalog key, lower-case with dashes: 'h100-sxm', 'zhang15-vc707'. */
  name: string;
  /** Human title: 'NVIDIA H100 SXM5 80 GB'. */
  title: string;
  kind: TargetKind;
  /** Clock in Hz (needed for cycle counts). */
  clock?: Sourced;
  /** Dense peak throughput in ops per second (1 MAC = 2 ops), by precision. */
  peak: Partial<Record<Precision, Sourced>>;
  /** Precision used when the model file and the command line say none. */
  defaultPrecision: Precision;
  /** Memory levels, off-chip first. */
  memory: MemoryLevel[];
  /** On-chip storage available to hold tiles, in bytes (BRAM, SRAM, shared memory...). */
  buffer?: Sourced;
  /** Fixed unroll factors of the compute engine: Tm output maps x Tn input maps MACs a cycle. */
  unroll?: { m: number; n: number; source: string };
  /** Multiply-accumulate lanes available to an unroll (Tm x Tn <= lanes), for the unroll search. */
  lanes?: Sourced;
  /** A systolic array, for targets that are one (TPU, Eyeriss-like). */
  systolic?: {
    rows: number;
    cols: number;
    /** SCALE-Sim dataflow used to model the array (where the chip's own is none of the three, the nearest; see `native`). */
    dataflow: 'os' | 'ws' | 'is';
    source: string;
    /** Number of identical arrays on the chip (TPU v4: 8 MXUs); 1 when absent. */
    arrays?: number;
    /** The chip's own dataflow where it differs from `dataflow` (Eyeriss: 'row-stationary'). */
    native?: string;
    /** SRAM of each operand in bytes (SCALE-Sim's IfmapSramSzkB...); absent: the buffer split in three. */
    sram?: { ifmap: number; filter: number; ofmap: number; source: string };
    /**
     * SCALE-Sim's memory interface: 'user' gives each operand a DRAM port of `words` a cycle (stalls
     * modelled); 'calc' assumes the bandwidth the array needs (no stalls). Absent: the operands share
     * the off-chip level's bandwidth, stalls modelled.
     */
    interface?: { mode: 'user' | 'calc'; words?: number; source: string };
  };
  energy?: EnergyTable;
  /** Process node in nanometres, from which energy.ts scales the 45 nm energy table. */
  node?: Sourced;
  /** The file the target was read from (a target file, a SCALE-Sim config), for the hover and the panel. */
  file?: string;
  execution: ExecutionModel;
  /** Short sentences on what the entry simplifies. */
  notes?: string[];
  /** Other names that `findTarget` accepts for this entry ('h100', 'vc707'). */
  aliases?: string[];
}
