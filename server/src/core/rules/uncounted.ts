// RL506, layers that could not be counted (warning). Needs no target: it reads the counts only.
//
// A layer is not counted (Layer.counted false) when its operator is unknown, its arguments do not
// fit the operator, or one of its inputs has no known shape. The first two are already errors of
// the file at that layer (RL301 unknown operator, RL30x arguments and shapes); the last one is not:
// a layer downstream of an uncounted one is silently left out of the totals. RL506 makes every
// uncounted layer visible without repeating an error, so it fires:
// - once per model that has any uncounted layer, at the model's name: "5 of 11 layers of model m
//   are not counted: its totals leave them out and are incomplete", related information pointing
//   at the causes: the layers with an error of their own and the inputs of unknown shape (at most 5);
// - once per statement (merging the instances of a block body) for the uncounted layers that have
//   no error of their own, at the statement's outermost such layer, naming the uncounted layers it
//   depends on: "z is not counted: its input depends on an uncounted layer (h); the model's totals
//   are incomplete". A layer "has an error of its own" when an error diagnostic lies within its call
//   and not within one of the layer calls nested in it: `frobnicate(x)` has its RL301, so it gets
//   no RL506 of its own (no duplicate at the same place), while `relu(frobnicate(x))` does, as the
//   relu itself is fine.
// `minShare` does not apply (an uncounted layer has no time); the rule ignores the cost figures.
//
// Why it matters: the totals, the plot and the time of the model leave uncounted layers out; they
// must never be a silent zero (cost-model.md).
import type { Diagnostic, RelatedInfo, Span } from '../diagnostics/types';
import type { Layer } from '../semantics/model';
import { formatCount } from '../../protocol/format';
import { quoted } from '../limits';
import { agree, defineRule, type RuleRun, subject } from './shared';

/** At most this many names in a message, and related entries in the summary. */
const MAX_NAMED = 3;
const MAX_RELATED = 5;

interface Roots {
  /** Indices of uncounted layers with an error of their own that this layer depends on (capped). */
  layers: number[];
  /** More roots than listed. */
  more: boolean;
  /** Depends on an input of unknown shape that no uncounted layer explains. */
  unknownInput: boolean;
}

