// Static name resolution over the syntax tree: every name use is linked to its definition (for
// go-to-definition), and undefined names, names bound twice and uses before definition are
// reported. Runs over all code, including blocks never called and branches never taken.
//
// An editor's document resolved again after an edit (incremental/session.ts) passes a memo: for
// each statement of each body, the names its expressions looked up, the definition each found (its
// name node, or none) and the references made. A statement that is the same syntax object as
// before (reparse.ts keeps those the edit did not touch, their offsets moved in place) and whose
// names each find the same definition node again makes the same references: they are taken as
// they were. Positions cannot differ in order, since an edit moves every offset past it alike. A
// statement that reported a problem is walked again (its diagnostic's span is a copy).
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic, Span } from '../diagnostics/types';
import { operator } from '../ops/table';
import { positionalArgs } from './bindArgs';
import type * as A from '../syntax/ast';
import { keptStatements } from '../syntax/keptStatements';

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

/** What resolving one statement found (ResolveMemo). */
interface StatementNames {
  /** Each name looked up and the name node of the definition found (undefined: none), in pairs. */
  lookups: (string | Span | undefined)[];
  references: Reference[];
  /** False when the statement reported a problem (then it is walked again). */
  clean: boolean;
}

/** A body's statements as last resolved, and what each found. */
interface BodyNames {
  statements: readonly A.Statement[];
  names: readonly StatementNames[];
}

/** What the last resolution found, per body by its item's kind and name (a model or block added
 *  above another leaves that one's found); and how many statements of it kept their references,
 *  and how many were walked (tests and benchmarks). */
export interface ResolveMemo {
  bodies: Map<string, BodyNames>;
  kept: number;
  walked: number;
}

export function resolveMemo(): ResolveMemo {
  return { bodies: new Map(), kept: 0, walked: 0 };
}

/** The definition of a name in the first scope that binds it. */
function lookup(scopes: Map<string, Def>[], name: string): Def | undefined {
  for (const s of scopes) {
    const d = s.get(name);
    if (d) return d;
  }
  return undefined;
}

/** Whether every name the statement looked up finds the same definition node again. */
function sameLookups(names: StatementNames, scopes: Map<string, Def>[]): boolean {
  const l = names.lookups;
  for (let i = 0; i < l.length; i += 2) if (lookup(scopes, l[i] as string)?.span !== l[i + 1]) return false;
  return true;
}

export function resolve(file: A.SourceFile, memo?: ResolveMemo): Resolution {
  const references: Reference[] = [];
  const diagnostics: Diagnostic[] = [];
  let kept = 0;
  let walked = 0;
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

  // What the statement being walked finds (when there is a memo to keep it in).
  let found: StatementNames | undefined;
  const find = (scopes: Map<string, Def>[], name: string): Def | undefined => {
    const def = lookup(scopes, name);
    found?.lookups.push(name, def?.span);
    return def;
  };
  /** A use of a name: its reference, or RL201; RL203 when it comes before its definition. `def`:
   *  the lookup made already (a callee found to be a block), so that it is made and recorded once. */
  const use = (scopes: Map<string, Def>[], name: A.Name, def = find(scopes, name.text)) => {
    if (!def) {
      diagnostics.push(diag('RL201', name, name.text));
      if (found) found.clean = false;
      return;
    }
    if (name.start < def.from && !(name.start >= def.span.start && name.end <= def.span.end)) {
      const d = diag('RL203', name, name.text);
      d.related = [{ span: { start: def.span.start, end: def.span.end }, message: `'${name.text}' is defined here` }];
      diagnostics.push(d);
      if (found) found.clean = false;
    }
    const ref: Reference = { name: name.text, span: name, decl: def.span };
    references.push(ref);
    found?.references.push(ref);
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
        const block = find(scopes, callee);
        if (block) use(scopes, e.callee, block);
        const spec = block ? undefined : operator(callee);
        const positional = spec ? positionalArgs(spec) : [];
        for (let i = 0; i < e.args.length; i++) {
          const arg = e.args[i];
          // Bare words of word-valued arguments (mode=nearest) are not names.
          const argSpec = arg.name ? spec?.args.find((a) => a.name === arg.name!.text) : positional[i];
          if (argSpec?.kind === 'word' && arg.value.kind === 'name') {
            // A bound name is a use (its value is passed); an unbound one is the word itself.
            const def = find(scopes, arg.value.text);
            if (def) use(scopes, arg.value, def);
            continue;
          }
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

  const bodies = new Map<string, BodyNames>();
  const body = (item: A.ModelDecl | A.BlockDecl, local: Map<string, Def>) => {
    const stmts = item.body;
    const scopes = [local, global];
    // Every name of the body is declared first, usable from the end of its statement on, so that
    // a use before the definition is told apart from an undefined name.
    for (const s of stmts) {
      if (s.kind === 'param') for (const p of s.items) define(local, p.name, p.end);
      else if (s.kind === 'input') define(local, s.name, s.end);
      else if (s.kind === 'bind') for (const n of s.names) define(local, n, s.end);
      else if (s.kind === 'output' && s.name) define(local, s.name, s.end);
    }
    // Two items of one kind and name (RL202) share an entry: the identity of each statement decides.
    const key = `${item.kind} ${item.name.text}`;
    const was = memo?.bodies.get(key);
    const before = memo ? keptStatements(stmts, was?.statements, was?.names) : undefined;
    const names: StatementNames[] = [];
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      const old = before?.[i];
      if (old && old.clean && sameLookups(old, scopes)) {
        for (const r of old.references) references.push(r);
        names.push(old);
        kept++;
        continue;
      }
      walked++;
      if (memo) found = { lookups: [], references: [], clean: true };
      if (s.kind === 'param') for (const p of s.items) walk(p.value, scopes);
      else if (s.kind === 'input') s.shape.items.forEach((d) => walk(d, scopes));
      else walk(s.value, scopes);
      if (found) names.push(found);
      found = undefined;
    }
    // The body's own list (reparsing makes a new list for a body it changes, never edits one).
    if (memo) bodies.set(key, { statements: stmts, names });
  };

  for (const item of file.items) {
    if (item.kind === 'param') item.items.forEach((p) => walk(p.value, [global]));
    else if (item.kind === 'model') body(item, new Map());
    else if (item.kind === 'block') {
      const local = new Map<string, Def>();
      for (const p of item.params) {
        if (p.default) walk(p.default, [local, global]);
        define(local, p.name, 0);
      }
      body(item, local);
    }
  }
  if (memo) {
    memo.bodies = bodies;
    memo.kept = kept;
    memo.walked = walked;
  }
  return { references, diagnostics };
}
