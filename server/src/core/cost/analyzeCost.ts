// The cost façade: a counted model (semantics/model.ts) on a target (hardware/types.ts) in, a costed
// model (types.ts) out. It composes the small models of this folder, each with its source:
// roofline.ts (Williams et al. 2009), traffic.ts, buffer.ts, compute.ts and tileSearch.ts (Zhang et
// al., FPGA 2015), systolic.ts (SCALE-Sim v2), energy.ts (Horowitz, ISSCC 2014), execution.ts.
//
// Per layer: the compute roof (peak for the layer's precision, or the nearest, x the array's
// utilisation), the tile (the file's `@tile`, clipped; else the search's best within the buffer),
// off-chip traffic (tiled, or compulsory), a roof per memory level, the bound, the time, energy,
// and slack under the execution model. Conv and GEMM layers are tiled; every other layer moves its
// compulsory bytes and runs at peak. A layer that is not counted gets a status and no figures, never
// a zero. Every approximation a layer relies on is listed with it, from APPROXIMATIONS.
//
// `@tile` reaches the conv or GEMM layer it applies to through the evaluator (annotations.ts).
// Pure; never throws.
import type { MemoryLevel, Target } from '../hardware/types';
import { analysisSearchStepsLeft, LIMITS, overTimeBudget, spendSearchSteps } from '../limits';
import { weightMatrixElems } from '../ops/types';
import { bytesOf, PRECISION_ROLES, PRECISIONS, rolesOf, type Precision } from '../precision';
import type { Layer, ModelResult } from '../semantics/model';
import { APPROXIMATIONS, EXECUTION_NOTES, NO_APPROXIMATIONS, withApproximation, type ApproximationId } from './approximations';
import { unrolledCompute } from './compute';
import { arrayMemory, systolicEngine, unrolledEngine, type EngineCycles } from './engineCycles';
import type { ArrayMemory } from './systolicMemory';
import { nestTraffic } from './traffic';
import { layerEnergy, gopPerJoule } from './energy';
import { criticalOf, longestPath, pipelined, slackOf } from './execution';
import { factorsToPins, LOOP_ORDERS, nestOf, TILE_DIMS, tileToFactors, type LoopOrder, type Nest, type Tile } from './nest';
import { peakFor, type PeakChoice } from './peak';
import { LOW_UTILIZATION, roofline, ridgePoint } from './roofline';
import { nestSystolic } from './systolic';
import { evaluateTile, searchTiles, type SearchSpec, type TileEval, type TileSearchResult } from './tileSearch';
import { LayerFigures } from './layerFigures';
import { CostMemo, type ContextCosts, type CostInput, type GroupFigures, type GroupKey, type LayerCost } from './costMemo';
import type { GroupCostInput } from './groupCost';
import { DEFAULT_FUSION, fusionGraph, GROUP_KINDS, planFusion, samePlanInput, type FusionGraph, type FusionGroup } from './fusion';
import { sameData } from '../semantics/sameData';
import { compulsoryBytes, costedBytes } from './traffic';
import { costCollectiveLayer } from '../parallel/collectiveCost';
import type { CostedLayer, CostedModel, CostOptions, CostTotals, Execution, LevelRoof, RidgePoint, TrafficModel } from './types';
import { formatCount } from '../../protocol/format';

export { APPROXIMATIONS, EXECUTION_NOTES } from './approximations';
export type * from './types';

const LOOP_ORDER: Record<LoopOrder, Record<'conv' | 'gemm', string>> = {
  output: {
    conv: 'Loops: rows, columns, output maps, input maps innermost; the output tile stays on chip, input and weight tiles reload every trip.',
    gemm: 'Loops: rows, columns, inner dimension innermost; the output tile stays on chip, both operand tiles reload every trip.',
  },
  weight: {
    conv: 'Loops: output maps, input maps, then rows and columns innermost; the weight tile stays on chip, input tiles reload every trip, partial output tiles are written and read back.',
    gemm: 'Loops: columns, inner dimension, then rows innermost; the right operand (weight) tile stays on chip, left operand tiles reload every trip, partial output tiles are written and read back.',
  },
  input: {
    conv: 'Loops: input maps, rows, columns, then output maps innermost; the input tile stays on chip, weight tiles reload every trip, partial output tiles are written and read back.',
    gemm: 'Loops: inner dimension, rows, then columns innermost; the left operand tile stays on chip, right operand tiles reload every trip, partial output tiles are written and read back.',
  },
};

interface Level {
  name: string;
  bandwidth: number;
  offChip: boolean;
}

interface Ctx {
  target: Target;
  options: CostOptions;
  search: boolean;
  trafficModel: TrafficModel;
  levels: Level[];
  /** Narrowest bandwidth of the levels (all carry the tile loads), Infinity without any. */
  minBandwidth: number;
  capacity?: number;
  clock?: number;
  /** Search answers by problem: repeated blocks (ResNet stages, transformer layers) search once. */
  searches: Map<string, TileSearchResult>;
  /** Evaluations and probes of the model's tile searches so far, against LIMITS.modelSearchSteps. */
  searchSteps: number;
  /** Peak by precision (with the fallback), looked up once each. */
  peaks: Map<Precision, PeakChoice | undefined>;
  /** A systolic target's SRAMs and DRAM interface, by word size. */
  arrayMemory: Map<number, ArrayMemory>;
  /** Bytes a second of the off-chip level (undefined without one). */
  offChipBandwidth?: number;
  /** Bytes of each tiled layer's final output-tile stores (what a fused group keeps on chip). */
  tiledOutput: Map<number, number>;
}

