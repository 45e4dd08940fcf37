// What every bottleneck rule (rules/*.ts, one file per rule) shares: the view of one model a rule
// gets (its layers, their costs on the chosen target, the thresholds), the merging of the instances
// of a layer written once in a block body (a `repeat`, or a block called several times) into ONE
// diagnostic at that body span, and the wording the rules have in common (subjects, shares, the
// target's related information).
//
// Merging: a rule collects the layer instances it fires for ("hits"), then groups them by the span
// it reports at (the call expression, or the `@tile(...)` text). Instances share the span of their
// body, so a group is "s1[0].b and 2 more instances"; its share is the sum of the instances'
// shares, and `minShare` applies to that sum. Groups are per model: a block used by two models
// gives one diagnostic per model.
//
// Pure: imports nothing of node or editors; never throws on well-formed analyses (index.ts guards
// each rule anyway).
import type { CostedLayer, CostedModel, Execution } from '../cost/types';
import type { Diagnostic, RelatedInfo, Severity, Span } from '../diagnostics/types';
import type { Sourced, Target } from '../hardware/types';
import type * as A from '../syntax/ast';
import { lookupTarget, type RooflineAnalysis } from '../roofline';
import type { Layer, ModelResult } from '../semantics/model';
import { formatPercent } from '../../protocol/format';
import { LIMITS, quoted } from '../limits';
import { deviceCapacity, deviceFit } from '../semantics/deviceBytes';

/** The numeric settings the rules read (severities are applied by index.ts). */
export interface RuleThresholds {
  /** A rule fires only for layers (merged instances) with at least this share of model time, 0..1. */
  minShare: number;
  /** RL503 fires below this compute-array utilisation, 0..1. */
  utilizationThreshold: number;
}

/** What a rule sees of one model of the file. */
export interface ModelContext {
  analysis: RooflineAnalysis;
  model: ModelResult;
  /** The model costed on the chosen target; absent when the file has no usable target. */
  cost?: CostedModel;
  target?: Target;
  thresholds: RuleThresholds;
}

/** Makes one of the rule's diagnostics, with its code and default severity. */
export type RuleDiagnostic = (span: Span, message: string) => Diagnostic;

/** What a rule does: the diagnostics of one model, at the rule's default severity. */
export type RuleRun = (ctx: ModelContext, diag: RuleDiagnostic) => Diagnostic[];

/**
 * A bottleneck rule, all in its own file: its setting's name (`roofline.rules.<name>.severity`),
 * its code and default severity, its title (the diagnostics catalogue's entry), what it reports in
 * the words of the setting's description, and what it does. The registry (registry.ts) lists it;
 * the settings, package.json's contribution and the docs' lists follow (checked by tests).
 */
export interface RuleDefinition<N extends string = string> {
  name: N;
  code: string;
  severity: Severity;
  title: string;
  /** What the rule reports, as the setting's description says it: 'a memory-bound layer'. */
  setting: string;
  run: RuleRun;
}

/** A rule definition, its name kept as a literal type (so that settings are typed by rule name). */
export function defineRule<const N extends string>(rule: RuleDefinition<N>): RuleDefinition<N> {
  return rule;
}

/**
 * Runs a rule on one model: its diagnostics, with the rule's code and default severity. Messages
 * (and related messages) are cut at LIMITS.messageChars: they name layers, and a layer's name comes
 * from the file, whatever its length.
 */
export function runRule(rule: RuleDefinition, ctx: ModelContext): Diagnostic[] {
  const out = rule.run(ctx, (span, message) => ({ code: rule.code, severity: rule.severity, message: quoted(message, LIMITS.messageChars), span: { start: span.start, end: span.end } }));
  for (const d of out) if (d.related) for (const r of d.related) r.message = quoted(r.message, LIMITS.messageChars);
  return out;
}

/**
 * The device memory a model's totals need (weights + KV cache + activations: one device's share
 * under a plan) when it exceeds the target's, with that capacity; undefined when it fits or the
 * target gives none. RL507 (deviceMemory.ts) and RL512 (planMemory.ts) fire on it.
 */
export function overDeviceMemory(ctx: ModelContext): { need: number; capacity: Sourced; target: Target } | undefined {
  const target = ctx.target;
  const capacity = target?.deviceMemory;
  const { need, fits } = deviceFit(ctx.model.totals, deviceCapacity(target));
  return target && capacity && fits === false ? { need, capacity, target } : undefined;
}

/** One layer instance, with its cost figures. */
export interface Hit {
  layer: Layer;
  cost: CostedLayer;
}

/** The instances a rule fires for that share one reporting span. */
export interface Group<T extends Hit> {
  span: Span;
  hits: T[];
  /** Summed share of model time of the instances. */
  share: number;
}

/** What the rules read of every costed layer, in one pass over them (computed once per context). */
interface CostedView {
  hits: readonly Hit[];
  /** Summed share of model time of the layers with time, by the start of their span. */
  shareByStart: ReadonlyMap<number, number>;
}

const VIEWS = new WeakMap<ModelContext, CostedView>();

function costedView(ctx: ModelContext): CostedView {
  const known = VIEWS.get(ctx);
  if (known) return known;
  const hits: Hit[] = [];
  const shareByStart = new Map<number, number>();
  if (ctx.cost) {
    for (const cost of ctx.cost.layers) {
      const layer = ctx.model.layers[cost.index];
      if (cost.status !== 'ok' || !layer || layer.name !== cost.name) continue;
      hits.push({ layer, cost });
      // A layer without time adds nothing to its span's sum.
      const share = cost.share;
      if (!share) continue;
      const start = layer.span.start;
      shareByStart.set(start, (shareByStart.get(start) ?? 0) + share);
    }
  }
  const view = { hits, shareByStart };
  VIEWS.set(ctx, view);
  return view;
}

