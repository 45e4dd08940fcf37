// The edit that fuses a layer with its producer: ` @fuse` at the end of the layer's statement
// (after its other annotations, before a trailing comment). `@fuse` applies to the statement's
// outer layer; choosing the layer is the caller's (fusePlan.ts). Pure; never throws.
import type { Layer } from '../semantics/model';
import { annotatable, annotationSpans, appendToStatement, type TextEdit } from './edits';

/** The edit adding `@fuse` to the layer's statement; undefined when it has one or cannot carry one. */
export function fuseEdit(text: string, layer: Pick<Layer, 'statement'>): TextEdit | undefined {
  try {
    if (!annotatable(text, layer.statement) || annotationSpans(text, layer.statement, 'fuse').length > 0) return undefined;
    return appendToStatement(text, layer.statement, '@fuse');
  } catch {
    return undefined;
  }
}
