// Helpers shared by the catalog files: sourced figures, derived figures (whose source is the formula
// that computes them from other figures), unit constants, and the default energy table built from
// Horowitz's ISSCC 2014 figures (45 nm) as cost-model.md lists them.
import { withArrayPeak } from '../derivedPeak';
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

/** Horowitz's 64-bit SRAM reads: (capacity in bytes, pJ) at 8 KB, 32 KB and 1 MB. */
const SRAM_POINTS: readonly [number, number][] = [
  [8 * KiB, 10],
  [32 * KiB, 20],
  [1024 * KiB, 100],
];

/**
 * SRAM, per byte of a 64-bit read, by capacity: Horowitz's three points (10, 20, 100 pJ at 8 KB,
 * 32 KB, 1 MB) joined on a log-log scale (a power law between neighbours), and beyond them the
 * square-root growth of the 8 KB to 32 KB segment (10 to 20 pJ for 4 x the capacity: wire length
 * grows as the square root of the area); divided by 8 bytes. An unknown capacity takes the 1 MB figure.
 */
export function horowitzSramPjPerByte(bytes: number | undefined): number {
  if (bytes === undefined || !(bytes > 0)) return 100 / 8;
  const [first, , last] = SRAM_POINTS;
  if (bytes <= first[0]) return (first[1] * Math.sqrt(bytes / first[0])) / 8;
  if (bytes >= last[0]) return (last[1] * Math.sqrt(bytes / last[0])) / 8;
  for (let i = 0; i + 1 < SRAM_POINTS.length; i++) {
    const [c0, e0] = SRAM_POINTS[i];
    const [c1, e1] = SRAM_POINTS[i + 1];
    if (bytes <= c1) return (e0 * Math.exp((Math.log(bytes / c0) / Math.log(c1 / c0)) * Math.log(e1 / e0))) / 8;
  }
  return last[1] / 8;
}

/**
 * Process-node scaling of the 45 nm figures: the energy of logic and SRAM taken proportional to the
 * feature size (switched capacitance scales with it; supply voltage held): node / 45. DRAM access
 * energy is the DRAM's, not the chip's, and is not scaled. A first-order rule, stated as such.
 */
export function nodeScale(node: number | undefined): number {
  return node !== undefined && node > 0 ? node / 45 : 1;
}

/** Eyeriss' normalised costs (Chen, Emer, Sze, ISCA 2016): a register-file access 1x, a hop between PEs 2x a MAC. */
export const EYERISS_PER_MAC = { RF: 1, array: 2, source: 'Chen, Emer, Sze, "Eyeriss: A Spatial Architecture for Energy-Efficient Dataflow for Convolutional Neural Networks", ISCA 2016: register file 1x, inter-PE 2x, global buffer 6x, DRAM 200x a MAC' };

export const ENERGY_NOTE =
  "Energy figures are Horowitz's 45 nm numbers (ISSCC 2014) turned into per-MAC and per-byte costs and scaled to the chip's process node by node / 45 (DRAM unscaled), an approximation.";

/**
 * The default energy table of a target: Horowitz's MAC energies, the DRAM figure for the off-chip
 * level, an SRAM figure by capacity for the on-chip buffer and every other level, register-file and
 * PE-to-PE hops at Eyeriss' ratios, all but DRAM scaled from 45 nm to `node` nm.
 */
export function horowitzEnergy(memory: MemoryLevel[], bufferBytes: number | undefined, node?: number): EnergyTable {
  const k = nodeScale(node);
  const bytePj: Record<string, number> = {};
  for (const level of memory) bytePj[level.name] = level.offChip ? HOROWITZ_DRAM_PJ_PER_BYTE : k * horowitzSramPjPerByte(level.capacity?.value);
  bytePj.buffer = k * horowitzSramPjPerByte(bufferBytes);
  const macPj: EnergyTable['macPj'] = {};
  for (const [p, pj] of Object.entries(HOROWITZ_MAC_PJ)) macPj[p as keyof typeof HOROWITZ_MAC_PJ] = k * pj;
  const scaled = node !== undefined ? ` Scaled to ${node} nm by ${node} / 45 (all but DRAM).` : ' At 45 nm (the chip\'s node is not given).';
  const table: EnergyTable = {
    macPj,
    bytePj,
    perMac: EYERISS_PER_MAC,
    source:
      `${HOROWITZ}. MAC = multiply + add (int8: 0.2 + int32 add 0.1; int32: 3.1 + 0.1; fp16: 1.1 + 0.4; fp32: 3.7 + 0.9 pJ). ` +
      'Off-chip: DRAM 1.3-2.6 nJ per 64-bit access, midpoint / 8 = 243.75 pJ/B. ' +
      'On-chip: 64-bit SRAM read 10 pJ (8 KB), 20 pJ (32 KB), 100 pJ (1 MB) / 8 per byte, interpolated on the capacity (log-log; square root beyond). ' +
      'Register file 1x and PE-to-PE hop 2x a MAC (Eyeriss, ISCA 2016).' +
      scaled,
  };
  if (node !== undefined) table.node = node;
  return table;
}

/** A catalog entry: adds the default energy table (at its node) and its note where the entry gives none. */
export function entry(t: Target): Target {
  const withPeak = withArrayPeak(t);
  if (withPeak.energy) return withPeak;
  return { ...withPeak, energy: horowitzEnergy(t.memory, t.buffer?.value, t.node?.value), notes: [...(t.notes ?? []), ENERGY_NOTE] };
}
