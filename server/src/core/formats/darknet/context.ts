// What the Darknet section converters share: the graph builder, the output of every Darknet layer
// by its index (what [route] and [shortcut] refer to), and the spans: a section's main layer spans
// the whole section with its `[header]` line as the statement; the batch norm and the activation a
// [convolutional] section carries are layers of their own, at their `batch_normalize=1` and
// `activation=...` lines. Errors the builder puts on a whole section are moved to its header.
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic, Span } from '../../diagnostics/types';
import type { Precision } from '../../precision';
import type { GraphBuilder, GraphTensor, LayerSpec } from '../../semantics/graphBuilder';
import { activationPlan } from './activations';
import type { CfgSection } from './cfg';
import type { Options } from './options';

/** One section after [net], with its Darknet layer index and the base of its layer names (`conv12`). */
export interface Section {
  index: number;
  section: CfgSection;
  o: Options;
  base: string;
}

export class DarknetContext {
  /** Statement span of every layer made, in the builder's order. */
  readonly statements: Span[] = [];
  /** The output of each Darknet layer, by index. */
  readonly outputs: GraphTensor[] = [];

  constructor(
    readonly b: GraphBuilder,
    readonly diagnostics: Diagnostic[],
    readonly precision: Precision,
  ) {}

  private track<T>(s: Section, statement: Span, make: () => T): T {
    const before = this.b.diagnostics.length;
    const out = make();
    this.statements.push(statement);
    for (const d of this.b.diagnostics.slice(before)) {
      if (d.span.start === s.section.span.start && d.span.end === s.section.span.end) d.span = { ...s.section.header };
    }
    return out;
  }

  /** A layer of the section; by default it spans the section, its statement the header. */
  layer(s: Section, spec: Omit<LayerSpec, 'span' | 'name'> & { name?: string; span?: Span }): GraphTensor {
    const span = spec.span ?? s.section.span;
    const statement = spec.span ?? s.section.header;
    return this.track(s, statement, () => this.b.layer({ ...spec, name: spec.name ?? s.base, span }))[0];
  }

  /** A layer listed but not counted (an RL309 warning, or `code` instead, or nothing with null). */
  uncounted(s: Section, opName: string, inputs: GraphTensor[], outputShape: GraphTensor['shape'], reason: string, code?: 'RL702' | null, name = s.base): GraphTensor {
    return this.track(s, s.section.header, () => {
      const before = this.b.diagnostics.length;
      const t = this.b.uncounted(name, opName, inputs, s.section.span, outputShape, reason);
      if (code !== undefined) {
        this.b.diagnostics.splice(before);
        if (code) this.b.report(diag(code, s.section.header, reason));
      }
      return t;
    });
  }

  /** The activation layer named by the section's `activation` (Darknet's default: `fallback`). */
  activation(s: Section, x: GraphTensor, fallback: string): GraphTensor {
    const o = s.o.option('activation');
    const name = o?.value ?? fallback;
    const plan = activationPlan(name);
    const span = o?.span ?? s.section.header;
    const layerName = `${s.base}.${name}`;
    if (plan.kind === 'none') return x;
    if (plan.kind === 'op') return this.layer(s, { op: plan.op, name: layerName, inputs: [x], args: plan.args, span, notes: o ? [] : [`No 'activation': Darknet's default, ${name}.`] });
    if (plan.kind === 'uncounted') {
      return this.track(s, span, () => this.b.uncounted(layerName, name, [x], span, x.shape, `activation '${name}' (${layerName}) has no entry in the operator table: it is not counted and the totals are incomplete`));
    }
    this.diagnostics.push(diag('RL702', o ? o.valueSpan : s.section.header, `unknown activation '${name}': Darknet falls back to ReLU, and so is it counted`));
    return this.layer(s, { op: 'relu', name: `${s.base}.relu`, inputs: [x], span, notes: [`Unknown activation '${name}': counted as ReLU, as Darknet runs it.`] });
  }

  /** The output of the layer a `layers=`/`from=` item names (negative: relative to `s`), or undefined with an RL705. */
  ref(s: Section, value: number, span: Span): GraphTensor | undefined {
    const index = value < 0 ? s.index + value : value;
    if (index >= 0 && index < s.index && this.outputs[index]) return this.outputs[index];
    this.diagnostics.push(diag('RL705', span, `${s.base}: ${value} refers to layer ${index}, which is not an earlier layer (0 to ${s.index - 1})`));
    return undefined;
  }
}
