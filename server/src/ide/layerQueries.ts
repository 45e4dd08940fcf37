// Queries over the analysed layers by source span: the layers one call makes (one per instance of
// the block it sits in), every layer a call expression makes (through the blocks it expands and
// in its arguments), instances, and sums. Hover, symbols and future features share these.
import type { FileAnalysis, Layer, LayerBytes, ModelResult, Span } from '../core';
import { within } from './syntaxAt';

export interface ModelLayer {
  model: ModelResult;
  layer: Layer;
}

export interface LayerSums {
  layers: number;
  uncounted: number;
  macs: number;
  ops: number;
  params: number;
  bytes: LayerBytes;
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** The layers made by one operator call: one per instance of the blocks around it. */
export function layersOfCall(analysis: FileAnalysis, span: Span): ModelLayer[] {
  const out: ModelLayer[] = [];
  for (const model of analysis.models) {
    for (const layer of model.layers) if (sameSpan(layer.span, span)) out.push({ model, layer });
  }
  return out;
}

/**
 * Every layer a call expression makes, in every instance: the layers of the blocks it expands
 * (their `stack` holds a call within it) and the layers of calls nested in its arguments.
 */
export function layersUnder(analysis: FileAnalysis, span: Span): ModelLayer[] {
  const out: ModelLayer[] = [];
  for (const model of analysis.models) {
    for (const layer of model.layers) {
      if (within(layer.span, span) || layer.stack.some((s) => within(s, span))) out.push({ model, layer });
    }
  }
  return out;
}

/** True when the layer was made through the call at `span` itself (not by its arguments). */
export function madeThrough(layer: Layer, span: Span): boolean {
  return layer.stack.some((s) => sameSpan(s, span));
}

/** True when the call at `span` is a `repeat(...)` call. */
function isRepeatCall(text: string, span: Span): boolean {
  return /^repeat\s*\(/.test(text.slice(span.start, span.start + 32));
}

/**
 * Identifies the evaluation of the enclosing blocks that made a layer under the call at `span`:
 * the model, the block calls on the layer's stack outside that call, and the iteration of every
 * `repeat` among them (iterations share a call span; the layer's name holds them: `s1[2].a`).
 */
function instanceKey(analysis: FileAnalysis, ml: ModelLayer, span: Span): string {
  const outside: Span[] = [];
  for (const s of ml.layer.stack) {
    if (within(s, span)) break;
    outside.push(s);
  }
  const repeats = outside.filter((s) => isRepeatCall(analysis.text, s)).length;
  const iterations = [...ml.layer.name.matchAll(/\[(\d+)\]/g)].slice(0, repeats).map((m) => m[1]);
  return `${ml.model.name}/${outside.map((s) => `${s.start}-${s.end}`).join('/')}/${iterations.join(',')}`;
}

/** Groups layers by the evaluation (instance) they come from, in order of first appearance. */
export function byInstance(analysis: FileAnalysis, layers: ModelLayer[], span: Span): ModelLayer[][] {
  const groups = new Map<string, ModelLayer[]>();
  for (const ml of layers) {
    const key = instanceKey(analysis, ml, span);
    const group = groups.get(key);
    if (group) group.push(ml);
    else groups.set(key, [ml]);
  }
  return [...groups.values()];
}

/** Sums of the counted layers' numbers (uncounted layers are counted apart). */
export function sumLayers(layers: Layer[]): LayerSums {
  const sums: LayerSums = { layers: layers.length, uncounted: 0, macs: 0, ops: 0, params: 0, bytes: { input: 0, weight: 0, output: 0, cache: 0 } };
  for (const l of layers) {
    if (!l.counted) {
      sums.uncounted++;
      continue;
    }
    sums.macs += l.macs;
    sums.ops += l.ops;
    sums.params += l.params;
    sums.bytes.input += l.bytes.input;
    sums.bytes.weight += l.bytes.weight;
    sums.bytes.output += l.bytes.output;
    sums.bytes.cache += l.bytes.cache;
  }
  return sums;
}
