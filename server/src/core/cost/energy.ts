// Energy. Source: cost-model.md after Horowitz, "Computing's energy problem", ISSCC 2014 (per-access
// energies), with the figures of the target's EnergyTable:
//
//   energy = sum over memory levels of bytes crossing it x pJ/byte  +  MACs x pJ/MAC
//            (+ the bytes loaded into the on-chip buffer x its pJ/byte, when the table has 'buffer')
//   efficiency = ops / energy (GOP/J)
//
// Approximations: element-wise operations and control are not charged (MACs and data movement
// only); the on-chip buffer is charged once per byte that crosses off chip; a level the table does
// not list costs nothing (and is named); a precision the table lacks takes the nearest one's MAC
// energy. A target without an EnergyTable gives no energy at all.
import type { EnergyTable } from '../hardware/types';
import type { Precision } from '../precision';
import { nearestPrecision } from './peak';
import { PRECISIONS } from '../precision';

export interface EnergyInput {
  macs: number;
  precision: Precision;
  /** Bytes crossing each memory level. */
  levels: { name: string; traffic: number }[];
  /** Bytes loaded into the on-chip buffer (charged at bytePj.buffer when present). */
  bufferBytes?: number;
}

export interface EnergyResult {
  /** Joules in all. */
  joules: number;
  macJoules: number;
  /** Joules by level name, and 'buffer'. */
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
  for (const level of input.levels) {
    const pj = table.bytePj[level.name];
    if (pj === undefined || !Number.isFinite(pj)) {
      if (level.traffic > 0) missingLevels.push(level.name);
      continue;
    }
    const j = level.traffic * pj * PJ;
    byLevel[level.name] = (byLevel[level.name] ?? 0) + j;
    joules += j;
  }
  const bufPj = table.bytePj.buffer;
  if (bufPj !== undefined && Number.isFinite(bufPj) && (input.bufferBytes ?? 0) > 0) {
    const j = (input.bufferBytes ?? 0) * bufPj * PJ;
    byLevel.buffer = (byLevel.buffer ?? 0) + j;
    joules += j;
  }
  let macJoules = 0;
  let macPrecision: Precision | undefined;
  if (input.macs > 0) {
    const available = PRECISIONS.filter((p) => Number.isFinite(table.macPj[p]));
    macPrecision = nearestPrecision(input.precision, available);
    if (macPrecision) macJoules = input.macs * (table.macPj[macPrecision] ?? 0) * PJ;
  }
  joules += macJoules;
  return { joules, macJoules, byLevel, macPrecision, missingLevels };
}

/** Operations per joule, in GOP/J; undefined without energy. */
export function gopPerJoule(ops: number, joules: number): number | undefined {
  return joules > 0 ? ops / joules / 1e9 : undefined;
}
