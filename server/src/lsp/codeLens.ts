// Code lenses above each model (on its `model` line): total time, throughput and the dominant
// bound on the target ("⏱ 75.7 ms · 13.2 runs/s (batch 1) · mostly DDR3-bound (74%) on zhang15-vc707";
// runs/s and samples/s as the command line and the panel word them, report/throughput.ts),
// opening the Roofline panel on that model; and "Select target". Without a target, one lens says
// why and opens the target picker. In a phase of a language model (`roofline.phase`), the time
// lens names the phase; in the generate phase a lens above it gives the generation: time to first
// token, time per output token, total and tokens/s.
import type { CodeLens, Range } from 'vscode-languageserver';
import { batchOf, throughputWords, type CostedModel, type Generation, type ModelResult, type PhaseInfo } from '../core';
import { formatCount, formatNoun, formatSeconds, formatSI } from '../protocol/format';
import { dominantBound } from '../ide/boundWords';
import type { DocumentAnalysis } from './documents';
import { costedModel } from '../ide/layerIndex';
import { toRange } from './positions';

/** Command ids the client registers (part of the public contract). */
export const SHOW_PANEL_COMMAND = 'roofline.showPanel';
export const SELECT_TARGET_COMMAND = 'roofline.selectTarget';

/** 'prefill (seq 2,048, context 2,048) · ' for a phase's analysis; '' otherwise. */
function phaseWords(phase: PhaseInfo | undefined): string {
  if (!phase) return '';
  if (phase.phase === 'generate') return 'last decode step · ';
  return `${phase.phase} (${Object.entries(phase.params).map(([k, v]) => `${k} ${formatCount(v)}`).join(', ')}) · `;
}

/** The generate phase's lens: '⚡ 2,048 + 128 tokens: TTFT 33.5 ms · TPOT 4.28 ms · total 577 ms · 222 tokens/s on h100-sxm'. */
function generationTitle(g: Generation, target: string): string {
  return `⚡ ${formatCount(g.prompt)} + ${formatCount(g.new)} tokens: TTFT ${formatSeconds(g.ttft)} · TPOT ${formatSeconds(g.tpot)} · total ${formatSeconds(g.total)} · ${formatSI(g.tokensPerSecond)} tokens/s on ${target}`;
}

function timeTitle(model: ModelResult, costed: CostedModel): string {
  const t = costed.totals;
  if (t.time <= 0) return `⏱ nothing costed on ${costed.target}`;
  const time = costed.execution === 'pipelined' ? `${formatSeconds(t.time)} latency` : formatSeconds(t.time);
  const parts = [`⏱ ${time}`, throughputWords(t.throughput, batchOf(model))];
  const bound = dominantBound(t);
  parts.push(bound ? `${bound} on ${costed.target}` : `on ${costed.target}`);
  if (!t.complete) parts.push(`${formatNoun(t.missing, 'layer')} not costed`);
  return parts.join(' · ');
}

export function codeLenses(r: DocumentAnalysis): CodeLens[] {
  const a = r.analysis;
  const out: CodeLens[] = [];
  for (const item of a.file.items) {
    if (item.kind !== 'model') continue;
    const range: Range = toRange(r.index, { start: item.start, end: item.name.end });
    const selectTarget = (title: string): CodeLens => ({ range, command: { title, command: SELECT_TARGET_COMMAND, arguments: [r.uri] } });
    if (!a.chosen) {
      out.push(selectTarget(`⚠ no roofline: ${a.targetProblem ?? 'no target'} · Select target`));
      continue;
    }
    const model = a.models.find((m) => m.nameSpan.start === item.name.start);
    const costed = model && costedModel(a, model);
    const generation = model ? a.generations?.[a.models.indexOf(model)] : undefined;
    if (model && costed && generation) out.push({ range, command: { title: generationTitle(generation, costed.target), command: SHOW_PANEL_COMMAND, arguments: [r.uri, model.name] } });
    if (model && costed) out.push({ range, command: { title: phaseWords(a.phase) + timeTitle(model, costed), command: SHOW_PANEL_COMMAND, arguments: [r.uri, model.name] } });
    out.push(selectTarget('Select target'));
  }
  return out;
}