function memoArrayMemory(ctx: Ctx, wordBytes: number): ArrayMemory {
  let m = ctx.arrayMemory.get(wordBytes);
  if (!m) {
    m = arrayMemory(ctx.target, wordBytes, ctx.offChipBandwidth, ctx.clock ?? 0);
    if (ctx.options.replayLimit !== undefined) m.replayLimit = ctx.options.replayLimit;
    ctx.arrayMemory.set(wordBytes, m);
  }
  return m;
}

/** The tile search, memoised on everything its answer depends on. */
function memoSearch(ctx: Ctx, spec: SearchSpec): TileSearchResult {
  const n = spec.nest;
  const p = spec.pins ?? {};
  const key = [n.m, n.n, n.r, n.c, n.kh, n.kw, n.s, n.repeat, p.m, p.n, p.r, p.c, spec.bytes, spec.ops, spec.computeRoof, spec.bandwidth, spec.capacity, spec.fused ? 1 : 0, spec.budget, (spec.orders ?? []).join('/')].join(',');
  let r = ctx.searches.get(key);
  if (!r) {
    // All the searches of one model share LIMITS.modelSearchSteps, and those of all the models of
    // one analysis LIMITS.analysisSearchSteps (a file of many distinct huge layers stays bounded);
    // past either, each search still gets a small budget and is marked inexact.
    const left = Math.max(MIN_SEARCH_STEPS, Math.min(LIMITS.modelSearchSteps - ctx.searchSteps, analysisSearchStepsLeft()));
    const budget = Math.min(spec.budget ?? LIMITS.tileSearchSteps, left);
    r = searchTiles({ ...spec, budget });
    ctx.searchSteps += r.evaluations + r.probes;
    spendSearchSteps(r.evaluations + r.probes);
    ctx.searches.set(key, r);
  }
  return r;
}

/** The budget of a search once the model's is spent: enough for a usable (inexact) answer. */
const MIN_SEARCH_STEPS = 10_000;

function usableLevels(memory: MemoryLevel[]): Level[] {
  const ok = memory.filter((l) => Number.isFinite(l.bandwidth?.value) && l.bandwidth.value > 0);
  const off = ok.findIndex((l) => l.offChip);
  return ok.map((l, i) => ({ name: l.name, bandwidth: l.bandwidth.value, offChip: off >= 0 ? i === off : i === 0 }));
}

function positive(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : undefined;
}


/**
 * A layer's figures (its index and name are the caller's): a function of its cost input and the
 * context only. `side.tiledOutput`: the bytes of the output tiles' final stores (a fused group keeps
 * them on chip), for the fusion stage.
 */
