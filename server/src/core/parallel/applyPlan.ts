// A parallel plan as a model transform, between counting and costing: the counted model in, the
// model one device runs out, with the collectives as layers of their own. In order:
//   1. the batch: dp x ep replicas each take ceil(batch / (dp x ep)) samples (expert-parallel
//      devices hold different tokens outside the experts, as GShard's do), and a pipeline splits a
//      replica's share into micro-batches (batchShare in scaleLayer.ts);
//   2. tensor and expert parallelism (tensorParallel.ts): each layer's share, all-reduces,
//      all-gathers and all-to-alls;
//   3. pipeline parallelism (pipeline.ts): stages and the sends between them.
// Every layer's figures are then one device's (shapes are a replica's tensors, before the tensor
// split); the totals too, except `params` and `activeParams`, which stay the whole model's. The
// device's memory is that of its stage: its weights, the KV cache of all its micro-batches, and the
// largest activations one layer reads and writes. Pure; never throws.
import { deviceBytes } from '../semantics/deviceBytes';
import type { Target } from '../hardware/types';
import { totalsOf } from '../semantics/layerBuilder';
import type { ModelParallel, ModelResult } from '../semantics/model';
import { batchOf } from '../report/throughput';
import { strideOf, systemProblem } from './groups';
import { pipelineLayers, stageActivationBytes } from './pipeline';
import { devicesOf, isSingleDevice, planText, type ParallelPlan } from './plan';
import { batchShare } from './scaleLayer';
import { shardLayers } from './tensorParallel';

export interface PlanOutcome {
  /** The model one device runs; the unplanned model when the plan cannot apply. */
  model: ModelResult;
  /** Problems that stop the plan (the target cannot join its devices): the model is left whole. */
  blocking: string[];
  /** Problems that leave it approximate (heads that do not divide): figures use the largest share. */
  warnings: string[];
}

/** The model a plan starts from: the unplanned one, if a plan was applied already. */
export function unplanned(model: ModelResult): ModelResult {
  return model.parallel?.unplanned ?? model;
}

/** How a plan splits the batch: a replica's samples, its micro-batches, and one micro-batch. */
export interface BatchSplit {
  replicaBatch: number;
  micro: number;
  deviceBatch: number;
  /** A stage's KV cache over one micro-batch's: it holds the cache of every micro-batch in flight (replicaBatch / deviceBatch). */
  kvScale: number;
}

export function batchSplit(batch: number, plan: ParallelPlan): BatchSplit {
  const replicaBatch = Math.ceil(batch / (plan.dp * plan.ep));
  const micro = Math.min(plan.micro ?? Math.min(plan.pp, replicaBatch), replicaBatch);
  const deviceBatch = Math.ceil(replicaBatch / micro);
  return { replicaBatch, micro, deviceBatch, kvScale: deviceBatch > 0 ? replicaBatch / deviceBatch : 1 };
}

export function applyPlan(input: ModelResult, plan: ParallelPlan, target: Target | undefined): PlanOutcome {
  const model = unplanned(input);
  if (isSingleDevice(plan)) return { model, blocking: [], warnings: [] };
  const system = systemProblem(target?.interconnect, plan, target?.name ?? 'the target');
  if (system) return { model, blocking: [system], warnings: [] };
  const notes: string[] = [];
  const warnings: string[] = [];
  const batch = batchOf(model);
  const replicas = plan.dp * plan.ep;
  const { replicaBatch, micro, deviceBatch, kvScale } = batchSplit(batch, plan);
  if (plan.micro !== undefined && plan.micro > replicaBatch) {
    warnings.push(`micro=${plan.micro} is more micro-batches than the ${replicaBatch} sample${replicaBatch === 1 ? '' : 's'} a replica runs: ${replicaBatch} used`);
  }
  if (replicas > 1) {
    const idle = Math.max(0, replicas - Math.ceil(batch / replicaBatch));
    notes.push(`Batch ${batch} split over ${replicas} replicas${plan.ep > 1 ? ` (dp=${plan.dp} x ep=${plan.ep})` : ''}: ${replicaBatch} sample${replicaBatch === 1 ? '' : 's'} each${idle > 0 ? `; ${idle} replica${idle === 1 ? ' has' : 's have'} none` : ''}.`);
  }
  if (micro > 1) notes.push(`A replica's ${replicaBatch} sample${replicaBatch === 1 ? '' : 's'} run as ${micro} micro-batches of ${deviceBatch}.`);
  const hasMoe = model.layers.some((l) => l.op === 'moe');
  if (plan.ep > 1 && !hasMoe) notes.push(`The model has no mixture of experts: ep=${plan.ep} only splits the batch, as data parallelism.`);

  const perSample = model.layers.map((l) => batchShare(l, batch, deviceBatch));
  const sharded = shardLayers(perSample, plan.tp, plan.ep, true);
  warnings.push(...sharded.problems);
  notes.push(...sharded.notes);
  if (plan.tp > 1) notes.push(`Tensor parallel over ${plan.tp} devices: attention heads, feed-forward width and vocabulary split; norms and residual adds replicated.`);
  const piped = pipelineLayers(sharded.layers, plan.pp, strideOf(plan, 'pp'));
  if (plan.pp > 1) notes.push(`${plan.pp} pipeline stages: ${piped.stages.map((s) => `${piped.layers[s.first].name} .. ${piped.layers[s.last].name}`).join('; ')}.`);

  const layers = piped.layers;
  const totals = totalsOf(layers);
  const stages = piped.stages.map((s) => ({ ...s, kvCacheBytes: s.kvCacheBytes * kvScale, activationBytes: stageActivationBytes(layers, s.first, s.last) }));
  const worst = stages.reduce((a, b) => (deviceBytes(b) > deviceBytes(a) ? b : a), stages[0]);
  const parallel: ModelParallel = {
    plan: { tp: plan.tp, pp: plan.pp, ep: plan.ep, dp: plan.dp, micro },
    devices: devicesOf(plan),
    text: planText(plan),
    unplanned: model,
    batch,
    deviceBatch,
    perDevice: { params: worst.params },
    stages: stages.map(({ first, last, weightBytes, kvCacheBytes, params }) => ({ first, last, weightBytes, kvCacheBytes, params })),
    notes,
  };
  const out: ModelResult = {
    ...model,
    layers,
    totals: { ...totals, params: model.totals.params, activeParams: model.totals.activeParams, weightBytes: worst.weightBytes, kvCacheBytes: worst.kvCacheBytes, activationBytes: worst.activationBytes },
    parallel,
  };
  return { model: out, blocking: [], warnings };
}
