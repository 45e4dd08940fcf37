// The analysed model graph: what shape inference and counting produce from a file, before any
// hardware is considered. Plain, serialisable data; spans are character offsets.
import type { Diagnostic, Span } from '../diagnostics/types';
import type { ConvDims, GemmDims, Shape } from '../ops/types';
import type { Precision } from '../precision';

export interface LayerBytes {
  /** Bytes of the input tensors read (0 for a view). */
  input: number;
  /** Bytes of weights read (learnable parameters and buffers such as running statistics). */
  weight: number;
  /** Bytes of the outputs written (0 for a view). */
  output: number;
  /** Bytes of the KV cache read (attention only). */
  cache: number;
}

/** A plain argument value: a number, a list of numbers, a flag or a word. */
export type PlainArg = number | number[] | boolean | string;

/** Where a tensor operand of a layer comes from. */
export type TensorSource =
  /** A model input: its name and its position in `ModelResult.inputs` (names may repeat in a source). */
  | { kind: 'input'; name: string; index: number }
  /** Output `output` of layer `layer` (an index into the model's layers). */
  | { kind: 'layer'; layer: number; output: number }
  /** A tensor that is neither (an ONNX initializer used as an operand): its format's name, if any, and datatype. */
  | { kind: 'constant'; name?: string; precision: Precision }
  /** A tensor an importer could not find (an unresolved reference). */
  | { kind: 'missing' };

/** The call that made a layer: enough to write it again (toNnm.ts). */
export interface LayerCall {
  /** The operator's non-tensor arguments as given (defaults that were not written are left out). */
  args: Record<string, PlainArg>;
  /** Where each tensor operand came from, in the order of `Layer.inputs`. */
  inputs: TensorSource[];
  /** The format's layer was listed without being counted (GraphBuilder.uncounted), whatever its operator. */
  notCounted?: boolean;
}

export interface Layer {
  /** Position in the model's layer list (the order of evaluation). */
  index: number;
  /** Unique name: the binding name, a path for block layers (`s1[2].b`), `.op` for nested calls. */
  name: string;
  op: string;
  /** The call expression that made this layer. */
  span: Span;
  /** The statement holding the call (its line carries the inlay hint). */
  statement: Span;
  /** The outermost call site in the model body (equal to `span` outside blocks). */
  site: Span;
  /** Spans of the block calls this layer was made through, outermost first. */
  stack: Span[];
  inputs: (Shape | null)[];
  outputs: (Shape | null)[];
  precision: Precision;
  macs: number;
  ops: number;
  params: number;
  bytes: LayerBytes;
  /** False when the layer could not be counted (unknown operator, unknown input shape, error). */
  counted: boolean;
  /** Indices of the layers whose outputs this layer reads (empty for model inputs). */
  producers: number[];
  /** Loop nest for the tiling model (conv and GEMM layers). */
  dims?: ConvDims | GemmDims;
  /** `@tile(...)` factors written in the file, and where. */
  tile?: Record<string, number>;
  /** `@tile(..., order=...)`: the loop order the file sets. */
  tileOrder?: 'output' | 'weight' | 'input';
  tileSpan?: Span;
  /** `@split(m=P)`: mapped as P passes over equal parts of the output maps (dims already split). */
  split?: number;
  /** `@fuse`: runs fused into its producer's kernel whatever the fusion policy (cost/fusion.ts). */
  fuse?: boolean;
  /** `@nofuse`: runs as a kernel of its own whatever the fusion policy. */
  nofuse?: boolean;
  /** True for views (flatten, reshape) that move no data. */
  view?: boolean;
  /** Approximations made in counting this layer. */
  notes: string[];
  /** The operator's arguments and where its tensors came from (absent when not recorded). */
  call?: LayerCall;
}

export interface ModelInput {
  name: string;
  shape: Shape | null;
  /** The dimensions as written: a number, or the name of the parameter that gave it (symbolic). */
  dims?: (number | string)[];
  precision: Precision;
  span: Span;
}

export interface ModelParam {
  name: string;
  value: number;
  span: Span;
  /** True when the value came from an override rather than the file. */
  overridden: boolean;
}

export interface Totals {
  macs: number;
  ops: number;
  params: number;
  /** False when any layer could not be counted (the totals leave it out), or counted past 2^53 - 1 (rounded). */
  complete: boolean;
  layers: number;
  uncounted: number;
  /** Layers whose counts passed 2^53 - 1 and were rounded (then `complete` is false). */
  inexact?: number;
  /** The exact decimal digits of a total that passed 2^53 - 1 while every layer's count was exact. */
  exact?: { macs?: string; ops?: string; params?: string };
  /** Why the totals are incomplete or rounded, one sentence each. */
  notes?: string[];
}

export interface ModelResult {
  name: string;
  span: Span;
  nameSpan: Span;
  params: ModelParam[];
  inputs: ModelInput[];
  layers: Layer[];
  totals: Totals;
}

export interface FileSettings {
  /** `use target NAME` (with its span), if written. */
  target?: { name: string; span: Span };
  /** `use precision P`, if written. */
  precision?: { name: Precision; span: Span };
}

export interface ProgramResult {
  models: ModelResult[];
  settings: FileSettings;
  diagnostics: Diagnostic[];
}