function costLayer(layer: CostInput, ctx: Ctx, side: { tiledOutput?: number }): CostedLayer {
  const out: CostedLayer = { index: -1, name: '', op: layer.op, status: 'ok', approximations: NO_APPROXIMATIONS, notes: [] };
  const fileTile = layer.dims ? layer.tile : undefined;
  const fileOrder: LoopOrder | undefined = layer.dims ? layer.tileOrder : undefined;
  const approx = (id: ApproximationId) => (out.approximations = withApproximation(out.approximations, APPROXIMATIONS[id]));
  if (!layer.counted) {
    out.status = 'uncounted';
    out.message = 'Not counted (see the error on this layer): no cost figures, and the totals leave it out.';
    return out;
  }
  const target = ctx.target;
  const precision = ctx.options.precision ?? layer.precision;
  if (!ctx.peaks.has(precision)) ctx.peaks.set(precision, peakFor(target, precision));
  const pk = ctx.peaks.get(precision);
  if (!pk) {
    out.status = 'no-peak';
    out.message = `${target.title || target.name} lists no peak throughput: no cost figures.`;
    return out;
  }
  out.precision = precision;
  out.peakPrecision = pk.precision;
  if (pk.fallback) {
    approx('precisionFallback');
    out.notes.push(`Runs at the ${pk.precision} peak: the target lists none for ${precision}.`);
  }
  const roles = rolesOf(layer);
  if (ctx.options.precision && PRECISION_ROLES.some((r) => roles[r] !== precision)) approx('precisionOverride');
  const bytes = costedBytes(layer, ctx.options.precision);
  const wordBytes = bytesOf(precision);
  const ops = layer.ops;
  const macs = layer.macs;
  out.ops = ops;
  out.macs = macs;
  const compulsory = compulsoryBytes(bytes);
  const dims = layer.dims;
  const nest: Nest | undefined = dims && macs > 0 ? nestOf(dims) : undefined;

  // Compute: the array's cycles and utilisation for conv and GEMM layers; the peak otherwise. A
  // systolic target with a clock is costed by cycles (compute + memory stalls, engineCycles.ts).
  let util: number | undefined;
  let engine: EngineCycles | undefined;
  if (nest) {
    if (target.unroll) {
      const c = unrolledCompute(nest, { m: target.unroll.m, n: target.unroll.n });
      out.cycles = c.cycles;
      util = c.utilization;
      approx('unrollCycles');
      if (ctx.clock && Math.abs(2 * target.unroll.m * target.unroll.n * ctx.clock - pk.peak) > 0.01 * pk.peak) approx('peakVsArray');
    } else if (target.systolic) {
      const sys = target.systolic;
      const arrays = Math.max(1, sys.arrays ?? 1);
      if (ctx.clock) {
        engine = systolicEngine(nest, target, memoArrayMemory(ctx, wordBytes));
        util = engine.utilization;
        out.systolic = { ...engine.systolic! };
        approx('systolicMemory');
        if (engine.systolic?.resweeps) approx('systolicResweep');
      } else {
        const s = nestSystolic(nest, { ...sys, arrays });
        out.cycles = s.cycles;
        util = s.utilization;
        out.systolic = { arrays, folds: s.folds * nest.repeat, foldsPerArray: s.foldsPerArray * nest.repeat, rowFolds: s.mapping.rowFolds, colFolds: s.mapping.colFolds, mappingEfficiency: s.mappingEfficiency, resweeps: false };
        if (s.computeUtilization !== undefined) out.systolic.computeUtilization = s.computeUtilization;
      }
      out.mappingEfficiency = out.systolic.mappingEfficiency;
      if (out.systolic.computeUtilization !== undefined) out.computeUtilization = out.systolic.computeUtilization;
      approx('systolicCycles');
      if (arrays > 1) approx('systolicArrays');
      if (ctx.clock && Math.abs(2 * sys.rows * sys.cols * arrays * ctx.clock - pk.peak) > 0.01 * pk.peak) approx('peakVsArray');
    }
  } else if (layer.part && macs > 0) {
    approx('attentionUntiled');
  } else {
    if (ops > 0) approx('elementwisePeak');
    if (compulsory > 0) approx('noTilingModel');
  }
  out.utilization = util;
  const computeRoof = pk.peak * (util ?? 1);
  out.peak = pk.peak;
  out.computeRoof = computeRoof;

  // Tile and off-chip traffic.
  let tiled: number | undefined;
  let noTileFits = false;
  // The weight bytes beyond the weight matrix's elements at `w` bytes each (a bias: read once, not tiled).
  const beyondTile = (w: number) => (dims ? Math.max(0, bytes.weight - weightMatrixElems(dims) * w) : 0);
  if (engine && dims) {
    // The array's dataflow and SRAMs set the DRAM words: no tile to choose.
    const a = engine.accesses.dram;
    const extra = beyondTile(wordBytes);
    tiled = (a.ifmap.reads + a.filter.reads + a.ofmap.writes) * wordBytes + extra;
    if (extra > 0) approx('biasOnce');
    out.tile = { factors: {}, source: 'none' };
  } else if (nest && dims) {
    // The file's order, else: the file's tile keeps the default (output) order; the search tries them all.
    const orders: readonly LoopOrder[] = fileOrder ? [fileOrder] : fileTile ? ['output'] : LOOP_ORDERS;
    const spec: SearchSpec = { nest, bytes: wordBytes, ops, computeRoof, bandwidth: ctx.minBandwidth, capacity: ctx.capacity ?? Infinity, budget: ctx.options.searchBudget, orders };
    const unrollPins: Partial<Tile> = target.unroll ? { m: target.unroll.m, n: target.unroll.n } : {};
    let chosen: TileEval | undefined;
    let source: 'file' | 'search' | 'none' = 'none';
    let search: { evaluations: number; probes: number; space: number; exact: boolean } | undefined;
    if (fileTile) {
      const { pins, ignored } = factorsToPins(dims.kind, fileTile);
      if (ignored.length > 0) out.notes.push(`@tile factor${ignored.length > 1 ? 's' : ''} ${ignored.join(', ')} do${ignored.length > 1 ? '' : 'es'} not apply to ${layer.op} and ${ignored.length > 1 ? 'were' : 'was'} ignored.`);
      const u = target.unroll;
      if (u && ((pins.m !== undefined && Math.min(pins.m, nest.m) !== Math.min(u.m, nest.m)) || (pins.n !== undefined && Math.min(pins.n, nest.n) !== Math.min(u.n, nest.n)))) approx('fileTileUnroll');
      const merged: Partial<Tile> = { ...unrollPins, ...pins };
      if (TILE_DIMS.every((d) => pins[d] !== undefined)) {
        chosen = evaluateFixed(spec, merged);
      } else {
        approx('fileTileFilled');
        if (ctx.search && ctx.capacity !== undefined) {
          spec.pins = merged;
          const r = memoSearch(ctx, spec);
          chosen = r.best;
          if (!r.exact) approx('searchCut');
        } else chosen = evaluateFixed(spec, merged);
      }
      source = 'file';
    } else if (ctx.search && ctx.capacity !== undefined) {
      spec.pins = unrollPins;
      const r = memoSearch(ctx, spec);
      chosen = r.best;
      source = 'search';
      search = { evaluations: r.evaluations, probes: r.probes, space: r.space, exact: r.exact };
      if (!r.exact) approx('searchCut');
      if (!r.fits) noTileFits = true;
    } else approx(ctx.capacity === undefined ? 'noBufferCapacity' : 'noTile');
    if (chosen) {
      // Weights of another width than the activations (weight-only quantisation): the tile is the
      // one chosen at the activations' width, its weight words counted at the weights' width.
      const weightWordBytes = ctx.options.precision ? wordBytes : bytesOf(roles.weights);
      const terms = nestTraffic(nest, chosen.tile, chosen.order);
      const narrower = weightWordBytes !== wordBytes && weightMatrixElems(dims) > 0 ? (weightWordBytes - wordBytes) * terms.weightWords * nest.repeat : 0;
      if (narrower !== 0) approx('tileAtActivationWidth');
      const extra = beyondTile(weightWordBytes);
      tiled = chosen.traffic + narrower + extra;
      // The final store of every output tile (partial sums of the other loop orders apart): what a
      // fused group keeps on chip when only the group reads this layer's output.
      side.tiledOutput = terms.stores * terms.tileOut * nest.repeat * wordBytes;
      if (extra > 0) approx('biasOnce');
      approx('tiledLoopOrder');
      approx('fullTiles');
      if (dims.kind === 'conv' && dims.batch > 1) approx('batchOuter');
      if (dims.kind === 'gemm') approx('gemmAsConv');
      out.tile = { factors: tileToFactors(dims.kind, chosen.tile), source, order: chosen.order, loopOrder: LOOP_ORDER[chosen.order][dims.kind] };
      if (ctx.capacity !== undefined) {
        out.tile.fits = chosen.fits;
        if (!chosen.fits && source === 'file') out.notes.push(`The file's tile needs ${formatCount(chosen.buffer)} bytes of on-chip buffer (double-buffered); the target has ${formatCount(ctx.capacity)}.`);
      }
      if (search) out.tile.search = search;
      out.buffer = { need: chosen.buffer, capacity: ctx.capacity };
      if (target.unroll && ctx.clock) {
        const bias = beyondTile(wordBytes) / wordBytes;
        const dram = { input: terms.inputWords * nest.repeat, weight: terms.weightWords * nest.repeat + bias, output: terms.outputWords * nest.repeat };
        const perCycle = Number.isFinite(ctx.minBandwidth) ? ctx.minBandwidth / ctx.clock / wordBytes : undefined;
        engine = unrolledEngine(nest, target.unroll, dram, perCycle);
      }
    } else {
      out.tile = { factors: {}, source: 'none' };
    }
  }
  const model: TrafficModel = ctx.trafficModel === 'tiled' && tiled !== undefined ? 'tiled' : 'compulsory';
  if (ctx.trafficModel === 'compulsory' && nest) approx('compulsoryChosen');
  const used = model === 'tiled' ? (tiled as number) : compulsory;
  out.traffic = { compulsory, tiled, used, model };
  if (ctx.levels.some((l) => !l.offChip)) approx('onChipTileLoads');
  const onChip = tiled ?? compulsory;
  const levels = ctx.levels.map((l) => ({ name: l.name, bandwidth: l.bandwidth, traffic: l.offChip ? used : onChip }));
  const rf = roofline({ ops, peak: pk.peak, utilization: util, levels });
  if (rf.time > 0) approx('overlap');
  out.roofs = levelRoofs(rf, ctx);
  if (used > 0) out.ctc = ops / used;
  out.attainable = rf.attainable;
  out.time = Number.isFinite(rf.time) ? rf.time : undefined;
  out.bound = noTileFits ? 'buffer' : rf.bound;
  if (noTileFits) out.notes.push('Even the smallest tile overflows the on-chip buffer: figures are for the smallest tile.');
  if (ctx.clock && (target.unroll || target.systolic)) clockedTime(out, engine, rf, ctx.clock, approx);

  // Energy, by level: from the engine's access counts where it has them.
  const table = target.energy;
  if (table) {
    const off = ctx.levels.find((l) => l.offChip)?.name;
    const e = layerEnergy(table, { macs, precision, levels, bufferBytes: table.bytePj.buffer !== undefined ? used : 0, accesses: out.accesses, wordBytes, offChip: off });
    out.energy = e.joules;
    out.energyByLevel = e.byLevel;
    if (e.joules > 0 && ops > 0) out.opsPerJoule = ops / e.joules;
    approx('energyMacsAndBytes');
    if (out.accesses) approx('energyAccesses');
    else if (table.bytePj.buffer !== undefined && used > 0) approx('energyBuffer');
    if (e.missingLevels.length > 0) approx('energyLevelMissing');
    if (macs > 0 && e.macPrecision !== precision) approx('energyPrecision');
    if (table.node !== undefined) approx('energyNode');
  }
  return out;
}

