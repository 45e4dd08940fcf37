// What a parallel plan costs, from the costed layers of the model one device runs: the time of each
// pipeline stage, the bubble, the time of a run of the whole batch, throughput, and the share of the
// time spent in collectives, by link.
//   latency  = the time of one micro-batch through every stage (the sum of the layers' times)
//   run time = (m + pp - 1) x the slowest stage (GPipe's schedule: m micro-batches, pp stages;
//              (pp - 1) / (m + pp - 1) of it is the bubble), m x latency without a pipeline
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
  /** Fraction of a run a stage waits: (pp - 1) / (m + pp - 1); 0 without a pipeline. */
  bubble: number;
  /** Seconds of one micro-batch through every stage. */
  latency: number;
  /** Seconds of a run of the model's whole batch. */
  runTime: number;
  /** Seconds in collectives (on one micro-batch's way through the stages), and their share of the layers' time. */
  communication: { time: number; share: number; byLink: Record<string, number> };
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
  const pp = p.plan.pp;
  const slowest = stages.reduce((a, b) => Math.max(a, b), 0);
  const runTime = pp > 1 ? (m + pp - 1) * slowest : m * latency;
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
    bubble: pp > 1 ? (pp - 1) / (m + pp - 1) : 0,
    latency,
    runTime,
    communication: { time: comm, share: latency > 0 ? comm / latency : 0, byLink },
  };
}
