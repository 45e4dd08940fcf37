// Energy. Source: cost-model.md after Horowitz, "Computing's energy problem", ISSCC 2014 (per-access
// energies) and Eyeriss (Chen, Emer, Sze, ISCA 2016: energy by level of the storage hierarchy), with
// the figures of the target's EnergyTable:
//
//   energy = MACs x pJ/MAC  +  register-file and PE-to-PE accesses x their pJ (table.perMac x pJ/MAC)
//            + on-chip buffer bytes x its pJ/byte  +  bytes crossing each memory level x its pJ/byte
//   efficiency = ops / energy (ops per joule; shown as GOP/J)
//
// With the access counts of an engine (engineCycles.ts: SRAM and DRAM words per operand), the buffer
// is charged for every SRAM word read or written and DRAM for every DRAM word, so reuse on chip saves
// energy; a systolic array or unrolled engine reads the register file once a MAC and makes two hops
// between PEs a MAC (the moving operand and the partial sum). Without counts (GPUs, CPUs) the buffer
// is charged once per byte that crosses off chip and the register file three times a MAC (two operands
// read, one sum written); there are no PE hops. A table with Eyeriss' `relative` costs charges every
// access as that multiple of the MAC energy (buffer and DRAM per word).
//
// Approximations: element-wise operations and control are not charged (MACs and data movement
// only); a level the table does not list costs nothing (and is named); a precision the table lacks
// takes the nearest one's MAC energy. A target without an EnergyTable gives no energy at all.
import type { EnergyTable } from '../hardware/types';
import type { Precision } from '../precision';
import { nearestPrecision } from './peak';
import { PRECISIONS } from '../precision';
import { levelWords, type Accesses } from './systolicMemory';

export interface EnergyInput {
  macs: number;
  precision: Precision;
  /** Bytes crossing each memory level. */
  levels: { name: string; traffic: number }[];
  /** Bytes loaded into the on-chip buffer (charged at bytePj.buffer when present; without `accesses`). */
  bufferBytes?: number;
  /** The engine's SRAM and DRAM words: the buffer and the off-chip level are charged from them. */
  accesses?: Accesses;
  /** Bytes a word (with `accesses`). */
  wordBytes?: number;
  /** The off-chip level's name (charged from the DRAM words with `accesses`). */
  offChip?: string;
}

export interface EnergyResult {
  /** Joules in all. */
  joules: number;
  macJoules: number;
  /** Joules by level: 'MAC', 'RF', 'array', 'buffer' and each memory level's name. */
  byLevel: Record<string, number>;
  /** The precision whose MAC energy was used. */
  macPrecision?: Precision;
  /** Levels the table has no per-byte energy for (charged nothing). */
  missingLevels: string[];
}

const PJ = 1e-12;

export function layerEnergy(table: EnergyTable, input: EnergyInput): EnergyResult {
  const byLevel: Record<string, number> = {};
  const missingLevels: string[] = [];
  let joules = 0;
  const charge = (level: string, j: number) => {
    if (!(j > 0)) return;
    byLevel[level] = (byLevel[level] ?? 0) + j;
    joules += j;
  };
  let macPj = 0;
  let macPrecision: Precision | undefined;
  if (input.macs > 0) {
    const available = PRECISIONS.filter((p) => Number.isFinite(table.macPj[p]));
    macPrecision = nearestPrecision(input.precision, available);
    if (macPrecision) macPj = table.macPj[macPrecision] ?? 0;
  }
  const macJoules = input.macs * macPj * PJ;
  const counted = input.accesses !== undefined && input.wordBytes !== undefined;
  const rel = table.relative?.perAccess;
  const word = input.wordBytes ?? 1;
  for (const level of input.levels) {
    const bytes = counted && level.name === input.offChip ? levelWords(input.accesses!.dram) * word : level.traffic;
    if (rel && level.name === input.offChip && rel.DRAM !== undefined) {
      charge(level.name, (bytes / word) * rel.DRAM * macPj * PJ);
      continue;
    }
    const pj = table.bytePj[level.name];
    if (pj === undefined || !Number.isFinite(pj)) {
      if (bytes > 0) missingLevels.push(level.name);
      continue;
    }
    charge(level.name, bytes * pj * PJ);
  }
  const bufPj = table.bytePj.buffer;
  const bufferBytes = counted ? levelWords(input.accesses!.sram) * word : (input.bufferBytes ?? 0);
  if (rel && rel.buffer !== undefined) charge('buffer', (bufferBytes / word) * rel.buffer * macPj * PJ);
  else if (bufPj !== undefined && Number.isFinite(bufPj)) charge('buffer', bufferBytes * bufPj * PJ);
  const rf = rel?.RF ?? table.perMac?.RF;
  const hop = rel?.array ?? table.perMac?.array;
  if (rf !== undefined) charge('RF', (counted ? 1 : 3) * input.macs * rf * macPj * PJ);
  if (hop !== undefined && counted) charge('array', 2 * input.macs * hop * macPj * PJ);
  charge('MAC', macJoules);
  return { joules, macJoules, byLevel, macPrecision, missingLevels };
}

/** Operations per joule, in GOP/J; undefined without energy. */
export function gopPerJoule(ops: number, joules: number): number | undefined {
  return joules > 0 ? ops / joules / 1e9 : undefined;
}
