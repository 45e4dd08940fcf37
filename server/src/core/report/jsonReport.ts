// The JSON report of one model: the public, documented schema of `roofline analyze --format json`
// (docs/cli-json.md). Users' scripts depend on these field names: add fields, never rename them.
import type { FileAnalysis } from '../analyze';
import type { CostedLayer, CostedModel } from '../cost/analyzeCost';
import type { Accesses } from '../cost/systolicMemory';
import type { LoopOrder } from '../cost/nest';
import type { ChosenTarget, RooflineAnalysis } from '../roofline';
import type { Diagnostic } from '../diagnostics/types';
import type { Shape } from '../ops/types';
import type { Layer, ModelResult, StoredWeights, Totals } from '../semantics/model';
import { LineIndex, type Range } from '../text/lineIndex';
import { rolesOf, type PrecisionRoles } from '../precision';
import { batchOf } from './throughput';
import { jsonLayerParallel, jsonParallel, type JsonCollective, type JsonParallel } from '../parallel/jsonParallel';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonLayer {
  name: string;
  op: string;
  range: Range;
  inputs: (Shape | null)[];
  output: Shape | null;
  /** Present only for operators with several outputs (split). */
  outputs?: (Shape | null)[];
  /** The activations' datatype, which is also the math type (the peak it runs at, unless the target has none for it). */
  precision: string;
  /** Datatypes by role: weights, activations (= precision) and KV cache. */
  precisions: PrecisionRoles;
  macs: number;
  ops: number;
  params: number;
  /** Parameters one token uses, where fewer than params (mixture of experts). */
  activeParams?: number;
  /** A part of a call taken apart: the call's layer name (`h[0].attn`), the part's (`qk`), and its @attention mode if written. */
  part?: { of: string; name: string; mode?: string };
  /** Bytes by role: inputs and outputs at their datatypes, weights at the weights', cache (KV read and written) at the KV's. */
  bytes: { input: number; weight: number; output: number; cache: number };
  counted: boolean;
  notes: string[];
  /** The tile used: written in the file (`@tile`) or chosen by the search. */
  tile?: { factors: Record<string, number>; source: 'file' | 'search'; fits?: boolean; order?: LoopOrder };
  fuse?: boolean;
  split?: number;
  // ---- with a target (--target, or the file's `use target`) ----
  /** Why the layer has no cost figures: 'uncounted', 'no-peak', 'error'. */
  costStatus?: string;
  /** The precision whose peak the layer runs at: its math type's, or the nearest the target has. */
  peakPrecision?: string;
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
  approximations?: readonly string[];
  /** Producer of a fused group: its members' names; the figures above are the whole group's. */
  fused?: string[];
  /** The group's kind: 'bnFold', 'epilogue', 'pool', 'softmax'. */
  fusionKind?: string;
  /** Member of a fused group: the producer's name (time 0, share 0, no traffic of its own). */
  fusedInto?: string;
  /** How the member joined: 'bnFold', 'epilogue', 'residual', 'pool', 'softmax', 'annotation'. */
  fusionRole?: string;
  /** Under a parallel plan: how the layer is split over its devices; its pipeline stage; a collective's algorithm, bytes, steps and link. */
  shard?: string;
  stage?: number;
  collective?: JsonCollective;
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

/** The model's totals (semantics/model.ts: counts, exactness, weights, KV cache, activations), and: */
export interface JsonTotals extends Totals {
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
  /** The weights as the file stores them (GGUF: summed from its tensor infos). */
  weights?: StoredWeights;
  diagnostics: JsonDiagnostic[];
  /** Model-wide notes of the cost models (execution model, missing energy table...). */
  notes?: string[];
  /** The parallel plan in force (--tp/--pp/--ep/--dp, `use parallel`): every layer's figures are then one device's. */
  parallel?: JsonParallel;
  /** The phase analysed (--phase): the phase, its prompt and new tokens, and the params it set. */
  phase?: { phase: string; prompt?: number; new?: number; params: Record<string, number> };
  /** --phase generate: time to first token, time per output token, total (seconds), tokens/s. */
  generation?: { prompt: number; new: number; ttft: number; tpot: number; total: number; tokensPerSecond: number };
}

export function jsonDiagnostic(d: Diagnostic, lines: LineIndex): JsonDiagnostic {
  return { code: d.code, severity: d.severity, message: d.message, range: lines.range(d.span.start, d.span.end) };
}

/** A layer as the JSON report gives it (its counts, and its plan: shard, stage, and a collective's figures when its cost `c` is given). */
function jsonLayer(l: Layer, lines: LineIndex, c?: CostedLayer): JsonLayer {
  const out: JsonLayer = {
    name: l.name,
    op: l.op,
    range: lines.range(l.span.start, l.span.end),
    inputs: l.inputs,
    output: l.outputs[0] ?? null,
    precision: l.precision,
    precisions: rolesOf(l),
    macs: l.macs,
    ops: l.ops,
    params: l.params,
    bytes: { ...l.bytes },
    counted: l.counted,
    notes: l.notes,
  };
  if (l.activeParams !== undefined) out.activeParams = l.activeParams;
  if (l.part) out.part = l.part.mode ? { of: l.part.of, name: l.part.name, mode: l.part.mode } : { of: l.part.of, name: l.part.name };
  if (l.outputs.length > 1) out.outputs = l.outputs;
  if (l.tile) out.tile = l.tileOrder ? { factors: l.tile, source: 'file', order: l.tileOrder } : { factors: l.tile, source: 'file' };
  if (l.fuse) out.fuse = true;
  if (l.split) out.split = l.split;
  Object.assign(out, jsonLayerParallel(l, c));
  return out;
}

/** Adds a layer's cost figures but its approximations (the last field, layerApproximations); absent figures stay absent (never a zero). */
function addCost(out: JsonLayer, c: CostedLayer): void {
  if (c.status !== 'ok') {
    out.costStatus = c.status;
    return;
  }
  // Named stores, one a field: a helper storing `out[k]` (a keyed store) turned each layer's object
  // into a dictionary past 16 fields, slower to write as JSON.
  if (c.peakPrecision !== undefined) out.peakPrecision = c.peakPrecision;
  if (c.traffic) {
    out.traffic = c.traffic.used;
    out.trafficDetail = { compulsory: c.traffic.compulsory, model: c.traffic.model };
    if (c.traffic.tiled !== undefined) out.trafficDetail.tiled = c.traffic.tiled;
  }
  if (c.ctc !== undefined) out.ctc = c.ctc;
  if (c.attainable !== undefined) out.attainable = c.attainable;
  if (c.bound !== undefined) out.bound = c.bound;
  if (c.time !== undefined) out.time = c.time;
  if (c.share !== undefined) out.share = c.share;
  if (c.cycles !== undefined) out.cycles = c.cycles;
  if (c.computeCycles !== undefined) out.computeCycles = c.computeCycles;
  if (c.stallCycles !== undefined) out.stallCycles = c.stallCycles;
  if (c.utilization !== undefined) out.utilization = c.utilization;
  if (c.mappingEfficiency !== undefined) out.mappingEfficiency = c.mappingEfficiency;
  if (c.computeUtilization !== undefined) out.computeUtilization = c.computeUtilization;
  if (c.systolic) {
    out.arrays = c.systolic.arrays;
    out.folds = { total: c.systolic.folds, perArray: c.systolic.foldsPerArray, rows: c.systolic.rowFolds, cols: c.systolic.colFolds };
  }
  if (c.accesses !== undefined) out.accesses = c.accesses;
  if (c.tile && c.tile.source !== 'none') {
    out.tile = { factors: c.tile.factors, source: c.tile.source };
    if (c.tile.fits !== undefined) out.tile.fits = c.tile.fits;
    if (c.tile.order !== undefined) out.tile.order = c.tile.order;
  }
  if (c.buffer) out.buffer = c.buffer.capacity !== undefined ? { need: c.buffer.need, capacity: c.buffer.capacity } : { need: c.buffer.need };
  if (c.energy !== undefined) out.energy = c.energy;
  if (c.energyByLevel !== undefined) out.energyByLevel = c.energyByLevel;
  if (c.opsPerJoule !== undefined) out.opsPerJoule = c.opsPerJoule;
  if (c.slack !== undefined) out.slack = c.slack;
  if (c.critical !== undefined) out.critical = c.critical;
  if (c.fused !== undefined) out.fused = c.fused;
  if (c.fusionKind !== undefined) out.fusionKind = c.fusionKind;
  if (c.fusedInto !== undefined) out.fusedInto = c.fusedInto;
  if (c.fusionRole !== undefined) out.fusionRole = c.fusionRole;
  if (c.notes.length > 0) out.notes = [...out.notes, ...c.notes];
}

export interface CostContext {
  chosen: ChosenTarget;
  cost: CostedModel;
}

/** The approximations of a costed layer (a layer's last field in the report), if it has figures. */
function layerApproximations(c: CostedLayer | undefined): readonly string[] | undefined {
  return c?.status === 'ok' ? c.approximations : undefined;
}

/** A list whose items are made when read, one at a time (JSON.stringify reads it whole, through toJSON). */
export interface LazyList<T> {
  readonly length: number;
  item(i: number): T;
  /** Writes item i's compact JSON through `put`, in pieces: the text JSON.stringify(item(i)) gives, made faster (cli/jsonStream.ts). */
  json?(i: number, put: (piece: string) => void): void;
  toJSON(): T[];
}

function lazyList<T>(length: number, item: (i: number) => T, json?: LazyList<T>['json']): LazyList<T> {
  const list: LazyList<T> = { length, item, toJSON: () => Array.from({ length }, (_, i) => item(i)) };
  if (json) list.json = json;
  return list;
}

/** A report whose layers are made as they are written (cli/jsonStream.ts), so that a large one is never whole in memory. */
export type StreamedReport = Omit<JsonReport, 'layers'> & { layers: LazyList<JsonLayer> };

/** The report of `model` (the first model of the file when absent), with its cost when given. */
export function jsonReport(analysis: FileAnalysis & Pick<RooflineAnalysis, 'phase' | 'generations'>, fileName: string, model?: ModelResult, costed?: CostContext): JsonReport {
  const report = streamedReport(analysis, fileName, model, costed);
  return { ...report, layers: report.layers.toJSON() };
}

/** The same report, its layers made one at a time when read. */
export function streamedReport(analysis: FileAnalysis & Pick<RooflineAnalysis, 'phase' | 'generations'>, fileName: string, model?: ModelResult, costed?: CostContext): StreamedReport {
  const lines = new LineIndex(analysis.text);
  const m = model ?? analysis.models[0];
  const modelLayers = m?.layers ?? [];
  const layerOf = (i: number, c: CostedLayer | undefined): JsonLayer => {
    const out = jsonLayer(modelLayers[i], lines, c);
    if (c) addCost(out, c);
    return out;
  };
  // Layers that make the same approximations share one list (cost/approximations.ts): its JSON is
  // made once, and each layer's JSON is the rest of the layer's with it spliced in as the last field.
  const listJson = new Map<readonly string[], string>();
  const layers = lazyList(
    modelLayers.length,
    (i) => {
      const c = costed?.cost.layers[i];
      const out = layerOf(i, c);
      const a = layerApproximations(c);
      if (a) out.approximations = a;
      return out;
    },
    (i, put) => {
      const c = costed?.cost.layers[i];
      const json = JSON.stringify(layerOf(i, c));
      const a = layerApproximations(c);
      if (!a) return put(json);
      let list = listJson.get(a);
      if (list === undefined) listJson.set(a, (list = JSON.stringify(a)));
      put(json.slice(0, -1));
      put(',"approximations":');
      put(list);
      put('}');
    },
  );
  const report: StreamedReport = {
    schemaVersion: JSON_SCHEMA_VERSION,
    file: fileName,
    model: m ? m.name : null,
    models: analysis.models.map((x) => x.name),
    params: Object.fromEntries((m?.params ?? []).map((p) => [p.name, p.value])),
    inputs: (m?.inputs ?? []).map((i) => ({ name: i.name, shape: i.shape, precision: i.precision })),
    layers,
    totals: m ? { ...m.totals, batch: batchOf(m) } : { macs: 0, ops: 0, params: 0, activeParams: 0, complete: false, layers: 0, uncounted: 0, weightBytes: 0, kvCacheBytes: 0, activationBytes: 0, batch: 1 },
    diagnostics: analysis.diagnostics.map((d) => jsonDiagnostic(d, lines)),
  };
  if (m?.weights) report.weights = m.weights;
  if (costed) {
    const { chosen, cost } = costed;
    report.target = { name: chosen.target.name, title: chosen.target.title, origin: chosen.origin, execution: cost.execution, traffic: cost.traffic, fusion: cost.fusion };
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
  const parallel = m ? jsonParallel(m, costed?.chosen.target, costed?.cost) : undefined;
  if (parallel) report.parallel = parallel;
  const p = analysis.phase;
  if (p) {
    report.phase = { phase: p.phase, params: { ...p.params } };
    if (p.prompt !== undefined) report.phase.prompt = p.prompt;
    if (p.newTokens !== undefined) report.phase.new = p.newTokens;
  }
  const g = m ? analysis.generations?.[analysis.models.indexOf(m)] : undefined;
  if (g) report.generation = { prompt: g.prompt, new: g.new, ttft: g.ttft, tpot: g.tpot, total: g.total, tokensPerSecond: g.tokensPerSecond };
  return report;
}
