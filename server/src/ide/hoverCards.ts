// The Markdown of hover cards: one layer (or every instance of it, inside a block body), the sum
// over the layers a block or `repeat` call makes, and a tensor name. Counts are labelled and shown
// exact (thousands separators) and SI-prefixed; bytes exact and in IEC units (KiB, MiB). The
// roofline figures on the target (costCards.ts) follow the counts.
import type { Layer, LayerBytes, RooflineAnalysis, Shape } from '../core';
import { formatBytesExact, formatCountExact, formatNoun, formatPercent, formatRatio, formatSeconds, formatShape } from '../protocol/format';
import { layerCostSection, noTargetText, sumCostSection } from './costCards';
import { boundWords } from './boundWords';
import { costOf } from './layerIndex';
import { dominantLayer, type StatementLayers } from './lineLayers';
import { codeSpan, markdownText } from './markdownText';
import { within } from './syntaxAt';
import { sumLayers, type LayerSums, type ModelLayer } from './layerQueries';

/** Hard line break in Markdown. */
const BR = '  \n';

function shapes(list: (Shape | null)[]): string {
  return list.length === 0 ? '—' : list.map(formatShape).join(', ');
}

/** `input [..] → output [..]`, with plurals for several tensors. */
function flowLine(inputs: (Shape | null)[], outputs: (Shape | null)[]): string {
  const inLabel = inputs.length > 1 ? 'inputs' : 'input';
  const outLabel = outputs.length > 1 ? 'outputs' : 'output';
  return `${inLabel} ${codeSpan(shapes(inputs))} → ${outLabel} ${codeSpan(shapes(outputs))}`;
}

function bytesLine(b: LayerBytes): string {
  const parts = [`in ${formatBytesExact(b.input)}`, `weights ${formatBytesExact(b.weight)}`, `out ${formatBytesExact(b.output)}`];
  if (b.cache !== 0) parts.push(`KV cache ${formatBytesExact(b.cache)}`);
  return `bytes: ${parts.join(' · ')}`;
}

function countLines(c: { macs: number; ops: number; params: number; bytes: LayerBytes }): string[] {
  return [`MACs: ${formatCountExact(c.macs)}`, `ops: ${formatCountExact(c.ops)}`, `params: ${formatCountExact(c.params)}`, bytesLine(c.bytes)];
}

function uniqueNotes(layers: Layer[]): string[] {
  return [...new Set(layers.flatMap((l) => l.notes))];
}

function notesBlock(layers: Layer[]): string[] {
  return uniqueNotes(layers).map((n) => `*note:* ${markdownText(n)}`);
}

/** Why a layer is not counted: its notes and the errors on its call. */
function uncountedText(a: RooflineAnalysis, layer: Layer, label: string): string {
  const errors = a.diagnostics.filter((d) => d.severity === 'error' && within(d.span, layer.span)).map((d) => `${d.code}: ${d.message}`);
  const why = [...new Set([...layer.notes, ...errors])].map((w) => markdownText(w));
  return `*${label}*, so it has no counts and no roofline figures${why.length > 0 ? `:${BR}${why.join(BR)}` : ' (see the diagnostics)'}`;
}

/** The card of an operator call: one layer, or all its instances when it sits in a block body. */
export function layerCard(a: RooflineAnalysis, op: string, instances: ModelLayer[], opsRule: string | undefined): string {
  const first = instances[0].layer;
  const models = [...new Set(instances.map((i) => i.model.name))];
  const paragraphs: string[] = [];
  const costs: string[] = [];
  if (instances.length === 1) {
    paragraphs.push(`**${markdownText(op)}** layer ${codeSpan(first.name)} · ${first.precision}${BR}${flowLine(first.inputs, first.outputs)}`);
    if (first.counted) {
      paragraphs.push(countLines(first).join(BR));
      costs.push(layerCostSection(a, instances[0]));
    } else paragraphs.push(uncountedText(a, first, 'not counted'));
  } else {
    const where = models.length === 1 ? `in model ${codeSpan(models[0])}` : `in models ${models.map((m) => `${codeSpan(m)}`).join(', ')}`;
    paragraphs.push(`**${markdownText(op)}** · ${instances.length} instances ${where} · ${first.precision}${BR}first instance ${codeSpan(first.name)}: ${flowLine(first.inputs, first.outputs)}`);
    paragraphs.push(sumCountCard(`**Sum over ${instances.length} instances**`, instances.map((i) => i.layer)));
    paragraphs.push(first.counted ? [`**First instance**`, ...countLines(first)].join(BR) : uncountedText(a, first, 'first instance not counted'));
    if (!a.chosen) costs.push(noTargetText(a));
    else {
      costs.push(`**Roofline, sum over ${instances.length} instances**`, sumCostSection(a, instances));
      if (first.counted) costs.push(`**Roofline, first instance** ${codeSpan(first.name)}`, layerCostSection(a, instances[0]));
    }
  }
  const tail = [...(opsRule ? [`*ops rule:* ${opsRule}`] : []), ...notesBlock(instances.map((i) => i.layer))];
  if (tail.length > 0) paragraphs.push(tail.join(BR));
  return [...paragraphs, ...costs].join('\n\n');
}

/** The counts of several layers summed, under a title (Markdown), saying how many are not counted. */
export function sumCountCard(title: string, layers: Layer[]): string {
  const sums = sumLayers(layers);
  return [`${title}${uncountedNote(sums)}`, ...countLines(sums)].join(BR);
}

