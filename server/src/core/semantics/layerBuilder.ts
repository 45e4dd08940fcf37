// The one place where layers are made, for the model language's evaluator and the importers of
// other formats (graphBuilder.ts) alike: a layer's name made unique, its place in the source, its
// operands and where each came from (`Layer.call`, so that formats/toNnm.ts can write any analysis
// out again), its counts and bytes from the operator table entry (`count`), the notes of a layer
// that is not counted, the model's inputs, and the finished model with its totals.
import { formatCount } from '../../protocol/format';
import type { Span } from '../diagnostics/types';
import { dimensionTooLarge, isDimension, LIMITS } from '../limits';
import { BoundArgs, fmtShape, numel, OpFailure, type ArgValue, type OpOutcome, type OpSpec, type Shape } from '../ops/types';
import { bytesOf, isUniform, roleOf, rolesOf, type Precision, type PrecisionRoles } from '../precision';
import { takeApart, type PartMaker } from './layerParts';
import { countsExact, INEXACT_NOTE } from './countExactness';
import type { AttentionMode, Layer, LayerCall, ModelInput, ModelParam, ModelResult, PlainArg, Totals, TensorSource } from './model';

/** A tensor operand: its shape (null when unknown), precision and producing layer (-1: none). */
export interface TensorRef {
  shape: Shape | null;
  precision: Precision;
  producer: number;
  /** Which output of the producing layer (0 when not said). */
  output?: number;
  /** The model input it is, by position in the model's inputs. */
  input?: number;
  /** The format's name of a constant operand (producer -1 and not a model input). */
  constant?: string;
}

/** Where a layer is written: its call, the statement holding it, the outermost call site in the
 *  model body, and the block calls it was made through (outermost first). */
export interface LayerPlace {
  span: Span;
  statement: Span;
  site: Span;
  stack: Span[];
}

export interface NewLayer {
  /** The name wanted; made unique ('name#2') if taken. */
  name: string;
  op: string;
  place: LayerPlace;
  /** The tensor operands, in the order of `Layer.inputs`. */
  tensors: readonly TensorRef[];
  /** The non-tensor arguments as given (defaults that were not written are left out). */
  args: Record<string, PlainArg | undefined>;
  /** The activations' datatype (and math type). */
  precision: Precision;
  /** Datatypes by role, when the weights or the KV cache may differ from `precision`. */
  roles?: PrecisionRoles;
  notes?: string[];
  fuse?: boolean;
}


/** Fails unless every output has at most LIMITS.rank dimensions, each a whole number within LIMITS.dimension. */
function checkOutputs(op: string, outputs: Shape[]): void {
  for (const o of outputs) {
    if (o.length > LIMITS.rank) throw new OpFailure(undefined, `${op}: an output of ${o.length} dimensions is beyond the limit of ${LIMITS.rank}`, 'RL218');
    for (const d of o) {
      if (isDimension(d)) continue;
      if (d > LIMITS.dimension) throw new OpFailure(undefined, `${op}: output ${fmtShape(o)}: ${dimensionTooLarge(d)}`, 'RL218');
      throw new OpFailure(undefined, `${op}: output ${fmtShape(o)} has the dimension ${d}, which is not a whole number of at least 0`, 'RL306');
    }
  }
}

/**
 * A model's totals from its layers: MACs, ops and params of the counted layers, and how many were
 * not counted (the totals are then incomplete). Exact or flagged: a sum that passes 2^53 - 1 (where
 * doubles round) is summed again in BigInt and its exact digits kept (`exact`) when every layer's
 * count is exact; a layer whose own count passed 2^53 - 1 was rounded when counted, so the totals
 * are then marked incomplete, with a note.
 */
/** Bytes of weights a layer holds (its params at its weights' datatype), as the model's totals count them. */
export function heldWeightBytes(l: Layer): number {
  return l.counted ? l.params * bytesOf(roleOf(l, 'weights')) : 0;
}

