// An index of one analysis's layers, built once per analysis and kept beside it (a WeakMap, so it
// goes with the analysis): the layers made by each call (one per instance of the blocks around
// it) and the layers made through each block call. Inlay hints ask it for many statements, so a
// 10,000-layer file costs one pass, not one pass per statement. And each layer's costed figures
// (no index needed: a costed model lists its layers by index).
import type { CostedLayer, CostedModel, ModelResult, RooflineAnalysis, Span } from '../core';
import type { ModelLayer } from './layerQueries';

export interface LayerIndex {
  /** Layers by the start offset of the operator call that made them (see `layersAt`). */
  byCall: Map<number, ModelLayer[]>;
  /** Layers by the start of every block call on their stack (the layers that call expands to). */
  byBlockCall: Map<number, ModelLayer[]>;
}

const cache = new WeakMap<RooflineAnalysis, LayerIndex>();

/**
 * Layers are keyed by the start offset of a call: numbers hash faster than strings, and no two
 * calls start at one offset (a call starts at its callee's name; a nested call starts after it).
 */
export function layersOfCallAt(index: LayerIndex, call: Span): ModelLayer[] {
  return (index.byCall.get(call.start) ?? []).filter((ml) => ml.layer.span.end === call.end);
}

/** The layers made through the block call at `call` (every layer it expands to). */
export function layersThroughBlockCall(index: LayerIndex, call: Span): ModelLayer[] {
  return index.byBlockCall.get(call.start) ?? [];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function build(a: RooflineAnalysis): LayerIndex {
  const index: LayerIndex = { byCall: new Map(), byBlockCall: new Map() };
  for (const model of a.models) {
    for (const layer of model.layers) {
      const ml: ModelLayer = { model, layer };
      push(index.byCall, layer.span.start, ml);
      for (const s of layer.stack) push(index.byBlockCall, s.start, ml);
    }
  }
  return index;
}

/** The index of an analysis (built on first use). */
export function layerIndex(a: RooflineAnalysis): LayerIndex {
  let index = cache.get(a);
  if (!index) {
    index = build(a);
    cache.set(a, index);
  }
  return index;
}

/** The costed model of a model of the analysis, when there is a target. */
export function costedModel(a: RooflineAnalysis, model: ModelResult): CostedModel | undefined {
  const i = a.models.indexOf(model);
  return i >= 0 ? a.costs[i] : undefined;
}

/** The costed figures of a layer (by its index in its model), when there is a target. */
export function costOf(a: RooflineAnalysis, ml: ModelLayer): CostedLayer | undefined {
  const c = costedModel(a, ml.model)?.layers[ml.layer.index];
  return c && c.index === ml.layer.index ? c : undefined;
}
