// The analysed model graph: what shape inference and counting produce from a file, before any
// hardware is considered. Plain, serialisable data; spans are character offsets.
import type { Diagnostic, Span } from '../diagnostics/types';
import type { ConvDims, GemmDims, Shape } from '../ops/types';
import type { Precision, PrecisionRoles } from '../precision';
import type { LoopOrder } from '../cost/nest';
import type { ParallelPlan } from '../parallel/plan';

export interface LayerBytes {
  /** Bytes of the input tensors read (0 for a view). */
  input: number;
  /** Bytes of weights read (learnable parameters and buffers such as running statistics). */
  weight: number;
  /** Bytes of the outputs written (0 for a view). */
  output: number;
  /** Bytes of the KV cache read and written, at the KV precision (attention's parts only). */
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
  /** The call's operator, where the layer is a part of it (the first part of an attention call). */
  op?: string;
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
  /** The datatype of its activations (inputs and outputs), which is also its math type. */
  precision: Precision;
  /** Datatypes by role, present only when the weights or the KV cache differ from `precision` (see `rolesOf`). */
  roles?: PrecisionRoles;
  macs: number;
  ops: number;
  params: number;
  /** Parameters one token uses, where fewer than `params` (mixture of experts). */
  activeParams?: number;
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
  tileOrder?: LoopOrder;
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
  /** A part of a call the operator takes apart (attention: q_proj, k_proj, v_proj, qk, softmax, sv, o_proj). */
  part?: LayerPart;
  /** Bytes of KV cache this layer holds at its context, at the KV precision (attention's k_proj and v_proj). */
  kvCache?: number;
  /** A collective of a parallel plan, a layer of its own costed on the interconnect (parallel/). */
  collective?: LayerCollective;
  /** Under a parallel plan: how this layer is split over its devices, in words ('column-parallel over 8 devices'). */
  shard?: string;
  /** Under a pipeline plan: the stage (from 0) that runs this layer. */
  stage?: number;
}

/** The collective a layer of a parallel plan performs (parallel/collectives.ts). */
export interface LayerCollective {
  kind: 'allreduce' | 'allgather' | 'reducescatter' | 'alltoall' | 'send';
  /** Which devices take part: the tensor-parallel, expert-parallel or data-parallel group, or two pipeline stages. */
  group: 'tp' | 'ep' | 'dp' | 'pp';
  devices: number;
  /** Members are devices offset, offset + stride, ... in the plan's numbering (parallel/groups.ts): which nodes they span. */
  offset: number;
  stride: number;
  /** Bytes of the tensor, as the collective's formula takes it (the whole tensor every device ends with). */
  size: number;
  /** Bytes of one element (for the additions of a reduction). */
  elementBytes: number;
  /** What it is for, in words ('sums the partial outputs of the row-parallel h[0].attn.o_proj'). */
  purpose: string;
}

/** How attention runs (the one list: protocol/attention.ts). */
import type { AttentionMode } from '../../protocol/attention';
export { ATTENTION_MODES, isAttentionMode, type AttentionMode } from '../../protocol/attention';

/** The sizes of an attention call, shared by its parts (what FlashAttention's traffic needs). */
export interface AttentionShape {
  batch: number;
  /** Query positions (the new tokens). */
  seq: number;
  /** Key and value positions attended to, the cached ones included. */
  context: number;
  heads: number;
  kvHeads: number;
  headDim: number;
}

/** A part of a call taken apart: the call's layer name (`h[0].attn`), the part's (`qk`), and the call's sizes. */
export interface LayerPart {
  of: string;
  name: string;
  attention: AttentionShape;
  /** `@attention(...)` on the statement; otherwise the analysis option decides (flash by default). */
  mode?: AttentionMode;
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
  /** Parameters one token uses: `params` less the experts a token does not use (equal to it without mixtures of experts). */
  activeParams: number;
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
  /** The weights as stored: every layer's params at its weights' datatype, in bytes (all experts of a mixture). */
  weightBytes: number;
  /** The KV cache at the model's context, in bytes at the KV precision (0 without attention). */
  kvCacheBytes: number;
  /** The largest activations one layer reads and writes, in bytes (an estimate of the live activations). */
  activationBytes: number;
}

/** The weights as a model file stores them, summed from the file itself (a GGUF file's tensor infos). */
export interface StoredWeights {
  tensors: number;
  /** Elements of every tensor of a known type. */
  params: number;
  /** Bytes of their data as stored (block-quantised types included). */
  bytes: number;
  /** By storage type (Q4_K, F16...), most bytes first. */
  types: { type: string; tensors: number; params: number; bytes: number; bitsPerWeight: number }[];
  /** False when a tensor could not be sized (unknown type): it is left out. */
  complete: boolean;
}

export interface ModelResult {
  /** Present when a parallel plan was applied (parallel/applyPlan.ts): every layer's figures are then one device's. */
  parallel?: ModelParallel;
  name: string;
  span: Span;
  nameSpan: Span;
  params: ModelParam[];
  inputs: ModelInput[];
  layers: Layer[];
  totals: Totals;
  /** Present when the file says what it stores (GGUF). */
  weights?: StoredWeights;
}

/** A parallel plan applied to a model (parallel/applyPlan.ts). */
export interface ModelParallel {
  plan: { tp: number; pp: number; ep: number; dp: number; micro: number };
  devices: number;
  /** The plan as written: 'tp=8 pp=2'. */
  text: string;
  /** The model before the plan (never serialised): re-costing starts from it. */
  unplanned: ModelResult;
  /** The batch the model was written with, and the batch one device runs at a time (a replica's share, then a micro-batch). */
  batch: number;
  deviceBatch: number;
  /** Per device (the largest stage under a pipeline): its params (its bytes are the model's totals). */
  perDevice: { params: number };
  /** Pipeline stages: the layers each runs (indices, first to last) and its weights and KV cache. */
  stages: { first: number; last: number; weightBytes: number; kvCacheBytes: number; params: number }[];
  /** Sentences on how the plan was applied (what is split, what is replicated, the batch's split). */
  notes: string[];
}

export interface FileSettings {
  /** `use target NAME` (with its span), if written. */
  target?: { name: string; span: Span };
  /** `use precision P` or `use precision W/A/KV`, if written: `name` is the activations' (math) type. */
  precision?: { name: Precision; span: Span; roles: PrecisionRoles };
  /** `use parallel tp=8 pp=2`, if written: its text, where, and the plan read from it once (parallel/plan.ts parsePlan). */
  parallel?: { text: string; span: Span; plan: ParallelPlan };
}

export interface ProgramResult {
  models: ModelResult[];
  settings: FileSettings;
  diagnostics: Diagnostic[];
}
