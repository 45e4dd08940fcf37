// Code lenses above each model (on its `model` line): total time, throughput and the dominant
// bound on the target ("⏱ 75.7 ms · 13.2 inferences/s · mostly DDR3-bound (74%) on zhang15-vc707"),
// opening the Roofline panel on that model; and "Select target". Without a target, one lens says
// why and opens the target picker.
import type { CodeLens, Range } from 'vscode-languageserver';
import type { CostedModel, ModelResult } from '../core';
import { formatNoun, formatSeconds, formatSI } from '../protocol/format';
import { dominantBound } from '../ide/boundWords';
import type { DocumentAnalysis } from './documents';
import { costedModel } from '../ide/layerIndex';
import { toRange } from './positions';

/** Command ids the client registers (part of the public contract). */
export const SHOW_PANEL_COMMAND = 'roofline.showPanel';
export const SELECT_TARGET_COMMAND = 'roofline.selectTarget';

/** Runs per second -> inferences per second: a run processes the model's whole batch (`param batch`). */
function inferences(model: ModelResult, throughput: number): string {
  const batch = model.params.find((p) => p.name === 'batch')?.value;
  const n = batch !== undefined && Number.isInteger(batch) && batch > 1 ? batch : 1;
  return `${formatSI(throughput * n)} inferences/s${n > 1 ? ` (batch ${n})` : ''}`;
}

function timeTitle(model: ModelResult, costed: CostedModel): string {
  const t = costed.totals;
  if (t.time <= 0) return `⏱ nothing costed on ${costed.target}`;
  const time = costed.execution === 'pipelined' ? `${formatSeconds(t.time)} latency` : formatSeconds(t.time);
  const parts = [`⏱ ${time}`, inferences(model, t.throughput)];
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
    if (model && costed) out.push({ range, command: { title: timeTitle(model, costed), command: SHOW_PANEL_COMMAND, arguments: [r.uri, model.name] } });
    out.push(selectTarget('Select target'));
  }
  return out;
}
