// What `roofline diff` compares: two costed models (two files, or one file on two targets or at
// two sets of params), layer by layer matched by name (the n-th layer of a name in A with the
// n-th of that name in B), with the layers only in B (added) and only in A (removed), and the
// totals. Relative changes are (B - A) / A; absent when A is 0 or a side has no figure.
import { boundLabel } from './analyzeTable';
import { batchOf, type CostedLayer } from './core';
import type { LoadedModel } from './loadModel';

export interface DiffSide {
  file: string;
  model: string | null;
  target: string | null;
  targetOrigin: string | null;
  params: Record<string, number>;
  batch: number;
}

/** One side's figures of a layer. */
export interface LayerFigures {
  op: string;
  /** Seconds per run. */
  time?: number;
  share?: number;
  bound?: string;
  ctc?: number;
  /** Off-chip bytes per run. */
  traffic?: number;
  macs: number;
}

export type LayerStatus = 'changed' | 'same' | 'added' | 'removed';

export interface LayerChange {
  name: string;
  status: LayerStatus;
  a?: LayerFigures;
  b?: LayerFigures;
  /** (B - A) / A of the layer's time and traffic. */
  timeChange?: number;
  trafficChange?: number;
  boundChanged?: boolean;
}

export interface TotalFigures {
  /** Seconds per run, and per sample (per run / batch). */
  time: number;
  timePerSample: number;
  /** Runs per second, and samples per second (runs x batch). */
  throughput: number;
  samplesPerSecond: number;
  traffic: number;
  macs: number;
  ops: number;
  params: number;
  layers: number;
  energy?: number;
  bound?: string;
  boundShare?: number;
}

export interface ModelDiff {
  a: DiffSide;
  b: DiffSide;
  /**
   * Relative changes. Time and throughput compare per sample (time per run / batch, samples/s), the
   * same as per run when both sides have the same batch; traffic and energy compare per run.
   */
  totals: { a: TotalFigures; b: TotalFigures; timeChange?: number; throughputChange?: number; trafficChange?: number; energyChange?: number };
  layers: LayerChange[];
  counts: { same: number; changed: number; added: number; removed: number };
}

export function relativeChange(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || a === 0) return undefined;
  return (b - a) / a;
}

function side(l: LoadedModel): DiffSide {
  const m = l.model;
  return {
    file: l.file,
    model: m?.name ?? null,
    target: l.analysis.chosen?.target.name ?? null,
    targetOrigin: l.analysis.chosen?.origin ?? null,
    params: Object.fromEntries((m?.params ?? []).map((p) => [p.name, p.value])),
    batch: batchOf(m),
  };
}

function figures(l: LoadedModel, i: number): LayerFigures {
  const layer = l.model!.layers[i];
  const c: CostedLayer | undefined = l.cost?.layers[i];
  const out: LayerFigures = { op: layer.op, macs: layer.macs };
  if (c?.status === 'ok') {
    if (c.time !== undefined) out.time = c.time;
    if (c.share !== undefined) out.share = c.share;
    out.bound = boundLabel(c);
    if (c.ctc !== undefined) out.ctc = c.ctc;
    if (c.traffic) out.traffic = c.traffic.used;
  }
  return out;
}

function totals(l: LoadedModel): TotalFigures {
  const m = l.model!;
  const c = l.cost?.totals;
  const batch = batchOf(m);
  const out: TotalFigures = {
    time: c?.time ?? 0,
    timePerSample: (c?.time ?? 0) / batch,
    throughput: c?.throughput ?? 0,
    samplesPerSecond: (c?.throughput ?? 0) * batch,
    traffic: c?.traffic ?? 0,
    macs: m.totals.macs,
    ops: m.totals.ops,
    params: m.totals.params,
    layers: m.totals.layers,
  };
  if (c?.energy !== undefined) out.energy = c.energy;
  if (c?.bound !== undefined) out.bound = c.bound;
  if (c?.boundShare !== undefined) out.boundShare = c.boundShare;
  return out;
}

const SAME = 1e-9;

function close(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Math.abs(a - b) <= SAME * Math.max(Math.abs(a), Math.abs(b));
}

/** The diff of two loaded models (both with a model). */
export function diffModels(a: LoadedModel, b: LoadedModel): ModelDiff {
  const byName = new Map<string, number[]>();
  a.model!.layers.forEach((l, i) => {
    const list = byName.get(l.name) ?? [];
    list.push(i);
    byName.set(l.name, list);
  });
  const matchedA = new Set<number>();
  const layers: LayerChange[] = [];
  b.model!.layers.forEach((l, j) => {
    const ia = byName.get(l.name)?.shift();
    const fb = figures(b, j);
    if (ia === undefined) {
      layers.push({ name: l.name, status: 'added', b: fb });
      return;
    }
    matchedA.add(ia);
    const fa = figures(a, ia);
    const change: LayerChange = { name: l.name, status: 'same', a: fa, b: fb };
    const t = relativeChange(fa.time, fb.time);
    if (t !== undefined) change.timeChange = t;
    const tr = relativeChange(fa.traffic, fb.traffic);
    if (tr !== undefined) change.trafficChange = tr;
    change.boundChanged = fa.bound !== fb.bound;
    const same = close(fa.time, fb.time) && close(fa.traffic, fb.traffic) && close(fa.ctc, fb.ctc) && !change.boundChanged && fa.op === fb.op && fa.macs === fb.macs;
    change.status = same ? 'same' : 'changed';
    layers.push(change);
  });
  a.model!.layers.forEach((l, i) => {
    if (!matchedA.has(i)) layers.push({ name: l.name, status: 'removed', a: figures(a, i) });
  });
  const ta = totals(a);
  const tb = totals(b);
  const t: ModelDiff['totals'] = { a: ta, b: tb };
  const put = (k: 'timeChange' | 'throughputChange' | 'trafficChange' | 'energyChange', v: number | undefined) => {
    if (v !== undefined) t[k] = v;
  };
  put('timeChange', relativeChange(ta.timePerSample, tb.timePerSample));
  put('throughputChange', relativeChange(ta.samplesPerSecond, tb.samplesPerSecond));
  put('trafficChange', relativeChange(ta.traffic, tb.traffic));
  put('energyChange', relativeChange(ta.energy, tb.energy));
  const counts = { same: 0, changed: 0, added: 0, removed: 0 };
  for (const l of layers) counts[l.status]++;
  return { a: side(a), b: side(b), totals: t, layers, counts };
}
