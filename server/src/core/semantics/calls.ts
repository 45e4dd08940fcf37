// A call in the model language, by what its name is: a block of the file (blockCalls.ts), `repeat`
// (blockCalls.ts), an operator of the table (operatorCall.ts), a builtin function (builtinCalls.ts),
// or none of these: an unknown operator, reported, whose arguments are still evaluated (their
// layers count) and which makes an uncounted layer whose output is a tensor of unknown shape.
import { diag } from '../diagnostics/catalogue';
import type * as A from '../syntax/ast';
import { operator, operatorSuggestion } from '../ops/table';
import { evalBlockCall, evalRepeat } from './blockCalls';
import { evalBuiltin } from './builtinCalls';
import type { Ctx, Evaluation, Naming, TensorValue } from './evaluation';
import type { PlainArg } from './model';
import { evalOpCall } from './operatorCall';
import { UNKNOWN, type Value } from './values';

export function evalCall(ev: Evaluation, call: A.Call, ctx: Ctx, naming: Naming): Value {
  if (ev.stopped) return UNKNOWN;
  const name = call.callee.text;
  const bound = ctx.scope.get(name);
  if (bound?.kind === 'block') return evalBlockCall(ev, call, bound.decl, ctx, naming, undefined);
  if (name === 'repeat') return evalRepeat(ev, call, ctx, naming);
  const spec = operator(name);
  if (spec) return evalOpCall(ev, call, spec, ctx, naming);
  const builtin = evalBuiltin(ev, call, ctx, naming);
  if (builtin) return builtin;
  return evalUnknownCall(ev, call, ctx, naming);
}

function evalUnknownCall(ev: Evaluation, call: A.Call, ctx: Ctx, naming: Naming): Value {
  const name = call.callee.text;
  ev.report(diag('RL301', call.callee, name, operatorSuggestion(name)));
  const tensors: TensorValue[] = [];
  const args: Record<string, PlainArg> = {};
  for (const arg of call.args) {
    const v = ev.expr(arg.value, ctx, naming);
    if (v.kind === 'tensor') tensors.push(v);
    else if (arg.name && (v.kind === 'number' || v.kind === 'bool' || v.kind === 'word')) args[arg.name.text] = v.value;
  }
  const layer = ev.layer(call, name, ctx, naming, tensors, args);
  ev.built.notInTable(layer);
  return { kind: 'tensor', shape: null, precision: ctx.precision.activations, producer: layer.index, output: 0 };
}
