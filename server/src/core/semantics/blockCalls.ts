// Calls of the file's blocks and `repeat`: a block call binds its parameters (positional, by
// keyword, defaults; unknown, repeated and missing ones reported), evaluates the block body in its
// own scope over the file's, with the layers named under the call (`s1.conv`); a recursive call,
// and nesting beyond MAX_BLOCK_DEPTH, are reported instead. `repeat(n, block, x, ...)` chains n
// calls, each fed by the one before, their layers named `name[i].layer`.
import { formatCount } from '../../protocol/format';
import { diag } from '../diagnostics/catalogue';
import type * as A from '../syntax/ast';
import { layerLimit } from '../limits';
import { MAX_BLOCK_DEPTH, type Ctx, type Evaluation, type Naming } from './evaluation';
import { describeValue, Scope, UNKNOWN, type Value } from './values';

/** A call of a block; `prefix` names its layers (repeat gives `base[i].`), `first` is repeat's input. */
export function evalBlockCall(ev: Evaluation, call: A.Call, decl: A.BlockDecl, ctx: Ctx, naming: Naming, prefix: string | undefined, first?: Value): Value {
  if (ctx.blocks.includes(decl.name.text)) {
    ev.report(diag('RL208', call.callee, decl.name.text));
    return UNKNOWN;
  }
  if (ctx.blocks.length >= MAX_BLOCK_DEPTH) {
    ev.report(diag('RL215', call.callee, `blocks nested more than ${MAX_BLOCK_DEPTH} deep`));
    return UNKNOWN;
  }
  if (!ev.step(call, false)) return UNKNOWN;
  const scope = new Scope(ev.global);
  const given = new Map<string, Value>();
  const positional: Value[] = first ? [first] : [];
  const args = first ? call.args.slice(3) : call.args;
  for (const arg of args) {
    const v = ev.expr(arg.value, ctx, naming);
    if (arg.name) {
      if (!decl.params.some((p) => p.name.text === arg.name!.text)) {
        ev.report(diag('RL207', arg.name, `block '${decl.name.text}' has no parameter '${arg.name.text}' (parameters: ${decl.params.map((p) => p.name.text).join(', ')})`));
        continue;
      }
      if (given.has(arg.name.text)) {
        ev.report(diag('RL307', arg.name, arg.name.text));
        continue;
      }
      given.set(arg.name.text, v);
    } else positional.push(v);
  }
  if (positional.length > decl.params.length) {
    ev.report(diag('RL207', call, `block '${decl.name.text}' takes ${decl.params.length} parameters, got ${positional.length} positional arguments`));
  }
  let ok = true;
  decl.params.forEach((p, i) => {
    let v = i < positional.length ? positional[i] : undefined;
    if (i < positional.length && given.has(p.name.text)) {
      ev.report(diag('RL307', call.callee, p.name.text));
    }
    v = v ?? given.get(p.name.text);
    if (v === undefined && p.default) {
      v = ev.expr(p.default, { ...ctx, scope }, { base: '', outer: undefined });
    }
    if (v === undefined) {
      ev.report(diag('RL207', call.callee, `block '${decl.name.text}' needs the parameter '${p.name.text}'`));
      ok = false;
      v = UNKNOWN;
    }
    scope.set(p.name.text, v);
  });
  if (!ok) return UNKNOWN;
  const isOuter = naming.outer === call;
  const layerPrefix = prefix ?? (isOuter ? naming.base : ev.built.uniqueName(`${naming.base}.${decl.name.text}`, ev.prefixes)) + '.';
  const inner: Ctx = {
    scope,
    prefix: layerPrefix,
    stack: [...ctx.stack, { start: call.start, end: call.end }],
    precision: ctx.precision,
    ...(ctx.attention ? { attention: ctx.attention } : {}),
    blocks: [...ctx.blocks, decl.name.text],
    statement: ctx.statement,
    inModel: false,
  };
  const result = ev.body(decl.body, inner);
  if (result === undefined) {
    if (!decl.body.some((s) => s.kind === 'return')) ev.report(diag('RL207', decl.name, `block '${decl.name.text}' has no 'return'`));
    return UNKNOWN;
  }
  return result;
}

export function evalRepeat(ev: Evaluation, call: A.Call, ctx: Ctx, naming: Naming): Value {
  const [countArg, blockArg, inputArg] = call.args;
  if (!countArg || !blockArg || !inputArg || countArg.name || blockArg.name || inputArg.name) {
    ev.report(diag('RL207', call.callee, 'repeat needs (count, block, input, ...), the first three by position'));
    return UNKNOWN;
  }
  const count = ev.expr(countArg.value, ctx, naming);
  const block = blockArg.value.kind === 'name' ? ctx.scope.get(blockArg.value.text) : undefined;
  if (count.kind === 'unknown') return UNKNOWN;
  if (count.kind !== 'number' || !Number.isInteger(count.value) || count.value < 0) {
    ev.report(diag('RL204', countArg, `repeat's count must be a whole number of at least 0, not ${describeValue(count)}`));
    return UNKNOWN;
  }
  if (count.value > layerLimit()) {
    ev.report(diag('RL215', countArg, `repeat's count ${formatCount(count.value)} is beyond the limit of ${formatCount(layerLimit())} layers`));
    return UNKNOWN;
  }
  if (!block || block.kind !== 'block') {
    if (blockArg.value.kind !== 'name' || block !== undefined) ev.report(diag('RL204', blockArg, "repeat's second argument must be the name of a block"));
    return UNKNOWN;
  }
  let x = ev.expr(inputArg.value, ctx, naming);
  const base = naming.outer === call ? naming.base : ev.built.uniqueName(`${naming.base}.repeat`, ev.prefixes);
  for (let i = 0; i < count.value && !ev.stopped; i++) {
    x = evalBlockCall(ev, call, block.decl, ctx, { base, outer: undefined }, `${base}[${i}].`, x);
    if (x.kind === 'unknown' && i > 0) break;
  }
  return x;
}
