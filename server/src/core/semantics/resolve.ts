// Static name resolution over the syntax tree: every name use is linked to its definition (for
// go-to-definition), and undefined names, names bound twice and uses before definition are
// reported. Runs over all code, including blocks never called and branches never taken.
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic, Span } from '../diagnostics/types';
import { operator } from '../ops/table';
import { positionalArgs } from './bindArgs';
import type * as A from '../syntax/ast';

export interface Reference {
  name: string;
  span: Span;
  /** The defining name's span. */
  decl: Span;
}

export interface Resolution {
  references: Reference[];
  diagnostics: Diagnostic[];
}

interface Def {
  span: Span;
  /** Offset from which the name may be used (after its statement); 0 for order-free names. */
  from: number;
}

/** True when one of the scopes binds the name. */
function bound(scopes: Map<string, Def>[], name: string): boolean {
  for (const s of scopes) if (s.has(name)) return true;
  return false;
}

export function resolve(file: A.SourceFile): Resolution {
  const references: Reference[] = [];
  const diagnostics: Diagnostic[] = [];
  const global = new Map<string, Def>();
  const define = (scope: Map<string, Def>, name: A.Name, from: number) => {
    if (!name.text) return;
    const prev = scope.get(name.text);
    if (prev) {
      const d = diag('RL202', name, name.text);
      d.related = [{ span: { start: prev.span.start, end: prev.span.end }, message: `'${name.text}' is first bound here` }];
      diagnostics.push(d);
      return;
    }
    // The name node is the span (it holds start and end): no copy per definition.
    scope.set(name.text, { span: name, from });
  };

  for (const item of file.items) {
    if (item.kind === 'block' || item.kind === 'hardware') define(global, item.name, 0);
    else if (item.kind === 'param') for (const p of item.items) define(global, p.name, 0);
  }

  const use = (scopes: Map<string, Def>[], name: A.Name) => {
    for (const scope of scopes) {
      const def = scope.get(name.text);
      if (!def) continue;
      if (name.start < def.from && !(name.start >= def.span.start && name.end <= def.span.end)) {
        const d = diag('RL203', name, name.text);
        d.related = [{ span: { start: def.span.start, end: def.span.end }, message: `'${name.text}' is defined here` }];
        diagnostics.push(d);
      }
      references.push({ name: name.text, span: name, decl: def.span });
      return;
    }
    diagnostics.push(diag('RL201', name, name.text));
  };

  const walk = (e: A.Expr, scopes: Map<string, Def>[]): void => {
    switch (e.kind) {
      case 'name':
        use(scopes, e);
        return;
      case 'list':
        e.items.forEach((i) => walk(i, scopes));
        return;
      case 'binary':
        walk(e.left, scopes);
        walk(e.right, scopes);
        return;
      case 'unary':
        walk(e.operand, scopes);
        return;
      case 'if':
        walk(e.cond, scopes);
        walk(e.then, scopes);
        walk(e.else, scopes);
        return;
      case 'index':
        walk(e.target, scopes);
        walk(e.index, scopes);
        return;
      case 'call': {
        const callee = e.callee.text;
        const isBlock = bound(scopes, callee);
        if (isBlock) use(scopes, e.callee);
        const spec = isBlock ? undefined : operator(callee);
        const positional = spec ? positionalArgs(spec) : [];
        for (let i = 0; i < e.args.length; i++) {
          const arg = e.args[i];
          // Bare words of word-valued arguments (mode=nearest) are not names.
          const argSpec = arg.name ? spec?.args.find((a) => a.name === arg.name!.text) : positional[i];
          if (argSpec?.kind === 'word' && arg.value.kind === 'name' && !bound(scopes, arg.value.text)) continue;
          walk(arg.value, scopes);
        }
        // Unknown operators are reported by the evaluator, where the totals are marked incomplete.
        return;
      }
      case 'number':
      case 'string':
      case 'bool':
      case 'error':
        return;
    }
  };

  const body = (stmts: A.Statement[], local: Map<string, Def>) => {
    const scopes = [local, global];
    // Every name of the body is declared first, usable from the end of its statement on, so that
    // a use before the definition is told apart from an undefined name.
    for (const s of stmts) {
      if (s.kind === 'param') for (const p of s.items) define(local, p.name, p.end);
      else if (s.kind === 'input') define(local, s.name, s.end);
      else if (s.kind === 'bind') for (const n of s.names) define(local, n, s.end);
      else if (s.kind === 'output' && s.name) define(local, s.name, s.end);
    }
    for (const s of stmts) {
      if (s.kind === 'param') for (const p of s.items) walk(p.value, scopes);
      else if (s.kind === 'input') s.shape.items.forEach((d) => walk(d, scopes));
      else walk(s.value, scopes);
    }
  };

  for (const item of file.items) {
    if (item.kind === 'param') item.items.forEach((p) => walk(p.value, [global]));
    else if (item.kind === 'model') body(item.body, new Map());
    else if (item.kind === 'block') {
      const local = new Map<string, Def>();
      for (const p of item.params) {
        if (p.default) walk(p.default, [local, global]);
        define(local, p.name, 0);
      }
      body(item.body, local);
    }
  }
  return { references, diagnostics };
}
