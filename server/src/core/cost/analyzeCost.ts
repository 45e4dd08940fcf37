// The cost façade: a counted model (semantics/model.ts) on a target (hardware/types.ts) in, a costed
// model (types.ts) out. It composes the small models of this folder, each with its source:
// roofline.ts (Williams et al. 2009), traffic.ts, buffer.ts, compute.ts and tileSearch.ts (Zhang et
// al., FPGA 2015), systolic.ts (SCALE-Sim v2), energy.ts (Horowitz, ISSCC 2014), execution.ts.
//
// Per layer (costLayer.ts, memoised by its input in costMemo.ts): the compute roof (peak for the
// layer's precision, or the nearest, x the array's utilisation), the tile (the file's `@tile`,
// clipped; else the search's best within the buffer), off-chip traffic (tiled, or compulsory), a
// roof per memory level, the bound, the time and energy. Conv and GEMM layers are tiled; every other
// layer moves its compulsory bytes and runs at peak. A layer that is not counted gets a status and
// no figures, never a zero. Every approximation a layer relies on is listed with it, from
// APPROXIMATIONS. Then fusion (fusion.ts plans the groups, groupFigures.ts costs each as one
// kernel), the execution model's totals, slack and critical path (layerFigures.ts, execution.ts),
// and figures that overflow (finiteFigures.ts).
//
// `@tile` reaches the conv or GEMM layer it applies to through the evaluator (annotations.ts).
// Pure; never throws.
import type { Target } from '../hardware/types';
import { overTimeBudget } from '../limits';
import { PRECISIONS } from '../precision';
import type { Layer, ModelResult } from '../semantics/model';
import { EXECUTION_NOTES } from './approximations';
import { gopPerJoule } from './energy';
import { criticalOf, longestPath, pipelined, slackOf } from './execution';
import { ridgePoint } from './roofline';
import { LayerFigures } from './layerFigures';
import { CostMemo, ownFigures, type ContextCosts, type CostInput, type LayerCost } from './costMemo';
import { DEFAULT_FUSION, fusionGraph, planFusion, samePlanInput, type FusionGraph, type FusionGroup } from './fusion';
import { sameData } from '../semantics/sameData';
import { costCollectiveLayer } from '../parallel/collectiveCost';
import type { CostedLayer, CostedModel, CostOptions, CostTotals, Execution, RidgePoint, TrafficModel } from './types';
import { positive, usableLevels, type Ctx } from './costContext';
import { costLayer } from './costLayer';
import { costGroup, groupInputOf } from './groupFigures';
import { nonFinite, scrubNonFinite } from './finiteFigures';

export { APPROXIMATIONS, EXECUTION_NOTES } from './approximations';
export type * from './types';

function emptyTotals(): CostTotals {
  return { time: 0, throughput: 0, ops: 0, macs: 0, traffic: 0, shares: {}, ridge: [], complete: false, missing: 0 };
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
    figureIds: [],
  };
  if (memo.sharesGroups) ctx.groupsByContent = new Map();
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
  const heard = (index: number, figuresId: number, tiledOutput: number | undefined) => {
    ctx.figureIds[index] = figuresId;
    if (tiledOutput !== undefined) ctx.tiledOutput.set(index, tiledOutput);
  };
  // Fusion: planned before the layers are costed alone (the plan reads the model, not its figures).
  const fusion = options.fusion ?? DEFAULT_FUSION;
  const keepGraph = near !== undefined && near.changed.every((i) => sameData(near.layers[i].producers, model.layers[i].producers));
  const graph: FusionGraph = keepGraph ? { layers: model.layers, consumers: near.parts.graph.consumers } : fusionGraph(model);
  const keepPlan = keepGraph && near.changed.every((i) => samePlanInput(near.layers[i], model.layers[i]));
  if (keepPlan) memo.planKept();
  const planned = keepPlan ? near.parts.planned : planFusion(model, fusion, { attention: options.attention }, graph);
  // In a memo that keeps nothing for the next costing (the command line), a layer of a group has its
  // figures alone only while its group is costed: it gets the memo's figures for its input, shared,
  // not a copy (at 100,000 layers, 100,000 objects that were garbage once their group was costed).
  const grouped = memo.remembersLayers ? undefined : groupedLayers(planned, model.layers.length);

  const costOne = (l: Layer): CostedLayer => {
    if (overTimeBudget()) return notCosted(l, 'stopped', 'Not costed: the analysis ran past its time budget.');
    try {
      if (l.collective) return costCollectiveLayer(l, target);
      return memo.costed(l, cost, heard, grouped?.[l.index] === 1);
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

  // Each group costed as one kernel on its producer; its members keep no figures of their own.
  // With the plan of before, a group of layers the edit left alone is the group of before: the same
  // layer objects, read by the same consumers, costed in the same context.
  const kept = keepPlan ? { changed: new Set(near.changed), costed: new Set(near.parts.groups), post: near.parts.post } : undefined;
  const groupInput = groupInputOf(layers, model, ctx);
  const groups = planned.filter((g) => {
    if (!kept || kept.changed.has(g.producer) || g.members.some((m) => kept.changed.has(m.index))) {
      if (costGroup(g, layers, model, graph, ctx, memo, groupInput)) return true;
      // Not costed as a group: its layers keep their figures alone, each its own.
      if (grouped) for (const i of [g.producer, ...g.members.map((m) => m.index)]) alone[i] = layers[i] = ownFigures(layers[i], model.layers[i]);
      return false;
    }
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
  const producersOf = (i: number) => model.layers[i].producers;
  // The critical path only where it gives the time (a sequential run's time is the sum).
  const cp = execution === 'sequential' ? undefined : longestPath(n, timeOf, producersOf);
  if (cp) totals.criticalPath = { time: cp.length, layers: cp.path };
  let slack: number[] | undefined;
  let critical: (i: number) => boolean;
  if (cp && execution === 'pipelined') {
    const p = pipelined(times);
    totals.time = cp.length;
    totals.interval = p.interval;
    totals.throughput = p.throughput;
    slack = p.slack;
    critical = (i) => times[i] > 0 && times[i] === p.interval;
  } else if (cp && execution === 'dataflow') {
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
  memo.rememberModel(model, modelKey, costed, { alone, tiledOutput: ctx.tiledOutput, graph, planned, groups, post: layers, figures });
  return costed;
}

/** 1 for each layer a planned group takes (producer or member), 0 for the others. */
function groupedLayers(planned: readonly FusionGroup[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (const g of planned) {
    out[g.producer] = 1;
    for (const m of g.members) out[m.index] = 1;
  }
  return out;
}

function notCosted(l: Pick<Layer, 'index' | 'name' | 'op'>, status: 'overflow' | 'stopped', message: string): CostedLayer {
  return { index: l.index, name: l.name, op: l.op, status, message, approximations: [], notes: [] };
}

