// The expressions of the model language: literals, names, lists, unary and binary operators
// (arithmetic, comparison, `and`/`or` short-circuiting, division by zero located), `if` (only the
// branch taken is evaluated, so the other makes no layers), indexing, and calls (calls.ts). An
// error is reported once and gives `unknown`, which everything downstream accepts silently.
import { diag } from '../diagnostics/catalogue';
import type * as A from '../syntax/ast';
import { evalCall } from './calls';
import type { Ctx, Evaluation, Naming } from './evaluation';
import { describeValue, UNKNOWN, type Value } from './values';

export function evalExpr(ev: Evaluation, e: A.Expr, ctx: Ctx, naming: Naming): Value {
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
      return { kind: 'list', items: e.items.map((i) => ev.expr(i, ctx, naming)) };
    case 'error':
      return UNKNOWN;
    case 'unary': {
      const v = ev.expr(e.operand, ctx, naming);
      if (v.kind === 'unknown') return v;
      if (e.op === '-' && v.kind === 'number') return { kind: 'number', value: -v.value };
      if (e.op === 'not' && v.kind === 'bool') return { kind: 'bool', value: !v.value };
      ev.report(diag('RL204', e.operand, `'${e.op}' needs ${e.op === '-' ? 'a number' : 'true or false'}, not ${describeValue(v)}`));
      return UNKNOWN;
    }
    case 'binary':
      return evalBinary(ev, e, ctx, naming);
    case 'if': {
      const c = ev.expr(e.cond, ctx, naming);
      if (c.kind === 'unknown') return UNKNOWN;
      if (c.kind !== 'bool') {
        ev.report(diag('RL204', e.cond, `the condition of 'if' must be true or false, not ${describeValue(c)}`));
        return UNKNOWN;
      }
      // Only the branch taken is evaluated: the other makes no layers.
      const branch = c.value ? e.then : e.else;
      return ev.expr(branch, ctx, naming.outer === e ? { ...naming, outer: branch, base: naming.base } : naming);
    }
    case 'index': {
      const t = ev.expr(e.target, ctx, naming);
      const i = ev.expr(e.index, ctx, naming);
      if (t.kind === 'unknown' || i.kind === 'unknown') return UNKNOWN;
      if ((t.kind === 'list' || t.kind === 'tuple') && i.kind === 'number') {
        const k = i.value < 0 ? i.value + t.items.length : i.value;
        if (Number.isInteger(k) && k >= 0 && k < t.items.length) return t.items[k];
        ev.report(diag('RL204', e.index, `index ${i.value} is out of range for ${t.items.length} items`));
        return UNKNOWN;
      }
      ev.report(diag('RL204', e, `cannot index ${describeValue(t)} with ${describeValue(i)}`));
      return UNKNOWN;
    }
    case 'call':
      return evalCall(ev, e, ctx, naming);
  }
}

function evalBinary(ev: Evaluation, e: A.Binary, ctx: Ctx, naming: Naming): Value {
  if (e.op === 'and' || e.op === 'or') {
    const l = ev.expr(e.left, ctx, naming);
    if (l.kind === 'unknown') return l;
    if (l.kind !== 'bool') {
      ev.report(diag('RL204', e.left, `'${e.op}' needs true or false, not ${describeValue(l)}`));
      return UNKNOWN;
    }
    if (e.op === 'and' ? !l.value : l.value) return l;
    const r = ev.expr(e.right, ctx, naming);
    if (r.kind === 'unknown' || r.kind === 'bool') return r;
    ev.report(diag('RL204', e.right, `'${e.op}' needs true or false, not ${describeValue(r)}`));
    return UNKNOWN;
  }
  const l = ev.expr(e.left, ctx, naming);
  const r = ev.expr(e.right, ctx, naming);
  if (l.kind === 'unknown' || r.kind === 'unknown') return UNKNOWN;
  if (e.op === '==' || e.op === '!=') {
    const same = (l.kind === 'number' || l.kind === 'bool' || l.kind === 'word') && l.kind === r.kind && l.value === r.value;
    return { kind: 'bool', value: e.op === '==' ? same : !same };
  }
  if (l.kind !== 'number' || r.kind !== 'number') {
    const bad = l.kind !== 'number' ? e.left : e.right;
    ev.report(diag('RL204', bad, `'${e.op}' needs numbers, not ${describeValue(l.kind !== 'number' ? l : r)}`));
    return UNKNOWN;
  }
  const a = l.value;
  const b = r.value;
  const finite = (value: number): Value => {
    if (Number.isFinite(value)) return { kind: 'number', value };
    ev.report(diag('RL219', e, `${a} ${e.op} ${b} is not a finite number (it overflows)`));
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
        ev.report(diag('RL211', e.right, 'division by zero'));
        return UNKNOWN;
      }
      return finite(e.op === '/' ? a / b : e.op === '//' ? Math.floor(a / b) : a - b * Math.floor(a / b));
    case '<': return { kind: 'bool', value: a < b };
    case '>': return { kind: 'bool', value: a > b };
    case '<=': return { kind: 'bool', value: a <= b };
    case '>=': return { kind: 'bool', value: a >= b };
  }
}
