// Evaluates the models of a parsed file: binds names, expands blocks and `repeat`, infers every
// tensor shape through the operator table, and counts every layer. Never throws: an error becomes
// a located diagnostic and an `unknown` value that downstream layers accept silently (they are
// marked uncounted), so one mistake gives one diagnostic and the rest of the model is analysed.
// Every layer records its call (`Layer.call`: the arguments written and where its tensors came
// from), as the importers' layers do, so that formats/toNnm.ts can write any analysis out again.
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic, Span } from '../diagnostics/types';
import { OpFailure, type ArgSpec, type ArgValue, type OpSpec, type Shape } from '../ops/types';
import { operator } from '../ops/table';
import { isPrecision, PRECISIONS, type Precision } from '../precision';
import { countLayer, countsExact, inexactMessage } from './countLayer';
import { totalsOf } from './totals';
import type * as A from '../syntax/ast';
import { matchArgs, type MatchedArg } from './bindArgs';
import type { Layer, LayerCall, ModelInput, ModelParam, ModelResult, PlainArg, TensorSource } from './model';
import { Scope, UNKNOWN, describeValue, type Value } from './values';
import { applyAnnotations, precisionAnnotation } from './annotations';
import { dimensionTooLarge, isDimension, LIMITS, overTimeBudget } from '../limits';

export interface EvalOptions {
  /** Overrides of `param` values, by name. */
  params?: Record<string, number>;
  /** Default precision when the file says none (`use precision`). */
  precision?: Precision;
}

/** Limits that keep a hostile or mistaken file from hanging the server (core/limits.ts). */
const MAX_LAYERS = LIMITS.layers;
const MAX_BLOCK_DEPTH = LIMITS.blockDepth;

interface Ctx {
  scope: Scope;
  /** Prefix of the names of layers made here: '' in a model, 's1[2].' inside a block. */
  prefix: string;
  stack: Span[];
  precision: Precision;
  blocks: string[];
  statement: Span;
  /** True in a model body (inputs, outputs and params are recorded), false in a block. */
  inModel: boolean;
}

/** How the layers of one statement are named: the outer call takes `base`, nested calls `base.op`. */
interface Naming {
  base: string;
  outer: A.Expr | undefined;
  outerLayer?: number;
}

export class Evaluator {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private layers: Layer[] = [];
  private names = new Set<string>();
  /** Name prefixes of block calls, kept apart from layer names: a block's result takes its prefix. */
  private prefixes = new Set<string>();
  private params: ModelParam[] = [];
  private inputs: ModelInput[] = [];
  private stopped = false;
  /** Layers made and block calls, against LIMITS.evalSteps. */
  private steps = 0;

  constructor(
    private readonly global: Scope,
    private readonly options: EvalOptions,
    private readonly defaultPrecision: Precision,
  ) {}