/** The roofs of a layer as the costed layer lists them. */
function levelRoofs(rf: ReturnType<typeof roofline>, ctx: Ctx): LevelRoof[] {
  return rf.roofs.map((r, i): LevelRoof => {
    const roof: LevelRoof = { name: r.name, offChip: ctx.levels[i].offChip, bandwidth: r.bandwidth, traffic: r.traffic, time: r.time };
    if (r.ctc !== null) roof.ctc = r.ctc;
    if (Number.isFinite(r.attainable)) roof.attainable = r.attainable;
    return roof;
  });
}

/**
 * On an engine with a clock, time = cycles / clock: a conv or GEMM layer's cycles are its compute
 * cycles plus its memory stalls; any other layer's are its roofline time in whole cycles. The bound
 * is the off-chip level when the layer stalls on it.
 */
function clockedTime(out: CostedLayer, engine: EngineCycles | undefined, rf: ReturnType<typeof roofline>, clock: number, approx: (id: ApproximationId) => void): void {
  let cycles: number;
  if (engine) {
    cycles = out.cycles = engine.cycles;
    out.computeCycles = engine.computeCycles;
    out.stallCycles = engine.stallCycles;
    out.accesses = engine.accesses;
    if (engine.stallCycles > 0) {
      const slowest = (out.roofs ?? []).reduce<LevelRoof | undefined>((a, r) => (a === undefined || r.time > a.time ? r : a), undefined);
      if (slowest && out.bound !== 'buffer') out.bound = slowest.name;
    } else if (out.bound !== 'buffer' && out.bound !== 'none' && out.roofs?.some((r) => r.name === out.bound)) {
      // The transfers fit within the compute cycles (double-buffered): the array bounds the layer.
      out.bound = (out.utilization ?? 1) < LOW_UTILIZATION ? 'utilization' : 'compute';
    }
  } else if (rf.time > 0 && Number.isFinite(rf.time)) {
    const whole = wholeCycles(rf.time, rf.computeTime, clock);
    Object.assign(out, whole);
    cycles = whole.cycles;
    approx('wholeCycles');
  } else return;
  out.time = cycles / clock;
  out.attainable = out.time > 0 ? (out.ops ?? 0) / out.time : 0;
}

