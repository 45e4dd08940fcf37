// The edit that writes a layer's tile: ` @tile(m=.., n=.., r=.., c=.., order=..)` (GEMM: m, n, k) at the end
// of the layer's statement (after its other annotations, before a trailing comment), or in place
// of the `@tile(...)` the statement already has (the layer's tileSpan; else the annotation found in
// the statement's tokens, e.g. one whose factors were invalid). A `@tile` in a block body applies to
// every instance of the block: choosing whether to write one there is the caller's (tilePlan.ts).
// Pure; never throws.
import type { Layer } from '../semantics/model';
import { annotatable, annotationSpans, appendToStatement, keepCommentColumn, type TextEdit } from './edits';

/** `@tile(m=64, n=7, r=13, c=13, order=output)`, factors in the order given, then the loop order when given. */
export function formatTile(factors: Readonly<Record<string, number>>, order?: string): string {
  const parts = Object.entries(factors).map(([k, v]) => `${k}=${v}`);
  if (order) parts.push(`order=${order}`);
  return `@tile(${parts.join(', ')})`;
}

/** The edit writing `factors` (and the loop order) as the tile of `layer`; undefined when its statement cannot carry one. */
export function tileEdit(text: string, layer: Pick<Layer, 'statement' | 'tileSpan'>, factors: Readonly<Record<string, number>>, order?: string): TextEdit | undefined {
  try {
    const statement = layer.statement;
    if (Object.keys(factors).length === 0 || !annotatable(text, statement)) return undefined;
    const newText = formatTile(factors, order);
    const existing = layer.tileSpan ?? annotationSpans(text, statement, 'tile').pop();
    if (existing) return keepCommentColumn(text, { start: existing.start, end: existing.end, newText });
    return appendToStatement(text, statement, newText);
  } catch {
    return undefined;
  }
}