  report(d: Diagnostic): void {
    const key = `${d.code}:${d.span.start}:${d.span.end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }

  evaluateModel(model: A.ModelDecl): ModelResult {
    this.layers = [];
    this.names = new Set();
    this.prefixes = new Set();
    this.params = [];
    this.inputs = [];
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
    this.evalBody(model.body, ctx);
    if (this.options.params) {
      for (const name of Object.keys(this.options.params)) {
        if (!this.params.some((p) => p.name === name)) {
          this.report(diag('RL209', model.name, `model '${model.name.text}' has no parameter '${name}' (parameters: ${this.params.map((p) => p.name).join(', ') || 'none'})`));
        }
      }
    }
    const layers = this.layers;
    if (layers.length === 0) this.report(diag('RL210', model.name, model.name.text));
    return {
      name: model.name.text,
      span: { start: model.start, end: model.end },
      nameSpan: { start: model.name.start, end: model.name.end },
      params: this.params,
      inputs: this.inputs,
      layers,
      totals: totalsOf(layers),
    };
  }

  /** Evaluates statements in order; returns the value of `return`, if any. */
  private evalBody(body: A.Statement[], ctx: Ctx): Value | undefined {
    let result: Value | undefined;
    for (const stmt of body) {
      if (this.stopped) break;
      const c: Ctx = { ...ctx, statement: { start: stmt.start, end: stmt.end } };
      switch (stmt.kind) {
        case 'param':
          this.evalParam(stmt, c);
          break;
        case 'input':
          if (!ctx.inModel) this.report(diag('RL106', stmt, "'input' belongs in a model; a block takes its tensors as parameters"));
          else this.evalInput(stmt, c);
          break;
        case 'bind':
          this.evalBind(stmt, c);
          break;
        case 'output': {
          if (!ctx.inModel) {
            this.report(diag('RL106', stmt, "'output' belongs in a model; a block gives its result with 'return'"));
            break;
          }
          const v = this.evalStatementValue(stmt.value, stmt.annotations, c.prefix + (stmt.name?.text ?? 'output'), c);
          if (stmt.name) c.scope.set(stmt.name.text, v);
          break;
        }
        case 'return':
          if (ctx.inModel) this.report(diag('RL106', stmt, "'return' belongs in a block; a model names its result with 'output'"));
          // The block's result layer takes the block instance's own name (`s1[2]`).
          else if (result === undefined) result = this.evalStatementValue(stmt.value, stmt.annotations, c.prefix.slice(0, -1), c);
          break;
      }
    }
    return result;
  }

  private evalParam(stmt: A.ParamStmt, ctx: Ctx): void {
    for (const item of stmt.items) {
      const override = ctx.inModel ? this.options.params?.[item.name.text] : undefined;
      let value: Value;
      if (override !== undefined) value = { kind: 'number', value: override };
      else value = this.evalExpr(item.value, ctx, { base: ctx.prefix + item.name.text, outer: undefined });
      if (value.kind !== 'number' && value.kind !== 'bool' && value.kind !== 'unknown') {
        this.report(diag('RL204', item.value, `parameter '${item.name.text}' must be a number, not ${describeValue(value)}`));
        value = UNKNOWN;
      }
      ctx.scope.set(item.name.text, value);
      if (ctx.inModel && value.kind === 'number') {
        this.params.push({ name: item.name.text, value: value.value, span: { start: item.start, end: item.end }, overridden: override !== undefined });
      }
    }
  }

  private evalInput(stmt: A.InputStmt, ctx: Ctx): void {
    let shape: Shape | null = [];
    // The dimensions as written: a parameter's name where a bare name gave the value.
    const dims: (number | string)[] = [];
    for (const d of stmt.shape.items) {
      const v = this.evalExpr(d, ctx, { base: '', outer: undefined });
      if (v.kind === 'number' && Number.isInteger(v.value) && v.value >= 1 && !isDimension(v.value, 1)) {
        this.report(diag('RL218', d, dimensionTooLarge(v.value)));
        shape = null;
      } else if (v.kind === 'number' && Number.isInteger(v.value) && v.value >= 1) {
        shape?.push(v.value);
        dims.push(d.kind === 'name' ? d.text : v.value);
      } else {
        if (v.kind !== 'unknown') this.report(diag('RL213', d, `input dimensions must be positive whole numbers, got ${v.kind === 'number' ? v.value : describeValue(v)}`));
        shape = null;
      }
    }
    let precision = ctx.precision;
    if (stmt.precision) {
      if (isPrecision(stmt.precision.text)) precision = stmt.precision.text;
      else this.report(diag('RL212', stmt.precision, stmt.precision.text, PRECISIONS.join(', ')));
    }
    ctx.scope.set(stmt.name.text, { kind: 'tensor', shape, precision, producer: -1, input: this.inputs.length });
    const input: ModelInput = { name: stmt.name.text, shape, precision, span: { start: stmt.start, end: stmt.end } };
    if (shape && dims.some((d) => typeof d === 'string')) input.dims = dims;
    this.inputs.push(input);
  }

  private evalBind(stmt: A.BindStmt, ctx: Ctx): void {
    const base = ctx.prefix + stmt.names.map((n) => n.text).join(',');
    const v = this.evalStatementValue(stmt.value, stmt.annotations, base, ctx);
    if (stmt.names.length === 1) {
      ctx.scope.set(stmt.names[0].text, v.kind === 'tuple' && v.items.length === 1 ? v.items[0] : v);
      return;
    }
    if (v.kind === 'tuple' && v.items.length === stmt.names.length) {
      stmt.names.forEach((n, i) => ctx.scope.set(n.text, v.items[i]));
      return;
    }
    if (v.kind !== 'unknown') {
      const count = v.kind === 'tuple' ? v.items.length : 1;
      this.report(diag('RL204', stmt.value, `${stmt.names.length} names but the value has ${count} output${count === 1 ? '' : 's'}`));
    }
    for (const n of stmt.names) ctx.scope.set(n.text, UNKNOWN);
  }

  /** Evaluates the value of a binding, output or return, applying its annotations. */
  private evalStatementValue(expr: A.Expr, annotations: A.Annotation[], base: string, ctx: Ctx): Value {
    const precision = precisionAnnotation(annotations, (d) => this.report(d));
    const c: Ctx = precision ? { ...ctx, precision } : ctx;
    const naming: Naming = { base, outer: expr };
    const first = this.layers.length;
    const v = this.evalExpr(expr, c, naming);
    if (annotations.length > 0) {
      // The statement's own layers: made here, not inside a block it calls.
      const own = this.layers.slice(first).filter((l) => l.stack.length === ctx.stack.length);
      applyAnnotations(annotations, { outer: naming.outerLayer === undefined ? undefined : this.layers[naming.outerLayer], own }, (d) => this.report(d));
    }
    return v;
  }

  /** `name`, or `name#2`, `name#3`... when taken; reserves it in `taken`. */
  private uniqueName(name: string, taken: Set<string> = this.names): string {
    let candidate = name;
    for (let i = 2; taken.has(candidate); i++) candidate = `${name}#${i}`;
    taken.add(candidate);
    return candidate;
  }

  // ---- expressions ---------------------------------------------------------------------------

  evalExpr(e: A.Expr, ctx: Ctx, naming: Naming): Value {
    switch (e.kind) {
      case 'number':
        return { kind: 'number', value: e.value };
      case 'string':
        return { kind: 'word', value: e.value };
      case 'bool':
        return { kind: 'bool', value: e.value };
      case 'name':
        return ctx.scope.get(e.text) ?? UNKNOWN;
      case 'list':
        return { kind: 'list', items: e.items.map((i) => this.evalExpr(i, ctx, naming)) };
      case 'error':
        return UNKNOWN;
      case 'unary': {
        const v = this.evalExpr(e.operand, ctx, naming);
        if (v.kind === 'unknown') return v;
        if (e.op === '-' && v.kind === 'number') return { kind: 'number', value: -v.value };
        if (e.op === 'not' && v.kind === 'bool') return { kind: 'bool', value: !v.value };
        this.report(diag('RL204', e.operand, `'${e.op}' needs ${e.op === '-' ? 'a number' : 'true or false'}, not ${describeValue(v)}`));
        return UNKNOWN;
      }
      case 'binary':
        return this.evalBinary(e, ctx, naming);
      case 'if': {
        const c = this.evalExpr(e.cond, ctx, naming);
        if (c.kind === 'unknown') return UNKNOWN;
        if (c.kind !== 'bool') {
          this.report(diag('RL204', e.cond, `the condition of 'if' must be true or false, not ${describeValue(c)}`));
          return UNKNOWN;
        }
        // Only the branch taken is evaluated: the other makes no layers.
        const branch = c.value ? e.then : e.else;
        return this.evalExpr(branch, ctx, naming.outer === e ? { ...naming, outer: branch, base: naming.base } : naming);
      }
      case 'index': {
        const t = this.evalExpr(e.target, ctx, naming);
        const i = this.evalExpr(e.index, ctx, naming);
        if (t.kind === 'unknown' || i.kind === 'unknown') return UNKNOWN;
        if ((t.kind === 'list' || t.kind === 'tuple') && i.kind === 'number') {
          const k = i.value < 0 ? i.value + t.items.length : i.value;
          if (Number.isInteger(k) && k >= 0 && k < t.items.length) return t.items[k];
          this.report(diag('RL204', e.index, `index ${i.value} is out of range for ${t.items.length} items`));
          return UNKNOWN;
        }
        this.report(diag('RL204', e, `cannot index ${describeValue(t)} with ${describeValue(i)}`));
        return UNKNOWN;
      }
      case 'call':
        return this.evalCall(e, ctx, naming);
    }
  }

  private evalBinary(e: A.Binary, ctx: Ctx, naming: Naming): Value {
    if (e.op === 'and' || e.op === 'or') {
      const l = this.evalExpr(e.left, ctx, naming);
      if (l.kind === 'unknown') return l;
      if (l.kind !== 'bool') {
        this.report(diag('RL204', e.left, `'${e.op}' needs true or false, not ${describeValue(l)}`));
        return UNKNOWN;
      }
      if (e.op === 'and' ? !l.value : l.value) return l;
      const r = this.evalExpr(e.right, ctx, naming);
      if (r.kind === 'unknown' || r.kind === 'bool') return r;
      this.report(diag('RL204', e.right, `'${e.op}' needs true or false, not ${describeValue(r)}`));
      return UNKNOWN;
    }
    const l = this.evalExpr(e.left, ctx, naming);
    const r = this.evalExpr(e.right, ctx, naming);
    if (l.kind === 'unknown' || r.kind === 'unknown') return UNKNOWN;
    if (e.op === '==' || e.op === '!=') {
      const same = (l.kind === 'number' || l.kind === 'bool' || l.kind === 'word') && l.kind === r.kind && l.value === r.value;
      return { kind: 'bool', value: e.op === '==' ? same : !same };
    }
    if (l.kind !== 'number' || r.kind !== 'number') {
      const bad = l.kind !== 'number' ? e.left : e.right;
      this.report(diag('RL204', bad, `'${e.op}' needs numbers, not ${describeValue(l.kind !== 'number' ? l : r)}`));
      return UNKNOWN;
    }
    const a = l.value;
    const b = r.value;
    const finite = (value: number): Value => {
      if (Number.isFinite(value)) return { kind: 'number', value };
      this.report(diag('RL219', e, `${a} ${e.op} ${b} is not a finite number (it overflows)`));
      return UNKNOWN;
    };
    switch (e.op) {
      case '+': return finite(a + b);
      case '-': return finite(a - b);
      case '*': return finite(a * b);
      case '/':
      case '//':
      case '%':
        if (b === 0) {
          this.report(diag('RL211', e.right, 'division by zero'));
          return UNKNOWN;
        }
        return finite(e.op === '/' ? a / b : e.op === '//' ? Math.floor(a / b) : a - b * Math.floor(a / b));
      case '<': return { kind: 'bool', value: a < b };
      case '>': return { kind: 'bool', value: a > b };
      case '<=': return { kind: 'bool', value: a <= b };
      case '>=': return { kind: 'bool', value: a >= b };
    }
  }

  private evalCall(call: A.Call, ctx: Ctx, naming: Naming): Value {
    if (this.stopped) return UNKNOWN;
    const name = call.callee.text;
    const bound = ctx.scope.get(name);
    if (bound?.kind === 'block') return this.evalBlockCall(call, bound.decl, ctx, naming, undefined);
    if (name === 'repeat') return this.evalRepeat(call, ctx, naming);
    const spec = operator(name);
    if (spec) return this.evalOpCall(call, spec, ctx, naming);
    const builtin = this.evalBuiltin(call, ctx, naming);
    if (builtin) return builtin;
    // Unknown operator: its arguments are still evaluated (their layers count), it makes an
    // uncounted layer, and its output is a tensor of unknown shape.
    this.report(diag('RL301', call.callee, name));
    const producers: number[] = [];
    const inputs: (Shape | null)[] = [];
    const recorded: LayerCall = { args: {}, inputs: [] };
    for (const arg of call.args) {
      const v = this.evalExpr(arg.value, ctx, naming);
      if (v.kind === 'tensor') {
        inputs.push(v.shape);
        recorded.inputs.push(this.tensorSource(v));
        if (v.producer >= 0) producers.push(v.producer);
      } else if (arg.name && (v.kind === 'number' || v.kind === 'bool' || v.kind === 'word')) recorded.args[arg.name.text] = v.value;
    }
    const layer = this.makeLayer(call, name, ctx, naming, inputs, producers);
    layer.call = recorded;
    layer.notes.push(`'${name}' is not in the operator table: this layer is not counted.`);
    return { kind: 'tensor', shape: null, precision: ctx.precision, producer: layer.index, output: 0 };
  }

  private evalBuiltin(call: A.Call, ctx: Ctx, naming: Naming): Value | undefined {
    const name = call.callee.text;
    if (!['channels', 'dim', 'rank', 'min', 'max', 'ceil', 'floor'].includes(name)) return undefined;
    const args = call.args.map((a) => this.evalExpr(a.value, ctx, naming));
    if (args.some((a) => a.kind === 'unknown')) return UNKNOWN;
    const fail = (message: string, at: A.Node = call): Value => {
      this.report(diag('RL204', at, message));
      return UNKNOWN;
    };
    if (name === 'channels' || name === 'rank' || name === 'dim') {
      const t = args[0];
      if (!t || t.kind !== 'tensor') return fail(`${name}() needs a tensor`, call.args[0] ?? call);
      if (!t.shape) return UNKNOWN;
      if (name === 'rank') return { kind: 'number', value: t.shape.length };
      if (name === 'channels') {
        if (t.shape.length < 2) return fail(`channels() needs a tensor of at least 2 dimensions, got [${t.shape.join(', ')}]`, call.args[0]);
        return { kind: 'number', value: t.shape[1] };
      }
      const i = args[1];
      if (!i || i.kind !== 'number') return fail('dim(x, i) needs a dimension number i', call.args[1] ?? call);
      const k = i.value < 0 ? i.value + t.shape.length : i.value;
      if (!(k >= 0 && k < t.shape.length)) return fail(`dimension ${i.value} is out of range for [${t.shape.join(', ')}]`, call.args[1]);
      return { kind: 'number', value: t.shape[k] };
    }
    const nums: number[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.kind !== 'number') return fail(`${name}() needs numbers, not ${describeValue(a)}`, call.args[i]);
      nums.push(a.value);
    }
    if (nums.length === 0 || ((name === 'ceil' || name === 'floor') && nums.length !== 1)) return fail(`${name}() needs ${name === 'ceil' || name === 'floor' ? 'one number' : 'numbers'}`);
    // A loop, not Math.min(...nums): a call with 200,000 arguments must not overflow the stack.
    const value = name === 'min' ? nums.reduce((a, b) => Math.min(a, b)) : name === 'max' ? nums.reduce((a, b) => Math.max(a, b)) : name === 'ceil' ? Math.ceil(nums[0]) : Math.floor(nums[0]);
    return { kind: 'number', value };
  }