function uncountedNote(sums: LayerSums): string {
  return sums.uncounted > 0 ? ` (${sums.uncounted} not counted, left out)` : '';
}

export interface CallSummary {
  /** First line, e.g. "**repeat** 3 × block `bottleneck` → `s1`". */
  title: string;
  /** Every layer the call expression makes, grouped by evaluation of the call (several inside a block body). */
  instances: ModelLayer[][];
  /** How many of the layers are made through the call itself (the rest by calls in its arguments). */
  through: number;
  inputs: (Shape | null)[];
  outputs: (Shape | null)[];
  /** The analysis the layers come from, for their roofline figures. */
  analysis: RooflineAnalysis;
}

/** The card of a block or `repeat` call: the sum over every layer it makes. */
export function callCard(s: CallSummary): string {
  const paragraphs = [`${s.title}${BR}${flowLine(s.inputs, s.outputs)}`];
  const layers = s.instances.flat();
  if (layers.length === 0) {
    paragraphs.push('*no layers*: this call was not evaluated (an error before it, or a block that is never used)');
    return paragraphs.join('\n\n');
  }
  const fromArgs = layers.length - s.through;
  let head = `**Sum over ${formatNoun(layers.length, 'layer')}**`;
  if (fromArgs > 0) head += ` (${s.through} through this call, ${fromArgs} made by its arguments)`;
  if (s.instances.length > 1) head += ` in ${s.instances.length} instances of the enclosing block`;
  paragraphs.push(sumCountCard(head, layers.map((ml) => ml.layer)));
  if (s.instances.length > 1) {
    const first = sumLayers(s.instances[0].map((ml) => ml.layer));
    paragraphs.push([`**First instance** (${formatNoun(first.layers, 'layer')})`, ...countLines(first)].join(BR));
  }
  paragraphs.push('*bytes are summed over the layers: the traffic if every layer read and wrote off chip.*');
  if (s.analysis.chosen) paragraphs.push(`**Roofline, sum over ${formatNoun(layers.length, 'layer')}**`);
  paragraphs.push(sumCostSection(s.analysis, layers));
  return paragraphs.join('\n\n');
}

/** One layer of a line, in a few words: '`c1` conv2d · 12.3 µs (4.5%) · CTC 220 · compute-bound'. */
export function layerLine(a: RooflineAnalysis, ml: ModelLayer): string {
  const c = costOf(a, ml);
  const name = `${codeSpan(ml.layer.name)} ${ml.layer.op}`;
  if (!c || c.status !== 'ok') return `${name} · no roofline figures`;
  if (c.fusedInto !== undefined) return `${name} · ${c.fusionRole === 'bnFold' ? 'folded' : 'fused'} into ${codeSpan(c.fusedInto)}`;
  const parts = [name];
  if (c.time !== undefined) parts.push(`${formatSeconds(c.time)} (${formatPercent(c.share ?? 0)})`);
  if (c.ctc !== undefined) parts.push(`CTC ${formatRatio(c.ctc)}`);
  parts.push(boundWords(c));
  if (c.fused && c.fused.length > 0) parts.push(`one kernel with ${formatNoun(c.fused.length, 'fused layer')}`);
  return parts.join(' · ');
}

/**
 * A line that makes several layers (`a = relu(conv_bn(x, 64, 1))`): every layer of its first
 * instance, the slowest first, then the others in order. Undefined for a line of one layer.
 */
export function lineCard(a: RooflineAnalysis, layers: StatementLayers): string | undefined {
  const first = layers.instances[0];
  if (!first || first.length < 2) return undefined;
  const top = dominantLayer(a, first);
  const ordered = top ? [top, ...first.filter((ml) => ml !== top)] : first;
  const where = layers.instances.length > 1 ? ` (first of ${layers.instances.length} instances)` : '';
  const head = `**This line makes ${formatNoun(first.length, 'layer')}**${where}${top ? ', the slowest first' : ''}:`;
  return [head, ...numberedLayerLines(a, ordered)].join('\n');
}

/** One numbered line per layer (layerLine): '1. `h[0].attn.qk` matmul · 0.28 ms (1.2%) · CTC 122 · memory-bound on HBM3'. */
export function numberedLayerLines(a: RooflineAnalysis, layers: readonly ModelLayer[]): string[] {
  return layers.map((ml, i) => `${i + 1}. ${layerLine(a, ml)}`);
}

/** The card of a tensor name: its shape, or its shapes across the instances of a block. */
export function tensorCard(label: string, list: (Shape | null)[]): string {
  if (list.length === 0) return `${label}${BR}shape not known here (not evaluated, or after an error)`;
  const distinct = new Map<string, number>();
  for (const s of list) distinct.set(formatShape(s), (distinct.get(formatShape(s)) ?? 0) + 1);
  if (distinct.size === 1) {
    const suffix = list.length > 1 ? ` in all ${list.length} instances` : '';
    return `${label}${BR}shape ${codeSpan(formatShape(list[0]))}${suffix}`;
  }
  const items = [...distinct.entries()].slice(0, 6).map(([shape, n]) => `${codeSpan(shape)} ×${n}`);
  const more = distinct.size > 6 ? `, and ${distinct.size - 6} more` : '';
  return `${label}${BR}shape ${codeSpan(formatShape(list[0]))} in the first of ${list.length} instances; all: ${items.join(', ')}${more}`;
}
