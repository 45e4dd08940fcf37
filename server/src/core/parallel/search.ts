// The search behind `roofline plan` and the quick fix: every plan within a device budget, each
// with its memory per device (does it fit?), and for a language model its time to first token
// (a prefill of the prompt), time per output token (a decode step) and tokens per second; the
// smallest plan that fits, and the fastest that fits for prefill and for decode.
//
// Fast by construction: a plan's layer costs do not depend on its pipeline depth (a stage runs the
// same layers at the same size), so each phase is transformed and costed once per distinct
// (tp, ep, dp, device batch), and a pipeline's stages, sends and bubble are derived from those
// costed layers with the same cuts and formulas as the full transform (pipeline.ts, summary.ts);
// test/parallelSearch.test.ts checks that both give the same figures. Pure; never throws.
import { deviceCapacity, deviceFit } from '../semantics/deviceBytes';
import { costModel } from '../cost/analyzeCost';
import { CostMemo } from '../cost/costMemo';
import type { CostedModel, CostOptions } from '../cost/types';
import type { Target } from '../hardware/types';
import type { ModelResult } from '../semantics/model';
import { batchOf } from '../report/throughput';
import { applyPlan, batchSplit, unplanned, type BatchSplit } from './applyPlan';
import { collectiveTime } from './collectives';
import { groupPath, strideOf, systemProblem } from './groups';
import { cutInputs, cutsOf, stageActivationBytes, type CutInputs } from './pipeline';
import { devicesOf, planText, type ParallelPlan } from './plan';
import { pipelineBubble, pipelineRunTime } from './summary';

/** A phase's counted model: a prefill, a decode step, or (not a language model) one run. */
export interface PhaseModel {
  model: ModelResult;
  /** The KV cache the memory check must hold, as a multiple of this model's (final context / its context). */
  kvScale: number;
}

export interface PlanMemory {
  weightBytes: number;
  kvCacheBytes: number;
  activationBytes: number;
  total: number;
  /** The device's memory; absent when the target does not give it. */
  capacity?: number;
  fits: boolean;
}

export interface PhaseFigures {
  /** Seconds of a run of the phase's whole batch (a prefill, a decode step, a run). */
  time: number;
  /** Seconds of one micro-batch through every stage. */
  latency: number;
  communication: number;
  bubble: number;
}

export interface PlanCandidate {
  plan: ParallelPlan;
  text: string;
  devices: number;
  memory: PlanMemory;
  /** By phase name ('prefill', 'decode', or 'run'). */
  phases: Record<string, PhaseFigures>;
  /** Why the plan only approximates the split (RL415), if it does. */
  warnings: string[];
}

export interface PlanSearch {
  candidates: PlanCandidate[];
  /** The fewest devices that fit (the fastest of them on the last phase). */
  smallest?: PlanCandidate;
  /** The fitting plan of least time, by phase. */
  fastest: Record<string, PlanCandidate | undefined>;
  /** Why nothing could be searched (no interconnect...). */
  problems: string[];
}

export interface SearchOptions {
  /** Largest number of devices (default 8). */
  budget?: number;
  /** Plan dimensions searched; default tp, pp and ep for a mixture of experts, tp, pp and dp otherwise. */
  dimensions?: readonly ('tp' | 'pp' | 'ep' | 'dp')[];
  cost?: CostOptions;
}

/** Powers of two from 1 to n. */
function powers(n: number): number[] {
  const out: number[] = [];
  for (let p = 1; p <= n; p *= 2) out.push(p);
  return out;
}

/** Every plan of the dimensions with at most `budget` devices (powers of two). */
export function enumeratePlans(budget: number, dims: readonly ('tp' | 'pp' | 'ep' | 'dp')[]): ParallelPlan[] {
  const out: ParallelPlan[] = [];
  const ranges = (k: 'tp' | 'pp' | 'ep' | 'dp') => (dims.includes(k) ? powers(budget) : [1]);
  for (const tp of ranges('tp')) for (const pp of ranges('pp')) for (const ep of ranges('ep')) for (const dp of ranges('dp')) if (tp * pp * ep * dp <= budget) out.push({ tp, pp, ep, dp });
  return out;
}

interface Costed {
  model: ModelResult;
  cost: CostedModel;
  warnings: string[];
  /** Prefix sums over layers: time, KV cache held (the weights held: cuts.prefix). */
  time: number[];
  kv: number[];
  cuts: CutInputs;
  /** Seconds in the collectives of tensor and expert parallelism (the same at every pipeline depth). */
  collectives: number;
}

function prefix(values: number[]): number[] {
  const out = [0];
  for (const v of values) out.push(out[out.length - 1] + v);
  return out;
}

/**
 * A phase model transformed and costed for a plan without its pipeline, memoised on what changes
 * its layers: tp, ep (for a mixture of experts; otherwise it only splits the batch) and the batch
 * one device runs at a time.
 */
function costedFor(base: ModelResult, plan: ParallelPlan, split: BatchSplit, target: Target, cache: Map<string, Costed>, options: CostOptions, hasMoe: boolean): Costed {
  const ep = hasMoe ? plan.ep : 1;
  const key = `${plan.tp}/${ep}/${split.deviceBatch}`;
  const known = cache.get(key);
  if (known) return known;
  const r = applyPlan(base, { tp: plan.tp, pp: 1, ep, dp: (plan.dp * plan.ep) / ep, micro: split.micro }, target);
  const cost = costModel(r.model, target, options);
  const layers = r.model.layers;
  let collectives = 0;
  for (const l of cost.layers) if (l.collective && l.status === 'ok') collectives += l.time ?? 0;
  const c: Costed = {
    model: r.model,
    cost,
    warnings: r.warnings,
    time: prefix(cost.layers.map((l) => (l.status === 'ok' ? (l.time ?? 0) : 0))),
    kv: prefix(layers.map((l) => l.kvCache ?? 0)),
    cuts: cutInputs(layers),
    collectives,
  };
  cache.set(key, c);
  return c;
}