  // ---- operator calls ------------------------------------------------------------------------

  private evalOpCall(call: A.Call, spec: OpSpec, ctx: Ctx, naming: Naming): Value {
    if (this.layers.length >= MAX_LAYERS) {
      this.stopped = true;
      this.report(diag('RL215', call, `more than ${MAX_LAYERS.toLocaleString('en-US')} layers: evaluation stopped here`));
      return UNKNOWN;
    }
    const { matched, ok } = matchArgs(call, spec, (d) => this.report(d));
    const values = new Map<string, ArgValue>();
    const spans = new Map<string, A.Node>();
    const inputs: (Shape | null)[] = [];
    const producers: number[] = [];
    const tensorPrecisions: { shape: Shape; precision: Precision }[] = [];
    const recorded: LayerCall = { args: {}, inputs: [] };
    let unknown = !ok;
    for (const arg of spec.args) {
      const m = matched.get(arg.name);
      if (!m) {
        const d = defaultArgValue(arg);
        if (d) values.set(arg.name, d);
        continue;
      }
      spans.set(arg.name, m.span);
      const v = this.argValue(m, ctx, naming);
      if (v === undefined) {
        unknown = true;
        continue;
      }
      if (v.kind === 'tensor' || v.kind === 'tensors') {
        const items = v.kind === 'tensor' ? [v.value] : v.values;
        for (let i = 0; i < items.length; i++) {
          const t = items[i];
          inputs.push(t.shape);
          recorded.inputs.push(this.tensorSource(t));
          if (t.producer >= 0) producers.push(t.producer);
          if (!t.shape) unknown = true;
          else tensorPrecisions.push({ shape: t.shape, precision: t.precision });
          if (v.kind === 'tensors' && v.spans[i]) spans.set(`${arg.name}#${i}`, v.spans[i]);
        }
        if (!unknown) values.set(arg.name, v.kind === 'tensor' ? { kind: 'tensor', shape: v.value.shape! } : { kind: 'tensors', shapes: v.values.map((t) => t.shape!) });
      } else {
        values.set(arg.name, v.value);
        recorded.args[arg.name] = plainArg(v.value);
      }
    }
    const layer = this.makeLayer(call, spec.name, ctx, naming, inputs, producers);
    layer.call = recorded;
    // A layer that cannot be counted still produces a tensor (of unknown shape) for its consumers.
    const fail = (): Value => (spec.multiOutput ? UNKNOWN : { kind: 'tensor', shape: null, precision: layer.precision, producer: layer.index, output: 0 });
    if (unknown) {
      layer.notes.push('Not counted: an argument could not be evaluated (see the error it gave).');
      return fail();
    }
    try {
      const outputs = countLayer(spec, values, tensorPrecisions, layer);
      if (!countsExact(layer)) this.report(diag('RL216', call, inexactMessage(layer)));
      const tensors: Value[] = outputs.map((shape, output) => ({ kind: 'tensor', shape, precision: layer.precision, producer: layer.index, output }));
      return spec.multiOutput ? { kind: 'tuple', items: tensors } : tensors[0];
    } catch (err) {
      if (err instanceof OpFailure) {
        const at = (err.arg && spans.get(err.arg)) || call.callee;
        this.report(diag(err.code, at, err.message));
      } else {
        this.report(diag('RL306', call.callee, `${spec.name}: internal error while counting (${String(err)})`));
      }
      layer.notes.push('Not counted: its arguments do not fit the operator (see the error).');
      return fail();
    }
  }