/** A time in whole cycles of `clock` (a hair under a whole cycle is that cycle), of which the compute's. */
function wholeCycles(time: number, computeTime: number, clock: number): { cycles: number; computeCycles: number; stallCycles: number } {
  const cycles = Math.ceil(time * clock - 1e-9);
  const computeCycles = Math.min(cycles, Math.ceil(computeTime * clock - 1e-9));
  return { cycles, computeCycles, stallCycles: cycles - computeCycles };
}

/** A tile with every factor given (missing ones: the whole dimension), clipped to the nest. */
function evaluateFixed(spec: SearchSpec, pins: Partial<Tile>): TileEval {
  const n = spec.nest;
  const f = (d: (typeof TILE_DIMS)[number]) => Math.min(n[d], Math.max(1, Math.floor(pins[d] ?? n[d])));
  return evaluateTile(spec, f('m'), f('n'), f('r'), f('c'), spec.orders?.[0] ?? 'output');
}

function emptyTotals(): CostTotals {
  return { time: 0, throughput: 0, ops: 0, macs: 0, traffic: 0, shares: {}, ridge: [], criticalPath: { time: 0, layers: [] }, complete: false, missing: 0 };
}

/** Costs every layer of a model on a target. Never throws. */
export function costModel(model: ModelResult, target: Target, options: CostOptions = {}): CostedModel {
  const execution: Execution = options.execution ?? target.execution ?? 'sequential';
  const trafficModel: TrafficModel = options.traffic ?? 'tiled';
  try {
    return costModelUnsafe(model, target, options, execution, trafficModel);
  } catch (err) {
    const layers: CostedLayer[] = (model.layers ?? []).map((l) => ({ index: l.index, name: l.name, op: l.op, status: 'error', message: `Internal error in the cost models: ${String(err)}`, approximations: [], notes: [] }));
    const totals = emptyTotals();
    totals.missing = layers.length;
    return { model: model.name, target: target?.name ?? '', execution, traffic: trafficModel, fusion: options.fusion ?? DEFAULT_FUSION, groups: [], layers, totals, notes: [`Internal error in the cost models: ${String(err)}`] };
  }
}

