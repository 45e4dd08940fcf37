// What the Caffe layer converters share: the graph builder, the blobs by name, and the bookkeeping
// that gives every layer its spans (the whole `layer { ... }` block as its span, the block's first
// line as its statement, so an inlay hint sits at the end of `layer {`) and moves the builder's
// errors about a layer from the whole block to its `name: "..."` field.
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic, Span } from '../../diagnostics/types';
import type { Precision } from '../../precision';
import type { GraphBuilder, GraphTensor, LayerSpec } from '../../semantics/graphBuilder';
import type { Fields } from './fields';

/** One `layer { ... }` block of the file, read. */
export interface CaffeLayer {
  name: string;
  type: string;
  f: Fields;
  /** The whole block. */
  span: Span;
  /** The block's first line. */
  statement: Span;
  /** Where errors about the whole layer go: its `name` field, else its first line. */
  focus: Span;
  bottoms: { name: string; span: Span; tensor: GraphTensor }[];
  tops: { name: string; span: Span }[];
}

export class CaffeContext {
  /** Statement span of every layer made, in the builder's order. */
  readonly statements: Span[] = [];
  readonly blobs = new Map<string, GraphTensor>();

  constructor(
    readonly b: GraphBuilder,
    readonly diagnostics: Diagnostic[],
    readonly precision: Precision,
  ) {}

  /** Runs a builder call that makes one layer of `L`, then moves its errors to the layer's focus. */
  private track<T>(L: CaffeLayer, statement: Span, make: () => T): T {
    const before = this.b.diagnostics.length;
    const out = make();
    this.statements.push(statement);
    for (const d of this.b.diagnostics.slice(before)) {
      if (d.span.start === L.span.start && d.span.end === L.span.end) d.span = { ...L.focus };
    }
    return out;
  }

  /** A layer of the operator table made from `L`. */
  layer(L: CaffeLayer, spec: Omit<LayerSpec, 'span' | 'name'> & { name?: string }): GraphTensor[] {
    return this.track(L, L.statement, () => this.b.layer({ ...spec, name: spec.name ?? L.name, span: L.span }));
  }

  /**
   * A layer listed but not counted. With `code`, the builder's RL309 warning is replaced by that
   * diagnostic (or dropped when `code` is null: the caller has already reported the cause).
   */
  uncounted(L: CaffeLayer, opName: string, outputShape: GraphTensor['shape'], reason: string, code?: 'RL702' | null): GraphTensor {
    return this.track(L, L.statement, () => {
      const before = this.b.diagnostics.length;
      const t = this.b.uncounted(L.name, opName, L.bottoms.map((x) => x.tensor), L.span, outputShape, reason);
      if (code !== undefined) {
        this.b.diagnostics.splice(before);
        if (code) this.b.report(diag(code, L.focus, reason));
      }
      return t;
    });
  }

  /** Binds the layer's tops to its outputs (an in-place layer rebinds its bottom's name). */
  bindTops(L: CaffeLayer, outputs: GraphTensor[]): void {
    L.tops.forEach((top, i) => {
      const t = outputs[Math.min(i, outputs.length - 1)];
      if (t) this.blobs.set(top.name, t);
    });
  }
}
