// The one place where layers are made, for the model language's evaluator and the importers of
// other formats (graphBuilder.ts) alike: a layer's name made unique, its place in the source, its
// operands and where each came from (`Layer.call`, so that formats/toNnm.ts can write any analysis
// out again), its counts and bytes from the operator table entry (`count`), the notes of a layer
// that is not counted, the model's inputs, and the finished model with its totals.
import type { Span } from '../diagnostics/types';
import { BoundArgs, numel, type ArgValue, type OpOutcome, type OpSpec, type Shape } from '../ops/types';
import { bytesOf, isUniform, rolesOf, type Precision, type PrecisionRoles } from '../precision';
import { takeApart, type PartMaker } from './layerParts';
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

/** A model's totals from its layers: MACs, ops and params of the counted layers, and how many were
 *  not counted (the totals are then incomplete). */
export function totalsOf(layers: Layer[]): Totals {
  let macs = 0;
  let ops = 0;
  let params = 0;
  let activeParams = 0;
  let weightBytes = 0;
  let kvCacheBytes = 0;
  let activationBytes = 0;
  let uncounted = 0;
  for (const l of layers) {
    if (!l.counted) {
      uncounted++;
      continue;
    }
    macs += l.macs;
    ops += l.ops;
    params += l.params;
    activeParams += l.activeParams ?? l.params;
    weightBytes += l.params * bytesOf(rolesOf(l).weights);
    kvCacheBytes += l.kvCache ?? 0;
    activationBytes = Math.max(activationBytes, l.bytes.input + l.bytes.output);
  }
  return { macs, ops, params, activeParams, complete: uncounted === 0, layers: layers.length, uncounted, weightBytes, kvCacheBytes, activationBytes };
}

export class LayerBuilder {
  readonly layers: Layer[] = [];
  readonly inputs: ModelInput[] = [];
  readonly params: ModelParam[] = [];
  private readonly names = new Set<string>();

  /** `name`, or `name#2`, `name#3`... when taken ('layer' for an empty name); reserves it in `taken`. */
  uniqueName(name: string, taken: Set<string> = this.names): string {
    let candidate = name || 'layer';
    for (let i = 2; taken.has(candidate); i++) candidate = `${name}#${i}`;
    taken.add(candidate);
    return candidate;
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
    const call: LayerCall = { args, inputs: n.tensors.map((t) => this.source(t)) };
    const producers = new Set<number>();
    for (const t of n.tensors) if (t.producer >= 0) producers.add(t.producer);
    const layer: Layer = {
      index: this.layers.length,
      name: this.uniqueName(n.name),
      op: n.op,
      span: n.place.span,
      statement: n.place.statement,
      site: n.place.site,
      stack: n.place.stack,
      inputs: n.tensors.map((t) => t.shape),
      outputs: [null],
      precision: n.precision,
      macs: 0,
      ops: 0,
      params: 0,
      bytes: { input: 0, weight: 0, output: 0, cache: 0 },
      counted: false,
      producers: [...producers],
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
    try {
      out = spec.infer(new BoundArgs(spec, values));
    } catch (failure) {
      layer.notes.push('Not counted: its arguments do not fit the operator (see the error).');
      return { failure };
    }
    if (out.parts && out.parts.length > 0) {
      const maker: PartMaker = { uniqueName: (n) => this.uniqueName(n), append: (l) => this.layers.push(l), nextIndex: () => this.layers.length };
      return { outputs: out.outputs, producer: takeApart(layer, out, operands, maker, attention) };
    }
    const roles = rolesOf(layer);
    const bytes = bytesOf(roles.activations);
    layer.outputs = out.outputs;
    layer.macs = out.macs;
    layer.ops = out.ops;
    layer.params = out.params;
    if (out.activeParams !== undefined) layer.activeParams = out.activeParams;
    layer.counted = true;
    layer.view = out.view;
    let inputBytes = 0;
    if (out.inputElemsRead !== undefined) inputBytes = out.inputElemsRead * bytesOf(operands[0]?.precision ?? layer.precision);
    else for (const t of operands) inputBytes += numel(t.shape) * bytesOf(t.precision);
    layer.bytes = {
      input: out.view ? 0 : inputBytes,
      weight: out.weightElems * bytesOf(roles.weights),
      output: out.view ? 0 : out.outputs.reduce((s, o) => s + numel(o) * bytes, 0),
      cache: (out.cacheElems ?? 0) * bytesOf(roles.kv),
    };
    if (out.dims) layer.dims = out.dims;
    if (out.notes) layer.notes.push(...out.notes);
    if (!Number.isSafeInteger(out.macs) || !Number.isSafeInteger(out.ops)) layer.notes.push('Counts exceed 2^53 and are no longer exact.');
    return { outputs: out.outputs, producer: layer.index };
  }

  /** The finished model: its layers, inputs, parameters and totals. */
  model(name: string, span: Span, nameSpan: Span): ModelResult {
    return { name, span, nameSpan, params: this.params, inputs: this.inputs, layers: this.layers, totals: totalsOf(this.layers) };
  }
}
