// The per-layer report of `roofline simulate`, after SCALE-Sim v2's own reports (scalesim/simulator.py:
// COMPUTE_REPORT.csv and DETAILED_ACCESS_REPORT.csv): cycles, stalls, utilisation, mapping efficiency,
// compute utilisation, and the SRAM and DRAM words of each operand, plus energy. `simulationCsv` uses
// SCALE-Sim's column names and layout (", " between cells, a trailing comma), so that a run can be
// compared with SCALE-Sim's reports column by column; SCALE-Sim's start and stop cycles have no
// counterpart here and are left out. Layers without cycles (no engine with a clock) are left out.
import type { CostedLayer, CostedModel } from './types';
import type { Accesses } from './systolicMemory';

export interface SimulationRow {
  /** SCALE-Sim's LayerID: the row's index among the simulated layers, from 0. */
  layerId: number;
  name: string;
  op: string;
  cycles: number;
  computeCycles: number;
  stallCycles: number;
  /** MACs / (cycles x PEs x arrays): SCALE-Sim's Overall Util, 0..1 (stalls included). */
  overallUtilization?: number;
  mappingEfficiency?: number;
  computeUtilization?: number;
  accesses?: Accesses;
  /** True when stalls and DRAM words are SCALE-Sim's own, replayed line by line (systolicReplay.ts). */
  replayed?: boolean;
  energy?: number;
  opsPerJoule?: number;
}

export interface SimulationReport {
  model: string;
  target: string;
  layers: SimulationRow[];
  totals: { cycles: number; computeCycles: number; stallCycles: number; energy?: number; opsPerJoule?: number };
}

function row(c: CostedLayer, layerId: number, pes: number | undefined): SimulationRow {
  const r: SimulationRow = { layerId, name: c.name, op: c.op, cycles: c.cycles!, computeCycles: c.computeCycles ?? c.cycles!, stallCycles: c.stallCycles ?? 0 };
  if (pes && c.macs !== undefined && c.cycles! > 0) r.overallUtilization = c.macs / (c.cycles! * pes);
  if (c.mappingEfficiency !== undefined) r.mappingEfficiency = c.mappingEfficiency;
  if (c.computeUtilization !== undefined) r.computeUtilization = c.computeUtilization;
  if (c.accesses) r.accesses = c.accesses;
  if (c.systolic?.replayed !== undefined) r.replayed = c.systolic.replayed;
  if (c.energy !== undefined) r.energy = c.energy;
  if (c.opsPerJoule !== undefined) r.opsPerJoule = c.opsPerJoule;
  return r;
}

/** The layers of a costed model that have cycles, as SCALE-Sim would report them. */
export function simulationReport(cost: CostedModel, pes: number | undefined): SimulationReport {
  const simulated = cost.layers.filter((c) => c.status === 'ok' && c.cycles !== undefined && (c.macs ?? 0) > 0);
  const layers = simulated.map((c, i) => row(c, i, pes));
  const totals: SimulationReport['totals'] = {
    cycles: layers.reduce((s, l) => s + l.cycles, 0),
    computeCycles: layers.reduce((s, l) => s + l.computeCycles, 0),
    stallCycles: layers.reduce((s, l) => s + l.stallCycles, 0),
  };
  if (layers.length > 0 && layers.every((l) => l.energy !== undefined)) {
    totals.energy = layers.reduce((s, l) => s + (l.energy ?? 0), 0);
    const ops = simulated.reduce((s, c) => s + (c.ops ?? 0), 0);
    if (totals.energy > 0) totals.opsPerJoule = ops / totals.energy;
  }
  return { model: cost.model, target: cost.target, layers, totals };
}

/** SCALE-Sim's column names: COMPUTE_REPORT.csv's, then DETAILED_ACCESS_REPORT.csv's word counts. */
export const SIMULATION_CSV_COLUMNS = [
  'LayerID',
  'Total Cycles',
  'Stall Cycles',
  'Overall Util %',
  'Mapping Efficiency %',
  'Compute Util %',
  'SRAM IFMAP Reads',
  'SRAM Filter Reads',
  'SRAM OFMAP Writes',
  'DRAM IFMAP Reads',
  'DRAM Filter Reads',
  'DRAM OFMAP Writes',
  'Energy (J)',
  'GOP/J',
  'Layer name',
] as const;

const pct = (x: number | undefined) => (x === undefined ? '' : String(x * 100));

/** The report as SCALE-Sim writes its CSVs: "a, b, c," lines. */
export function simulationCsv(report: SimulationReport): string {
  const lines = [`${SIMULATION_CSV_COLUMNS.join(', ')},`];
  for (const l of report.layers) {
    const a = l.accesses;
    const cells = [
      String(l.layerId),
      String(l.cycles),
      String(l.stallCycles),
      pct(l.overallUtilization),
      pct(l.mappingEfficiency),
      pct(l.computeUtilization),
      a ? String(a.sram.ifmap.reads) : '',
      a ? String(a.sram.filter.reads) : '',
      a ? String(a.sram.ofmap.writes) : '',
      a ? String(a.dram.ifmap.reads) : '',
      a ? String(a.dram.filter.reads) : '',
      a ? String(a.dram.ofmap.writes) : '',
      l.energy !== undefined ? String(l.energy) : '',
      l.opsPerJoule !== undefined ? String(l.opsPerJoule / 1e9) : '',
      l.name.includes(',') ? `"${l.name}"` : l.name,
    ];
    lines.push(`${cells.join(', ')},`);
  }
  return lines.join('\n');
}
