// The shape of an operator table entry, and the typed access an entry's `infer` gets to its bound
// arguments. An entry fails by calling `args.fail(argName, message)`, which points the diagnostic
// at that argument's source; the evaluator turns the failure into a located error.

export type Shape = number[];

export type ArgKind =
  | 'tensor'   // one tensor
  | 'tensors'  // one or more tensors (variadic positional, or a list)
  | 'int'      // a whole number
  | 'ints'     // a whole number or a list of them (kernel=3 or kernel=[3, 1])
  | 'number'   // any number
  | 'bool'
  | 'word';    // a bare word from `choices` (mode=nearest)

export interface ArgSpec {
  name: string;
  kind: ArgKind;
  doc: string;
  /** Required unless a default is given or `optional` is set. */
  optional?: boolean;
  default?: number | boolean | string | number[];
  choices?: string[];
  /** Can only be given by keyword (never positionally). */
  keywordOnly?: boolean;
  /** Read as a pair [h, w] (`BoundArgs.pair`): one number n means [n, n]. Only these may be read so. */
  pair?: boolean;
}

export type OpCategory = 'conv' | 'gemm' | 'attention' | 'norm' | 'activation' | 'elementwise' | 'pool' | 'data' | 'embedding';

/** The loop nest of a convolution, per group, for the tiling model. */
export interface ConvDims {
  kind: 'conv';
  batch: number;
  groups: number;
  /** Output maps per group (M), input maps per group (N). */
  m: number;
  n: number;
  /** Output rows and columns (R, C), kernel (K), stride (S). */
  r: number;
  c: number;
  kh: number;
  kw: number;
  stride: number;
  /** Input rows and columns before padding, when known (SCALE-Sim's ifmap for its memory replay). */
  h?: number;
  w?: number;
}

/** A matrix product (rows x inner) by (inner x cols), repeated `batch` times. */
export interface GemmDims {
  kind: 'gemm';
  batch: number;
  m: number;
  k: number;
  n: number;
  /** True when the right operand is a weight (linear); false for activation x activation. */
  weightRhs: boolean;
}

/** Weight elements of a conv's or GEMM's loop nest: its weight matrix, biases aside (0 for a GEMM of two activations). */
export function weightMatrixElems(d: ConvDims | GemmDims): number {
  return d.kind === 'conv' ? d.groups * d.m * d.n * d.kh * d.kw : d.weightRhs ? d.k * d.n : 0;
}

export interface OpOutcome {
  outputs: Shape[];
  /** Multiply-accumulates (conv, linear, matmul and attention only; 0 for everything else). */
  macs: number;
  /** Operations: 2 x MACs plus the element-wise work of the operator. */
  ops: number;
  /** Learnable parameters, as PyTorch counts them. */
  params: number;
  /** Parameters one token uses, where fewer than `params` (mixture of experts: the router and top_k experts). */
  activeParams?: number;
  /** Weight elements read at inference (params plus buffers such as running statistics). */
  weightElems: number;
  /** KV-cache elements read (attention). */
  cacheElems?: number;
  /** A view: no data moves, so no input or output bytes are counted. */
  view?: boolean;
  /** Input elements actually read, where fewer than the whole inputs (slice). */
  inputElemsRead?: number;
  /** Loop nest for the tiling model. */
  dims?: ConvDims | GemmDims;
  /** Approximations this count makes, one short sentence each. */
  notes?: string[];
  /**
   * The call taken apart into layers of its own (attention: its projections, QK^T, softmax, scores x
   * V), in order; each has its own counts and bytes, and the call's output is the last part's.
   * The outcome's own counts are their sums (what a hover shows for the call).
   */
  parts?: OpPart[];
  /** The sizes of an attention call, recorded on its parts. */
  attention?: { batch: number; seq: number; context: number; heads: number; kvHeads: number; headDim: number };
}

/** One part of a call taken apart (see OpOutcome.parts). Bytes are given by role, in elements. */
export interface OpPart {
  /** Its name, after the call's: `<call>.<name>`. */
  name: string;
  /** The operator of the table whose counting rules it follows ('linear', 'matmul', 'softmax'). */
  op: string;
  /** What it depends on: earlier parts by position, -1 for the call's first tensor operand. */
  after: number[];
  inputs: Shape[];
  outputs: Shape[];
  macs: number;
  ops: number;
  params: number;
  weightElems: number;
  /** True when it reads the call's first tensor operand (at that tensor's datatype). */
  readsOperand?: boolean;
  /** Activation elements read from earlier parts (at the activations' datatype). */
  actReadElems: number;
  /** Activation elements written (0 when its output goes to the KV cache). */
  actWriteElems: number;
  /** KV-cache elements read and written (at the KV datatype). */
  cacheElems: number;
  /** KV-cache elements it holds at the call's context (the keys for k_proj, the values for v_proj). */
  cacheHeld?: number;
  dims?: ConvDims | GemmDims;
  notes?: string[];
}

export interface OpSpec {
  name: string;
  category: OpCategory;
  summary: string;
  /** How `ops` is counted, in one sentence (shown in hovers and the docs). */
  opsRule: string;
  args: ArgSpec[];
  /** Names of outputs when the operator has several (split). */
  multiOutput?: boolean;
  infer(args: BoundArgs): OpOutcome;
}

