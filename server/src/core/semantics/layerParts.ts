// A call that its operator takes apart (attention: q_proj, k_proj, v_proj, qk, softmax, sv, o_proj)
// becomes one layer per part, so that each part has its own counts, bytes, roofline and hover. The
// layer made for the call becomes the first part; the others follow it in the model, in order, at
// the same place in the source. Each is named `<call's layer name>.<part>` and records `part` (the
// call's name, the part's, the call's sizes and its `@attention(...)` mode). Producers follow the
// parts' dependencies; the call's output is the last part's, so its readers depend on that one.
// The call's own layer name is not a layer: hovers and inlay hints sum its parts under it.
import { numel, type OpOutcome, type Shape } from '../ops/types';
import { bytesOf, rolesOf, type Precision } from '../precision';
import type { AttentionMode, Layer, LayerCall, LayerPart, ModelResult } from './model';
import { countsExact, INEXACT_NOTE } from './countExactness';

export interface PartMaker {
  /** A unique layer name (`name`, or `name#2`...). */
  uniqueName(name: string): string;
  /** Appends a layer to the model (its index is its position). */
  append(layer: Layer): void;
  /** The index the next appended layer takes. */
  nextIndex(): number;
}

/**
 * Turns `layer` (just made for the call, not counted) into the parts of `out`, appending the others
 * after it; returns the index of the last part, whose output is the call's.
 */
export function takeApart(layer: Layer, out: OpOutcome, operands: readonly { shape: Shape; precision: Precision }[], maker: PartMaker, mode: AttentionMode | undefined): number {
  const parts = out.parts ?? [];
  const roles = rolesOf(layer);
  const act = bytesOf(roles.activations);
  const callName = layer.name;
  const callProducers = layer.producers;
  const operandBytes = operands[0] ? numel(operands[0].shape) * bytesOf(operands[0].precision) : 0;
  const indices: number[] = [];
  const shape = out.attention ?? { batch: 0, seq: 0, context: 0, heads: 0, kvHeads: 0, headDim: 0 };
  const call = layer.call;
  if (call) call.op = layer.op;
  parts.forEach((p, k) => {
    const part: LayerPart = { of: callName, name: p.name, attention: shape };
    if (mode) part.mode = mode;
    // The first part is the layer made for the call (its place in the model, and its call); the
    // others are new layers at the same place in the source. (A literal: a spread of the
    // place here made this line a fifth of a 70B model's generate analysis in V8.)
    const l: Layer = k === 0 ? layer : { span: layer.span, statement: layer.statement, site: layer.site, stack: layer.stack, index: maker.nextIndex(), name: '', op: p.op, inputs: p.inputs, outputs: p.outputs, precision: layer.precision, macs: 0, ops: 0, params: 0, bytes: layer.bytes, counted: true, producers: [], notes: [] };
    if (k > 0 && layer.roles) l.roles = layer.roles;
    l.name = maker.uniqueName(`${callName}.${p.name}`);
    l.op = p.op;
    l.inputs = p.inputs;
    l.outputs = p.outputs;
    l.macs = p.macs;
    l.ops = p.ops;
    l.params = p.params;
    l.counted = true;
    l.producers = partProducers(p.after, callProducers, indices);
    l.bytes = {
      input: (p.readsOperand ? operandBytes : 0) + p.actReadElems * act,
      weight: p.weightElems * bytesOf(roles.weights),
      output: p.actWriteElems * act,
      cache: p.cacheElems * bytesOf(roles.kv),
    };
    if (p.cacheHeld !== undefined) l.kvCache = p.cacheHeld * bytesOf(roles.kv);
    if (p.dims) l.dims = p.dims;
    l.part = part;
    l.notes = [...(k === 0 ? layer.notes : []), ...(p.notes ?? [])];
    if (!countsExact(l)) l.notes.push(INEXACT_NOTE);
    if (k > 0) maker.append(l);
    indices.push(l.index);
  });
  return indices[indices.length - 1] ?? layer.index;
}

/**
 * The producers of a part, each once, in order: those of the call for an entry of `after` below 0
 * (the part reads the call's operands), else the part made at that index. (A loop, not a Set of a
 * flatMap: this runs for every part of every attention call, each decode step of a generation.)
 */
function partProducers(after: readonly number[], callProducers: readonly number[], indices: readonly number[]): number[] {
  const out: number[] = [];
  for (const a of after) {
    if (a >= 0) {
      if (!out.includes(indices[a])) out.push(indices[a]);
      continue;
    }
    for (const c of callProducers) if (!out.includes(c)) out.push(c);
  }
  return out;
}

/**
 * The model with every call taken apart joined again into one layer per call (named and placed as
 * the call, its operator and arguments the call's, its output the last part's, its counts the
 * parts' sums), the other layers renumbered: what writing a model file back needs (toNnm.ts).
 */
export function joinParts(model: ModelResult): ModelResult {
  if (!model.layers.some((l) => l.part)) return model;
  const newIndex = new Map<number, number>();
  const layers: Layer[] = [];
  const groups = new Map<string, Layer>();
  for (const l of model.layers) {
    const of = l.part?.of;
    const joined = of !== undefined ? groups.get(of) : undefined;
    if (joined) {
      joined.outputs = l.outputs;
      joined.macs += l.macs;
      joined.ops += l.ops;
      joined.params += l.params;
      newIndex.set(l.index, joined.index);
      continue;
    }
    const copy: Layer = { ...l, index: layers.length, notes: [...l.notes] };
    if (l.part) {
      copy.name = l.part.of;
      copy.op = l.call?.op ?? l.op;
      copy.inputs = l.call ? l.inputs.slice(0, l.call.inputs.length) : l.inputs;
      delete copy.dims;
      groups.set(l.part.of, copy);
    }
    newIndex.set(l.index, copy.index);
    layers.push(copy);
  }
  const remap = (i: number) => newIndex.get(i) ?? i;
  for (const l of layers) {
    l.producers = [...new Set(l.producers.map(remap))].filter((p) => p !== l.index);
    if (l.call) {
      const call: LayerCall = { ...l.call, inputs: l.call.inputs.map((s) => (s.kind === 'layer' ? { ...s, layer: remap(s.layer) } : s)) };
      delete call.op;
      l.call = call;
    }
  }
  return { ...model, layers };
}
