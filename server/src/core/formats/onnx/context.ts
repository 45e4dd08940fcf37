// The state of one ONNX import (what is known of every tensor name: shape, element type, constant
// values, builder tensor) and the per-node view the operator handlers work through: attributes,
// inputs, outputs, layers made through GraphBuilder (their diagnostics tagged with the node and its
// byte offset), uncounted layers (RL602/RL603), and the parameter checks of weighted layers.
import { diag, type DiagnosticCode } from '../../diagnostics/catalogue';
import type { Diagnostic } from '../../diagnostics/types';
import { fmtShape, numel, type Shape } from '../../ops/types';
import type { Precision } from '../../precision';
import type { GraphBuilder, GraphTensor, PlainArg } from '../../semantics/graphBuilder';
import { dataTypeInfo } from './dataTypes';
import type { OnnxAttrValue, OnnxNode, OnnxTensor, OnnxValueInfo } from './model';

const NO_SPAN = { start: 0, end: 0 };

/** Where a constant comes from. */
export type ConstOrigin = 'initializer' | 'Constant' | 'ConstantOfShape' | 'computed';

/** What the importer knows about one tensor name. */
export interface Known {
  /** Its shape, or null when unknown. */
  shape: Shape | null;
  /** ONNX element type (0 when unknown). */
  elemType: number;
  /** Set for constants (initializers, Constant / ConstantOfShape outputs, folded shape arithmetic). */
  constant?: { origin: ConstOrigin; values?: number[] };
  /** The builder tensor of an activation (made on demand for a constant used as a layer input). */
  tensor?: GraphTensor;
}

/** Thrown by a handler that cannot map its node: the node becomes an uncounted layer. */
export class NotInferred {
  constructor(
    readonly reason: string,
    /** Output shapes the handler did infer (the file's value_info fills the others). */
    readonly shapes: (Shape | null)[] = [],
  ) {}
}

/** A weighted layer whose parameter count is checked against the file's weights after counting. */
export interface ParamCheck {
  layer: number;
  where: string;
  /** Elements of the file's learnable weight tensors for this layer, and their description. */
  fileParams: number;
  weights: string;
}

export class Importer {
  /** Every name's knowledge. */
  readonly known = new Map<string, Known>();
  /** Shapes the file declares (value_info, graph inputs and outputs), by name. */
  readonly declared = new Map<string, OnnxValueInfo>();
  /** Symbolic dimensions (dim_param) and their values. */
  readonly symbols = new Map<string, number>();
  /** The importer's own diagnostics (the builder keeps the layers'). */
  readonly diagnostics: Diagnostic[] = [];
  readonly paramChecks: ParamCheck[] = [];
  private readonly usedNames = new Map<string, number>();

  constructor(
    readonly b: GraphBuilder,
    /** Version of the default ONNX domain. */
    readonly opset: number,
    readonly precision: Precision,
  ) {}

  report(code: DiagnosticCode, message: string): void {
    this.diagnostics.push(diag(code, NO_SPAN, message));
  }

  /** A layer name not used before (the node's name, or OpType_index). */
  layerName(base: string): string {
    const n = this.usedNames.get(base) ?? 0;
    this.usedNames.set(base, n + 1);
    return n === 0 ? base : `${base}#${n + 1}`;
  }

  /** Precision of activations of an element type: floats take the model's, others their own. */
  precisionOf(elemType: number): Precision {
    const info = dataTypeInfo(elemType);
    if (!info || !info.integer) return this.precision;
    return info.precision;
  }

  /** Records a constant tensor of the file (an initializer or a Constant's value). */
  constantFrom(t: OnnxTensor, origin: ConstOrigin): Known {
    const k: Known = { shape: t.dims.slice(), elemType: t.dataType, constant: { origin } };
    if (t.values && k.constant) k.constant.values = t.values;
    return k;
  }

  /** The shape the file declares for `name`, when every dimension is known. */
  declaredShape(name: string): Shape | null {
    const v = this.declared.get(name);
    if (!v?.dims) return null;
    const out: Shape = [];
    for (const d of v.dims) {
      if (d.value !== undefined && Number.isSafeInteger(d.value) && d.value >= 0) out.push(d.value);
      else if (d.param !== undefined && this.symbols.has(d.param)) out.push(this.symbols.get(d.param) as number);
      else return null;
    }
    return out;
  }
}

export function attrNumber(v: OnnxAttrValue | undefined): number | undefined {
  if (!v) return undefined;
  if (v.kind === 'int' || v.kind === 'float') return v.value;
  if ((v.kind === 'ints' || v.kind === 'floats') && v.value.length === 1) return v.value[0];
  return undefined;
}

export class NodeCtx {
  /** Layer name of this node. */
  readonly name: string;

  constructor(
    readonly imp: Importer,
    readonly node: OnnxNode,
    index: number,
  ) {
    this.name = imp.layerName(node.name || `${node.opType}_${index}`);
  }

  get op(): string {
    return this.node.opType;
  }

  get opset(): number {
    return this.imp.opset;
  }

  /** How messages name this node: op, name and byte offset. */
  where(): string {
    return `${this.node.opType} '${this.name}' (byte ${this.node.offset})`;
  }

  // --- attributes -------------------------------------------------------------------------

  attr(name: string): OnnxAttrValue | undefined {
    return this.node.attributes.get(name);
  }

  int(name: string, def: number): number {
    return attrNumber(this.attr(name)) ?? def;
  }

  float(name: string, def: number): number {
    return attrNumber(this.attr(name)) ?? def;
  }