/** Thrown by `BoundArgs.fail`; caught by the evaluator only. */
export class OpFailure {
  constructor(
    readonly arg: string | undefined,
    readonly message: string,
    readonly code: OpFailureCode = 'RL306',
  ) {}
}

/** Codes an operator failure is reported with: argument type, shapes, values; limits (RL218, RL219). */
export type OpFailureCode = 'RL304' | 'RL305' | 'RL306' | 'RL218' | 'RL219';

export type ArgValue =
  | { kind: 'tensor'; shape: Shape }
  | { kind: 'tensors'; shapes: Shape[] }
  | { kind: 'number'; value: number }
  | { kind: 'numbers'; values: number[] }
  | { kind: 'bool'; value: boolean }
  | { kind: 'word'; value: string };

/** The names of an operator's pair arguments, computed once per operator. */
const PAIRS = new WeakMap<OpSpec, ReadonlySet<string>>();

function pairArgs(spec: OpSpec): ReadonlySet<string> {
  let p = PAIRS.get(spec);
  if (!p) {
    p = new Set(spec.args.filter((a) => a.pair).map((a) => a.name));
    PAIRS.set(spec, p);
  }
  return p;
}

/** Typed, already-checked arguments of one call. */
export class BoundArgs {
  readonly op: string;
  private readonly pairs: ReadonlySet<string>;

  constructor(
    spec: OpSpec,
    private readonly values: Map<string, ArgValue>,
  ) {
    this.op = spec.name;
    this.pairs = pairArgs(spec);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  fail(arg: string | undefined, message: string, code: 'RL304' | 'RL305' | 'RL306' = 'RL306'): never {
    throw new OpFailure(arg, message, code);
  }

  /** A shape error pointed at `arg`. */
  shapeError(arg: string, message: string): never {
    throw new OpFailure(arg, message, 'RL305');
  }

  tensor(name: string): Shape {
    const v = this.values.get(name);
    if (v?.kind === 'tensor') return v.shape;
    if (v?.kind === 'tensors' && v.shapes.length === 1) return v.shapes[0];
    return this.fail(name, `${this.op}: '${name}' must be a tensor`, 'RL304');
  }

  tensors(name: string): Shape[] {
    const v = this.values.get(name);
    if (v?.kind === 'tensors') return v.shapes;
    if (v?.kind === 'tensor') return [v.shape];
    return this.fail(name, `${this.op}: '${name}' must be tensors`, 'RL304');
  }

  int(name: string): number {
    const v = this.values.get(name);
    if (v?.kind === 'number') return v.value;
    if (v?.kind === 'numbers' && v.values.length === 1) return v.values[0];
    return this.fail(name, `${this.op}: '${name}' must be a whole number`, 'RL304');
  }

  optInt(name: string): number | undefined {
    return this.values.has(name) ? this.int(name) : undefined;
  }

  number(name: string): number {
    return this.int(name);
  }

  /** A pair such as kernel=3 (meaning [3, 3]) or kernel=[3, 1]; the argument is declared `pair` in the table. */
  pair(name: string): [number, number] {
    // A defect of the table, not of the file: the layer is reported as an internal error.
    if (!this.pairs.has(name)) throw new Error(`${this.op}: '${name}' is read as a pair but not declared 'pair' in the operator table`);
    const v = this.values.get(name);
    if (v?.kind === 'number') return [v.value, v.value];
    if (v?.kind === 'numbers' && v.values.length === 2) return [v.values[0], v.values[1]];
    if (v?.kind === 'numbers' && v.values.length === 1) return [v.values[0], v.values[0]];
    return this.fail(name, `${this.op}: '${name}' must be a whole number or a pair [h, w]`, 'RL304');
  }

  /** True when the argument was written as a list (`[6]`), not a single number (`6`). */
  isList(name: string): boolean {
    return this.values.get(name)?.kind === 'numbers';
  }

  ints(name: string): number[] {
    const v = this.values.get(name);
    if (v?.kind === 'number') return [v.value];
    if (v?.kind === 'numbers') return v.values;
    return this.fail(name, `${this.op}: '${name}' must be whole numbers`, 'RL304');
  }

  bool(name: string): boolean {
    const v = this.values.get(name);
    if (v?.kind === 'bool') return v.value;
    return this.fail(name, `${this.op}: '${name}' must be true or false`, 'RL304');
  }

  word(name: string): string {
    const v = this.values.get(name);
    if (v?.kind === 'word') return v.value;
    return this.fail(name, `${this.op}: '${name}' must be a word`, 'RL304');
  }
}

/** Product of a shape's dimensions (1 for a scalar). */
export function numel(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A shape as model files write it, '[1, 64, 56, 56]': the project's formatShape (protocol/format.ts). */
export { formatShape as fmtShape } from '../../protocol/format';

/** Normalises a possibly negative axis; fails at `arg` when out of range. */
export function axis(args: BoundArgs, arg: string, dim: number, rank: number): number {
  const a = dim < 0 ? dim + rank : dim;
  if (a < 0 || a >= rank) args.fail(arg, `${args.op}: dimension ${dim} is out of range for a ${rank}-D tensor`);
  return a;
}