function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** First index of `sorted` (by `start`) whose start is >= `at`. */
function lowerBound(sorted: readonly { start: number }[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function addRoot(r: Roots, index: number): void {
  if (r.layers.includes(index)) return;
  if (r.layers.length < MAX_NAMED) r.layers.push(index);
  else r.more = true;
}

function mergeRoots(into: Roots, from: Roots): void {
  for (const i of from.layers) addRoot(into, i);
  into.more ||= from.more;
  into.unknownInput ||= from.unknownInput;
}

/**
 * The file's error spans by start, found once per analysis (the rule runs once per model, and a
 * file may hold thousands of models: sorting every error for each one was quadratic).
 */
const ERROR_SPANS = new WeakMap<readonly Diagnostic[], Span[]>();
function errorSpans(diagnostics: readonly Diagnostic[]): Span[] {
  let spans = ERROR_SPANS.get(diagnostics);
  if (!spans) {
    spans = diagnostics.filter((d) => d.severity === 'error').map((d) => d.span);
    spans.sort((a, b) => a.start - b.start || a.end - b.end);
    ERROR_SPANS.set(diagnostics, spans);
  }
  return spans;
}

function namesText(layers: Layer[], roots: Roots): string {
  const names = roots.layers.map((i) => quoted(layers[i]?.name ?? '?'));
  return names.join(', ') + (roots.more ? ', ...' : '');
}

const run: RuleRun = (ctx, diag) => {
  const { model, analysis } = ctx;
  const layers = model.layers;
  // The totals count the layers not counted (when they are the totals of these layers).
  if (model.totals.uncounted === 0 && model.totals.layers === layers.length) return [];
  const bad = layers.filter((l) => !l.counted);
  if (bad.length === 0) return [];

  // Errors by start; the distinct spans of the model's layer calls by start.
  const errors = errorSpans(analysis.diagnostics);
  const spanMap = new Map<string, Span>();
  for (const l of layers) spanMap.set(`${l.span.start}:${l.span.end}`, l.span);
  const spans = [...spanMap.values()].sort((a, b) => a.start - b.start || b.end - a.end);

  const ownMemo = new Map<string, boolean>();
  const hasOwnError = (l: Layer): boolean => {
    const key = `${l.span.start}:${l.span.end}`;
    const known = ownMemo.get(key);
    if (known !== undefined) return known;
    let own = false;
    for (let i = lowerBound(errors, l.span.start); i < errors.length && errors[i].start <= l.span.end && !own; i++) {
      const e = errors[i];
      if (!within(e, l.span)) continue;
      let nested = false;
      for (let j = lowerBound(spans, l.span.start); j < spans.length && spans[j].start <= e.start; j++) {
        const s = spans[j];
        if (!sameSpan(s, l.span) && within(s, l.span) && within(e, s)) {
          nested = true;
          break;
        }
      }
      own = !nested;
    }
    ownMemo.set(key, own);
    return own;
  };

  // Roots of every uncounted layer, in evaluation order (producers come first).
  const roots = new Map<number, Roots>();
  const own = new Set<number>();
  for (const l of bad) {
    if (hasOwnError(l)) own.add(l.index);
    const r: Roots = { layers: [], more: false, unknownInput: false };
    const upstream = l.producers.filter((p) => layers[p] && !layers[p].counted);
    if (upstream.length === 0 && !own.has(l.index)) r.unknownInput = true;
    for (const p of upstream) {
      if (own.has(p)) addRoot(r, p);
      else {
        const pr = roots.get(p);
        if (pr) mergeRoots(r, pr);
        else r.unknownInput = true;
      }
    }
    roots.set(l.index, r);
  }

  const out: Diagnostic[] = [];

  // The model's summary, at its name.
  const total = layers.length;
  const summary = diag(model.nameSpan, `${formatCount(bad.length)} of ${formatCount(total)} layer${total === 1 ? '' : 's'} of model ${quoted(model.name)} ${agree(bad.length, 'is', 'are')} not counted: its totals leave ${agree(bad.length, 'it', 'them')} out and are incomplete`);
  summary.layer = bad[0].name;
  const causes: RelatedInfo[] = bad
    .filter((l) => own.has(l.index))
    .slice(0, MAX_RELATED)
    .map((l) => ({ span: { start: l.span.start, end: l.span.end }, message: `${quoted(l.name)} is not counted (see the error there)` }));
  // The inputs of unknown shape, at most MAX_RELATED, found once (an imported model may have an
  // input per layer: one walk per statement would be quadratic).
  const unknownInputs: RelatedInfo[] = [];
  for (const input of model.inputs) {
    if (unknownInputs.length >= MAX_RELATED) break;
    if (!input.shape) unknownInputs.push({ span: { start: input.span.start, end: input.span.end }, message: `input ${quoted(input.name)} has no known shape` });
  }
  for (const u of unknownInputs) if (causes.length < MAX_RELATED) causes.push(u);
  causes.sort((a, b) => a.span.start - b.span.start);
  if (causes.length > 0) summary.related = causes;
  out.push(summary);

  // One per statement for the layers with no error of their own.
  const byStatement = new Map<string, Layer[]>();
  for (const l of bad) {
    if (own.has(l.index)) continue;
    const key = `${l.statement.start}:${l.statement.end}`;
    const list = byStatement.get(key);
    if (list) list.push(l);
    else byStatement.set(key, [l]);
  }
  for (const group of byStatement.values()) {
    // The outermost layer of the statement (the widest call; the first instance on a tie).
    let shown = group[0];
    for (const l of group) if (l.span.end - l.span.start > shown.span.end - shown.span.start) shown = l;
    const names = [shown.name, ...group.filter((l) => l !== shown).map((l) => l.name)];
    const n = names.length;
    const r: Roots = { layers: [], more: false, unknownInput: false };
    for (const l of group) {
      const lr = roots.get(l.index);
      if (lr) mergeRoots(r, lr);
    }
    const parts: string[] = [];
    if (r.layers.length > 0) parts.push(`${agree(n, 'its input depends', 'their inputs depend')} on ${r.layers.length > 1 || r.more ? 'uncounted layers' : 'an uncounted layer'} (${namesText(layers, r)})`);
    if (r.unknownInput) parts.push("an input's shape is unknown");
    const why = parts.join(', and ');
    const d = diag(shown.span, `${subject(names, 'layer')} ${agree(n, 'is', 'are')} not counted: ${why}; the model's totals are incomplete`);
    d.layer = shown.name;
    const related: RelatedInfo[] = r.layers.map((i) => ({ span: { start: layers[i].span.start, end: layers[i].span.end }, message: `${quoted(layers[i].name)} is not counted (see the error there)` }));
    if (r.unknownInput) for (const u of unknownInputs) related.push({ span: { ...u.span }, message: u.message });
    if (related.length > 0) d.related = related;
    out.push(d);
  }
  return out;
};

export const uncounted = defineRule({
  name: 'uncounted',
  code: 'RL506',
  severity: 'warning',
  title: 'Layers not counted',
  setting: 'an operator that could not be counted',
  run,
});
