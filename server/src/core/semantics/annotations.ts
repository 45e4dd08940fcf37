// Annotations after a layer: `@tile(m=.., n=.., r=.., c=.., k=.., order=output|weight|input)`, `@split(m=2)`,
// `@precision(int8)` (or by role, `@precision(weights=int4)`), `@fuse`, `@nofuse`, `@attention(unfused)`.
// `@precision`, `@nofuse` and `@attention` apply to every layer the statement makes; `@fuse` to its
// outer layer (fused into its producer's kernel, cost/fusion.ts); `@tile` and `@split` to its one
// conv or matrix-product layer (the outer one, or
// the only one nested in it: `conv1 = relu(conv2d(...)) @tile(r=13, c=13)` tiles the conv).
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic } from '../diagnostics/types';
import { isPrecision, isRolesProblem, parsePrecisionRoles, PRECISION_ROLES, PRECISIONS, rolesProblemText, type Precision, type PrecisionRole, type PrecisionRoles } from '../precision';
import type * as A from '../syntax/ast';
import { LOOP_ORDERS, type LoopOrder } from '../cost/nest';
import { ATTENTION_MODES, isAttentionMode, type AttentionMode, type Layer } from './model';

export const ANNOTATIONS = ['tile', 'split', 'precision', 'fuse', 'nofuse', 'attention'] as const;
export const TILE_FACTORS = ['m', 'n', 'r', 'c', 'k'] as const;
// `@tile(..., order=...)` takes one of LOOP_ORDERS (cost/nest.ts): which tile stays on chip across
// the innermost tile loop (cost/traffic.ts).

type Report = (d: Diagnostic) => void;

/** `int4/fp16/int8` written as an expression: its names, in order (undefined for anything else). */
function slashNames(e: A.Expr): A.Name[] | undefined {
  if (e.kind === 'name') return [e];
  if (e.kind === 'string') return [{ kind: 'name', text: e.value, start: e.start, end: e.end }];
  if (e.kind !== 'binary' || e.op !== '/') return undefined;
  const l = slashNames(e.left);
  const r = slashNames(e.right);
  return l && r ? [...l, ...r] : undefined;
}

/**
 * The precisions set by `@precision(...)`, if any (validated; errors reported): `@precision(int8)`
 * (every role), `@precision(int4/fp16/int8)` (weights/activations/kv), or by role
 * `@precision(weights=int4)`, `@precision(weights=int4, kv=int8)`.
 */
export function precisionAnnotation(annotations: A.Annotation[], report: Report): Partial<PrecisionRoles> | undefined {
  for (const a of annotations) {
    if (a.name.text !== 'precision') continue;
    const usage = `@precision takes a datatype, e.g. @precision(int8), three as weights/activations/kv, @precision(int4/fp16/int8), or roles, @precision(weights=int4) (known: ${PRECISIONS.join(', ')})`;
    if (a.args.length === 0) {
      report(diag('RL206', a, usage));
      return undefined;
    }
    const out: Partial<PrecisionRoles> = {};
    for (const arg of a.args) {
      const names = slashNames(arg.value);
      if (!names) {
        report(diag('RL206', arg, usage));
        return undefined;
      }
      const bad = names.find((n) => !isPrecision(n.text));
      if (bad) {
        report(diag('RL212', bad, bad.text, PRECISIONS.join(', ')));
        return undefined;
      }
      const text = names.map((n) => n.text).join('/');
      if (arg.name) {
        if (!(PRECISION_ROLES as readonly string[]).includes(arg.name.text) || names.length !== 1) {
          report(diag('RL206', arg, `@precision's roles are ${PRECISION_ROLES.join(', ')}, each one datatype (e.g. weights=int4)`));
          return undefined;
        }
        out[arg.name.text as PrecisionRole] = text as Precision;
        continue;
      }
      const roles = parsePrecisionRoles(text);
      if (isRolesProblem(roles) || a.args.length > 1) {
        report(diag(isRolesProblem(roles) ? 'RL220' : 'RL206', arg, isRolesProblem(roles) ? rolesProblemText(text, roles) : usage));
        return undefined;
      }
      return roles;
    }
    return out;
  }
  return undefined;
}

/** The mode named by `@attention(flash)` or `@attention(unfused)`, if any (validated; errors reported). */
export function attentionAnnotation(annotations: A.Annotation[], report: Report): AttentionMode | undefined {
  for (const a of annotations) {
    if (a.name.text !== 'attention') continue;
    const arg = a.args[0];
    const word = a.args.length === 1 && !arg.name && arg.value.kind === 'name' ? arg.value.text : undefined;
    if (!isAttentionMode(word)) {
      report(diag('RL206', a.args.length === 1 ? arg : a, `@attention takes one mode: ${ATTENTION_MODES.join(' or ')} (e.g. @attention(unfused))`));
      return undefined;
    }
    return word;
  }
  return undefined;
}