  /** Evaluates one matched argument and checks it against its kind; undefined when unusable. */
  private argValue(
    m: MatchedArg,
    ctx: Ctx,
    naming: Naming,
  ):
    | { kind: 'tensor'; value: Extract<Value, { kind: 'tensor' }> }
    | { kind: 'tensors'; values: Extract<Value, { kind: 'tensor' }>[]; spans: A.Node[] }
    | { kind: 'plain'; value: ArgValue }
    | undefined {
    const spec = m.spec;
    const bad = (at: A.Node, v: Value, want: string) => {
      if (v.kind !== 'unknown') this.report(diag('RL304', at, spec.name, `expected ${want}, got ${describeValue(v)}`));
      return undefined;
    };
    if (spec.kind === 'word') {
      const e = m.exprs[0];
      if (e.kind === 'name' && ctx.scope.get(e.text) === undefined) {
        if (spec.choices && !spec.choices.includes(e.text)) {
          this.report(diag('RL306', e, `'${spec.name}' must be one of ${spec.choices.join(', ')}, got '${e.text}'`));
          return undefined;
        }
        return { kind: 'plain', value: { kind: 'word', value: e.text } };
      }
      const v = this.evalExpr(e, ctx, naming);
      if (v.kind === 'word') {
        if (spec.choices && !spec.choices.includes(v.value)) {
          this.report(diag('RL306', e, `'${spec.name}' must be one of ${spec.choices.join(', ')}, got '${v.value}'`));
          return undefined;
        }
        return { kind: 'plain', value: v };
      }
      return bad(e, v, `one of ${spec.choices?.join(', ') ?? 'a word'}`);
    }
    if (spec.kind === 'tensor' || spec.kind === 'tensors') {
      const tensors: Extract<Value, { kind: 'tensor' }>[] = [];
      // Where each tensor was written, so that an error points at the offending one.
      const spans: A.Node[] = [];
      const exprs = m.exprs.length === 1 && m.exprs[0].kind === 'list' && spec.kind === 'tensors' ? (m.exprs[0] as A.ListExpr).items : m.exprs;
      let failed = false;
      for (const e of exprs) {
        const v = this.evalExpr(e, ctx, naming);
        if (v.kind === 'tensor') {
          tensors.push(v);
          spans.push(e);
        } else if (v.kind === 'tuple' && spec.kind === 'tensors' && v.items.every((i) => i.kind === 'tensor')) {
          tensors.push(...(v.items as Extract<Value, { kind: 'tensor' }>[]));
          for (let i = 0; i < v.items.length; i++) spans.push(e);
        } else {
          bad(e, v, 'a tensor');
          failed = true;
        }
      }
      if (failed) return undefined;
      if (spec.kind === 'tensor') return { kind: 'tensor', value: tensors[0] };
      return { kind: 'tensors', values: tensors, spans };
    }
    const e = m.exprs[0];
    const v = this.evalExpr(e, ctx, naming);
    if (v.kind === 'unknown') return undefined;
    if (spec.kind === 'bool') return v.kind === 'bool' ? { kind: 'plain', value: v } : bad(e, v, 'true or false');
    if (spec.kind === 'number') return v.kind === 'number' ? { kind: 'plain', value: v } : bad(e, v, 'a number');
    const whole = (n: Value): n is { kind: 'number'; value: number } => n.kind === 'number' && Number.isInteger(n.value);
    if (spec.kind === 'int') return whole(v) ? { kind: 'plain', value: v } : bad(e, v, 'a whole number');
    // ints: a whole number or a list of them
    if (whole(v)) return { kind: 'plain', value: v };
    if (v.kind === 'list' && v.items.length > 0 && v.items.every(whole)) {
      return { kind: 'plain', value: { kind: 'numbers', values: v.items.map((i) => (i as { value: number }).value) } };
    }
    if (v.kind === 'list' && v.items.some((i) => i.kind === 'unknown')) return undefined;
    return bad(e, v, 'a whole number or a list of whole numbers');
  }

