// The parallel plan in the JSON report (docs/cli-json.md): the plan, its devices and batch split,
// the memory of a device against its capacity, the pipeline's stages, the bubble, the run time and
// the communication share; per layer, how it is split (`shard`), its stage and, for a collective,
// its algorithm, bytes, steps and link. Field names are a public contract: add, never rename.
import { deviceCapacity, deviceFit } from '../semantics/deviceBytes';
import type { CostedCollective, CostedLayer, CostedModel } from '../cost/types';
import type { Target } from '../hardware/types';
import type { Layer, ModelResult } from '../semantics/model';

export interface JsonParallel {
  /** 'tp=8 pp=2'. */
  plan: string;
  tp: number;
  pp: number;
  ep: number;
  dp: number;
  microBatches: number;
  devices: number;
  /** The model's batch, and the samples one device runs at a time (a replica's share, then a micro-batch). */
  batch: number;
  deviceBatch: number;
  /** Bytes one device holds (its pipeline stage): weights, KV cache (all its micro-batches), activations; its params. */
  perDevice: { weightBytes: number; kvCacheBytes: number; activationBytes: number; total: number; params: number; capacity?: number; fits?: boolean };
  stages: { first: string; last: string; weightBytes: number; kvCacheBytes: number; params: number; time?: number }[];
  notes: string[];
  // ---- with a target ----
  /** Fraction of a run that a stage waits, (pp - 1) / (m + pp - 1). */
  bubble?: number;
  /** Seconds of one micro-batch through every stage; seconds of a run of the whole batch. */
  latency?: number;
  runTime?: number;
  /** Seconds in collectives, their share of the layers' time, and by link. */
  communication?: { time: number; share: number; byLink: Record<string, number> };
}

export interface JsonCollective extends CostedCollective {
  /** What it is for. */
  purpose: string;
}

export function jsonParallel(model: ModelResult, target: Target | undefined, cost: CostedModel | undefined): JsonParallel | undefined {
  const p = model.parallel;
  if (!p) return undefined;
  // The totals are one device's under a plan (a generation's activations are its prefill's or its decode's, the larger).
  const t = model.totals;
  const capacity = deviceCapacity(target);
  const { need, fits } = deviceFit(t, capacity);
  const perDevice: JsonParallel['perDevice'] = { weightBytes: t.weightBytes, kvCacheBytes: t.kvCacheBytes, activationBytes: t.activationBytes, total: need, params: p.perDevice.params };
  if (capacity !== undefined) perDevice.capacity = capacity;
  if (fits !== undefined) perDevice.fits = fits;
  const { tp, pp, ep, dp, micro } = p.plan;
  const out: JsonParallel = {
    plan: p.text,
    tp,
    pp,
    ep,
    dp,
    microBatches: micro,
    devices: p.devices,
    batch: p.batch,
    deviceBatch: p.deviceBatch,
    perDevice,
    stages: p.stages.map((s, i) => {
      const stage = { first: model.layers[s.first]?.name ?? '', last: model.layers[s.last]?.name ?? '', weightBytes: s.weightBytes, kvCacheBytes: s.kvCacheBytes, params: s.params };
      const time = cost?.parallel?.stages[i];
      return time !== undefined ? { ...stage, time } : stage;
    }),
    notes: p.notes,
  };
  const s = cost?.parallel;
  if (s) {
    out.bubble = s.bubble;
    out.latency = s.latency;
    out.runTime = s.runTime;
    out.communication = s.communication;
  }
  return out;
}

/** A layer's part of a plan: how it is split, its stage, and (a collective) how it was costed. */
export function jsonLayerParallel(l: Layer, c: CostedLayer | undefined): { shard?: string; stage?: number; collective?: JsonCollective } {
  const out: { shard?: string; stage?: number; collective?: JsonCollective } = {};
  if (l.shard) out.shard = l.shard;
  if (l.stage !== undefined) out.stage = l.stage;
  if (c?.collective && l.collective) out.collective = { ...c.collective, purpose: l.collective.purpose };
  return out;
}
