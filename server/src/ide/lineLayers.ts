// The layers one statement line makes, and the one that matters: a line such as
// `a = relu(conv_bn(x, 64, 1))` makes a conv, a batch norm (through the block) and a ReLU; the
// inlay hint, the hover and the problems speak of the layer that takes the most time (under fusion,
// the group's producer, which carries the group's figures; its members take no time of their own).
// Shared by inlay hints and hovers. Pure.
import type { ast as A, CostedLayer, RooflineAnalysis } from '../core';
import { costedModel, costOf, layersOfCallAt, layersThroughBlockCall, type LayerIndex } from './layerIndex';
import { byInstance, type ModelLayer } from './layerQueries';

/** Every call expression in an expression, outer first. */
export function callsIn(e: A.Expr, out: A.Call[] = []): A.Call[] {
  switch (e.kind) {
    case 'call':
      out.push(e);
      for (const a of e.args) callsIn(a.value, out);
      break;
    case 'list':
      for (const i of e.items) callsIn(i, out);
      break;
    case 'binary':
      callsIn(e.left, out);
      callsIn(e.right, out);
      break;
    case 'unary':
      callsIn(e.operand, out);
      break;
    case 'if':
      callsIn(e.cond, out);
      callsIn(e.then, out);
      callsIn(e.else, out);
      break;
    case 'index':
      callsIn(e.target, out);
      callsIn(e.index, out);
      break;
  }
  return out;
}

/** The instances of the statement's outer layer: its outer call, or through views to the call they read. */
export function outerLayer(index: LayerIndex, value: A.Expr): ModelLayer[] | undefined {
  let e: A.Expr | undefined = value;
  while (e?.kind === 'call') {
    const instances = layersOfCallAt(index, e);
    if (instances.length === 0) return undefined;
    if (!instances[0].layer.view) return instances;
    e = e.args.find((a) => !a.name && a.value.kind === 'call')?.value;
  }
  return undefined;
}

export interface StatementLayers {
  /** Every layer the statement makes (through its block calls too), per instance, in model order. */
  instances: ModelLayer[][];
  /** The instances of its outer layer; undefined when the outer call is a block or `repeat` call. */
  outer?: ModelLayer[];
}

export function statementLayers(a: RooflineAnalysis, index: LayerIndex, stmt: A.Node, value: A.Expr): StatementLayers {
  const seen = new Set<ModelLayer>();
  for (const call of callsIn(value)) {
    for (const ml of layersOfCallAt(index, call)) seen.add(ml);
    for (const ml of layersThroughBlockCall(index, call)) seen.add(ml);
  }
  const ordered = [...seen].sort((x, y) => (x.model === y.model ? x.layer.index - y.layer.index : a.models.indexOf(x.model) - a.models.indexOf(y.model)));
  const out: StatementLayers = { instances: ordered.length > 0 ? byInstance(a, ordered, stmt) : [] };
  const outer = outerLayer(index, value);
  if (outer) out.outer = outer;
  return out;
}

/** The costed layer of `layers` that takes the most time (the first of equals); undefined when none is costed. */
export function dominantLayer(a: RooflineAnalysis, layers: readonly ModelLayer[]): ModelLayer | undefined {
  let best: ModelLayer | undefined;
  let bestTime = -1;
  for (const ml of layers) {
    const c = costOf(a, ml);
    if (!c || c.status !== 'ok') continue;
    const t = c.time ?? 0;
    if (t > bestTime) {
      best = ml;
      bestTime = t;
    }
  }
  return best;
}

/** The producer whose kernel runs a fused member (undefined for any other layer). */
export function producerOf(a: RooflineAnalysis, ml: ModelLayer): { layer: ModelLayer; cost: CostedLayer } | undefined {
  const c = costOf(a, ml);
  if (c?.fusedInto === undefined) return undefined;
  const costed = costedModel(a, ml.model);
  const cost = costed?.layers.find((x) => x.name === c.fusedInto);
  const layer = cost ? ml.model.layers[cost.index] : undefined;
  return cost && layer ? { layer: { model: ml.model, layer }, cost } : undefined;
}