export function totalsOf(layers: Layer[]): Totals {
  let macs = 0;
  let ops = 0;
  let params = 0;
  let activeParams = 0;
  let weightBytes = 0;
  let kvCacheBytes = 0;
  let activationBytes = 0;
  let uncounted = 0;
  let inexact = 0;
  for (const l of layers) {
    if (!l.counted) {
      uncounted++;
      continue;
    }
    if (!countsExact(l)) inexact++;
    macs += l.macs;
    ops += l.ops;
    params += l.params;
    activeParams += l.activeParams ?? l.params;
    weightBytes += heldWeightBytes(l);
    kvCacheBytes += l.kvCache ?? 0;
    activationBytes = Math.max(activationBytes, l.bytes.input + l.bytes.output);
  }
  const totals: Totals = { macs, ops, params, activeParams, complete: uncounted === 0 && inexact === 0, layers: layers.length, uncounted, weightBytes, kvCacheBytes, activationBytes };
  if (inexact > 0) {
    totals.inexact = inexact;
    totals.notes = [`${formatCount(inexact)} layer${inexact === 1 ? '' : 's'} counted past 2^53 - 1: those counts and the totals are rounded.`];
    return totals;
  }
  const sums = { macs, ops, params };
  for (const key of ['macs', 'ops', 'params'] as const) {
    if (sums[key] <= Number.MAX_SAFE_INTEGER) continue;
    let exact = 0n;
    let whole = true;
    for (const l of layers) {
      if (!l.counted) continue;
      if (Number.isInteger(l[key])) exact += BigInt(l[key]);
      else whole = false;
    }
    if (whole) (totals.exact ??= {})[key] = exact.toString();
    else {
      totals.complete = false;
      (totals.notes ??= []).push(`The ${key} total passed 2^53 - 1 and is rounded.`);
    }
  }
  return totals;
}

/** The layers whose outputs the operands are, each once, in operand order. */
function producersOf(tensors: readonly TensorRef[]): number[] {
  const out: number[] = [];
  for (const t of tensors) if (t.producer >= 0 && !out.includes(t.producer)) out.push(t.producer);
  // A copy at its exact length (an array grown by push keeps room for more).
  return out.slice();
}

export class LayerBuilder {
  readonly layers: Layer[] = [];
  readonly inputs: ModelInput[] = [];
  readonly params: ModelParam[] = [];
  private readonly names = new Set<string>();
  /** Per set of taken names, the next suffix to try for each name (`uniqueName`). */
  private readonly suffixes = new WeakMap<Set<string>, Map<string, number>>();

  /** `name`, or `name#2`, `name#3`... when taken ('layer' for an empty name); reserves it in `taken`. */
  uniqueName(name: string, taken: Set<string> = this.names): string {
    let candidate = name || 'layer';
    // One lookup for a free name (the common case): added, the set grew.
    const size = taken.size;
    if (taken.add(candidate).size > size) return candidate;
    // The search for a free suffix starts where the last one for this name stopped (names are
    // never released but by `release`, which gives back only what one replay claimed before any
    // name was made here, so every suffix below it is taken): 10,000 layers of one name stay linear.
    let suffixes = this.suffixes.get(taken);
    if (!suffixes) this.suffixes.set(taken, (suffixes = new Map()));
    let i = suffixes.get(name) ?? 2;
    for (candidate = `${name}#${i}`; taken.has(candidate); candidate = `${name}#${++i}`);
    suffixes.set(name, i + 1);
    taken.add(candidate);
    return candidate;
  }

  /** Takes a name for a layer re-used as it was (incremental/statementMemo.ts); false when it is taken already. */
  claim(name: string): boolean {
    const before = this.names.size;
    this.names.add(name);
    return this.names.size > before;
  }

  /** Gives back a name `claim` took (its statement is evaluated after all); only before any other name is made (uniqueName counts on it). */
  release(name: string): void {
    this.names.delete(name);
  }

  /** A model input; `dims` says which dimensions are symbolic (a parameter's name in place of its value). */
  input(name: string, shape: Shape | null, precision: Precision, span: Span, dims?: readonly (number | string)[]): TensorRef {
    const input: ModelInput = { name, shape, precision, span };
    if (dims) input.dims = dims.slice();
    this.inputs.push(input);
    return { shape, precision, producer: -1, input: this.inputs.length - 1 };
  }

  /** Where a tensor operand came from, as a layer's call records it. */
  source(t: TensorRef): TensorSource {
    if (t.producer >= 0) return { kind: 'layer', layer: t.producer, output: t.output ?? 0 };
    if (t.input !== undefined && this.inputs[t.input]) return { kind: 'input', name: this.inputs[t.input].name, index: t.input };
    if (t.shape === null) return { kind: 'missing' };
    return t.constant !== undefined ? { kind: 'constant', name: t.constant, precision: t.precision } : { kind: 'constant', precision: t.precision };
  }

