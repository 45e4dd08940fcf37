// One layer's figures on a target, a function of its cost input and the costing's context only
// (analyzeCost.ts memoises them by input): the compute roof and cycles, the tile (the file's, or the
// search's best within the buffer), the traffic, a roof per memory level, the bound, the time and
// the energy, with every approximation they rely on.
import { analysisSearchStepsLeft, LIMITS, spendSearchSteps } from '../limits';
import { weightMatrixElems } from '../ops/types';
import { bytesOf, PRECISION_ROLES, rolesOf } from '../precision';
import { APPROXIMATIONS, NO_APPROXIMATIONS, withApproximation, type ApproximationId } from './approximations';
import { unrolledCompute } from './compute';
import { arrayMemory, systolicEngine, unrolledEngine, type EngineCycles } from './engineCycles';
import type { ArrayMemory } from './systolicMemory';
import { nestTraffic } from './traffic';
import { layerEnergy } from './energy';
import { factorsToPins, LOOP_ORDERS, nestOf, TILE_DIMS, tileToFactors, type LoopOrder, type Nest, type Tile } from './nest';
import { peakFor } from './peak';
import { LOW_UTILIZATION, roofline } from './roofline';
import { nestSystolic } from './systolic';
import { evaluateTile, searchTiles, type SearchSpec, type TileEval, type TileSearchResult } from './tileSearch';
import type { CostInput } from './costMemo';
import { compulsoryBytes, costedBytes } from './traffic';
import type { CostedLayer, LevelRoof, TrafficModel } from './types';
import { formatCount } from '../../protocol/format';
import { levelRoofs, wholeCycles, type Ctx } from './costContext';

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

/**
 * A layer's figures (its index and name are the caller's): a function of its cost input and the
 * context only. `side.tiledOutput`: the bytes of the output tiles' final stores (a fused group keeps
 * them on chip), for the fusion stage.
 */
export function costLayer(layer: CostInput, ctx: Ctx, side: { tiledOutput?: number }): CostedLayer {
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

/** A tile with every factor given (missing ones: the whole dimension), clipped to the nest. */
function evaluateFixed(spec: SearchSpec, pins: Partial<Tile>): TileEval {
  const n = spec.nest;
  const f = (d: (typeof TILE_DIMS)[number]) => Math.min(n[d], Math.max(1, Math.floor(pins[d] ?? n[d])));
  return evaluateTile(spec, f('m'), f('n'), f('r'), f('c'), spec.orders?.[0] ?? 'output');
}
