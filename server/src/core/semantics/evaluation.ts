// What the parts of the model language's evaluator share: the options, the context of one
// statement (scope, layer-name prefix, block stack, precision), how the layers of a statement are
// named, and `Evaluation`, the evaluator as its parts (statements.ts, expressions.ts, calls.ts,
// operatorCall.ts, argumentChecks.ts, builtinCalls.ts, blockCalls.ts) call back into it.
import type { Diagnostic, Span } from '../diagnostics/types';
import { LIMITS } from '../limits';
import type { Precision, PrecisionRoles } from '../precision';
import type * as A from '../syntax/ast';
import type { LayerBuilder, TensorRef } from './layerBuilder';
import type { AttentionMode, Layer, PlainArg } from './model';
import type { Scope, Value } from './values';

export interface EvalOptions {
  /** Overrides of `param` values, by name. */
  params?: Record<string, number>;
  /** Default precision (one datatype, or one per role) when the file says none (`use precision`). */
  precision?: Precision | PrecisionRoles;
}

/** Limits that keep a hostile or mistaken file from hanging the server (core/limits.ts). */
export const MAX_BLOCK_DEPTH = LIMITS.blockDepth;

export interface Ctx {
  scope: Scope;
  /** Prefix of the names of layers made here: '' in a model, 's1[2].' inside a block. */
  prefix: string;
  stack: Span[];
  /** Datatypes of the layers made here, by role (weights, activations, kv). */
  precision: PrecisionRoles;
  /** `@attention(...)` on the statement being evaluated (or one calling the block), if any. */
  attention?: AttentionMode;
  blocks: string[];
  statement: Span;
  /** True in a model body (inputs, outputs and params are recorded), false in a block. */
  inModel: boolean;
}

/** How the layers of one statement are named: the outer call takes `base`, nested calls `base.op`. */
export interface Naming {
  base: string;
  outer: A.Expr | undefined;
  outerLayer?: number;
}

/** A tensor value, as operands are. */
export type TensorValue = Extract<Value, { kind: 'tensor' }>;

export interface Evaluation {
  readonly options: EvalOptions;
  /** The file's scope: its blocks and top-level parameters. */
  readonly global: Scope;
  /** The layers, inputs and parameters of the model being evaluated. */
  readonly built: LayerBuilder;
  /** Name prefixes of block calls, kept apart from layer names: a block's result takes its prefix. */
  readonly prefixes: Set<string>;
  /** True once the layer limit is reached: nothing more is evaluated. */
  readonly stopped: boolean;
  /** Reports a diagnostic once (the same code at the same span is reported once). */
  report(d: Diagnostic): void;
  expr(e: A.Expr, ctx: Ctx, naming: Naming): Value;
  /** Evaluates statements in order; returns the value of `return`, if any. */
  body(body: A.Statement[], ctx: Ctx): Value | undefined;
  /**
   * Counts one step of the evaluation (a block call, or a layer about to be made at `at`): false,
   * and the evaluation stops, past the layer limit, the step limit or the time budget (core/limits.ts).
   */
  step(at: A.Node, layer: boolean): boolean;
  /** A new layer for `call`, named by `naming`, at the place `ctx` says. */
  layer(call: A.Call, op: string, ctx: Ctx, naming: Naming, tensors: readonly TensorRef[], args: Record<string, PlainArg>): Layer;
}