  /** A new layer, not counted yet, appended to the model. */
  add(n: NewLayer): Layer {
    const args: Record<string, PlainArg> = {};
    for (const k in n.args) {
      const v = n.args[k];
      if (v !== undefined) args[k] = Array.isArray(v) ? v.slice() : v;
    }
    // Arrays made at their final length: this runs for every layer of a large model, which keeps them all.
    const count = n.tensors.length;
    const inputs = new Array<Shape | null>(count);
    const sources = new Array<TensorSource>(count);
    for (let i = 0; i < count; i++) {
      inputs[i] = n.tensors[i].shape;
      sources[i] = this.source(n.tensors[i]);
    }
    const call: LayerCall = { args, inputs: sources };
    const layer: Layer = {
      index: this.layers.length,
      name: this.uniqueName(n.name),
      op: n.op,
      span: n.place.span,
      statement: n.place.statement,
      site: n.place.site,
      stack: n.place.stack,
      inputs,
      outputs: [null],
      precision: n.precision,
      macs: 0,
      ops: 0,
      params: 0,
      bytes: { input: 0, weight: 0, output: 0, cache: 0 },
      counted: false,
      producers: producersOf(n.tensors),
      notes: n.notes ? [...n.notes] : [],
      call,
    };
    if (n.fuse) layer.fuse = true;
    if (n.roles && !isUniform(n.roles)) layer.roles = n.roles;
    this.layers.push(layer);
    return layer;
  }

  /** Marks a layer whose operator is not in the table (the caller reports RL301 where it is written). */
  notInTable(layer: Layer): void {
    layer.notes.push(`'${layer.op}' is not in the operator table: this layer is not counted.`);
  }

  /**
   * Runs the operator table entry on the layer's checked arguments and fills its outputs, counts
   * and bytes (operands at their own precisions; weights, outputs and KV cache at the layer's
   * datatypes for those roles). On a failure
   * the layer stays uncounted with a note, and the failure (an OpFailure, or a defect) is returned
   * for the caller to locate. `producer` is the layer whose outputs are the call's: the layer
   * itself, or the last of the parts a call is taken apart into (layerParts.ts; `attention` is
   * the mode written on its statement).
   */
  count(
    layer: Layer,
    spec: OpSpec,
    values: Map<string, ArgValue>,
    operands: readonly { shape: Shape; precision: Precision }[],
    attention?: AttentionMode,
  ): { outputs: Shape[]; producer: number } | { failure: unknown } {
    let out: OpOutcome;
    let counted: Layer['bytes'];
    const roles = rolesOf(layer);
    const bytes = bytesOf(roles.activations);
    try {
      out = spec.infer(new BoundArgs(spec, values));
      // The limits (core/limits.ts): an output past them, or a count that overflows, fails the layer.
      checkOutputs(spec.name, out.outputs);
      let inputBytes = 0;
      if (out.inputElemsRead !== undefined) inputBytes = out.inputElemsRead * bytesOf(operands[0]?.precision ?? layer.precision);
      else for (const t of operands) inputBytes += numel(t.shape) * bytesOf(t.precision);
      counted = {
        input: out.view ? 0 : inputBytes,
        weight: out.weightElems * bytesOf(roles.weights),
        output: out.view ? 0 : out.outputs.reduce((s, o) => s + numel(o) * bytes, 0),
        cache: (out.cacheElems ?? 0) * bytesOf(roles.kv),
      };
      if (![out.macs, out.ops, out.params, counted.input, counted.weight, counted.output, counted.cache].every(Number.isFinite)) {
        throw new OpFailure(undefined, `${spec.name}: its counts overflow (they are not finite numbers), so the layer is not counted`, 'RL219');
      }
    } catch (failure) {
      layer.notes.push('Not counted: its arguments do not fit the operator (see the error).');
      return { failure };
    }
    if (out.parts && out.parts.length > 0) {
      const maker: PartMaker = { uniqueName: (n) => this.uniqueName(n), append: (l) => this.layers.push(l), nextIndex: () => this.layers.length };
      return { outputs: out.outputs, producer: takeApart(layer, out, operands, maker, attention) };
    }
    layer.outputs = out.outputs;
    layer.macs = out.macs;
    layer.ops = out.ops;
    layer.params = out.params;
    if (out.activeParams !== undefined) layer.activeParams = out.activeParams;
    layer.counted = true;
    layer.view = out.view;
    layer.bytes = counted;
    if (out.dims) layer.dims = out.dims;
    if (out.notes) layer.notes = layer.notes.concat(out.notes);
    if (!countsExact(layer)) layer.notes.push(INEXACT_NOTE);
    return { outputs: out.outputs, producer: layer.index };
  }

  /** The finished model: its layers, inputs, parameters and totals. */
  model(name: string, span: Span, nameSpan: Span): ModelResult {
    return { name, span, nameSpan, params: this.params, inputs: this.inputs, layers: this.layers, totals: totalsOf(this.layers) };
  }
}
