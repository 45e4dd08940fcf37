// Whether an element-wise layer (an activation, add, mul, softmax, or a norm, as rule RL505 counts
// them) can be fused with its producer by writing `@fuse` on its statement: it must be the
// statement's outer layer (`@fuse` applies to that one), not fused already, and read exactly one
// producer, in every instance of the block it sits in (one `@fuse` in a block body applies to every
// instance), and not fused already by the fusion policy (cost/fusion.ts). Pure; never throws.
import { operator } from '../ops/table';
import type { Span } from '../diagnostics/types';
import type { Layer } from '../semantics/model';
import { carriesAnnotations, outerSpans, sameSpan, spanKey, type FixContext, type LayerRef } from './context';
import type { TextEdit } from './edits';
import { fuseEdit } from './fuseEdit';

/** The operator categories RL505 (rules/fusion.ts) reports as fusible. */
const ELEMENTWISE = new Set(['activation', 'elementwise', 'norm']);

export interface FuseInstance extends LayerRef {
  producer: Layer;
}

export interface FusePlan {
  statement: Span;
  /** The first instance's layer and producer. */
  layer: Layer;
  producer: Layer;
  instances: FuseInstance[];
  edit: TextEdit;
}

/** True for operators that work element by element (activations, add, mul, softmax, norms). */
export function isElementwise(op: string): boolean {
  const category = operator(op)?.category;
  return category !== undefined && ELEMENTWISE.has(category);
}

/** The plan fusing the statement's outer element-wise layer; undefined when there is none to fuse. */
export function planFuse(ctx: FixContext, statement: Span): FusePlan | undefined {
  try {
    const ref = ctx.statements.get(spanKey(statement));
    if (!ref || !carriesAnnotations(ref.stmt)) return undefined;
    const outer = outerSpans(ref.stmt);
    const own = (ctx.byStatement.get(spanKey(statement)) ?? []).filter((r) => outer.some((s) => sameSpan(s, r.layer.span)));
    if (own.length === 0 || own.some((r) => !r.layer.counted || !isElementwise(r.layer.op) || r.layer.fuse || r.layer.producers.length !== 1)) return undefined;
    const instances: FuseInstance[] = [];
    for (const r of own) {
      const producer = ctx.analysis.models[r.model]?.layers[r.layer.producers[0]];
      if (!producer) return undefined;
      if (ctx.analysis.costs[r.model]?.layers[r.layer.index]?.fusedInto !== undefined) return undefined;
      instances.push({ ...r, producer });
    }
    const edit = fuseEdit(ctx.text, own[0].layer);
    return edit ? { statement, layer: own[0].layer, producer: instances[0].producer, instances, edit } : undefined;
  } catch {
    return undefined;
  }
}