function costModelUnsafe(model: ModelResult, target: Target, options: CostOptions, execution: Execution, trafficModel: TrafficModel): CostedModel {
  const levels = usableLevels(target.memory ?? []);
  // Each layer's figures from the memo (layers with equal inputs are costed once; a memo given by
  // the caller keeps them across costings: a document's edits, a generation's steps).
  const memo: ContextCosts = (options.memo ?? new CostMemo()).context(target, options);
  // The costing before of this model (an editor's document): made of the very same layers (an edit
  // elsewhere), it is this costing; one that differs in a few layer objects (an edit of a layer)
  // keeps the others' figures, and the dataflow and the fusion plan when the changed layers have
  // the producers and the plan input (fusion.ts samePlanInput) of before.
  const modelKey = `${execution} ${options.fusion ?? DEFAULT_FUSION} ${options.attention ?? ''}`;
  const near = memo.nearModel(model, modelKey);
  if (near?.changed.length === 0) return memo.sameModel(near);
  const ctx: Ctx = {
    target,
    options,
    search: options.search ?? true,
    trafficModel,
    levels,
    minBandwidth: levels.reduce((m, l) => Math.min(m, l.bandwidth), Infinity),
    capacity: positive(target.buffer?.value),
    clock: positive(target.clock?.value),
    searches: memo.searches,
    searchSteps: 0,
    peaks: new Map(),
    arrayMemory: new Map(),
    offChipBandwidth: levels.find((l) => l.offChip)?.bandwidth,
    tiledOutput: new Map(),
  };
  const notes: string[] = [EXECUTION_NOTES[execution]];
  if (levels.length === 0) notes.push('The target lists no memory level with a bandwidth: there are no memory roofs.');
  if (!target.energy) notes.push('The target has no energy table: no energy figures.');
  const cost = (l: CostInput): LayerCost => {
    const side: { tiledOutput?: number } = {};
    const figures = costLayer(l, ctx, side);
    // Figures that overflow are none: the layer is not costed (the memo gives it its index and name).
    const bad = nonFinite(figures);
    if (bad) return { figures: notCosted({ index: -1, name: '', op: l.op }, 'overflow', `Not costed: its ${bad} is not a finite number (the figures overflow).`), tiledOutput: undefined };
    return { figures, tiledOutput: side.tiledOutput };
  };
  const tiledOutput = (index: number, bytes: number) => ctx.tiledOutput.set(index, bytes);
  const costOne = (l: Layer): CostedLayer => {
    if (overTimeBudget()) return notCosted(l, 'stopped', 'Not costed: the analysis ran past its time budget.');
    try {
      if (l.collective) return costCollectiveLayer(l, target);
      return memo.costed(l, cost, tiledOutput);
    } catch (err) {
      return { index: l.index, name: l.name, op: l.op, status: 'error', message: `Internal error in the cost models: ${String(err)}`, approximations: [], notes: [] };
    }
  };
  let alone: CostedLayer[];
  if (near) {
    alone = near.parts.alone.slice();
    ctx.tiledOutput = new Map(near.parts.tiledOutput);
    for (const i of near.changed) {
      ctx.tiledOutput.delete(i);
      alone[i] = costOne(model.layers[i]);
    }
  } else alone = model.layers.map(costOne);
  const layers = alone.slice();

  // Fusion: each group costed as one kernel on its producer; its members keep no figures of their own.
  const fusion = options.fusion ?? DEFAULT_FUSION;
  const keepGraph = near !== undefined && near.changed.every((i) => sameData(near.layers[i].producers, model.layers[i].producers));
  const graph: FusionGraph = keepGraph ? { layers: model.layers, consumers: near.parts.graph.consumers } : fusionGraph(model);
  const keepPlan = keepGraph && near.changed.every((i) => samePlanInput(near.layers[i], model.layers[i]));
  if (keepPlan) memo.planKept();
  const planned = keepPlan ? near.parts.planned : planFusion(model, fusion, { attention: options.attention }, graph);
  // With the plan of before, a group of layers the edit left alone is the group of before: the same
  // layer objects, read by the same consumers, costed in the same context.
  const kept = keepPlan ? { changed: new Set(near.changed), costed: new Set(near.parts.groups), post: near.parts.post } : undefined;
  const groupInput = groupInputOf(layers, model, graph, ctx);
  const groups = planned.filter((g) => {
    if (!kept || kept.changed.has(g.producer) || g.members.some((m) => kept.changed.has(m.index))) return costGroup(g, layers, model, graph, ctx, memo, groupInput);
    if (!kept.costed.has(g)) return false;
    layers[g.producer] = kept.post[g.producer];
    for (const m of g.members) layers[m.index] = kept.post[m.index];
    return true;
  });

  // Execution: shares, slack and the critical path, over the layers' figures in arrays
  // (layerFigures.ts): a model that differs from its costing before in a few layers reads those.
  const totals = emptyTotals();
  const n = layers.length;
  const before = near?.parts.figures;
  const figures = new LayerFigures(n, before);
  for (let i = 0; i < n; i++) if (!before || layers[i] !== near?.parts.post[i]) figures.read(i, layers[i]);
  const times: number[] = new Array<number>(n);
  const byLevel: Record<string, number> | undefined = target.energy ? {} : undefined;
  let sum = 0;
  let energy = 0;
  let cycles = 0;
  let anyCycles = false;
  for (let i = 0; i < n; i++) {
    if (!figures.ok[i]) {
      times[i] = 0;
      totals.missing++;
      continue;
    }
    const t = figures.time[i];
    times[i] = t;
    sum += t;
    const e = figures.byLevel[i];
    if (byLevel && e) for (const k in e) byLevel[k] = (byLevel[k] ?? 0) + e[k];
    if (figures.fused[i]) continue;
    totals.ops += figures.ops[i];
    totals.macs += figures.macs[i];
    totals.traffic += figures.traffic[i];
    energy += figures.energy[i];
    if (figures.hasCycles[i]) {
      cycles += figures.cycles[i];
      anyCycles = true;
    }
  }
  const timeOf = (i: number) => times[i];
  // Each layer's producers, from the costing before where the dataflow is the same.
  const producers = keepGraph ? near.parts.producers.slice() : model.layers.map((l) => l.producers);
  if (keepGraph) for (const i of near.changed) producers[i] = model.layers[i].producers;
  const producersOf = (i: number) => producers[i];
  const cp = longestPath(n, timeOf, producersOf);
  totals.criticalPath = { time: cp.length, layers: cp.path };
  let slack: number[] | undefined;
  let critical: (i: number) => boolean;
  if (execution === 'pipelined') {
    const p = pipelined(times);
    totals.time = cp.length;
    totals.interval = p.interval;
    totals.throughput = p.throughput;
    slack = p.slack;
    critical = (i) => times[i] > 0 && times[i] === p.interval;
  } else if (execution === 'dataflow') {
    totals.time = cp.length;
    totals.throughput = cp.length > 0 ? 1 / cp.length : 0;
    slack = slackOf(n, timeOf, producersOf, cp);
    const onPath = criticalOf(slack, cp.length);
    critical = (i) => (onPath[i] ?? false) && times[i] > 0;
  } else {
    totals.time = sum;
    totals.throughput = sum > 0 ? 1 / sum : 0;
    critical = (i) => times[i] > 0;
  }
  for (let i = 0; i < n; i++) {
    if (!figures.ok[i]) continue;
    // (A costed layer's index is its place in the model: slack and critical by place.)
    const share = sum > 0 ? figures.time[i] / sum : 0;
    figures.write(i, layers[i], share, slack ? (slack[i] ?? 0) : 0, critical(i));
    if (figures.fused[i]) continue;
    const bound = figures.bound[i];
    if (bound && share > 0) totals.shares[bound] = (totals.shares[bound] ?? 0) + share;
  }
  totals.complete = totals.missing === 0;
  if (target.energy && byLevel) {
    totals.energy = energy;
    totals.efficiency = gopPerJoule(totals.ops, energy);
    if (energy > 0) totals.opsPerJoule = totals.ops / energy;
    totals.energyByLevel = byLevel;
  }
  if (anyCycles) totals.cycles = cycles;
  for (const [bound, share] of Object.entries(totals.shares)) {
    if (totals.boundShare === undefined || share > totals.boundShare) {
      totals.bound = bound;
      totals.boundShare = share;
    }
  }
  const ridge: RidgePoint[] = [];
  for (const p of PRECISIONS) {
    const peak = positive(target.peak?.[p]?.value);
    if (peak === undefined) continue;
    for (const l of levels) ridge.push({ precision: p, level: l.name, ridge: ridgePoint(peak, l.bandwidth) });
  }
  totals.ridge = ridge;
  const badTotal = nonFinite(totals);
  if (badTotal) {
    // A sum of finite figures can still overflow: the totals are then not usable as numbers.
    totals.complete = false;
    notes.push(`The model's ${badTotal} is not a finite number (the figures overflow): the totals are incomplete.`);
    scrubNonFinite(totals as unknown as Record<string, unknown>);
  }
  const costed: CostedModel = { model: model.name, target: target.name, execution, traffic: trafficModel, fusion, groups, layers, totals, notes };
  memo.rememberModel(model, modelKey, costed, { alone, tiledOutput: ctx.tiledOutput, graph, planned, groups, post: layers, figures, producers });
  return costed;
}

