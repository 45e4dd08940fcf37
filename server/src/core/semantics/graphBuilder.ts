// Builds a ModelResult layer by layer for the importers of other formats (ONNX, Caffe prototxt,
// Darknet cfg, SCALE-Sim topologies): each layer is an operator of the table with named arguments,
// counted by the same code as the model language (countLayer.ts), so every format feeds the same
// model graph. Never throws: an operator that cannot be counted becomes an uncounted layer and a
// located diagnostic, and the layers after it are still analysed. Each layer records its call
// (`Layer.call`: the arguments given and where every tensor operand came from), so that an imported
// model can be written out again in the model language (formats/toNnm.ts).
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic, Span } from '../diagnostics/types';
import { operator } from '../ops/table';
import { OpFailure, type ArgValue, type Shape } from '../ops/types';
import type { Precision } from '../precision';
import { dimensionTooLarge, isDimension, LIMITS, overTimeBudget, quoted } from '../limits';
import { countLayer, countsExact, inexactMessage } from './countLayer';
import { totalsOf } from './totals';
import type { Layer, LayerCall, ModelInput, ModelParam, ModelResult, PlainArg, TensorSource } from './model';

export type { PlainArg } from './model';

/** A tensor of the graph: its shape (null when unknown), precision and producing layer (-1: input). */
export interface GraphTensor {
  shape: Shape | null;
  precision: Precision;
  producer: number;
  /** Which output of the producing layer (0 when not said). */
  output?: number;
  /** The model input it is, by position (set by `input`). */
  input?: number;
  /** The format's name of a constant operand (producer -1 and not a model input). */
  constant?: string;
}

export interface LayerSpec {
  /** Operator name in the operator table (conv2d, linear, add...). */
  op: string;
  /** Unique layer name (the format's own layer name). */
  name: string;
  /** Tensor arguments, in the order of the operator's tensor arguments (a variadic one takes the rest). */
  inputs: GraphTensor[];
  /** Non-tensor arguments by name. */
  args?: Record<string, PlainArg>;
  /** Where the layer is written (offsets in a text format; 0..0 for binary formats). */
  span?: Span;
  precision?: Precision;
  /** `@fuse`-like: the format says the layer runs fused with its producer. */
  fuse?: boolean;
  notes?: string[];
}

const NO_SPAN: Span = { start: 0, end: 0 };

function argValue(v: PlainArg): ArgValue {
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'string') return { kind: 'word', value: v };
  return { kind: 'numbers', values: v };
}

