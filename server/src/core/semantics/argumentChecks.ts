// Checks one argument of an operator call against the kind the operator table declares for it: a
// tensor, several tensors (positional, a list, or the outputs of one layer), a whole number, whole
// numbers (`kernel=3` or `kernel=[3, 1]`), a number, true or false, or a bare word from the
// argument's choices (`mode=nearest`). A mismatch is reported at the argument (RL304, RL306).
import { diag } from '../diagnostics/catalogue';
import type { ArgValue } from '../ops/types';
import type * as A from '../syntax/ast';
import type { MatchedArg } from './bindArgs';
import type { Ctx, Evaluation, Naming, TensorValue } from './evaluation';
import { describeValue, type Value } from './values';

export type CheckedArg =
  | { kind: 'tensor'; value: TensorValue }
  | { kind: 'tensors'; values: TensorValue[]; spans: A.Node[] }
  | { kind: 'plain'; value: ArgValue };

/** Evaluates one matched argument and checks it against its kind; undefined when unusable. */
export function checkArg(ev: Evaluation, m: MatchedArg, ctx: Ctx, naming: Naming): CheckedArg | undefined {
  const spec = m.spec;
  const bad = (at: A.Node, v: Value, want: string) => {
    if (v.kind !== 'unknown') ev.report(diag('RL304', at, spec.name, `expected ${want}, got ${describeValue(v)}`));
    return undefined;
  };
  if (spec.kind === 'word') {
    const e = m.exprs[0];
    if (e.kind === 'name' && ctx.scope.get(e.text) === undefined) {
      if (spec.choices && !spec.choices.includes(e.text)) {
        ev.report(diag('RL306', e, `'${spec.name}' must be one of ${spec.choices.join(', ')}, got '${e.text}'`));
        return undefined;
      }
      return { kind: 'plain', value: { kind: 'word', value: e.text } };
    }
    const v = ev.expr(e, ctx, naming);
    if (v.kind === 'word') {
      if (spec.choices && !spec.choices.includes(v.value)) {
        ev.report(diag('RL306', e, `'${spec.name}' must be one of ${spec.choices.join(', ')}, got '${v.value}'`));
        return undefined;
      }
      return { kind: 'plain', value: v };
    }
    return bad(e, v, `one of ${spec.choices?.join(', ') ?? 'a word'}`);
  }
  if (spec.kind === 'tensor' || spec.kind === 'tensors') {
    const tensors: TensorValue[] = [];
    // Where each tensor was written, so that an error points at the offending one.
    const spans: A.Node[] = [];
    const exprs = m.exprs.length === 1 && m.exprs[0].kind === 'list' && spec.kind === 'tensors' ? (m.exprs[0] as A.ListExpr).items : m.exprs;
    let failed = false;
    for (const e of exprs) {
      const v = ev.expr(e, ctx, naming);
      if (v.kind === 'tensor') {
        tensors.push(v);
        spans.push(e);
      } else if (v.kind === 'tuple' && spec.kind === 'tensors' && v.items.every((i) => i.kind === 'tensor')) {
        tensors.push(...(v.items as TensorValue[]));
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
  const v = ev.expr(e, ctx, naming);
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