/** The figures of a plan on one phase, and its stages' memory (for the phase's model). */
function evaluate(c: Costed, plan: ParallelPlan, split: BatchSplit, target: Target): { figures: PhaseFigures; stages: { weights: number; kv: number; activations: number }[] } {
  const layers = c.model.layers;
  const n = layers.length;
  const cuts = cutsOf(c.cuts, plan.pp);
  const bounds = [0, ...cuts, n];
  const stride = strideOf(plan, 'pp');
  const system = target.interconnect;
  let comm = c.collectives;
  const stageTimes: number[] = [];
  const stages: { weights: number; kv: number; activations: number }[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [a, b] = [bounds[k], bounds[k + 1]];
    let t = c.time[b] - c.time[a];
    if (k + 1 < bounds.length - 1 && system) {
      const path = groupPath(system, 2, stride, k * stride);
      if (!('problem' in path)) {
        const send = collectiveTime('send', c.cuts.crossing[b], 2, path).time;
        t += send;
        comm += send;
      }
    }
    stageTimes.push(t);
    stages.push({ weights: c.cuts.prefix[b] - c.cuts.prefix[a], kv: (c.kv[b] - c.kv[a]) * split.kvScale, activations: stageActivationBytes(layers, a, b - 1) });
  }
  const latency = stageTimes.reduce((x, y) => x + y, 0);
  const time = pipelineRunTime(stageTimes, split.micro);
  return { figures: { time, latency, communication: comm, bubble: pipelineBubble(stageTimes, split.micro, time) }, stages };
}

/**
 * Every plan within the budget on the phases given (their names are the keys of `phases` in each
 * candidate), with memory checked against the target's device memory.
 */
export function searchPlans(phases: Record<string, PhaseModel>, target: Target, options: SearchOptions = {}): PlanSearch {
  const budget = Math.max(1, Math.floor(options.budget ?? 8));
  const names = Object.keys(phases);
  const first = names[0] ? unplanned(phases[names[0]].model) : undefined;
  const isLanguageModel = !!first?.layers.some((l) => l.part);
  const hasMoe = !!first?.layers.some((l) => l.op === 'moe');
  // Expert parallelism where there are experts; otherwise replicas (dp) split the batch.
  const dims = options.dimensions ?? (isLanguageModel && hasMoe ? (['tp', 'pp', 'ep'] as const) : (['tp', 'pp', 'dp'] as const));
  const caches = new Map(names.map((n) => [n, new Map<string, Costed>()]));
  const capacity = deviceCapacity(target);
  const candidates: PlanCandidate[] = [];
  const problems: string[] = [];
  const costOptions: CostOptions = { ...options.cost, memo: options.cost?.memo ?? new CostMemo() };
  for (const plan of enumeratePlans(budget, dims)) {
    const blocked = systemProblem(target.interconnect, plan, target.name);
    if (blocked) {
      if (!problems.includes(blocked)) problems.push(blocked);
      continue;
    }
    const figures: Record<string, PhaseFigures> = {};
    const memory = { weightBytes: 0, kvCacheBytes: 0, activationBytes: 0 };
    const warnings: string[] = [];
    for (const name of names) {
      const phase = phases[name];
      const base = unplanned(phase.model);
      const split = batchSplit(batchOf(base), plan);
      const c = costedFor(base, plan, split, target, caches.get(name) as Map<string, Costed>, costOptions, hasMoe);
      for (const w of c.warnings) if (!warnings.includes(w)) warnings.push(w);
      const e = evaluate(c, plan, split, target);
      figures[name] = e.figures;
      for (const s of e.stages) {
        memory.weightBytes = Math.max(memory.weightBytes, s.weights);
        memory.kvCacheBytes = Math.max(memory.kvCacheBytes, s.kv * phase.kvScale);
        memory.activationBytes = Math.max(memory.activationBytes, s.activations);
      }
    }
    // Without a capacity every plan counts as fitting (nothing says it does not).
    const { need, fits } = deviceFit(memory, capacity);
    const m: PlanMemory = { ...memory, total: need, fits: fits ?? true };
    if (capacity !== undefined) m.capacity = capacity;
    candidates.push({ plan, text: planText(plan), devices: devicesOf(plan), memory: m, phases: figures, warnings });
  }
  const fitting = candidates.filter((c) => c.memory.fits && c.warnings.length === 0);
  const last = names[names.length - 1];
  const timeOf = (c: PlanCandidate, phase: string) => c.phases[phase]?.time ?? Infinity;
  const better = (phase: string) => (a: PlanCandidate | undefined, b: PlanCandidate) => (!a || timeOf(b, phase) < timeOf(a, phase) || (timeOf(b, phase) === timeOf(a, phase) && b.devices < a.devices) ? b : a);
  const fewest = fitting.reduce((m, c) => Math.min(m, c.devices), Infinity);
  const smallest = fitting.filter((c) => c.devices === fewest).reduce<PlanCandidate | undefined>(better(last), undefined);
  const fastest: Record<string, PlanCandidate | undefined> = {};
  for (const name of names) fastest[name] = fitting.reduce<PlanCandidate | undefined>(better(name), undefined);
  const out: PlanSearch = { candidates, fastest, problems };
  if (smallest) out.smallest = smallest;
  return out;
}
