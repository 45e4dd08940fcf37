// Evaluates the models of a parsed file: binds names, expands blocks and `repeat`, infers every
// tensor shape through the operator table, and counts every layer. Never throws: an error becomes
// a located diagnostic and an `unknown` value that downstream layers accept silently (they are
// marked uncounted), so one mistake gives one diagnostic and the rest of the model is analysed.
// This file holds the evaluator's state and the layer of a call; the work is done by concern in
// statements.ts, expressions.ts, calls.ts, operatorCall.ts (with argumentChecks.ts),
// builtinCalls.ts and blockCalls.ts, and layers are made by layerBuilder.ts, as the importers'
// are. Every layer records its call (`Layer.call`), so that formats/toNnm.ts can write any
// analysis out again.
import { diag } from '../diagnostics/catalogue';
import { noParameterMessage } from './paramOverrides';
import { formatCount } from '../../protocol/format';
import type { Diagnostic } from '../diagnostics/types';
import type { PrecisionRoles } from '../precision';
import type * as A from '../syntax/ast';
import { layerLimit, LIMITS, moreThanLayers, overTimeBudget } from '../limits';
import { type Ctx, type EvalOptions, type Evaluation, type Naming } from './evaluation';
import { evalExpr } from './expressions';
import { LayerBuilder, type TensorRef } from './layerBuilder';
import type { Layer, ModelResult, PlainArg } from './model';
import { evalBody } from './statements';
import { Scope, type Value } from './values';

export type { EvalOptions } from './evaluation';

export class Evaluator implements Evaluation {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  built = new LayerBuilder();
  prefixes = new Set<string>();
  stopped = false;
  /** Layers and block calls so far, against LIMITS.evalSteps. */
  protected steps = 0;

  constructor(
    readonly global: Scope,
    readonly options: EvalOptions,
    private readonly defaultPrecision: PrecisionRoles,
  ) {}

  report(d: Diagnostic): void {
    const key = `${d.code}:${d.span.start}:${d.span.end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }

  expr(e: A.Expr, ctx: Ctx, naming: Naming): Value {
    return evalExpr(this, e, ctx, naming);
  }

  body(body: A.Statement[], ctx: Ctx): Value | undefined {
    return evalBody(this, body, ctx);
  }

  evaluateModel(model: A.ModelDecl): ModelResult {
    this.built = new LayerBuilder();
    this.prefixes = new Set();
    this.stopped = false;
    this.steps = 0;
    const ctx: Ctx = {
      scope: new Scope(this.global),
      prefix: '',
      stack: [],
      precision: this.defaultPrecision,
      blocks: [],
      statement: model,
      inModel: true,
    };
    this.modelBody(model, ctx);
    const params = this.built.params;
    if (this.options.params) {
      for (const name of Object.keys(this.options.params)) {
        if (!params.some((p) => p.name === name)) {
          this.report(diag('RL209', model.name, noParameterMessage(model.name.text, name, params.map((p) => p.name))));
        }
      }
    }
    if (this.built.layers.length === 0) this.report(diag('RL210', model.name, model.name.text));
    return this.built.model(model.name.text, { start: model.start, end: model.end }, { start: model.name.start, end: model.name.end });
  }

  /** Evaluates a model's body in `ctx` (the incremental session's evaluator re-uses statements here). */
  protected modelBody(model: A.ModelDecl, ctx: Ctx): void {
    this.body(model.body, ctx);
  }

  layer(call: A.Call, op: string, ctx: Ctx, naming: Naming, tensors: readonly TensorRef[], args: Record<string, PlainArg>): Layer {
    const isOuter = naming.outer === call;
    const span = { start: call.start, end: call.end };
    const layer = this.built.add({
      name: isOuter ? naming.base : `${naming.base}.${op}`,
      op,
      place: { span, statement: ctx.statement, site: ctx.stack.length > 0 ? ctx.stack[0] : span, stack: ctx.stack },
      tensors,
      args,
      precision: ctx.precision.activations,
      roles: ctx.precision,
    });
    if (isOuter) naming.outerLayer = layer.index;
    return layer;
  }

  step(at: A.Node, layer: boolean): boolean {
    if (this.stopped) return false;
    if (layer && this.built.layers.length >= layerLimit()) {
      this.stopped = true;
      this.report(diag('RL215', at, `${moreThanLayers()}: evaluation stopped here`));
    } else if (++this.steps > LIMITS.evalSteps) {
      this.stopped = true;
      this.report(diag('RL215', at, `more than ${formatCount(LIMITS.evalSteps)} layers and block calls: evaluation stopped here`));
    } else if (overTimeBudget()) {
      // The analysis reports its time budget once (RL217, roofline.ts).
      this.stopped = true;
    }
    return !this.stopped;
  }
}
