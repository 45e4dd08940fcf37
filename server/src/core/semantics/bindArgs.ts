// Matches the arguments of an operator call to the operator table's argument list: positional
// ones in order (a `tensors` argument takes all remaining positional ones), keyword ones by name.
// Reports unknown, repeated, missing and surplus arguments at the exact argument.
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic } from '../diagnostics/types';
import type { ArgSpec, OpSpec } from '../ops/types';
import type * as A from '../syntax/ast';

export interface MatchedArg {
  spec: ArgSpec;
  /** One expression, or several for a variadic `tensors` argument. */
  exprs: A.Expr[];
  span: { start: number; end: number };
}

export interface ArgMatch {
  matched: Map<string, MatchedArg>;
  ok: boolean;
}

/** The arguments that can be given by position, computed once per operator. */
const POSITIONAL = new WeakMap<OpSpec, ArgSpec[]>();

export function positionalArgs(spec: OpSpec): ArgSpec[] {
  let p = POSITIONAL.get(spec);
  if (!p) {
    p = spec.args.filter((a) => !a.keywordOnly);
    POSITIONAL.set(spec, p);
  }
  return p;
}

export function matchArgs(call: A.Call, spec: OpSpec, report: (d: Diagnostic) => void): ArgMatch {
  const matched = new Map<string, MatchedArg>();
  let ok = true;
  const positional = positionalArgs(spec);
  let next = 0;
  for (const arg of call.args) {
    if (arg.name) {
      const s = spec.args.find((a) => a.name === arg.name!.text);
      if (!s) {
        report(diag('RL302', arg.name, spec.name, arg.name.text, spec.args.map((a) => a.name).join(', ')));
        ok = false;
        continue;
      }
      if (matched.has(s.name)) {
        report(diag('RL307', arg.name, s.name));
        ok = false;
        continue;
      }
      matched.set(s.name, { spec: s, exprs: [arg.value], span: { start: arg.start, end: arg.end } });
      continue;
    }
    const s = positional[next];
    if (!s) {
      report(diag('RL308', arg, spec.name, positional.length));
      ok = false;
      continue;
    }
    if (s.kind === 'tensors') {
      const m = matched.get(s.name);
      if (m) {
        m.exprs.push(arg.value);
        m.span.end = arg.end;
      } else matched.set(s.name, { spec: s, exprs: [arg.value], span: { start: arg.start, end: arg.end } });
      continue;
    }
    if (matched.has(s.name)) {
      report(diag('RL307', arg, s.name));
      ok = false;
      next++;
      continue;
    }
    matched.set(s.name, { spec: s, exprs: [arg.value], span: { start: arg.start, end: arg.end } });
    next++;
  }
  for (const s of spec.args) {
    if (!matched.has(s.name) && s.default === undefined && !s.optional) {
      report(diag('RL303', { start: call.callee.start, end: call.end }, spec.name, s.name));
      ok = false;
    }
  }
  return { matched, ok };
}
