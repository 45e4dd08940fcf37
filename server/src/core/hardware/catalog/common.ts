// Helpers shared by the catalog files: sourced figures, derived figures (whose source is the formula
// that computes them from other figures), unit constants, and the default energy table built from
// Horowitz's ISSCC 2014 figures (45 nm) as cost-model.md lists them.
import type { EnergyTable, MemoryLevel, Sourced, Target } from '../types';

export const K = 1e3;
export const M = 1e6;
export const G = 1e9;
export const T = 1e12;
export const KiB = 2 ** 10;
export const MiB = 2 ** 20;
export const GiB = 2 ** 30;

/** A figure taken from a public source. */
export function src(value: number, source: string): Sourced {
  return { value, source };
}

/** A figure computed from other figures; the source is the formula, prefixed "derived: ". */
export function derived(value: number, formula: string): Sourced {
  return { value, source: `derived: ${formula}` };
}

export function offChip(name: string, bandwidth: Sourced, capacity?: Sourced): MemoryLevel {
  return capacity ? { name, bandwidth, capacity, offChip: true } : { name, bandwidth, offChip: true };
}

// ---- default energy (Horowitz, ISSCC 2014, 45 nm) ----------------------------------------------

export const HOROWITZ = 'Horowitz, "Computing\'s energy problem (and what we can do about it)", ISSCC 2014, 45 nm';

/** Per-MAC energy = multiply + add; integer MACs accumulate in 32 bits as real engines do. */
export const HOROWITZ_MAC_PJ = {
  int8: 0.3, // int8 mult 0.2 pJ + int32 add 0.1 pJ
  int32: 3.2, // int32 mult 3.1 pJ + int32 add 0.1 pJ
  fp16: 1.5, // fp16 mult 1.1 pJ + fp16 add 0.4 pJ
  fp32: 4.6, // fp32 mult 3.7 pJ + fp32 add 0.9 pJ
};

/** DRAM: 1.3-2.6 nJ per 64-bit access; the midpoint per byte: (1300 + 2600) / 2 / 8 pJ. */
export const HOROWITZ_DRAM_PJ_PER_BYTE = (1300 + 2600) / 2 / 8;

/** SRAM, per byte of a 64-bit read: 10 pJ (8 KB), 20 pJ (32 KB), 100 pJ (1 MB), divided by 8. */
export function horowitzSramPjPerByte(bytes: number | undefined): number {
  if (bytes !== undefined && bytes <= 8 * KiB) return 10 / 8;
  if (bytes !== undefined && bytes <= 32 * KiB) return 20 / 8;
  return 100 / 8;
}

export const ENERGY_NOTE =
  "Energy figures are Horowitz's 45 nm numbers (ISSCC 2014) turned into per-MAC and per-byte costs, an approximation (this chip's process node differs).";

/**
 * The default energy table of a target: Horowitz's MAC energies, the DRAM figure for the off-chip
 * level, and an SRAM figure (by size) for the on-chip buffer and every other level.
 */
export function horowitzEnergy(memory: MemoryLevel[], bufferBytes: number | undefined): EnergyTable {
  const bytePj: Record<string, number> = {};
  for (const level of memory) bytePj[level.name] = level.offChip ? HOROWITZ_DRAM_PJ_PER_BYTE : horowitzSramPjPerByte(level.capacity?.value);
  bytePj.buffer = horowitzSramPjPerByte(bufferBytes);
  return {
    macPj: { ...HOROWITZ_MAC_PJ },
    bytePj,
    source:
      `${HOROWITZ}. MAC = multiply + add (int8: 0.2 + int32 add 0.1; int32: 3.1 + 0.1; fp16: 1.1 + 0.4; fp32: 3.7 + 0.9 pJ). ` +
      'Off-chip: DRAM 1.3-2.6 nJ per 64-bit access, midpoint / 8 = 243.75 pJ/B. ' +
      'On-chip: 64-bit SRAM read 10 pJ (8 KB), 20 pJ (32 KB), 100 pJ (1 MB) / 8 per byte, by the buffer size (1 MB figure above 32 KB).',
  };
}

/**
 * A catalog entry: adds the default energy table (and its note) where the entry gives none, and the
 * device memory from the off-chip level's capacity (the same sourced figure) where it gives none.
 */
export function entry(t: Target): Target {
  const capacity = t.memory.find((l) => l.offChip)?.capacity;
  const withMemory = t.deviceMemory || !capacity ? t : { ...t, deviceMemory: capacity };
  if (withMemory.energy) return withMemory;
  return { ...withMemory, energy: horowitzEnergy(t.memory, t.buffer?.value), notes: [...(t.notes ?? []), ENERGY_NOTE] };
}