  /** Where a tensor value came from, as a layer's call records it. */
  private tensorSource(t: Extract<Value, { kind: 'tensor' }>): TensorSource {
    if (t.producer >= 0) return { kind: 'layer', layer: t.producer, output: t.output ?? 0 };
    const input = t.input !== undefined ? this.inputs[t.input] : undefined;
    return input && t.input !== undefined ? { kind: 'input', name: input.name, index: t.input } : { kind: 'missing' };
  }

  private makeLayer(call: A.Call, op: string, ctx: Ctx, naming: Naming, inputs: (Shape | null)[], producers: number[]): Layer {
    const isOuter = naming.outer === call;
    const name = this.uniqueName(isOuter ? naming.base : `${naming.base}.${op}`);
    const span = { start: call.start, end: call.end };
    const layer: Layer = {
      index: this.layers.length,
      name,
      op,
      span,
      statement: ctx.statement,
      site: ctx.stack.length > 0 ? ctx.stack[0] : span,
      stack: ctx.stack,
      inputs,
      outputs: [null],
      precision: ctx.precision,
      macs: 0,
      ops: 0,
      params: 0,
      bytes: { input: 0, weight: 0, output: 0, cache: 0 },
      counted: false,
      producers: [...new Set(producers)],
      notes: [],
    };
    if (isOuter) naming.outerLayer = layer.index;
    this.layers.push(layer);
    this.step(call);
    return layer;
  }

