// What a name stands for, for hovers: a tensor and its shape in every instance, a parameter and
// its value, a block, or a hardware block. Shapes are read from the analysed layers: a name bound
// to a call takes the output of the layer that call made; a name passed to an operator (directly,
// or through the parameters of the blocks it is passed to) the input that layer received.
import { type ast as A, type FileAnalysis, matchArgs, operator, type Shape, type Span } from '../core';
import { byInstance, layersOfCall, madeThrough, type ModelLayer } from './layerQueries';
import { blocksOf, findAt } from './syntaxAt';

export type NameInfo =
  | { kind: 'tensor'; name: string; shapes: (Shape | null)[] }
  | { kind: 'param'; name: string; value?: number; text: string; overridden: boolean }
  | { kind: 'blockParam'; name: string; block: A.BlockDecl; param: A.BlockParam; shapes: (Shape | null)[] }
  | { kind: 'block'; decl: A.BlockDecl }
  | { kind: 'hardware'; decl: A.HardwareDecl };

/** Follows name references at most this deep (a = b, b = c, ...). */
const MAX_DEPTH = 32;

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** The declaration a name use refers to (from name resolution). */
export function declOf(analysis: FileAnalysis, use: Span): Span | undefined {
  return analysis.references.find((r) => sameSpan(r.span, use))?.decl;
}

/** True when a call to `callee` expands a block (blocks shadow operators of the same name). */
export function isBlockCall(file: A.SourceFile, call: A.Call): boolean {
  return blocksOf(file).has(call.callee.text);
}

/** A layer that read a tensor, and the position of that tensor among the layer's inputs. */
interface Consumer {
  ml: ModelLayer;
  position: number;
}

/** Operator layers that read `name`, passed straight as an argument of operator `call`. */
function operatorConsumers(analysis: FileAnalysis, call: A.Call, name: A.Name): Consumer[] | undefined {
  const spec = operator(call.callee.text);
  if (!spec) return undefined;
  const { matched } = matchArgs(call, spec, () => undefined);
  let count = 0;
  let position = -1;
  for (const s of spec.args) {
    const m = matched.get(s.name);
    if (!m || (s.kind !== 'tensor' && s.kind !== 'tensors')) continue;
    const first = m.exprs[0];
    const exprs = m.exprs.length === 1 && first.kind === 'list' && s.kind === 'tensors' ? first.items : m.exprs;
    for (const e of exprs) {
      if (e === name) position = count;
      count++;
    }
  }
  if (position < 0) return undefined;
  return layersOfCall(analysis, call)
    .filter((ml) => ml.layer.inputs.length === count)
    .map((ml) => ({ ml, position }));
}

/**
 * The layers that read the tensor `name` passed as an argument of `call`, one per instance: the
 * operator itself, or, for a block call, the layers inside it that read the parameter it feeds.
 */
function consumers(analysis: FileAnalysis, call: A.Call, name: A.Name, depth: number): Consumer[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const block = blocksOf(analysis.file).get(call.callee.text);
  if (!block) return call.callee.text === 'repeat' ? undefined : operatorConsumers(analysis, call, name);
  const arg = call.args.find((a) => a.value === name);
  if (!arg) return undefined;
  const param = arg.name ? block.params.find((p) => p.name.text === arg.name!.text) : block.params[call.args.filter((a) => !a.name).indexOf(arg)];
  if (!param) return undefined;
  return declConsumers(analysis, param.name, depth + 1)?.filter((c) => madeThrough(c.ml.layer, call));
}

/** The layers that read the tensor declared at `decl`, from its first use that some layer reads. */
function declConsumers(analysis: FileAnalysis, decl: Span, depth: number): Consumer[] | undefined {
  for (const ref of analysis.references) {
    if (!sameSpan(ref.decl, decl)) continue;
    const found = findAt(analysis.file, ref.span.start);
    if (found?.target.kind !== 'use' || !found.target.call) continue;
    const list = consumers(analysis, found.target.call, found.target.name, depth);
    if (list && list.length > 0) return list;
  }
  return undefined;
}

/** The shapes the tensor `name` had where `call` received it, per instance. */
export function consumerShapes(analysis: FileAnalysis, call: A.Call, name: A.Name): (Shape | null)[] | undefined {
  return consumers(analysis, call, name, 0)?.map((c) => c.ml.layer.inputs[c.position] ?? null);
}

function declConsumerShapes(analysis: FileAnalysis, decl: Span, depth: number): (Shape | null)[] | undefined {
  return declConsumers(analysis, decl, depth)?.map((c) => c.ml.layer.inputs[c.position] ?? null);
}

/** The layer each instance of a block or repeat call gives as its result (its last layer). */
function resultLayers(analysis: FileAnalysis, call: A.Call): ModelLayer[] {
  const through: ModelLayer[] = [];
  for (const model of analysis.models) {
    for (const layer of model.layers) if (madeThrough(layer, call)) through.push({ model, layer });
  }
  return byInstance(analysis, through, call).map((group) => group[group.length - 1]);
}

