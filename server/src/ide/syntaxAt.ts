// What the cursor is on: walks the syntax tree to the innermost interesting node at an offset (a
// call's operator name, a keyword argument, a name in an expression, a binding, a declaration).
// Hover, go-to-definition and completion all start from here. Offsets match inclusively at the
// end, so a cursor just after a word still finds it.
import type { ast as A } from '../core';

export type Container = A.ModelDecl | A.BlockDecl | undefined;

export type Target =
  /** The operator (or block, or builtin) name of a call. */
  | { kind: 'callee'; call: A.Call }
  /** The name of a keyword argument (`kernel` in `kernel=3`). */
  | { kind: 'keyword'; call: A.Call; arg: A.Arg }
  /** A name used in an expression; `arg` when it is the whole value of an argument of `call`. */
  | { kind: 'use'; name: A.Name; call?: A.Call; arg?: A.Arg }
  /** A name bound by a statement (`conv1 = ...`, `output logits = ...`, `input image: ...`). */
  | { kind: 'binding'; name: A.Name; stmt: A.BindStmt | A.OutputStmt | A.InputStmt }
  /** The name of a `param`, in a model, a block or at the top level. */
  | { kind: 'param'; name: A.Name; item: A.ParamItem }
  /** A parameter of a block declaration. */
  | { kind: 'blockParam'; name: A.Name; block: A.BlockDecl; param: A.BlockParam }
  /** The name of a model, block or hardware declaration. */
  | { kind: 'declaration'; name: A.Name; item: A.ModelDecl | A.BlockDecl | A.HardwareDecl }
  /** The name of an annotation (`tile` in `@tile(...)`). */
  | { kind: 'annotation'; annotation: A.Annotation }
  /** The value of `use target X` or `use precision P`. */
  | { kind: 'use-value'; use: A.UseDecl };

export interface Found {
  target: Target;
  container: Container;
  /** The statement the target is in, if any. */
  stmt?: A.Statement;
}

export function contains(node: { start: number; end: number }, offset: number): boolean {
  return node.start <= offset && offset <= node.end;
}

/** True when `inner` lies within `outer`. */
export function within(inner: { start: number; end: number }, outer: { start: number; end: number }): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** The direct sub-expressions of an expression, in source order. */
function childExprs(e: A.Expr): A.Expr[] {
  switch (e.kind) {
    case 'call':
      return e.args.map((a) => a.value);
    case 'list':
      return e.items;
    case 'binary':
      return [e.left, e.right];
    case 'unary':
      return [e.operand];
    case 'if':
      return [e.cond, e.then, e.else];
    case 'index':
      return [e.target, e.index];
    default:
      return [];
  }
}

function inExpr(e: A.Expr, offset: number): Target | undefined {
  if (!contains(e, offset)) return undefined;
  if (e.kind === 'call') {
    if (contains(e.callee, offset)) return { kind: 'callee', call: e };
    for (const arg of e.args) {
      if (arg.name && contains(arg.name, offset)) return { kind: 'keyword', call: e, arg };
      if (arg.value.kind === 'name' && contains(arg.value, offset)) return { kind: 'use', name: arg.value, call: e, arg };
      const inner = inExpr(arg.value, offset);
      if (inner) return inner;
    }
    return undefined;
  }
  if (e.kind === 'name') return { kind: 'use', name: e };
  for (const c of childExprs(e)) {
    const inner = inExpr(c, offset);
    if (inner) return inner;
  }
  return undefined;
}

function inAnnotations(annotations: A.Annotation[], offset: number): Target | undefined {
  for (const a of annotations) {
    if (contains(a.name, offset)) return { kind: 'annotation', annotation: a };
    for (const arg of a.args) {
      const inner = inExpr(arg.value, offset);
      if (inner && inner.kind !== 'use') return inner;
    }
  }
  return undefined;
}

function inStatement(s: A.Statement, offset: number): Target | undefined {
  switch (s.kind) {
    case 'param':
      for (const item of s.items) {
        if (contains(item.name, offset)) return { kind: 'param', name: item.name, item };
        const inner = inExpr(item.value, offset);
        if (inner) return inner;
      }
      return undefined;
    case 'input':
      if (contains(s.name, offset)) return { kind: 'binding', name: s.name, stmt: s };
      return inExpr(s.shape, offset);
    case 'bind':
      for (const n of s.names) if (contains(n, offset)) return { kind: 'binding', name: n, stmt: s };
      return inExpr(s.value, offset) ?? inAnnotations(s.annotations, offset);
    case 'output':
      if (s.name && contains(s.name, offset)) return { kind: 'binding', name: s.name, stmt: s };
      return inExpr(s.value, offset) ?? inAnnotations(s.annotations, offset);
    case 'return':
      return inExpr(s.value, offset);
  }
}

function inBody(body: A.Statement[], container: Container, offset: number): Found | undefined {
  for (const stmt of body) {
    if (!contains(stmt, offset)) continue;
    const target = inStatement(stmt, offset);
    if (target) return { target, container, stmt };
  }
  return undefined;
}

/** The innermost interesting node at `offset`, with the model or block around it. */
export function findAt(file: A.SourceFile, offset: number): Found | undefined {
  for (const item of file.items) {
    if (!contains(item, offset)) continue;
    switch (item.kind) {
      case 'model':
        if (contains(item.name, offset)) return { target: { kind: 'declaration', name: item.name, item }, container: item };
        return inBody(item.body, item, offset);
      case 'block': {
        if (contains(item.name, offset)) return { target: { kind: 'declaration', name: item.name, item }, container: item };
        for (const param of item.params) {
          if (contains(param.name, offset)) return { target: { kind: 'blockParam', name: param.name, block: item, param }, container: item };
          const inner = param.default && inExpr(param.default, offset);
          if (inner) return { target: inner, container: item };
        }
        return inBody(item.body, item, offset);
      }
      case 'hardware':
        if (contains(item.name, offset)) return { target: { kind: 'declaration', name: item.name, item }, container: undefined };
        return undefined;
      case 'use':
        if (item.value && contains(item.value, offset)) return { target: { kind: 'use-value', use: item }, container: undefined };
        return undefined;
      case 'param': {
        const found = inStatement(item, offset);
        return found ? { target: found, container: undefined, stmt: item } : undefined;
      }
    }
  }
  return undefined;
}

/** The block declarations of a file, by name. */
export function blocksOf(file: A.SourceFile): Map<string, A.BlockDecl> {
  const out = new Map<string, A.BlockDecl>();
  for (const item of file.items) if (item.kind === 'block' && item.name.text && !out.has(item.name.text)) out.set(item.name.text, item);
  return out;
}