  /** Counts one step (a layer or a block call); stops the evaluation past the step or time budget. */
  private step(at: A.Node): void {
    if (this.stopped) return;
    this.steps++;
    if (this.steps > LIMITS.evalSteps) {
      this.stopped = true;
      this.report(diag('RL215', at, `more than ${LIMITS.evalSteps.toLocaleString('en-US')} layers and block calls: evaluation stopped here`));
    } else if (overTimeBudget()) {
      // The caller reports the budget (RL217) once, for the whole analysis.
      this.stopped = true;
    }
  }

  // ---- blocks and repeat ---------------------------------------------------------------------

  private evalBlockCall(call: A.Call, decl: A.BlockDecl, ctx: Ctx, naming: Naming, prefix: string | undefined, first?: Value): Value {
    if (ctx.blocks.includes(decl.name.text)) {
      this.report(diag('RL208', call.callee, decl.name.text));
      return UNKNOWN;
    }
    if (ctx.blocks.length >= MAX_BLOCK_DEPTH) {
      this.report(diag('RL215', call.callee, `blocks nested more than ${MAX_BLOCK_DEPTH} deep`));
      return UNKNOWN;
    }
    this.step(call);
    if (this.stopped) return UNKNOWN;
    const scope = new Scope(this.global);
    const given = new Map<string, Value>();
    const positional: Value[] = first ? [first] : [];
    const args = first ? call.args.slice(3) : call.args;
    for (const arg of args) {
      const v = this.evalExpr(arg.value, ctx, naming);
      if (arg.name) {
        if (!decl.params.some((p) => p.name.text === arg.name!.text)) {
          this.report(diag('RL207', arg.name, `block '${decl.name.text}' has no parameter '${arg.name.text}' (parameters: ${decl.params.map((p) => p.name.text).join(', ')})`));
          continue;
        }
        if (given.has(arg.name.text)) {
          this.report(diag('RL307', arg.name, arg.name.text));
          continue;
        }
        given.set(arg.name.text, v);
      } else positional.push(v);
    }
    if (positional.length > decl.params.length) {
      this.report(diag('RL207', call, `block '${decl.name.text}' takes ${decl.params.length} parameters, got ${positional.length} positional arguments`));
    }
    let ok = true;
    decl.params.forEach((p, i) => {
      let v = i < positional.length ? positional[i] : undefined;
      if (i < positional.length && given.has(p.name.text)) {
        this.report(diag('RL307', call.callee, p.name.text));
      }
      v = v ?? given.get(p.name.text);
      if (v === undefined && p.default) {
        v = this.evalExpr(p.default, { ...ctx, scope }, { base: '', outer: undefined });
      }
      if (v === undefined) {
        this.report(diag('RL207', call.callee, `block '${decl.name.text}' needs the parameter '${p.name.text}'`));
        ok = false;
        v = UNKNOWN;
      }
      scope.set(p.name.text, v);
    });
    if (!ok) return UNKNOWN;
    const isOuter = naming.outer === call;
    const layerPrefix = prefix ?? (isOuter ? naming.base : this.uniqueName(`${naming.base}.${decl.name.text}`, this.prefixes)) + '.';
    const inner: Ctx = {
      scope,
      prefix: layerPrefix,
      stack: [...ctx.stack, { start: call.start, end: call.end }],
      precision: ctx.precision,
      blocks: [...ctx.blocks, decl.name.text],
      statement: ctx.statement,
      inModel: false,
    };
    const result = this.evalBody(decl.body, inner);
    if (result === undefined) {
      if (!decl.body.some((s) => s.kind === 'return')) this.report(diag('RL207', decl.name, `block '${decl.name.text}' has no 'return'`));
      return UNKNOWN;
    }
    return result;
  }

