// Pipeline parallelism as a transform of the layer list (GPipe: Huang et al., NeurIPS 2019;
// Narayanan et al., "Efficient Large-Scale Language Model Training on GPU Clusters Using
// Megatron-LM", SC 2021): the layers, in order, are cut into pp stages of consecutive layers, one
// stage a device (of each tensor-parallel group). Each cut is placed where the weights divide
// evenly (stage k ends near k/pp of the weight bytes), moved within a window to the boundary that
// the fewest activation bytes cross (between two decoder blocks only the hidden state crosses), and
// never between a layer and the collective that follows it. The activations that cross a cut go
// from one stage to the next by a point-to-point send, a layer of its own (`send_to_stage<k>`).
// With m micro-batches the pipeline runs a batch in (m + pp - 1) x the slowest stage's time: the
// (pp - 1) extra slots are the bubble (summary.ts). Pure; never throws.
import { bytesOf, rolesOf } from '../precision';
import { heldWeightBytes } from '../semantics/layerBuilder';
import type { Layer } from '../semantics/model';
import { formatCount } from '../../protocol/format';

export interface Stage {
  first: number;
  last: number;
  weightBytes: number;
  kvCacheBytes: number;
  params: number;
}

export interface PipelineResult {
  layers: Layer[];
  stages: Stage[];
}

/** All the layers as one stage (no pipeline). */
function oneStage(layers: Layer[]): Stage {
  const s: Stage = { first: 0, last: Math.max(0, layers.length - 1), weightBytes: 0, kvCacheBytes: 0, params: 0 };
  for (const l of layers) {
    s.weightBytes += heldWeightBytes(l);
    s.kvCacheBytes += l.kvCache ?? 0;
    s.params += l.counted ? l.params : 0;
  }
  return s;
}

/** A stage's activations, layers first..last: the largest that one of its counted layers (not a collective) reads and writes. */
export function stageActivationBytes(layers: readonly Layer[], first: number, last: number): number {
  let a = 0;
  for (let i = first; i <= last; i++) {
    const l = layers[i];
    if (l.counted && !l.collective) a = Math.max(a, l.bytes.input + l.bytes.output);
  }
  return a;
}

/** The last layer that reads each layer's output (its own index when none does). */
function lastReaders(layers: Layer[]): number[] {
  const n = layers.length;
  const last = layers.map((l) => l.index);
  for (const l of layers) for (const p of l.producers) if (p >= 0 && p < n && l.index > last[p]) last[p] = l.index;
  return last;
}

/** Bytes that cross each boundary b (between layer b - 1 and layer b): outputs made before b and read at or after it. */
export function crossingBytes(layers: Layer[], last: number[] = lastReaders(layers)): number[] {
  const n = layers.length;
  const diff = new Array<number>(n + 1).fill(0);
  for (let i = 0; i < n; i++) {
    if (last[i] <= i) continue;
    const bytes = layers[i].bytes.output;
    diff[i + 1] += bytes;
    diff[last[i] + 1] -= bytes;
  }
  const out = new Array<number>(n + 1).fill(0);
  let run = 0;
  for (let b = 0; b <= n; b++) {
    run += diff[b];
    out[b] = run;
  }
  return out;
}

/** What the cuts depend on, computed once for a layer list: prefix sums of weights, crossing bytes, where a cut may go. */
export interface CutInputs {
  prefix: number[];
  crossing: number[];
  allowed: boolean[];
}

export function cutInputs(layers: Layer[], last: number[] = lastReaders(layers)): CutInputs {
  const prefix = [0];
  for (const l of layers) prefix.push(prefix[prefix.length - 1] + heldWeightBytes(l));
  const allowed = layers.map((l, b) => b > 0 && !l.collective);
  allowed.push(false);
  return { prefix, crossing: crossingBytes(layers, last), allowed };
}

