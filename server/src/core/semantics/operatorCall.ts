// A call of an operator of the table: its arguments matched (bindArgs.ts) and checked
// (argumentChecks.ts), a layer made for it (layerBuilder.ts, which counts it through the table
// entry), and its output tensors. A layer that cannot be counted still produces a tensor (of
// unknown shape) for its consumers; the entry's failure is reported at the argument it names.
import { diag } from '../diagnostics/catalogue';
import { OpFailure, type ArgValue, type OpSpec, type Shape } from '../ops/types';
import type { Precision } from '../precision';
import type * as A from '../syntax/ast';
import { checkArg } from './argumentChecks';
import { defaultArgValue, plainArgOf } from './argValues';
import { matchArgs } from './bindArgs';
import { countsExact, inexactMessage } from './countExactness';
import type { Ctx, Evaluation, Naming, TensorValue } from './evaluation';
import type { PlainArg } from './model';
import { UNKNOWN, type Value } from './values';

export function evalOpCall(ev: Evaluation, call: A.Call, spec: OpSpec, ctx: Ctx, naming: Naming): Value {
  if (!ev.step(call, true)) return UNKNOWN;
  const { matched, ok } = matchArgs(call, spec, (d) => ev.report(d));
  const values = new Map<string, ArgValue>();
  // Where each tensor of a `tensors` argument was written (`name#i`), for a failure to name; an
  // argument's own place is its match's (made only for such arguments: this runs for every layer).
  let tensorSpans: Map<string, A.Node> | undefined;
  const tensors: TensorValue[] = [];
  const operands: { shape: Shape; precision: Precision }[] = [];
  const args: Record<string, PlainArg> = {};
  let unknown = !ok;
  for (const arg of spec.args) {
    const m = matched.get(arg.name);
    if (!m) {
      const d = defaultArgValue(arg);
      if (d) values.set(arg.name, d);
      continue;
    }
    const v = checkArg(ev, m, ctx, naming);
    if (v === undefined) {
      unknown = true;
      continue;
    }
    if (v.kind === 'tensor' || v.kind === 'tensors') {
      const items = v.kind === 'tensor' ? [v.value] : v.values;
      for (let i = 0; i < items.length; i++) {
        const t = items[i];
        tensors.push(t);
        if (!t.shape) unknown = true;
        else operands.push({ shape: t.shape, precision: t.precision });
        if (v.kind === 'tensors' && v.spans[i]) (tensorSpans ??= new Map()).set(`${arg.name}#${i}`, v.spans[i]);
      }
      if (!unknown) values.set(arg.name, v.kind === 'tensor' ? { kind: 'tensor', shape: v.value.shape! } : { kind: 'tensors', shapes: v.values.map((t) => t.shape!) });
    } else {
      values.set(arg.name, v.value);
      args[arg.name] = plainArgOf(v.value);
    }
  }
  const layer = ev.layer(call, spec.name, ctx, naming, tensors, args);
  const fail = (): Value => (spec.multiOutput ? UNKNOWN : { kind: 'tensor', shape: null, precision: layer.precision, producer: layer.index, output: 0 });
  if (unknown) {
    layer.notes.push('Not counted: an argument could not be evaluated (see the error it gave).');
    return fail();
  }
  const counted = ev.built.count(layer, spec, values, operands, ctx.attention);
  if ('outputs' in counted) {
    if (!countsExact(layer)) ev.report(diag('RL216', call, inexactMessage(layer)));
    const outputs: Value[] = counted.outputs.map((shape, output) => ({ kind: 'tensor', shape, precision: layer.precision, producer: counted.producer, output }));
    return spec.multiOutput ? { kind: 'tuple', items: outputs } : outputs[0];
  }
  const err = counted.failure;
  if (err instanceof OpFailure) ev.report(diag(err.code, (err.arg && (tensorSpans?.get(err.arg) ?? matched.get(err.arg)?.span)) || call.callee, err.message));
  else ev.report(diag('RL306', call.callee, `${spec.name}: internal error while counting (${String(err)})`));
  return fail();
}
