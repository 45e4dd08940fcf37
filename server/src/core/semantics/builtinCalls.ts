// The builtin functions of builtins.ts that compute numbers, evaluated: channels(x), dim(x, i),
// rank(x) read a tensor's shape; min, max, ceil and floor compute on numbers. A wrong argument is
// reported at it (RL204). `repeat` is a builtin too, but makes layers (blockCalls.ts).
import { diag } from '../diagnostics/catalogue';
import type * as A from '../syntax/ast';
import { BUILTINS } from './builtins';
import type { Ctx, Evaluation, Naming } from './evaluation';
import { describeValue, UNKNOWN, type Value } from './values';

/** The value of a builtin call; undefined when the name is no builtin. */
export function evalBuiltin(ev: Evaluation, call: A.Call, ctx: Ctx, naming: Naming): Value | undefined {
  const name = call.callee.text;
  if (!BUILTINS.has(name) || name === 'repeat') return undefined;
  const args = call.args.map((a) => ev.expr(a.value, ctx, naming));
  if (args.some((a) => a.kind === 'unknown')) return UNKNOWN;
  const fail = (message: string, at: A.Node = call): Value => {
    ev.report(diag('RL204', at, message));
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
