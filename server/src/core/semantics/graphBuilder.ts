// Builds a ModelResult layer by layer for the importers of other formats (ONNX, Caffe prototxt,
// Darknet cfg, SCALE-Sim topologies): each layer is an operator of the table with named arguments,
// made and counted by the same code as the model language's (layerBuilder.ts), so every format
// feeds the same model graph. Never throws: an operator that cannot be counted becomes an
// uncounted layer and a located diagnostic, and the layers after it are still analysed. Each layer
// records its call (`Layer.call`: the arguments given and where every tensor operand came from), so
// that an imported model can be written out again in the model language (formats/toNnm.ts).
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic, Span } from '../diagnostics/types';
import { operator } from '../ops/table';
import { OpFailure, type ArgValue, type Shape } from '../ops/types';
import { toRoles, type Precision, type PrecisionOption, type PrecisionRoles } from '../precision';
import { argValueOf, defaultArgValue } from './argValues';
import { dimensionTooLarge, isDimension, layerLimit, LIMITS, moreThanLayers, overTimeBudget, quoted } from '../limits';
import { countsExact, inexactMessage } from './countExactness';
import { LayerBuilder, type LayerPlace, type TensorRef } from './layerBuilder';
import type { Layer, ModelResult, PlainArg } from './model';

export type { PlainArg } from './model';

/** A tensor of the graph: its shape (null when unknown), precision and producing layer (-1: input
 *  or constant), which output of it, the model input it is, or a constant's name in the format. */
export type GraphTensor = TensorRef;

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

export class GraphBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly built = new LayerBuilder();
  /** Datatypes by role of the layers that do not name their own precision. */
  private readonly roles: PrecisionRoles;
  /** The activations' datatype: inputs and layers default to it. */
  private readonly precision: Precision;
  private stopped = false;

  constructor(
    private readonly modelName: string,
    precision: PrecisionOption,
    private readonly modelSpan: Span = NO_SPAN,
  ) {
    this.roles = toRoles(precision);
    this.precision = this.roles.activations;
  }

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
    return this.built.input(name, shape, precision, span, dims);
  }

  param(name: string, value: number, span: Span = NO_SPAN, overridden = false): void {
    this.built.params.push({ name, value, span, overridden });
  }

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  private newLayer(spec: LayerSpec): Layer {
    const span = spec.span ?? NO_SPAN;
    const place: LayerPlace = { span, statement: span, site: span, stack: [] };
    return this.built.add({ name: spec.name, op: spec.op, place, tensors: spec.inputs, args: spec.args ?? {}, precision: spec.precision ?? this.precision, roles: spec.precision ? undefined : this.roles, notes: spec.notes, fuse: spec.fuse });
  }

  /**
   * True once the model has layerLimit() layers, or its analysis is past its time budget: further
   * layers are not made (one RL215 says where the model was cut; the budget is reported by the caller).
   */
  full(span: Span = NO_SPAN): boolean {
    if (this.stopped) return true;
    if (this.built.layers.length >= layerLimit()) {
      this.stopped = true;
      this.report(diag('RL215', span, `${moreThanLayers()}: the model is cut here`));
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
    const infinite = Object.entries(spec.args ?? {}).find(([, v]) => (typeof v === 'number' ? !Number.isFinite(v) : Array.isArray(v) && !v.every(Number.isFinite)));
    if (infinite) {
      // An argument that overflowed (a format's huge number): the layer is listed, not counted, and
      // no Infinity is recorded in its call.
      this.report(diag('RL219', spec.span ?? NO_SPAN, `${quoted(spec.name)}: the argument '${infinite[0]}' is not a finite number (${String(infinite[1]).slice(0, 40)}), so the layer is not counted`));
      const before = this.diagnostics.length;
      const out = this.uncounted(spec.name, spec.op, spec.inputs, spec.span, null, `'${infinite[0]}' is not a finite number: the layer is not counted`);
      this.diagnostics.splice(before);
      return [out];
    }
    const layer = this.newLayer(spec);
    const unknownOut = (n = 1): GraphTensor[] => Array.from({ length: n }, (_, output) => ({ shape: null, precision: layer.precision, producer: layer.index, output }));
    const op = operator(spec.op);
    if (!op) {
      this.report(diag('RL301', spec.span ?? NO_SPAN, spec.op));
      this.built.notInTable(layer);
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
      const value = given !== undefined ? argValueOf(given) : values.has(a.name) ? undefined : defaultArgValue(a);
      if (value) values.set(a.name, value);
    }
    const counted = this.built.count(layer, op, values, spec.inputs.map((t) => ({ shape: t.shape as Shape, precision: t.precision })));
    if ('outputs' in counted) {
      if (!countsExact(layer)) this.report(diag('RL216', spec.span ?? NO_SPAN, inexactMessage(layer)));
      return counted.outputs.map((shape, output) => ({ shape, precision: layer.precision, producer: counted.producer, output }));
    }
    const err = counted.failure;
    const message = err instanceof OpFailure ? `${layer.name}: ${err.message}` : `${layer.name}: internal error while counting (${String(err)})`;
    this.report(diag(err instanceof OpFailure ? err.code : 'RL306', spec.span ?? NO_SPAN, message));
    return unknownOut(op.multiOutput ? 2 : 1);
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
    return this.built.model(this.modelName, this.modelSpan, this.modelSpan);
  }
}