export class GraphBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly layers: Layer[] = [];
  private readonly inputs: ModelInput[] = [];
  private readonly params: ModelParam[] = [];
  private readonly names = new Set<string>();
  private stopped = false;

  constructor(
    private readonly modelName: string,
    private readonly precision: Precision,
    private readonly modelSpan: Span = NO_SPAN,
  ) {}

  /**
   * A model input; `dims` says which dimensions are symbolic (a parameter's name in place of its
   * value). A shape past the limits (core/limits.ts) is an RL218 error at `span`, and the input's
   * shape is then unknown (the layers that read it are not counted).
   */
  input(name: string, shape: Shape | null, precision: Precision = this.precision, span: Span = NO_SPAN, dims?: (number | string)[]): GraphTensor {
    const bad = shape?.find((d) => !isDimension(d));
    if (shape && (shape.length > LIMITS.rank || bad !== undefined)) {
      const why = bad === undefined ? `${shape.length} dimensions is beyond the limit of ${LIMITS.rank}` : bad > LIMITS.dimension ? dimensionTooLarge(bad) : `dimension ${bad} is not a whole number of at least 0`;
      this.report(diag('RL218', span, `input '${quoted(name)}': ${why}`));
      shape = null;
    }
    const input: ModelInput = { name, shape, precision, span };
    if (dims) input.dims = dims.slice();
    this.inputs.push(input);
    return { shape, precision, producer: -1, input: this.inputs.length - 1 };
  }

  param(name: string, value: number, span: Span = NO_SPAN, overridden = false): void {
    this.params.push({ name, value, span, overridden });
  }

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  private unique(name: string): string {
    let candidate = name || 'layer';
    for (let i = 2; this.names.has(candidate); i++) candidate = `${name}#${i}`;
    this.names.add(candidate);
    return candidate;
  }

  /** What a layer's call records: its arguments as given, and where its tensors came from. */
  private call(spec: LayerSpec): LayerCall {
    const args: Record<string, PlainArg> = {};
    for (const [k, v] of Object.entries(spec.args ?? {})) if (v !== undefined) args[k] = Array.isArray(v) ? v.slice() : v;
    const inputs = spec.inputs.map((t): TensorSource => {
      if (t.producer >= 0) return { kind: 'layer', layer: t.producer, output: t.output ?? 0 };
      if (t.input !== undefined && this.inputs[t.input]) return { kind: 'input', name: this.inputs[t.input].name, index: t.input };
      if (t.shape === null) return { kind: 'missing' };
      return t.constant !== undefined ? { kind: 'constant', name: t.constant, precision: t.precision } : { kind: 'constant', precision: t.precision };
    });
    return { args, inputs };
  }

  private newLayer(spec: LayerSpec): Layer {
    const span = spec.span ?? NO_SPAN;
    const layer: Layer = {
      index: this.layers.length,
      name: this.unique(spec.name),
      op: spec.op,
      span,
      statement: span,
      site: span,
      stack: [],
      inputs: spec.inputs.map((t) => t.shape),
      outputs: [null],
      precision: spec.precision ?? this.precision,
      macs: 0,
      ops: 0,
      params: 0,
      bytes: { input: 0, weight: 0, output: 0, cache: 0 },
      counted: false,
      producers: [...new Set(spec.inputs.map((t) => t.producer).filter((p) => p >= 0))],
      notes: [...(spec.notes ?? [])],
      call: this.call(spec),
    };
    if (spec.fuse) layer.fuse = true;
    this.layers.push(layer);
    return layer;
  }

  /**
   * True once the model has LIMITS.layers layers, or its analysis is past its time budget: further
   * layers are not made (one RL215 says where the model was cut; the budget is reported by the caller).
   */
  full(span: Span = NO_SPAN): boolean {
    if (this.stopped) return true;
    if (this.layers.length >= LIMITS.layers) {
      this.stopped = true;
      this.report(diag('RL215', span, `more than ${LIMITS.layers.toLocaleString('en-US')} layers: the model is cut here`));
    } else if (overTimeBudget()) this.stopped = true;
    return this.stopped;
  }

  /**
   * Adds a layer of the operator table; returns its output tensors (unknown shapes when it cannot
   * be counted, with a diagnostic at its span unless an input was already unknown). Past the layer
   * limit (`full`), no layer is made and the outputs are unknown.
   */
  layer(spec: LayerSpec): GraphTensor[] {
    if (this.full(spec.span)) return [{ shape: null, precision: spec.precision ?? this.precision, producer: -1 }];
    const layer = this.newLayer(spec);
    const unknownOut = (n = 1): GraphTensor[] => Array.from({ length: n }, (_, output) => ({ shape: null, precision: layer.precision, producer: layer.index, output }));
    const op = operator(spec.op);
    if (!op) {
      this.report(diag('RL301', spec.span ?? NO_SPAN, spec.op));
      layer.notes.push(`'${spec.op}' is not in the operator table: this layer is not counted.`);
      return unknownOut();
    }
    if (spec.inputs.some((t) => t.shape === null)) {
      layer.notes.push('Not counted: an input comes from a layer that could not be counted.');
      return unknownOut();
    }
    const values = new Map<string, ArgValue>();
    const tensorArgs = op.args.filter((a) => a.kind === 'tensor' || a.kind === 'tensors');
    let next = 0;
    for (const a of tensorArgs) {
      if (next >= spec.inputs.length) break;
      if (a.kind === 'tensors') {
        values.set(a.name, { kind: 'tensors', shapes: spec.inputs.slice(next).map((t) => t.shape as Shape) });
        next = spec.inputs.length;
      } else values.set(a.name, { kind: 'tensor', shape: spec.inputs[next++].shape as Shape });
    }
    for (const a of op.args) {
      const given = spec.args?.[a.name];
      if (given !== undefined) values.set(a.name, argValue(given));
      else if (!values.has(a.name) && a.default !== undefined) values.set(a.name, argValue(a.default));
    }
    try {
      const outputs = countLayer(op, values, spec.inputs.map((t) => ({ shape: t.shape as Shape, precision: t.precision })), layer);
      if (!countsExact(layer)) this.report(diag('RL216', spec.span ?? NO_SPAN, inexactMessage(layer)));
      return outputs.map((shape, output) => ({ shape, precision: layer.precision, producer: layer.index, output }));
    } catch (err) {
      const message = err instanceof OpFailure ? `${layer.name}: ${err.message}` : `${layer.name}: internal error while counting (${String(err)})`;
      this.report(diag(err instanceof OpFailure ? err.code : 'RL306', spec.span ?? NO_SPAN, message));
      layer.notes.push('Not counted: its arguments do not fit the operator (see the error).');
      return unknownOut(op.multiOutput ? 2 : 1);
    }
  }

  /**
   * A layer the format has but the tool cannot count (an operator with no table entry): listed,
   * not counted, a warning at its span that names it; its output shape, when the importer knows it
   * from the format itself, lets the layers after it be counted.
   */
  uncounted(name: string, opName: string, inputs: GraphTensor[], span: Span = NO_SPAN, outputShape: Shape | null = null, reason?: string): GraphTensor {
    if (this.full(span)) return { shape: null, precision: this.precision, producer: -1 };
    const layer = this.newLayer({ op: opName, name, inputs, span });
    if (layer.call) layer.call.notCounted = true;
    layer.outputs = [outputShape];
    const message = reason ?? `${opName} (${layer.name}) cannot be counted: it is left out of the totals, which are incomplete`;
    layer.notes.push(message);
    this.report(diag('RL309', span, message));
    return { shape: outputShape, precision: layer.precision, producer: layer.index, output: 0 };
  }

  finish(): ModelResult {
    return {
      name: this.modelName,
      span: this.modelSpan,
      nameSpan: this.modelSpan,
      params: this.params,
      inputs: this.inputs,
      layers: this.layers,
      totals: totalsOf(this.layers),
    };
  }
}
