// Whether and how to write the search's best tile on one statement. The statement's tiled layer is
// the one its `@tile` reaches (the outer call, or the only conv/GEMM call nested in it); in a block
// body that layer has one instance per call of the block, and one `@tile` there applies to them all,
// so a tile is written only when every instance's best tile is the same. Nothing is written for a
// layer already at its best: the file's tile works out to the search's, or fits and is faster (it
// can be, when its factors leave the engine's unroll). A tile that overflows the buffer is replaced
// even when its (unattainable) figures were faster.
// A layer the file does not tile gets the search's best written (its figures do not change). Pure;
// never throws.
import type { CostedLayer } from '../cost/types';
import type { Span } from '../diagnostics/types';
import type { Layer } from '../semantics/model';
import { carriesAnnotations, outerSpans, sameSpan, spanKey, type FixContext, type LayerRef } from './context';
import type { TextEdit } from './edits';
import { formatTile, tileEdit } from './tileEdit';

export type TileSkip = 'at-best' | 'instances-differ' | 'no-fit' | 'no-search' | 'not-annotatable';

export interface TileInstance extends LayerRef {
  /** As the file stands. */
  current: CostedLayer;
  /** At the search's best tile. */
  best: CostedLayer;
}

export interface TilePlan {
  statement: Span;
  /** The first instance's layer. */
  layer: Layer;
  /** Every layer the statement's `@tile` applies to. */
  targets: LayerRef[];
  /** Those with figures as the file stands and at the search's best. */
  instances: TileInstance[];
  /** The best tile, when every instance agrees on it, and its loop order. */
  factors?: Record<string, number>;
  order?: string;
  /** The edit to make; absent when the plan is skipped. */
  edit?: TextEdit;
  skip?: TileSkip;
  /** Why it is skipped, as a sentence. */
  reason?: string;
  /** At the best tile: the lowest attainable performance (ops/s) and largest buffer (bytes) of the instances. */
  attainable: number;
  buffer: number;
}

/** The layers a `@tile` on the statement applies to, in every instance (none when it is ambiguous). */
export function tileTargets(ctx: FixContext, statement: Span): LayerRef[] {
  const own = (ctx.byStatement.get(spanKey(statement)) ?? []).filter((r) => r.layer.dims && r.layer.counted);
  const tiled = own.find((r) => r.layer.tile !== undefined);
  if (tiled) return own.filter((r) => sameSpan(r.layer.span, tiled.layer.span));
  const ref = ctx.statements.get(spanKey(statement));
  const outer = ref ? outerSpans(ref.stmt) : [];
  const atOuter = own.filter((r) => outer.some((s) => sameSpan(s, r.layer.span)));
  if (atOuter.length > 0) return atOuter;
  const spans = new Set(own.map((r) => spanKey(r.layer.span)));
  return spans.size === 1 ? own : [];
}

function sameFactors(a: Readonly<Record<string, number>> | undefined, b: Readonly<Record<string, number>> | undefined): boolean {
  if (!a || !b) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function atBest(i: TileInstance): boolean {
  if (i.layer.tile === undefined || !i.current.tile) return false;
  if (sameFactors(i.current.tile.factors, i.best.tile?.factors) && (i.current.tile.order ?? 'output') === (i.best.tile?.order ?? 'output')) return true;
  // A file tile outside the search's space (factors other than the engine's unroll) can be faster.
  return i.current.tile.fits !== false && (i.current.time ?? Infinity) < (i.best.time ?? Infinity);
}

function skipped(plan: TilePlan, skip: TileSkip, reason: string): TilePlan {
  return { ...plan, skip, reason };
}

/** The plan for the statement's tiled layer; undefined when the statement has none. */
export function planTile(ctx: FixContext, statement: Span): TilePlan | undefined {
  try {
    const targets = tileTargets(ctx, statement);
    if (targets.length === 0) return undefined;
    const instances: TileInstance[] = [];
    for (const t of targets) {
      const current = ctx.analysis.costs[t.model]?.layers[t.layer.index];
      const best = ctx.best(t.model)?.[t.layer.index];
      if (current?.status === 'ok' && best?.status === 'ok' && best.tile?.source === 'search') instances.push({ ...t, current, best });
    }
    const base: TilePlan = { statement, layer: targets[0].layer, targets, instances, attainable: 0, buffer: 0 };
    if (instances.length === 0) return skipped(base, 'no-search', 'the target gives no on-chip buffer to search tiles within');
    base.attainable = instances.reduce((m, i) => Math.min(m, i.best.attainable ?? 0), Infinity);
    base.buffer = instances.reduce((m, i) => Math.max(m, i.best.buffer?.need ?? 0), 0);
    const ref = ctx.statements.get(spanKey(statement));
    if (!ref || !carriesAnnotations(ref.stmt)) return skipped(base, 'not-annotatable', `${ref?.stmt.kind === 'return' ? 'a return statement' : 'this statement'} cannot carry @tile`);
    const tiles = [...new Set(instances.map((i) => formatTile(i.best.tile?.factors ?? {}, i.best.tile?.order)))];
    if (tiles.length > 1) {
      const shown = tiles.slice(0, 3).join(', ') + (tiles.length > 3 ? ', ...' : '');
      return skipped(base, 'instances-differ', `the best tile differs between the ${instances.length} instances of this block statement (${shown}); a @tile here would apply to all of them`);
    }
    base.factors = { ...(instances[0].best.tile?.factors ?? {}) };
    base.order = instances[0].best.tile?.order;
    if (instances.some((i) => i.best.tile?.fits === false)) return skipped(base, 'no-fit', 'no tile of this layer fits the on-chip buffer');
    if (instances.every(atBest)) return skipped(base, 'at-best', "the file's tile is already the search's best, or faster");
    const edit = tileEdit(ctx.text, instances[0].layer, base.factors, base.order);
    if (!edit) return skipped(base, 'not-annotatable', 'this statement cannot carry @tile');
    return { ...base, edit };
  } catch {
    return undefined;
  }
}