/** Seconds of compute of a layer costed alone: its compute cycles on a clocked engine, else its
 *  operations over its compute roof. */
function computeSeconds(c: CostedLayer, clock: number | undefined): number {
  if (clock && c.computeCycles !== undefined) return c.computeCycles / clock;
  return c.computeRoof && c.ops ? c.ops / c.computeRoof : 0;
}

/**
 * Costs a fused group as one kernel (the function of its kind) and puts the figures on its
 * producer; each member keeps time 0 and names the producer. False (nothing changed) when a layer
 * of the group has no figures. On a clocked engine the group's time is whole cycles: its compute
 * (the producer's compute cycles, the members' operations at the peak) against its traffic.
 */
function costGroup(g: FusionGroup, layers: CostedLayer[], model: ModelResult, graph: FusionGraph, ctx: Ctx, memo: ContextCosts, input: GroupCostInput): boolean {
  const indices = [g.producer, ...g.members.map((m) => m.index)];
  if (indices.some((i) => layers[i]?.status !== 'ok')) return false;
  const p = layers[g.producer];
  if (!hasPeak(p)) return false;
  const make = () => groupFigures(g, p, layers, model, ctx, input);
  // The group's key only for a memo that keeps groups (an editor's document).
  const figures = memo.remembersGroups ? memo.groupFigures(groupKey(g, model, graph, indices), make) : make();
  layers[g.producer] = figures.producer;
  g.members.forEach((m, i) => (layers[m.index] = figures.members[i]));
  return true;
}

/** The producer's figures that its group's replace (costGroup). */
const REPLACED_BY_GROUP: ReadonlySet<string> = new Set(['ctc', 'energy', 'energyByLevel', 'opsPerJoule'] satisfies (keyof CostedLayer)[]);

/** A costed layer with a peak and the precision it ran at (a producer whose group can be costed). */
type Peaked = CostedLayer & Required<Pick<CostedLayer, 'peak' | 'precision'>>;

function hasPeak(c: CostedLayer): c is Peaked {
  return c.peak !== undefined && c.precision !== undefined;
}

/**
 * What a group's cost function reads, made once per costing: `layers` is the costing's array (each
 * group reads its own layers' figures alone, before it replaces them; groups share no layer), and
 * `group` is set to each group in turn as it is costed (groupFigures).
 */
function groupInputOf(layers: readonly CostedLayer[], model: ModelResult, graph: FusionGraph, ctx: Ctx): GroupCostInput {
  const input: GroupCostInput = {
    group: { kind: 'bnFold', producer: -1, members: [] },
    model,
    alone: layers,
    consumers: graph.consumers,
    wordBytes: (i) => bytesOf(layers[i].precision ?? model.layers[i].precision),
    tiledOutput: (i) => ctx.tiledOutput.get(i),
    bytes: (i) => costedBytes(model.layers[i], ctx.options.precision),
    computeSeconds: (i) => computeSeconds(layers[i], ctx.clock),
  };
  if (ctx.options.precision) input.precisionOverride = ctx.options.precision;
  if (ctx.capacity !== undefined) input.buffer = ctx.capacity;
  return input;
}

/** What the group memo compares of a group (costMemo.ts GroupKey). */
function groupKey(g: FusionGroup, model: ModelResult, graph: FusionGraph, indices: readonly number[]): GroupKey {
  const inGroup = new Set(indices);
  return {
    kind: g.kind,
    producer: model.layers[g.producer],
    members: g.members.map((m) => model.layers[m.index]),
    roles: g.members.map((m) => m.role),
    crossing: indices.map((i) => graph.consumers[i].length === 0 || graph.consumers[i].some((r) => !inGroup.has(r))),
  };
}

/** What a fused group's member says of its figures: none of its own (one shared list). */
const MEMBER_APPROXIMATIONS = withApproximation(NO_APPROXIMATIONS, APPROXIMATIONS.fusedGroup);

