// What a parallel plan costs, from the costed layers of the model one device runs: the time of each
// pipeline stage, the bubble, the time of a run of the whole batch, throughput, and the share of the
// time spent in collectives, by link.
//   latency  = the time of one micro-batch through every stage (the sum of the layers' times)
//   run time = latency + (m - 1) x the slowest stage: the first micro-batch fills the pipeline,
//              each of the m - 1 others leaves it one slowest stage later (GPipe's schedule; with
//              equal stages, (m + pp - 1) x a stage); m x latency without a pipeline
//   bubble   = the share of the devices' time they wait: 1 - m x latency / (pp x run time),
//              (pp - 1) / (m + pp - 1) with equal stages
// Replicas run their shares of the batch at once, so a run of the model's batch takes one replica's
// run time. Pure.
import type { CostedModel } from '../cost/types';
import type { ModelResult } from '../semantics/model';

export interface CostedParallel {
  /** 'tp=8 pp=2'. */
  plan: string;
  devices: number;
  microBatches: number;
  /** Seconds of each stage for one micro-batch (its layers, and its send). */
  stages: number[];
  /** Fraction of a run a stage waits: 1 - m x latency / (pp x run time), (pp - 1) / (m + pp - 1) with equal stages; 0 without a pipeline. */
  bubble: number;
  /** Seconds of one micro-batch through every stage. */
  latency: number;
  /** Seconds of a run of the model's whole batch. */
  runTime: number;
  /** Seconds in collectives (on one micro-batch's way through the stages), and their share of the layers' time. */
  communication: { time: number; share: number; byLink: Record<string, number> };
}

/** Seconds of m micro-batches through stages of these times: latency + (m - 1) x the slowest. */
export function pipelineRunTime(stages: readonly number[], m: number): number {
  let latency = 0;
  let slowest = 0;
  for (const s of stages) {
    latency += s;
    if (s > slowest) slowest = s;
  }
  return stages.length > 1 ? latency + (m - 1) * slowest : m * latency;
}

/** The share of the devices' time spent waiting: 1 - m x latency / (stages x run time). */
export function pipelineBubble(stages: readonly number[], m: number, runTime: number): number {
  if (stages.length <= 1 || !(runTime > 0)) return 0;
  const latency = stages.reduce((a, b) => a + b, 0);
  return 1 - (m * latency) / (stages.length * runTime);
}

export function parallelSummary(model: ModelResult, cost: CostedModel): CostedParallel | undefined {
  const p = model.parallel;
  if (!p) return undefined;
  const time = (i: number) => {
    const c = cost.layers[i];
    return c && c.status === 'ok' ? (c.time ?? 0) : 0;
  };
  const stages = p.stages.map((s) => {
    let t = 0;
    for (let i = s.first; i <= s.last; i++) t += time(i);
    return t;
  });
  const latency = stages.reduce((a, b) => a + b, 0);
  const m = p.plan.micro;
  const runTime = pipelineRunTime(stages, m);
  const byLink: Record<string, number> = {};
  let comm = 0;
  for (const l of model.layers) {
    if (!l.collective) continue;
    const c = cost.layers[l.index];
    const t = time(l.index);
    comm += t;
    const link = c?.collective?.link ?? c?.bound ?? 'link';
    byLink[link] = (byLink[link] ?? 0) + t;
  }
  return {
    plan: p.text,
    devices: p.devices,
    microBatches: m,
    stages,
    bubble: pipelineBubble(stages, m, runTime),
    latency,
    runTime,
    communication: { time: comm, share: latency > 0 ? comm / latency : 0, byLink },
  };
}
