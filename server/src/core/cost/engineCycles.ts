// Cycles, stalls and accesses of a conv or GEMM layer on an engine with a clock: a systolic array
// (systolic.ts for the compute cycles, several arrays sharing the folds; systolicMemory.ts for the
// SCALE-Sim double-buffered SRAM, its stalls and its accesses per operand) or an unrolled engine
// (compute.ts, Zhang et al.'s Tm x Tn lanes fed from the tiled traffic of traffic.ts). For both,
// cycles = compute cycles + stall cycles and time = cycles / clock.
//
// Unrolled engine, per cycle: Tn input words read (each broadcast to Tm lanes), Tm x Tn weights read,
// Tm partial sums read and written in the output buffer; DRAM words of each operand are the tiled
// traffic's, and the buffer is written with every DRAM word read and read for every one written.
// Stall cycles = max(0, off-chip transfer cycles - compute cycles): transfers overlap computation
// (double-buffered tiles), so only the excess stalls the engine.
import type { Target } from '../hardware/types';
import type { SystolicFolds } from './types';
import { unrolledCompute } from './compute';
import type { Nest } from './nest';
import { nestSystolic, nestAsSystolic } from './systolic';
import { nestGeometry } from './systolicReplay';
import { scaleAccesses, systolicMemory, type Accesses, type ArrayMemory } from './systolicMemory';

export interface EngineCycles {
  computeCycles: number;
  stallCycles: number;
  cycles: number;
  /** MACs / (compute cycles x lanes or PEs): the array's use while it computes (stalls excluded). */
  utilization: number;
  accesses: Accesses;
  /** Systolic targets. */
  systolic?: SystolicFolds;
}

/** The SRAMs and DRAM interface of a systolic target for words of `wordBytes`. */
export function arrayMemory(target: Target, wordBytes: number, offChipBandwidth: number | undefined, clock: number): ArrayMemory {
  const s = target.systolic!;
  const third = target.buffer?.value !== undefined ? target.buffer.value / 3 : Number.MAX_SAFE_INTEGER;
  const sram = s.sram ?? { ifmap: third, filter: third, ofmap: third };
  const words = (bytes: number) => Math.max(2, Math.floor(bytes / wordBytes));
  const mem: ArrayMemory = {
    sram: { ifmap: words(sram.ifmap), filter: words(sram.filter), ofmap: words(sram.ofmap) },
    bandwidth: 0,
    sharing: 'shared',
    mode: 'user',
  };
  if (s.interface) {
    mem.mode = s.interface.mode;
    if (s.interface.words !== undefined) {
      mem.bandwidth = s.interface.words;
      mem.sharing = 'ports';
    }
  } else if (offChipBandwidth !== undefined && clock > 0) {
    mem.bandwidth = offChipBandwidth / clock / wordBytes;
  } else mem.mode = 'calc';
  return mem;
}

/** A nest on a systolic target: compute cycles over the arrays, stalls and accesses, all repeats. */
export function systolicEngine(nest: Nest, target: Target, mem: ArrayMemory): EngineCycles {
  const s = target.systolic!;
  const array = { rows: s.rows, cols: s.cols, dataflow: s.dataflow, arrays: s.arrays ?? 1 };
  const one = nestSystolic({ ...nest, repeat: 1 }, array);
  const m = systolicMemory(s.dataflow, nestAsSystolic(nest), one.mapping, s.rows, s.cols, one.cycles, mem, nestGeometry(nest));
  const cycles = m.cycles * nest.repeat;
  const pes = s.rows * s.cols * array.arrays;
  const macs = one.macs * nest.repeat;
  const out: EngineCycles = {
    computeCycles: one.cycles * nest.repeat,
    stallCycles: m.stallCycles * nest.repeat,
    cycles,
    utilization: one.cycles > 0 ? macs / (one.cycles * nest.repeat * pes) : 0,
    accesses: scaleAccesses(m.accesses, nest.repeat),
    systolic: {
      arrays: one.arrays,
      folds: one.folds * nest.repeat,
      foldsPerArray: one.foldsPerArray * nest.repeat,
      rowFolds: one.mapping.rowFolds,
      colFolds: one.mapping.colFolds,
      mappingEfficiency: one.mappingEfficiency,
      resweeps: m.resweeps,
      replayed: m.replayed,
    },
  };
  if (one.computeUtilization !== undefined) out.systolic!.computeUtilization = one.computeUtilization;
  if (m.limitedBy) out.systolic!.limitedBy = m.limitedBy;
  return out;
}

/** Words of the tiled traffic by operand (all repeats). */
export interface OperandWords {
  input: number;
  weight: number;
  output: number;
}

/**
 * A nest on an unrolled engine: compute cycles, stalls when the off-chip transfer of `dram` words
 * takes longer (at `wordsPerCycle`), and the accesses of the header.
 */
export function unrolledEngine(nest: Nest, unroll: { m: number; n: number }, dram: OperandWords, wordsPerCycle: number | undefined): EngineCycles {
  const c = unrolledCompute(nest, unroll);
  const total = dram.input + dram.weight + dram.output;
  const transfer = wordsPerCycle !== undefined && wordsPerCycle > 0 ? Math.ceil(total / wordsPerCycle) : 0;
  const stallCycles = Math.max(0, transfer - c.cycles);
  const tm = Math.min(Math.max(1, Math.floor(unroll.m)), nest.m);
  const tn = Math.min(Math.max(1, Math.floor(unroll.n)), nest.n);
  return {
    computeCycles: c.cycles,
    stallCycles,
    cycles: c.cycles + stallCycles,
    utilization: c.utilization,
    accesses: {
      sram: {
        ifmap: { reads: c.cycles * tn, writes: dram.input },
        filter: { reads: c.cycles * tm * tn, writes: dram.weight },
        ofmap: { reads: c.cycles * tm + dram.output, writes: c.cycles * tm },
      },
      dram: {
        ifmap: { reads: dram.input, writes: 0 },
        filter: { reads: dram.weight, writes: 0 },
        ofmap: { reads: 0, writes: dram.output },
      },
    },
  };
}