/** The layers an annotation can apply to: the statement's outer layer and all its own layers. */
export interface AnnotationTargets {
  outer: Layer | undefined;
  own: Layer[];
}

/** The one layer with a loop nest (conv or matrix product) that `@tile`/`@split` apply to. */
function nestLayer(a: A.Annotation, targets: AnnotationTargets, report: Report): Layer | undefined {
  if (targets.outer?.dims) return targets.outer;
  const nested = targets.own.filter((l) => l.dims);
  if (nested.length === 1) return nested[0];
  const what = targets.own.length === 0 && !targets.outer ? 'this statement makes no layer' : nested.length === 0 ? 'this statement makes no conv or matrix-product layer' : `this statement makes ${nested.length} conv or matrix-product layers; write it on a statement of its own`;
  report(diag('RL206', a, `@${a.name.text} applies to one conv or matrix-product layer: ${what}`));
  return undefined;
}

/** Positive whole-number factors `name=value`, of the names allowed; undefined after an error. */
function factors(a: A.Annotation, allowed: readonly string[], example: string, report: Report): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  let ok = true;
  for (const arg of a.args) {
    if (!arg.name || !allowed.includes(arg.name.text)) {
      report(diag('RL206', arg, `@${a.name.text} takes named factors ${allowed.join(', ')} (e.g. ${example})`));
      ok = false;
      continue;
    }
    const v = arg.value;
    if (v.kind !== 'number' || !Number.isInteger(v.value) || v.value < 1) {
      report(diag('RL206', arg.value, `factor '${arg.name.text}' must be a positive whole number`));
      ok = false;
      continue;
    }
    out[arg.name.text] = v.value;
  }
  return ok ? out : undefined;
}

/** Checks every annotation and records `@tile`, `@split`, `@fuse` and `@nofuse` on the layers they apply to. */
export function applyAnnotations(annotations: A.Annotation[], targets: AnnotationTargets, report: Report): void {
  for (const a of annotations) {
    const name = a.name.text;
    if (!(ANNOTATIONS as readonly string[]).includes(name)) {
      report(diag('RL205', a.name, name, ANNOTATIONS.map((n) => '@' + n).join(', ')));
      continue;
    }
    if (name === 'precision' || name === 'attention') continue;
    if (name === 'fuse') {
      if (a.args.length > 0) report(diag('RL206', a, '@fuse takes no arguments'));
      if (targets.outer) targets.outer.fuse = true;
      else report(diag('RL206', a, '@fuse applies to a layer call (an operator), not to this value'));
      continue;
    }
    if (name === 'nofuse') {
      if (a.args.length > 0) report(diag('RL206', a, '@nofuse takes no arguments'));
      const layers = targets.own.length > 0 ? targets.own : targets.outer ? [targets.outer] : [];
      if (layers.length === 0) report(diag('RL206', a, '@nofuse applies to a statement that makes layers'));
      for (const l of layers) l.nofuse = true;
      continue;
    }
    const layer = nestLayer(a, targets, report);
    if (!layer) continue;
    if (name === 'tile') {
      const orderArg = a.args.find((x) => x.name?.text === 'order');
      let order: LoopOrder | undefined;
      if (orderArg) {
        const v = orderArg.value;
        const word = v.kind === 'name' ? v.text : v.kind === 'string' ? v.value : undefined;
        if (word !== undefined && (LOOP_ORDERS as readonly string[]).includes(word)) order = word as LoopOrder;
        else report(diag('RL206', orderArg.value, `@tile order must be one of ${LOOP_ORDERS.join(', ')} (the tile that stays on chip)`));
      }
      const tile = factors({ ...a, args: a.args.filter((x) => x !== orderArg) }, TILE_FACTORS, '@tile(m=64, n=7, r=13, c=13)', report);
      if (tile) {
        layer.tile = tile;
        if (order) layer.tileOrder = order;
        layer.tileSpan = { start: a.start, end: a.end };
      }
      continue;
    }
    // @split(m=P): the engine runs the layer as P passes over equal parts of its output maps, each
    // reading all input maps (the two-GPU AlexNet's conv1 and conv3, as Zhang et al. count them).
    const split = factors(a, ['m'], '@split(m=2)', report);
    const parts = split?.m;
    if (parts === undefined) continue;
    const d = layer.dims;
    if (d?.kind !== 'conv' || d.m % parts !== 0) {
      report(diag('RL206', a, d?.kind !== 'conv' ? '@split applies to a conv layer' : `@split(m=${parts}): the ${d.m} output maps per group do not divide into ${parts} parts`));
      continue;
    }
    layer.dims = { ...d, m: d.m / parts, groups: d.groups * parts };
    layer.split = parts;
    layer.notes.push(`Mapped as ${parts} passes over ${d.m / parts} of its ${d.m} output maps each, every pass reading all input maps (@split).`);
  }
}