/** Output shapes of an expression, one per instance that evaluated it (output `k` of a multi-output call). */
export function exprShapes(analysis: FileAnalysis, e: A.Expr, k = 0, depth = 0): (Shape | null)[] {
  if (depth > MAX_DEPTH) return [];
  switch (e.kind) {
    case 'call': {
      if (isBlockCall(analysis.file, e) || e.callee.text === 'repeat') return resultLayers(analysis, e).map((ml) => ml.layer.outputs[0] ?? null);
      if (!operator(e.callee.text)) return [];
      return layersOfCall(analysis, e).map((ml) => ml.layer.outputs[k] ?? ml.layer.outputs[0] ?? null);
    }
    case 'name': {
      const decl = declOf(analysis, e);
      if (!decl) return [];
      const info = declInfo(analysis, decl, depth + 1);
      return info?.kind === 'tensor' || info?.kind === 'blockParam' ? info.shapes : [];
    }
    case 'if':
      return [...exprShapes(analysis, e.then, k, depth + 1), ...exprShapes(analysis, e.else, k, depth + 1)];
    default:
      return [];
  }
}

function paramInfo(analysis: FileAnalysis, item: A.ParamItem): NameInfo {
  const text = analysis.text.slice(item.value.start, item.value.end);
  for (const model of analysis.models) {
    const p = model.params.find((mp) => mp.span.start <= item.start && item.end <= mp.span.end && mp.name === item.name.text);
    if (p) return { kind: 'param', name: item.name.text, value: p.value, text, overridden: p.overridden };
  }
  const value = item.value.kind === 'number' ? item.value.value : undefined;
  return value === undefined ? { kind: 'param', name: item.name.text, text, overridden: false } : { kind: 'param', name: item.name.text, value, text, overridden: false };
}

/**
 * Shapes of the value a name is bound to: from the layers that made it when it is a call (exact in
 * every instance), else from the layers that read it (an alias or an `if` picks per instance).
 */
function valueShapes(analysis: FileAnalysis, value: A.Expr, decl: Span, k: number, depth: number): (Shape | null)[] {
  if (value.kind === 'call') return exprShapes(analysis, value, k, depth);
  return declConsumerShapes(analysis, decl, depth) ?? exprShapes(analysis, value, k, depth);
}

function statementInfo(analysis: FileAnalysis, stmt: A.Statement, decl: Span, depth: number): NameInfo | undefined {
  switch (stmt.kind) {
    case 'input': {
      if (!sameSpan(stmt.name, decl)) return undefined;
      const shapes = analysis.models.flatMap((m) => m.inputs.filter((i) => i.span.start === stmt.start && i.name === stmt.name.text).map((i) => i.shape));
      return { kind: 'tensor', name: stmt.name.text, shapes };
    }
    case 'bind': {
      const k = stmt.names.findIndex((n) => sameSpan(n, decl));
      if (k < 0) return undefined;
      return { kind: 'tensor', name: stmt.names[k].text, shapes: valueShapes(analysis, stmt.value, decl, k, depth) };
    }
    case 'output':
      if (!stmt.name || !sameSpan(stmt.name, decl)) return undefined;
      return { kind: 'tensor', name: stmt.name.text, shapes: valueShapes(analysis, stmt.value, decl, 0, depth) };
    case 'param': {
      const item = stmt.items.find((i) => sameSpan(i.name, decl));
      return item ? paramInfo(analysis, item) : undefined;
    }
    case 'return':
      return undefined;
  }
}

/** What the name declared at `decl` stands for. */
export function declInfo(analysis: FileAnalysis, decl: Span, depth = 0): NameInfo | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const item of analysis.file.items) {
    if (decl.start < item.start || decl.end > item.end) continue;
    switch (item.kind) {
      case 'hardware':
        return sameSpan(item.name, decl) ? { kind: 'hardware', decl: item } : undefined;
      case 'param':
        return statementInfo(analysis, item, decl, depth);
      case 'use':
        return undefined;
      case 'block': {
        if (sameSpan(item.name, decl)) return { kind: 'block', decl: item };
        const param = item.params.find((p) => sameSpan(p.name, decl));
        if (param) return { kind: 'blockParam', name: param.name.text, block: item, param, shapes: declConsumerShapes(analysis, param.name, depth) ?? [] };
        break;
      }
      case 'model':
        break;
    }
    if (item.kind === 'model' || item.kind === 'block') {
      for (const stmt of item.body) {
        if (decl.start < stmt.start || decl.end > stmt.end) continue;
        return statementInfo(analysis, stmt, decl, depth);
      }
    }
  }
  return undefined;
}
