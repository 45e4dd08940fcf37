// The JSON report of one model: the public, documented schema of `roofline analyze --format json`
// (docs/cli-json.md). Users' scripts depend on these field names: add fields, never rename them.
import type { FileAnalysis } from '../analyze';
import type { CostedLayer, CostedModel } from '../cost/analyzeCost';
import type { Accesses } from '../cost/systolicMemory';
import type { ChosenTarget } from '../roofline';
import type { Diagnostic } from '../diagnostics/types';
import type { Shape } from '../ops/types';
import type { Layer, ModelResult } from '../semantics/model';
import { LineIndex, type Range } from '../text/lineIndex';
import { batchOf } from './throughput';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonLayer {
  name: string;
  op: string;
  range: Range;
  inputs: (Shape | null)[];
  output: Shape | null;
  /** Present only for operators with several outputs (split). */
  outputs?: (Shape | null)[];
  precision: string;
  macs: number;
  ops: number;
  params: number;
  bytes: { input: number; weight: number; output: number; cache: number };
  counted: boolean;
  notes: string[];
  /** The tile used: written in the file (`@tile`) or chosen by the search. */
  tile?: { factors: Record<string, number>; source: 'file' | 'search'; fits?: boolean; order?: 'output' | 'weight' | 'input' };
  fuse?: boolean;
  split?: number;
  // ---- with a target (--target, or the file's `use target`) ----
  /** Why the layer has no cost figures: 'uncounted', 'no-peak', 'error'. */
  costStatus?: string;
  /** Off-chip bytes under the traffic model in use (tiled by default). */
  traffic?: number;
  trafficDetail?: { compulsory: number; tiled?: number; model: string };
  /** Operations per byte of off-chip traffic. */
  ctc?: number;
  /** Attainable performance, ops/s. */
  attainable?: number;
  /** 'compute', a memory level's name, 'buffer' or 'utilization'. */
  bound?: string;
  /** Seconds. */
  time?: number;
  /** Share of the model's time, 0..1. */
  share?: number;
  /** Engines with a clock: cycles = computeCycles + stallCycles, and time = cycles / clock. */
  cycles?: number;
  computeCycles?: number;
  stallCycles?: number;
  utilization?: number;
  /** Systolic targets: SCALE-Sim's Mapping Efficiency and Compute Util, 0..1. */
  mappingEfficiency?: number;
  computeUtilization?: number;
  /** Systolic targets: arrays on the chip, and how the layer's folds split over them. */
  arrays?: number;
  folds?: { total: number; perArray: number; rows: number; cols: number };
  /** Words read and written per operand in SRAM and DRAM. */
  accesses?: Accesses;
  buffer?: { need: number; capacity?: number };
  /** Joules. */
  energy?: number;
  /** Joules by level (MAC, RF, array, buffer, memory levels). */
  energyByLevel?: Record<string, number>;
  /** Operations per joule (GOP/J = opsPerJoule / 1e9). */
  opsPerJoule?: number;
  slack?: number;
  critical?: boolean;
  approximations?: string[];
  /** Producer of a fused group: its members' names; the figures above are the whole group's. */
  fused?: string[];
  /** The group's kind: 'bnFold', 'epilogue', 'pool', 'softmax'. */
  fusionKind?: string;
  /** Member of a fused group: the producer's name (time 0, share 0, no traffic of its own). */
  fusedInto?: string;
  /** How the member joined: 'bnFold', 'epilogue', 'residual', 'pool', 'softmax', 'annotation'. */
  fusionRole?: string;
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: Range;
}

export interface JsonTarget {
  name: string;
  title: string;
  /** Where the target came from: the command line, the file's `use target`, a fallback setting. */
  origin: string;
  execution: string;
  traffic: string;
  /** The fusion policy: 'none', 'epilogue' or 'aggressive'. */
  fusion: string;
}

export interface JsonTotals {
  macs: number;
  ops: number;
  params: number;
  /** False when a layer was not counted (the totals leave it out), or counted past 2^53 - 1 (rounded). */
  complete: boolean;
  layers: number;
  uncounted: number;
  /** Layers whose counts passed 2^53 - 1 and were rounded. */
  inexact?: number;
  /** The exact decimal digits of a total past 2^53 - 1, summed exactly (the number field is rounded). */
  exact?: { macs?: string; ops?: string; params?: string };
  /** Why the totals are incomplete or rounded. */
  notes?: string[];
  /** Samples per run: the model's `batch` parameter (1 when it has none). */
  batch: number;
  // ---- with a target ----
  /** Seconds per run of the model (sequential: the sum; pipelined: the latency). */
  time?: number;
  /** Runs per second (a run processes `batch` samples). */
  throughput?: number;
  /** Samples per second: throughput x batch. */
  samplesPerSecond?: number;
  /** Joules per run, when the target has an energy table. */
  energy?: number;
  /** Cycles, when the target has an unroll or a systolic array (sequential: time x clock). */
  cycles?: number;
  /** Operations per joule of the model. */
  opsPerJoule?: number;
  energyByLevel?: Record<string, number>;
  /** Off-chip bytes per run. */
  traffic?: number;
  /** The bound with the largest share of time, and that share. */
  bound?: string;
  boundShare?: number;
  /** False when a counted layer has no cost figures either. */
  costComplete?: boolean;
}

export interface JsonReport {
  schemaVersion: number;
  file: string;
  target?: JsonTarget;
  model: string | null;
  models: string[];
  params: Record<string, number>;
  inputs: { name: string; shape: Shape | null; precision: string }[];
  layers: JsonLayer[];
  totals: JsonTotals;
  diagnostics: JsonDiagnostic[];
  /** Model-wide notes of the cost models (execution model, missing energy table...). */
  notes?: string[];
}

