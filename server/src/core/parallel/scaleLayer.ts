// One device's share of a layer: the counts, bytes and loop nest of a layer scaled by the part of
// the work that device does. Two kinds of share:
//   - of the batch (data parallel, micro-batches): work, activations and KV cache follow the tokens;
//     the weights are read whole by every replica and every micro-batch;
//   - of the layer (tensor or expert parallel): each operand by its own factor (a column-parallel
//     linear reads its whole input, a row-parallel one writes its whole partial output).
// Pure: returns a new layer, never changes its argument.
import { expectedExpertsTouched, moeWeightElems } from '../ops/moe';
import type { Shape } from '../ops/types';
import type { Layer } from '../semantics/model';

/** Factors of one device's share, by operand; 1 keeps the whole. */
export interface Share {
  work: number;
  input: number;
  weight: number;
  output: number;
  cache: number;
  params: number;
  /** The KV cache held (k_proj, v_proj). */
  held: number;
}

export const WHOLE: Readonly<Share> = Object.freeze({ work: 1, input: 1, weight: 1, output: 1, cache: 1, params: 1, held: 1 });

/**
 * A copy of the layer whose figures (bytes, loop nest, attention sizes) are its own, safe to change;
 * notes, producers and the call are shared until replaced (never changed in place).
 */
export function copyLayer(l: Layer): Layer {
  const c: Layer = { ...l, bytes: { ...l.bytes } };
  if (l.dims) c.dims = { ...l.dims };
  if (l.part) c.part = { ...l.part, attention: { ...l.part.attention } };
  return c;
}

/** Scales a layer's figures in place by `s` (params rounded, so that they stay whole). */
export function applyShare(l: Layer, s: Share): void {
  l.macs *= s.work;
  l.ops *= s.work;
  l.params = Math.round(l.params * s.params);
  if (l.activeParams !== undefined) l.activeParams = Math.round(l.activeParams * s.params);
  l.bytes.input *= s.input;
  l.bytes.weight *= s.weight;
  l.bytes.output *= s.output;
  l.bytes.cache *= s.cache;
  if (l.kvCache !== undefined) l.kvCache *= s.held;
}

/**
 * The layer at `deviceBatch` of the model's `batch` samples (deviceBatch <= batch): what one replica
 * or one micro-batch runs. Work, activations and the KV cache follow the samples; weights stay whole
 * (a mixture of experts reads the experts its fewer tokens touch).
 */
export function batchShare(l: Layer, batch: number, deviceBatch: number): Layer {
  const c = copyLayer(l);
  if (deviceBatch === batch || !(batch > 0)) return c;
  const f = deviceBatch / batch;
  applyShare(c, { work: f, input: f, weight: 1, output: f, cache: f, params: 1, held: f });
  const d = c.dims;
  if (d?.kind === 'conv' && d.batch % batch === 0) d.batch = (d.batch / batch) * deviceBatch;
  else if (d?.kind === 'gemm') {
    if (d.batch % batch === 0 && d.batch >= batch) d.batch = (d.batch / batch) * deviceBatch;
    else d.m = Math.max(1, Math.round(d.m * f));
  }
  if (c.part && c.part.attention.batch % batch === 0) c.part.attention.batch = (c.part.attention.batch / batch) * deviceBatch;
  // The tensors of a replica: the batch dimension (the first) becomes its share.
  const perReplica = (s: Shape | null): Shape | null => (s && s[0] === batch ? [deviceBatch, ...s.slice(1)] : s);
  c.inputs = c.inputs.map(perReplica);
  c.outputs = c.outputs.map(perReplica);
  if (c.op === 'moe') moeWeightsForTokens(c, l, f);
  return c;
}

/** A mixture's weight bytes when its tokens become `f` of what they were: the experts they touch. */
function moeWeightsForTokens(c: Layer, original: Layer, f: number): void {
  const args = original.call?.args;
  const experts = typeof args?.experts === 'number' ? args.experts : 0;
  const topK = typeof args?.top_k === 'number' ? args.top_k : 0;
  const input = original.inputs[0];
  if (!experts || !topK || !input || input.length === 0) return;
  const tokens = input.slice(0, -1).reduce((a, b) => a * b, 1);
  if (!(expectedExpertsTouched(experts, topK, tokens) > 0)) return;
  const router = input[input.length - 1] * experts;
  const m = { router, perExpert: (original.params - router) / experts, experts, topK };
  const perElem = original.params > 0 ? original.bytes.weight / moeWeightElems(m, tokens) : 0;
  if (!(perElem > 0)) return;
  c.bytes.weight = perElem * moeWeightElems(m, Math.max(1, Math.round(tokens * f)));
}
