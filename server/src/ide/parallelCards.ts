// The hover's section on a parallel plan's communication: the collectives among the layers under
// the cursor (an attention call's all-reduce, every all-reduce and send of a `repeat` of decoder
// blocks), grouped by what they do and the link they cross, with their bytes, algorithm, time and
// share of the model; and the plan in one line. Editor-independent (ide/): plain Markdown.
import { codeSpan } from './markdownText';
import { COLLECTIVE_WORDS, type CostedLayer, type RooflineAnalysis } from '../core';
import { formatBytes, formatNoun, formatPercent, formatSeconds } from '../protocol/format';
import { costOf } from './layerIndex';
import type { ModelLayer } from './layerQueries';

interface Group {
  first: ModelLayer;
  cost: CostedLayer;
  count: number;
  time: number;
  share: number;
}

/** '**Communication** (plan tp=8, 8 devices)' and one line per kind of collective, or undefined when there is none. */
export function communicationCard(a: RooflineAnalysis, layers: readonly ModelLayer[]): string | undefined {
  const groups = new Map<string, Group>();
  let plan: string | undefined;
  for (const ml of layers) {
    if (!ml.layer.collective) continue;
    const c = costOf(a, ml);
    if (!c || c.status !== 'ok' || !c.collective) continue;
    plan ??= ml.model.parallel ? `plan ${ml.model.parallel.text}, ${formatNoun(ml.model.parallel.devices, 'device')}` : undefined;
    const k = c.collective;
    // The same collective of every instance of a block: its name without the instance's index.
    const role = ml.layer.name.replace(/\[\d+\]/g, '[]').replace(/\.\d+\./g, '.#.');
    const key = `${role}|${k.kind}|${k.link}|${k.algorithm}|${k.devices}|${k.size}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.time += c.time ?? 0;
      g.share += c.share ?? 0;
    } else groups.set(key, { first: ml, cost: c, count: 1, time: c.time ?? 0, share: c.share ?? 0 });
  }
  if (groups.size === 0) return undefined;
  const lines = [...groups.values()].map((g) => {
    const k = g.cost.collective!;
    const times = g.count > 1 ? `${g.count} × ` : '';
    const each = `${formatBytes(k.size)} over ${k.link} (${k.algorithm}, ${formatNoun(k.devices, 'device')}${k.nodes > 1 ? ` on ${k.nodes} nodes` : ''}): ${formatBytes(k.bytes)} sent in ${formatNoun(k.steps, 'step')}, ${formatSeconds(g.cost.time ?? 0)} = ${formatSeconds(k.transfer)} + ${formatSeconds(k.latency)} latency`;
    const total = g.count > 1 ? ` · ${formatSeconds(g.time)} in all` : '';
    return `- ${times}${codeSpan(g.first.layer.name)} ${COLLECTIVE_WORDS[k.kind]} of ${each}${total} · ${formatPercent(g.share)} of the model · bound by ${g.cost.bound}`;
  });
  return [`**Communication**${plan ? ` (${plan})` : ''}`, ...lines].join('\n');
}