/** Every layer of the model that has cost figures (status 'ok'), with its Layer; computed once per context. */
export function costedLayers(ctx: ModelContext): readonly Hit[] {
  return costedView(ctx).hits;
}

const SHARED = new WeakMap<ModelContext, readonly Hit[]>();

/**
 * The costed layers that may belong to a group of at least `minShare` (rules that group by the
 * layer's span): those whose span shares its start with layers of at least that much time in all.
 * A group's hits are some of those layers, so no group that reaches `minShare` loses a layer here;
 * the rest (most layers of a large model) are not looked at. Computed once per context.
 */
export function layersWithShare(ctx: ModelContext): readonly Hit[] {
  const known = SHARED.get(ctx);
  if (known) return known;
  const { hits, shareByStart } = costedView(ctx);
  // A wider tolerance than significant()'s: the sums here are of more terms, in another order.
  const least = ctx.thresholds.minShare - 1e-9;
  let any = false;
  for (const sum of shareByStart.values()) if (sum >= least) any = true;
  // No span reaches the share (a large model of small layers): no layer is looked at again.
  const out = least <= 0 ? hits : any ? hits.filter((h) => (shareByStart.get(h.layer.span.start) ?? 0) >= least) : [];
  SHARED.set(ctx, out);
  return out;
}

/** Groups hits by the span they are reported at, in the order of their first instance. */
export function groupBySpan<T extends Hit>(hits: T[], spanOf: (h: T) => Span = (h) => h.layer.span): Group<T>[] {
  const groups: Group<T>[] = [];
  // By start, then end (a few spans share a start): no key string per hit.
  const byStart = new Map<number, Group<T>[]>();
  for (const h of hits) {
    const span = spanOf(h);
    let bucket = byStart.get(span.start);
    if (!bucket) byStart.set(span.start, (bucket = []));
    let g = bucket.find((x) => x.span.end === span.end);
    if (!g) {
      g = { span: { start: span.start, end: span.end }, hits: [], share: 0 };
      bucket.push(g);
      groups.push(g);
    }
    g.hits.push(h);
    g.share += h.cost.share ?? 0;
  }
  return groups;
}

/** Groups whose summed share reaches `minShare`. */
export function significant<T extends Hit>(groups: Group<T>[], ctx: ModelContext): Group<T>[] {
  // A tolerance so that a share printed as exactly the threshold is kept.
  return groups.filter((g) => g.share >= ctx.thresholds.minShare - 1e-12);
}

/** "conv3", or "s1[0].b and 2 more instances" for a merged group. */
export function subject(names: string[], noun = 'instance'): string {
  if (names.length <= 1) return quoted(names[0] ?? '');
  const more = names.length - 1;
  return `${quoted(names[0])} and ${more} more ${noun}${more === 1 ? '' : 's'}`;
}

export function groupSubject<T extends Hit>(g: Group<T>): string {
  return subject(g.hits.map((h) => h.layer.name));
}

/** The verb form for a subject of `count` layers: one('is', 'are', 1) -> 'is'. */
export function agree(count: number, singular: string, plural: string): string {
  return count === 1 ? singular : plural;
}

/**
 * "31.0% of model time". Shares are of the summed layer time: that is the model time of sequential
 * execution only, so the other execution models say what the share is of.
 */
export function shareOfTime(share: number, execution: Execution | undefined): string {
  return `${formatPercent(share)} of ${execution === undefined || execution === 'sequential' ? 'model time' : 'the summed layer time'}`;
}

/** Formats the values of a group's instances: one value, or "low to high" when they differ. */
export function range(values: number[], format: (v: number) => string): string {
  if (values.length === 0) return '';
  let lo = values[0];
  let hi = values[0];
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const a = format(lo);
  const b = format(hi);
  return a === b ? a : `${a} to ${b}`;
}

/** The `hardware` block of the file that the chosen target comes from, if it is one of the file's. */
export function targetBlock(ctx: ModelContext): A.HardwareDecl | undefined {
  const t = ctx.target;
  if (!t || ctx.analysis.hardware.get(t.name) !== t) return undefined;
  for (const item of ctx.analysis.file.items) {
    if (item.kind === 'hardware' && item.name.text === t.name) return item;
  }
  return undefined;
}

/**
 * Related information pointing at where the file gives its target: the target's `hardware` block
 * when the target in use is one of the file's (at `figure`, the block's line that gives the figure
 * the rule is about, when known; else at the block's name), or else the `use target` line when the
 * target in use is the one it names (even if an option chose it too). None for a target that the
 * file does not give (the editor's setting, a target file, a command-line option).
 */
export function targetRelated(ctx: ModelContext, message: string, figure?: Sourced): RelatedInfo[] {
  const block = targetBlock(ctx);
  if (block) {
    const at = figure?.span && figure.span.start >= block.start && figure.span.end <= block.end ? figure.span : block.name;
    return [{ span: { start: at.start, end: at.end }, message }];
  }
  const use = ctx.analysis.settings.target;
  const chosen = ctx.analysis.chosen;
  if (use && chosen && (chosen.origin === 'file' || lookupTarget(ctx.analysis, use.name) === chosen.target)) {
    return [{ span: { start: use.span.start, end: use.span.end }, message }];
  }
  return [];
}
