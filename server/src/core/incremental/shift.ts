// Moves the offsets of what an edit left alone but moved: the syntax of the statements and items
// after the change, and the spans of the layers, inputs, parameters and diagnostics an analysis
// re-uses from before the edit. In place: the analysis these objects came from is superseded by the
// one that re-uses them (incremental/session.ts says so to its callers).
import type { Diagnostic, Span } from '../diagnostics/types';
import type { Layer, ModelInput, ModelParam } from '../semantics/model';
import { forEachPlace } from '../semantics/layerPlaces';
import type * as A from '../syntax/ast';

/** Moves a node of an unknown kind: every `start`/`end` of it and of every object it holds. */
function shiftAny(node: unknown, delta: number): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) shiftAny(n, delta);
    return;
  }
  const o = node as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number') {
    o.start += delta;
    o.end += delta;
  }
  for (const k in o) if (k !== 'start' && k !== 'end') shiftAny(o[k], delta);
}

function moveNode(n: A.Node, delta: number): void {
  n.start += delta;
  n.end += delta;
}

function shiftArgs(args: A.Arg[], delta: number): void {
  for (const a of args) {
    moveNode(a, delta);
    if (a.name) moveNode(a.name, delta);
    shiftExpr(a.value, delta);
  }
}

export function shiftExpr(e: A.Expr, delta: number): void {
  moveNode(e, delta);
  switch (e.kind) {
    case 'name':
    case 'number':
    case 'string':
    case 'bool':
    case 'error':
      return;
    case 'call':
      moveNode(e.callee, delta);
      shiftArgs(e.args, delta);
      return;
    case 'list':
      for (const i of e.items) shiftExpr(i, delta);
      return;
    case 'binary':
      shiftExpr(e.left, delta);
      shiftExpr(e.right, delta);
      return;
    case 'unary':
      shiftExpr(e.operand, delta);
      return;
    case 'if':
      shiftExpr(e.cond, delta);
      shiftExpr(e.then, delta);
      shiftExpr(e.else, delta);
      return;
    case 'index':
      shiftExpr(e.target, delta);
      shiftExpr(e.index, delta);
      return;
    default: {
      // A kind this file does not know yet: moved field by field (its own offsets were moved above).
      const o = e as unknown as Record<string, unknown>;
      for (const k in o) if (k !== 'start' && k !== 'end') shiftAny(o[k], delta);
    }
  }
}

function shiftAnnotations(annotations: A.Annotation[], delta: number): void {
  for (const a of annotations) {
    moveNode(a, delta);
    moveNode(a.name, delta);
    shiftArgs(a.args, delta);
  }
}

export function shiftStatement(s: A.Statement, delta: number): void {
  switch (s.kind) {
    case 'bind':
      moveNode(s, delta);
      for (const n of s.names) moveNode(n, delta);
      shiftExpr(s.value, delta);
      shiftAnnotations(s.annotations, delta);
      return;
    case 'output':
      moveNode(s, delta);
      if (s.name) moveNode(s.name, delta);
      shiftExpr(s.value, delta);
      shiftAnnotations(s.annotations, delta);
      return;
    case 'return':
      moveNode(s, delta);
      shiftExpr(s.value, delta);
      shiftAnnotations(s.annotations, delta);
      return;
    case 'param':
      moveNode(s, delta);
      for (const p of s.items) {
        moveNode(p, delta);
        moveNode(p.name, delta);
        shiftExpr(p.value, delta);
      }
      return;
    case 'input':
      moveNode(s, delta);
      moveNode(s.name, delta);
      shiftExpr(s.shape, delta);
      if (s.precision) moveNode(s.precision, delta);
      return;
    default:
      shiftAny(s, delta);
  }
}

/** Moves a top-level item and all it holds. */
export function shiftItem(item: A.Item, delta: number): void {
  if (item.kind === 'model' || item.kind === 'block') {
    moveNode(item, delta);
    moveNode(item.name, delta);
    if (item.kind === 'block') {
      for (const p of item.params) {
        moveNode(p, delta);
        moveNode(p.name, delta);
        if (p.default) shiftExpr(p.default, delta);
      }
    }
    for (const s of item.body) shiftStatement(s, delta);
    return;
  }
  shiftAny(item, delta);
}

/**
 * Moves spans by position: a span at or past `from` (the end of the changed stretch in the text
 * before) moves by `delta`; one before it stays. Each span object must move once, and the layers of
 * one statement share some: the statement's span, the spans of the block calls they were made
 * through (their stacks, and a site is the first of its stack), and the parts of a call taken apart
 * (attention's) share the call's spans. Layers of different statements share none.
 */
export class SpanMover {
  constructor(
    private readonly from: number,
    private readonly delta: number,
  ) {}

  span(s: Span | undefined): void {
    if (!s || s.start < this.from) return;
    s.start += this.delta;
    s.end += this.delta;
  }

  /** The spans of the statement being moved (layers of different statements share none). */
  private readonly moved = new Set<Span>();
  private readonly moveOnce = (s: Span): void => {
    // A span before the change stays, and is not remembered; one moved is either still past the
    // change (remembered) or now before it (stays): it moves once either way.
    if (s.start < this.from || this.moved.has(s)) return;
    this.moved.add(s);
    this.span(s);
  };

  /** The layers one statement made: each span of their places (semantics/layerPlaces.ts) once. */
  layers(layers: readonly Layer[]): void {
    this.moved.clear();
    for (const l of layers) forEachPlace(l, this.moveOnce);
  }

  diagnostic(d: Diagnostic): void {
    this.span(d.span);
    if (d.related) for (const r of d.related) this.span(r.span);
  }

  input(i: ModelInput): void {
    this.span(i.span);
  }

  param(p: ModelParam): void {
    this.span(p.span);
  }
}
