// Annotations after a layer: `@tile(m=.., n=.., r=.., c=.., k=..)`, `@precision(int8)`, `@fuse`.
// `@precision` applies to every layer the statement makes; `@tile` and `@fuse` to its outer layer.
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic } from '../diagnostics/types';
import { isPrecision, PRECISIONS, type Precision } from '../precision';
import type * as A from '../syntax/ast';
import type { Layer } from './model';

export const ANNOTATIONS = ['tile', 'precision', 'fuse'] as const;
export const TILE_FACTORS = ['m', 'n', 'r', 'c', 'k'] as const;

type Report = (d: Diagnostic) => void;

/** The precision named by `@precision(...)`, if any (validated; errors reported). */
export function precisionAnnotation(annotations: A.Annotation[], report: Report): Precision | undefined {
  for (const a of annotations) {
    if (a.name.text !== 'precision') continue;
    const arg = a.args[0];
    const word = arg && !arg.name && arg.value.kind === 'name' ? arg.value.text : arg?.value.kind === 'string' ? arg.value.value : undefined;
    if (a.args.length !== 1 || word === undefined) {
      report(diag('RL206', a, `@precision takes one datatype, e.g. @precision(int8) (known: ${PRECISIONS.join(', ')})`));
      return undefined;
    }
    if (!isPrecision(word)) {
      report(diag('RL212', arg.value, word, PRECISIONS.join(', ')));
      return undefined;
    }
    return word;
  }
  return undefined;
}

/** Checks every annotation and records `@tile` and `@fuse` on the statement's outer layer. */
export function applyAnnotations(annotations: A.Annotation[], layer: Layer | undefined, report: Report): void {
  for (const a of annotations) {
    const name = a.name.text;
    if (!(ANNOTATIONS as readonly string[]).includes(name)) {
      report(diag('RL205', a.name, name, ANNOTATIONS.map((n) => '@' + n).join(', ')));
      continue;
    }
    if (name === 'precision') continue;
    if (!layer) {
      report(diag('RL206', a, `@${name} applies to a layer call (an operator), not to this value`));
      continue;
    }
    if (name === 'fuse') {
      if (a.args.length > 0) report(diag('RL206', a, '@fuse takes no arguments'));
      layer.fuse = true;
      continue;
    }
    const tile: Record<string, number> = {};
    let ok = true;
    for (const arg of a.args) {
      if (!arg.name || !(TILE_FACTORS as readonly string[]).includes(arg.name.text)) {
        report(diag('RL206', arg, `@tile takes named factors ${TILE_FACTORS.join(', ')} (e.g. @tile(m=64, n=7, r=13, c=13))`));
        ok = false;
        continue;
      }
      const v = arg.value;
      if (v.kind !== 'number' || !Number.isInteger(v.value) || v.value < 1) {
        report(diag('RL206', arg.value, `tile factor '${arg.name.text}' must be a positive whole number`));
        ok = false;
        continue;
      }
      tile[arg.name.text] = v.value;
    }
    if (ok) {
      layer.tile = tile;
      layer.tileSpan = { start: a.start, end: a.end };
    }
  }
}