export function jsonDiagnostic(d: Diagnostic, lines: LineIndex): JsonDiagnostic {
  return { code: d.code, severity: d.severity, message: d.message, range: lines.range(d.span.start, d.span.end) };
}

export function jsonLayer(l: Layer, lines: LineIndex): JsonLayer {
  const out: JsonLayer = {
    name: l.name,
    op: l.op,
    range: lines.range(l.span.start, l.span.end),
    inputs: l.inputs,
    output: l.outputs[0] ?? null,
    precision: l.precision,
    macs: l.macs,
    ops: l.ops,
    params: l.params,
    bytes: { ...l.bytes },
    counted: l.counted,
    notes: l.notes,
  };
  if (l.outputs.length > 1) out.outputs = l.outputs;
  if (l.tile) out.tile = l.tileOrder ? { factors: l.tile, source: 'file', order: l.tileOrder } : { factors: l.tile, source: 'file' };
  if (l.fuse) out.fuse = true;
  if (l.split) out.split = l.split;
  return out;
}

/** Adds a layer's cost figures; absent figures stay absent (never a zero). */
export function addCost(out: JsonLayer, c: CostedLayer): void {
  if (c.status !== 'ok') {
    out.costStatus = c.status;
    return;
  }
  const put = <K extends keyof JsonLayer>(k: K, v: JsonLayer[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  if (c.traffic) {
    out.traffic = c.traffic.used;
    out.trafficDetail = { compulsory: c.traffic.compulsory, model: c.traffic.model };
    if (c.traffic.tiled !== undefined) out.trafficDetail.tiled = c.traffic.tiled;
  }
  put('ctc', c.ctc);
  put('attainable', c.attainable);
  put('bound', c.bound);
  put('time', c.time);
  put('share', c.share);
  put('cycles', c.cycles);
  put('computeCycles', c.computeCycles);
  put('stallCycles', c.stallCycles);
  put('utilization', c.utilization);
  put('mappingEfficiency', c.mappingEfficiency);
  put('computeUtilization', c.computeUtilization);
  if (c.systolic) {
    out.arrays = c.systolic.arrays;
    out.folds = { total: c.systolic.folds, perArray: c.systolic.foldsPerArray, rows: c.systolic.rowFolds, cols: c.systolic.colFolds };
  }
  put('accesses', c.accesses);
  if (c.tile && c.tile.source !== 'none') {
    out.tile = { factors: c.tile.factors, source: c.tile.source };
    if (c.tile.fits !== undefined) out.tile.fits = c.tile.fits;
    if (c.tile.order !== undefined) out.tile.order = c.tile.order;
  }
  if (c.buffer) out.buffer = c.buffer.capacity !== undefined ? { need: c.buffer.need, capacity: c.buffer.capacity } : { need: c.buffer.need };
  put('energy', c.energy);
  put('energyByLevel', c.energyByLevel);
  put('opsPerJoule', c.opsPerJoule);
  put('slack', c.slack);
  put('critical', c.critical);
  put('fused', c.fused);
  put('fusionKind', c.fusionKind);
  put('fusedInto', c.fusedInto);
  put('fusionRole', c.fusionRole);
  out.approximations = c.approximations;
  if (c.notes.length > 0) out.notes = [...out.notes, ...c.notes];
}

export interface CostContext {
  chosen: ChosenTarget;
  cost: CostedModel;
}

/** The report of `model` (the first model of the file when absent), with its cost when given. */
export function jsonReport(analysis: FileAnalysis, fileName: string, model?: ModelResult, costed?: CostContext): JsonReport {
  const lines = new LineIndex(analysis.text);
  const m = model ?? analysis.models[0];
  const layers = (m?.layers ?? []).map((l) => jsonLayer(l, lines));
  const report: JsonReport = {
    schemaVersion: JSON_SCHEMA_VERSION,
    file: fileName,
    model: m ? m.name : null,
    models: analysis.models.map((x) => x.name),
    params: Object.fromEntries((m?.params ?? []).map((p) => [p.name, p.value])),
    inputs: (m?.inputs ?? []).map((i) => ({ name: i.name, shape: i.shape, precision: i.precision })),
    layers,
    totals: m ? { ...m.totals, batch: batchOf(m) } : { macs: 0, ops: 0, params: 0, complete: false, layers: 0, uncounted: 0, batch: 1 },
    diagnostics: analysis.diagnostics.map((d) => jsonDiagnostic(d, lines)),
  };
  if (costed) {
    const { chosen, cost } = costed;
    report.target = { name: chosen.target.name, title: chosen.target.title, origin: chosen.origin, execution: cost.execution, traffic: cost.traffic, fusion: cost.fusion };
    cost.layers.forEach((c, i) => layers[i] && addCost(layers[i], c));
    const t = cost.totals;
    const totals = report.totals;
    totals.time = t.time;
    totals.throughput = t.throughput;
    totals.samplesPerSecond = t.throughput * totals.batch;
    if (t.energy !== undefined) totals.energy = t.energy;
    if (t.cycles !== undefined) totals.cycles = t.cycles;
    if (t.opsPerJoule !== undefined) totals.opsPerJoule = t.opsPerJoule;
    if (t.energyByLevel !== undefined) totals.energyByLevel = t.energyByLevel;
    totals.traffic = t.traffic;
    if (t.bound !== undefined) totals.bound = t.bound;
    if (t.boundShare !== undefined) totals.boundShare = t.boundShare;
    totals.costComplete = t.complete;
    report.notes = cost.notes;
  }
  return report;
}
