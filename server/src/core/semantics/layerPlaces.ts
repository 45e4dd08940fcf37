// The fields of a layer that say where in the text it was written: what an edit elsewhere in the
// file moves (incremental/shift.ts), and what a layer evaluated again may differ in and still be
// the layer of before (incremental/statementMemo.ts). The one list of them. Pure.
import type { Span } from '../diagnostics/types';
import type { Layer } from './model';

export const LAYER_PLACES = ['span', 'statement', 'site', 'stack', 'tileSpan'] as const satisfies readonly (keyof Layer)[];

/** Calls `visit` for every span of a layer's places (one object may come more than once: a site is its span or its stack's first). */
export function forEachPlace(l: Layer, visit: (s: Span) => void): void {
  for (const k of LAYER_PLACES) {
    const v = l[k];
    if (Array.isArray(v)) for (const s of v) visit(s);
    else if (v) visit(v);
  }
}