  ints(name: string): number[] | undefined {
    const v = this.attr(name);
    if (!v) return undefined;
    if (v.kind === 'ints' || v.kind === 'floats') return v.value;
    if (v.kind === 'int' || v.kind === 'float') return [v.value];
    return undefined;
  }

  str(name: string, def: string): string {
    const v = this.attr(name);
    return v?.kind === 'string' ? v.value : def;
  }

  // --- inputs and outputs ---------------------------------------------------------------

  /** Number of inputs given (trailing empty names do not count). */
  get arity(): number {
    let n = this.node.inputs.length;
    while (n > 0 && this.node.inputs[n - 1] === '') n--;
    return n;
  }

  has(i: number): boolean {
    return (this.node.inputs[i] ?? '') !== '';
  }

  /** What is known of input `i` (undefined when the input is not given). */
  input(i: number): Known | undefined {
    const name = this.node.inputs[i] ?? '';
    if (name === '') return undefined;
    return this.imp.known.get(name) ?? { shape: null, elemType: 0 };
  }

  shape(i: number): Shape | null {
    return this.input(i)?.shape ?? null;
  }

  /** The constant values of input `i`, when known. */
  values(i: number): number[] | undefined {
    return this.input(i)?.constant?.values;
  }

  isConstant(i: number): boolean {
    return this.input(i)?.constant !== undefined;
  }

  /** The builder tensor of input `i` (a constant becomes a model-input-like tensor, producer -1). */
  tensor(i: number): GraphTensor {
    const k = this.input(i);
    if (!k) return { shape: null, precision: this.imp.precision, producer: -1 };
    if (!k.tensor) k.tensor = { shape: k.shape, precision: this.imp.precisionOf(k.elemType), producer: -1, constant: this.node.inputs[i] };
    return k.tensor;
  }

  /** The same tensor seen with another shape of as many elements (a transposed or 1-D operand). */
  reshaped(t: GraphTensor, shape: Shape): GraphTensor {
    return { ...t, shape };
  }

  setOut(i: number, k: Known): void {
    const name = this.node.outputs[i] ?? '';
    if (name !== '') this.imp.known.set(name, k);
  }

  /** Sets output `i` to an activation produced by a layer. */
  setTensor(i: number, t: GraphTensor, elemType = this.input(0)?.elemType ?? 1): void {
    this.setOut(i, { shape: t.shape, elemType, tensor: t });
  }

  /** Sets output `i` to a constant. */
  setConst(i: number, shape: Shape | null, elemType: number, values?: number[]): void {
    const k: Known = { shape, elemType, constant: { origin: 'computed' } };
    if (values && k.constant) k.constant.values = values;
    this.setOut(i, k);
  }

  // --- layers ---------------------------------------------------------------------------

  /** Adds a layer of the operator table; its diagnostics name this node and its byte offset. */
  layer(op: string, inputs: GraphTensor[], args: Record<string, PlainArg> = {}, opts: { suffix?: string; notes?: string[]; precision?: Precision } = {}): GraphTensor[] {
    const before = this.imp.b.diagnostics.length;
    const name = opts.suffix ? this.imp.layerName(`${this.name}/${opts.suffix}`) : this.name;
    const spec = { op, name, inputs, args, span: NO_SPAN, notes: [`ONNX node ${this.where()}.`, ...(opts.notes ?? [])], ...(opts.precision ? { precision: opts.precision } : {}) };
    const outs = this.imp.b.layer(spec);
    for (const d of this.imp.b.diagnostics.slice(before)) d.message += ` (ONNX ${this.where()})`;
    return outs;
  }

  /**
   * A layer the tool cannot count: listed, a warning naming the operator (RL602, or RL603 for a
   * subgraph), its outputs from `shapes` or else from the file's value_info.
   */
  uncounted(reason: string, shapes: (Shape | null)[] = [], code: 'RL602' | 'RL603' | 'RL606' = 'RL602'): void {
    const b = this.imp.b;
    const outs = this.node.outputs.map((o, i) => shapes[i] ?? (o ? this.imp.declaredShape(o) : null));
    const inputs: GraphTensor[] = [];
    this.node.inputs.forEach((n, i) => {
      if (n !== '') inputs.push(this.tensor(i));
    });
    const before = b.diagnostics.length;
    const t = b.uncounted(this.name, this.node.domain ? `${this.node.domain}.${this.op}` : this.op, inputs, NO_SPAN, outs[0] ?? null, reason);
    // GraphBuilder.uncounted reports RL309; an ONNX importer's code says why (see the catalogue).
    const d = b.diagnostics[before];
    if (d && d.code === 'RL309') b.diagnostics[before] = diag(code, NO_SPAN, reason);
    outs.forEach((shape, i) => this.setTensor(i, { shape, precision: t.precision, producer: t.producer, output: i }, this.imp.declared.get(this.node.outputs[i])?.elemType || this.input(0)?.elemType || 1));
  }

  warn(code: DiagnosticCode, message: string): void {
    this.imp.report(code, `${this.where()}: ${message}`);
  }

  /** Checks after counting that the layer's parameters equal the elements of the file's weights. */
  checkParams(t: GraphTensor | undefined, weights: number[]): void {
    if (!t || t.producer < 0) return;
    const shapes = weights.filter((i) => this.has(i)).map((i) => this.shape(i));
    if (shapes.some((s) => s === null)) return;
    const fileParams = shapes.reduce((s, sh) => s + numel(sh as Shape), 0);
    const desc = weights.filter((i) => this.has(i)).map((i) => `'${this.node.inputs[i]}' ${fmtShape(this.shape(i))}`).join(' and ');
    this.imp.paramChecks.push({ layer: t.producer, where: this.where(), fileParams, weights: desc });
  }
}
