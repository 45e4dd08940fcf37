// Hovers and inlay hints of a call that its operator takes apart (attention: q_proj, k_proj,
// v_proj, qk, softmax, sv, o_proj; semantics/layerParts.ts). The call has no layer of its own: its
// line shows the sum over its parts (as the call's one layer did before it was taken apart), and
// lists every part with its own figures. Shared by the hover and the inlay hints. Pure.
import { codeSpan } from './markdownText';
import type { RooflineAnalysis } from '../core';
import { formatNoun } from '../protocol/format';
import { noTargetText, sumCostSection, sumHint } from './costCards';
import { numberedLayerLines, sumCountCard } from './hoverCards';
import type { ModelLayer } from './layerQueries';

/** The parts of `layers` grouped by the call they belong to (one group per instance of the call), in order. */
export function callInstances(layers: readonly ModelLayer[]): ModelLayer[][] {
  const groups = new Map<string, ModelLayer[]>();
  for (const ml of layers) {
    const of = ml.layer.part?.of;
    if (of === undefined) continue;
    const key = `${ml.model.name}\u0000${of}`;
    const g = groups.get(key);
    if (g) g.push(ml);
    else groups.set(key, [ml]);
  }
  return [...groups.values()];
}

/**
 * The inlay hint of a line whose outer call is taken apart: the sum over the parts of its first
 * instance (`Σ CTC 12.3 · HBM3 · ×32`), the parts one by one in the tooltip.
 */
export function partsHint(a: RooflineAnalysis, instances: ModelLayer[][]): { label: string; tooltip: string } | undefined {
  const first = instances[0];
  if (!first || first.length === 0) return undefined;
  const call = first[0].layer.part?.of ?? '';
  const where = instances.length > 1 ? ` (first of ${instances.length} instances)` : '';
  const hint = sumHint(a, first, instances.length, `${codeSpan(call)}${where}: ${formatNoun(first.length, 'layer')}, `);
  return hint && { label: hint.label, tooltip: [hint.tooltip, '', ...numberedLayerLines(a, first)].join('\n') };
}

/** The hover card of a call taken apart: its parts' counts summed, the roofline of their sum, and each part. */
export function partsCard(a: RooflineAnalysis, op: string, instances: ModelLayer[][], opsRule: string | undefined): string {
  const first = instances[0];
  const call = first[0].layer.part?.of ?? '';
  const where = instances.length > 1 ? ` · ${instances.length} instances, the first ${codeSpan(call)}` : ` ${codeSpan(call)}`;
  const paragraphs = [`**${op}**${where} · taken apart into ${formatNoun(first.length, 'layer')}: ${first.map((ml) => `${codeSpan(`.${ml.layer.part?.name}`)}`).join(', ')}`];
  paragraphs.push(sumCountCard(instances.length > 1 ? '**Sum over the parts (first instance)**' : '**Sum over the parts**', first.map((ml) => ml.layer)));
  if (!a.chosen) paragraphs.push(noTargetText(a));
  else {
    paragraphs.push(`**Roofline, sum over the parts**`, sumCostSection(a, first));
    paragraphs.push([`**The parts**`, ...numberedLayerLines(a, first)].join('\n'));
  }
  if (opsRule) paragraphs.push(`*ops rule:* ${opsRule}`);
  return paragraphs.join('\n\n');
}