/** The cuts of `pp` stages: near an even share of the weights, at the fewest crossing bytes within a window. */
export function cutsOf(inputs: CutInputs, pp: number): number[] {
  const { prefix, crossing, allowed } = inputs;
  const n = prefix.length - 1;
  if (pp <= 1 || n < 2) return [];
  const total = prefix[n];
  const window = Math.max(1, Math.floor(n / (2 * pp)));
  const cuts: number[] = [];
  for (let k = 1; k < pp; k++) {
    const lo = (cuts[cuts.length - 1] ?? 0) + 1;
    const hi = n - (pp - k);
    if (lo > hi) break;
    // The boundary nearest an even share of the weights (of the layers, where there are no weights).
    let ideal = lo;
    if (total > 0) {
      const target = (total * k) / pp;
      while (ideal < hi && prefix[ideal] < target) ideal++;
    } else ideal = Math.min(hi, Math.max(lo, Math.round((n * k) / pp)));
    let best = -1;
    for (let b = Math.max(lo, ideal - window); b <= Math.min(hi, ideal + window); b++) {
      if (!allowed[b]) continue;
      if (best < 0 || crossing[b] < crossing[best] || (crossing[b] === crossing[best] && Math.abs(b - ideal) < Math.abs(best - ideal))) best = b;
    }
    if (best < 0) best = Math.min(hi, Math.max(lo, ideal));
    cuts.push(best);
  }
  return cuts;
}

/**
 * The layers with their stages and a send at every cut, renumbered; `stride` is the distance between
 * two stages' devices in the plan's numbering (groups.ts).
 */
export function pipelineLayers(layers: Layer[], pp: number, stride: number): PipelineResult {
  if (pp <= 1) return { layers, stages: [oneStage(layers)] };
  // The readers, the crossing bytes and the cuts, each found once.
  const last = lastReaders(layers);
  const inputs = cutInputs(layers, last);
  const cuts = cutsOf(inputs, pp);
  const crossing = inputs.crossing;
  const out: Layer[] = [];
  const newIndex = new Map<number, number>();
  const stages: Stage[] = [];
  let stage = 0;
  const startStage = () => stages.push({ first: out.length, last: out.length, weightBytes: 0, kvCacheBytes: 0, params: 0 });
  startStage();
  for (let i = 0; i < layers.length; i++) {
    if (cuts[stage] === i) {
      const first = layers[i];
      const act = bytesOf(rolesOf(first).activations);
      const producers: number[] = [];
      for (let p = 0; p < i; p++) if (last[p] >= i) producers.push(newIndex.get(p) as number);
      const send: Layer = {
        index: out.length,
        name: `send_to_stage${stage + 1}`,
        op: 'send',
        span: first.span,
        statement: first.statement,
        site: first.site,
        stack: first.stack,
        inputs: first.inputs,
        outputs: first.inputs,
        precision: first.precision,
        macs: 0,
        ops: 0,
        params: 0,
        bytes: { input: crossing[i], weight: 0, output: 0, cache: 0 },
        counted: true,
        producers,
        stage,
        notes: [`Sends the ${formatCount(crossing[i])} bytes of activations that stage ${stage} hands to stage ${stage + 1}.`],
        collective: { kind: 'send', group: 'pp', devices: 2, offset: stage * stride, stride, size: crossing[i], elementBytes: act, purpose: `hands the activations of stage ${stage} to stage ${stage + 1}` },
      };
      out.push(send);
      stages[stage].last = send.index;
      stage++;
      startStage();
    }
    const l: Layer = { ...layers[i], index: out.length, producers: layers[i].producers.map((p) => newIndex.get(p) ?? p), stage };
    if (l.call) l.call = { ...l.call, inputs: l.call.inputs.map((s) => (s.kind === 'layer' ? { ...s, layer: newIndex.get(s.layer) ?? s.layer } : s)) };
    newIndex.set(layers[i].index, l.index);
    out.push(l);
    const s = stages[stage];
    s.last = l.index;
    s.weightBytes += heldWeightBytes(l);
    s.kvCacheBytes += l.kvCache ?? 0;
    s.params += l.counted ? l.params : 0;
  }
  return { layers: out, stages };
}
