// The statements of model and block bodies: `param` (overridable in a model), `input` (a model's
// tensors with their dimensions as written), bindings (one name or several outputs), `output` and
// `return`, each value with its annotations (@precision, @tile, @split, @fuse) applied to the
// layers the statement made.
import { diag } from '../diagnostics/catalogue';
import { dimensionTooLarge, isDimension } from '../limits';
import { isPrecision, PRECISIONS } from '../precision';
import type { Shape } from '../ops/types';
import type * as A from '../syntax/ast';
import { applyAnnotations, attentionAnnotation, precisionAnnotation } from './annotations';
import type { Ctx, Evaluation, Naming } from './evaluation';
import { describeValue, UNKNOWN, type Value } from './values';

/** Evaluates statements in order; returns the value of `return`, if any. */
export function evalBody(ev: Evaluation, body: A.Statement[], ctx: Ctx): Value | undefined {
  let result: Value | undefined;
  for (const stmt of body) {
    if (ev.stopped) break;
    const v = evalStatement(ev, stmt, ctx, result !== undefined);
    if (v !== undefined) result = v;
  }
  return result;
}

/** Evaluates one statement; returns the value of a block's `return` (the first: `returned` says one came before). */
export function evalStatement(ev: Evaluation, stmt: A.Statement, ctx: Ctx, returned: boolean): Value | undefined {
  const c: Ctx = { ...ctx, statement: { start: stmt.start, end: stmt.end } };
  switch (stmt.kind) {
    case 'param':
      evalParam(ev, stmt, c);
      break;
    case 'input':
      if (!ctx.inModel) ev.report(diag('RL106', stmt, "'input' belongs in a model; a block takes its tensors as parameters"));
      else evalInput(ev, stmt, c);
      break;
    case 'bind':
      evalBind(ev, stmt, c);
      break;
    case 'output': {
      if (!ctx.inModel) {
        ev.report(diag('RL106', stmt, "'output' belongs in a model; a block gives its result with 'return'"));
        break;
      }
      const v = evalStatementValue(ev, stmt.value, stmt.annotations, c.prefix + (stmt.name?.text ?? 'output'), c);
      if (stmt.name) c.scope.set(stmt.name.text, v);
      break;
    }
    case 'return':
      if (ctx.inModel) ev.report(diag('RL106', stmt, "'return' belongs in a block; a model names its result with 'output'"));
      // The block's result layer takes the block instance's own name (`s1[2]`).
      else if (!returned) return evalStatementValue(ev, stmt.value, stmt.annotations, c.prefix.slice(0, -1), c);
      break;
  }
  return undefined;
}

function evalParam(ev: Evaluation, stmt: A.ParamStmt, ctx: Ctx): void {
  for (const item of stmt.items) {
    const override = ctx.inModel ? ev.options.params?.[item.name.text] : undefined;
    let value: Value;
    if (override !== undefined) value = { kind: 'number', value: override };
    else value = ev.expr(item.value, ctx, { base: ctx.prefix + item.name.text, outer: undefined });
    if (value.kind !== 'number' && value.kind !== 'bool' && value.kind !== 'unknown') {
      ev.report(diag('RL204', item.value, `parameter '${item.name.text}' must be a number, not ${describeValue(value)}`));
      value = UNKNOWN;
    }
    ctx.scope.set(item.name.text, value);
    if (ctx.inModel && value.kind === 'number') {
      ev.built.params.push({ name: item.name.text, value: value.value, span: { start: item.start, end: item.end }, overridden: override !== undefined });
    }
  }
}

function evalInput(ev: Evaluation, stmt: A.InputStmt, ctx: Ctx): void {
  let shape: Shape | null = [];
  // The dimensions as written: a parameter's name where a bare name gave the value.
  const dims: (number | string)[] = [];
  for (const d of stmt.shape.items) {
    const v = ev.expr(d, ctx, { base: '', outer: undefined });
    if (v.kind === 'number' && Number.isInteger(v.value) && v.value >= 1 && !isDimension(v.value, 1)) {
      ev.report(diag('RL218', d, dimensionTooLarge(v.value)));
      shape = null;
    } else if (v.kind === 'number' && Number.isInteger(v.value) && v.value >= 1) {
      shape?.push(v.value);
      dims.push(d.kind === 'name' ? d.text : v.value);
    } else {
      if (v.kind !== 'unknown') ev.report(diag('RL213', d, `input dimensions must be positive whole numbers, got ${v.kind === 'number' ? v.value : describeValue(v)}`));
      shape = null;
    }
  }
  let precision = ctx.precision.activations;
  if (stmt.precision) {
    if (isPrecision(stmt.precision.text)) precision = stmt.precision.text;
    else ev.report(diag('RL212', stmt.precision, stmt.precision.text, PRECISIONS.join(', ')));
  }
  const symbolic = shape && dims.some((d) => typeof d === 'string');
  const tensor = ev.built.input(stmt.name.text, shape, precision, { start: stmt.start, end: stmt.end }, symbolic ? dims : undefined);
  ctx.scope.set(stmt.name.text, { kind: 'tensor', ...tensor });
}

function evalBind(ev: Evaluation, stmt: A.BindStmt, ctx: Ctx): void {
  const base = ctx.prefix + (stmt.names.length === 1 ? stmt.names[0].text : stmt.names.map((n) => n.text).join(','));
  const v = evalStatementValue(ev, stmt.value, stmt.annotations, base, ctx);
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
    ev.report(diag('RL204', stmt.value, `${stmt.names.length} names but the value has ${count} output${count === 1 ? '' : 's'}`));
  }
  for (const n of stmt.names) ctx.scope.set(n.text, UNKNOWN);
}

/** Evaluates the value of a binding, output or return, applying its annotations. */
function evalStatementValue(ev: Evaluation, expr: A.Expr, annotations: A.Annotation[], base: string, ctx: Ctx): Value {
  const precision = precisionAnnotation(annotations, (d) => ev.report(d));
  const attention = attentionAnnotation(annotations, (d) => ev.report(d));
  let c: Ctx = precision ? { ...ctx, precision: { ...ctx.precision, ...precision } } : ctx;
  if (attention) c = { ...c, attention };
  const naming: Naming = { base, outer: expr };
  const layers = ev.built.layers;
  const first = layers.length;
  const v = ev.expr(expr, c, naming);
  if (annotations.length > 0) {
    // The statement's own layers: made here, not inside a block it calls.
    const own = layers.slice(first).filter((l) => l.stack.length === ctx.stack.length);
    // A call taken apart (attention) has no layer of its own to annotate: its parts are layers.
    const outer = naming.outerLayer === undefined ? undefined : layers[naming.outerLayer];
    applyAnnotations(annotations, { outer: outer?.part ? undefined : outer, own }, (d) => ev.report(d));
  }
  return v;
}