  private evalRepeat(call: A.Call, ctx: Ctx, naming: Naming): Value {
    const [countArg, blockArg, inputArg] = call.args;
    if (!countArg || !blockArg || !inputArg || countArg.name || blockArg.name || inputArg.name) {
      this.report(diag('RL207', call.callee, 'repeat needs (count, block, input, ...), the first three by position'));
      return UNKNOWN;
    }
    const count = this.evalExpr(countArg.value, ctx, naming);
    const block = blockArg.value.kind === 'name' ? ctx.scope.get(blockArg.value.text) : undefined;
    if (count.kind === 'unknown') return UNKNOWN;
    if (count.kind !== 'number' || !Number.isInteger(count.value) || count.value < 0) {
      this.report(diag('RL204', countArg, `repeat's count must be a whole number of at least 0, not ${describeValue(count)}`));
      return UNKNOWN;
    }
    if (count.value > MAX_LAYERS) {
      this.report(diag('RL215', countArg, `repeat's count ${count.value.toLocaleString('en-US')} is beyond the limit of ${MAX_LAYERS.toLocaleString('en-US')} layers`));
      return UNKNOWN;
    }
    if (!block || block.kind !== 'block') {
      if (blockArg.value.kind !== 'name' || block !== undefined) this.report(diag('RL204', blockArg, "repeat's second argument must be the name of a block"));
      return UNKNOWN;
    }
    let x = this.evalExpr(inputArg.value, ctx, naming);
    const base = naming.outer === call ? naming.base : this.uniqueName(`${naming.base}.repeat`, this.prefixes);
    for (let i = 0; i < count.value && !this.stopped; i++) {
      x = this.evalBlockCall(call, block.decl, ctx, { base, outer: undefined }, `${base}[${i}].`, x);
      if (x.kind === 'unknown' && i > 0) break;
    }
    return x;
  }
}

/** A checked argument value as a layer's call records it. */
function plainArg(v: ArgValue): PlainArg {
  switch (v.kind) {
    case 'number':
    case 'bool':
    case 'word':
      return v.value;
    case 'numbers':
      return v.values.slice();
    case 'tensor':
    case 'tensors':
      // Not reached: tensor arguments are recorded as sources, never as plain values.
      return v.kind;
  }
}

/** Default argument values, made once per argument spec (they are never mutated). */
const DEFAULTS = new WeakMap<ArgSpec, ArgValue>();

function defaultArgValue(arg: ArgSpec): ArgValue | undefined {
  const d = arg.default;
  if (d === undefined) return undefined;
  let v = DEFAULTS.get(arg);
  if (!v) {
    v = typeof d === 'number' ? { kind: 'number', value: d } : typeof d === 'boolean' ? { kind: 'bool', value: d } : typeof d === 'string' ? { kind: 'word', value: d } : { kind: 'numbers', values: d };
    DEFAULTS.set(arg, v);
  }
  return v;
}