/** The figures of a fused group costed as one kernel (costGroup). */
function groupFigures(g: FusionGroup, p: Peaked, layers: readonly CostedLayer[], model: ModelResult, ctx: Ctx, input: GroupCostInput): GroupFigures {
  input.group = g;
  const work = GROUP_KINDS[g.kind].cost(input);
  // The producer's figures but those the group's replace (made below): left out, not deleted (an
  // object with deleted fields is slow to read and to write as JSON), by a loop (an object rest
  // pattern, or a spread of the frozen figures, is a slow call into the engine's runtime).
  const out = {} as CostedLayer;
  const from = p as unknown as Record<string, unknown>;
  const to = out as unknown as Record<string, unknown>;
  for (const k in from) if (!REPLACED_BY_GROUP.has(k)) to[k] = from[k];
  out.approximations = p.approximations;
  out.notes = [...p.notes, ...work.notes];
  const approx = (id: ApproximationId) => (out.approximations = withApproximation(out.approximations, APPROXIMATIONS[id]));
  for (const id of work.approximations) approx(id);
  if (g.members.some((m) => (layers[m.index].ops ?? 0) > 0 && !model.layers[m.index].dims)) approx('elementwisePeak');
  out.ops = work.ops;
  out.macs = work.macs;
  const trafficModel: TrafficModel = p.traffic?.model === 'tiled' && work.tiled !== undefined ? 'tiled' : 'compulsory';
  const used = trafficModel === 'tiled' ? (work.tiled as number) : work.compulsory;
  out.traffic = { compulsory: work.compulsory, tiled: work.tiled, used, model: trafficModel };
  const levels = ctx.levels.map((l) => ({ name: l.name, bandwidth: l.bandwidth, traffic: l.offChip ? used : work.onChip }));
  const utilization = work.computeTime > 0 && work.ops > 0 ? work.ops / (p.peak * work.computeTime) : undefined;
  const rf = roofline({ ops: work.ops, peak: p.peak, utilization, levels });
  out.roofs = levelRoofs(rf, ctx);
  if (used > 0) out.ctc = work.ops / used;
  out.attainable = rf.attainable;
  out.time = Number.isFinite(rf.time) ? rf.time : undefined;
  out.bound = p.bound === 'buffer' ? 'buffer' : rf.bound;
  if (ctx.clock && p.cycles !== undefined && rf.time > 0 && Number.isFinite(rf.time)) {
    const whole = wholeCycles(rf.time, work.computeTime, ctx.clock);
    Object.assign(out, whole);
    out.time = whole.cycles / ctx.clock;
    out.attainable = work.ops / out.time;
    approx('fusedClocked');
  }
  // Energy: the producer's own (from its engine's accesses where it has them), plus the energy of
  // the bytes the group moves more (or less: an output kept on chip) at each level.
  const table = ctx.target.energy;
  if (table && p.energy !== undefined) {
    const delta = levels.map((l, i) => ({ name: l.name, traffic: l.traffic - (p.roofs?.[i]?.traffic ?? 0) }));
    const e = layerEnergy(table, { macs: work.macs - (p.macs ?? 0), precision: p.precision, levels: delta, bufferBytes: table.bytePj.buffer !== undefined ? used - (p.traffic?.used ?? 0) : 0 });
    out.energy = p.energy + e.joules;
    const byLevel: Record<string, number> = { ...p.energyByLevel };
    for (const [k, v] of Object.entries(e.byLevel)) byLevel[k] = (byLevel[k] ?? 0) + v;
    out.energyByLevel = byLevel;
    if (out.energy > 0 && work.ops > 0) out.opsPerJoule = work.ops / out.energy;
  }
  out.fused = g.members.map((m) => layers[m.index].name);
  out.fusionKind = g.kind;
  const members = g.members.map((m): CostedLayer => {
    const c = layers[m.index];
    const member: CostedLayer = { index: c.index, name: c.name, op: c.op, status: 'ok', time: 0, fusedInto: p.name, fusionRole: m.role, approximations: MEMBER_APPROXIMATIONS, notes: [work.memberNotes.get(m.index) ?? `Fused into ${p.name}.`] };
    if (c.precision) member.precision = c.precision;
    if (c.peakPrecision) member.peakPrecision = c.peakPrecision;
    return member;
  });
  return { producer: out, members };
}

function notCosted(l: Pick<Layer, 'index' | 'name' | 'op'>, status: 'overflow' | 'stopped', message: string): CostedLayer {
  return { index: l.index, name: l.name, op: l.op, status, message, approximations: [], notes: [] };
}

/** The path of the first number of `x` (a plain object) that is not finite, e.g. 'energy' or 'roofs.0.time'. */
function nonFinite(x: unknown, path = ''): string | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? undefined : path || 'value';
  if (x === null || typeof x !== 'object') return undefined;
  if (Array.isArray(x)) {
    // By index (for...in would make a string of every index: a critical path lists every layer).
    for (let i = 0; i < x.length; i++) {
      const v: unknown = x[i];
      if (typeof v === 'number' ? Number.isFinite(v) : v === null || typeof v !== 'object') continue;
      const found = nonFinite(v, path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return undefined;
  }
  // for...in, not Object.entries: this runs on every costed layer and must not allocate.
  const o = x as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'number' ? Number.isFinite(v) : v === null || typeof v !== 'object') continue;
    const found = nonFinite(v, path ? `${path}.${k}` : k);
    if (found) return found;
  }
  return undefined;
}

/** Removes every number of `x` that is not finite (a JSON writer would print it as null). */
function scrubNonFinite(x: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(x)) {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      if (k === 'time' || k === 'throughput' || k === 'ops' || k === 'macs' || k === 'traffic') x[k] = 0;
      else delete x[k];
    } else if (v !== null && typeof v === 'object') scrubNonFinite(v as Record<string, unknown>);
  }
}
