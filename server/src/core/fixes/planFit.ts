// The quick fix of RL507 (the model does not fit one device) and RL512 (a parallel plan does not
// fit): the smallest plan that fits, written as `use parallel ...`: replacing the file's own
// `use parallel` value, or on a line of its own after the file's last `use` line (at the top of the
// file when it has none). The plan is the plan search's smallest (parallel/search.ts): fewest
// devices whose one-device memory fits, the fastest of them on the model as written; devices up to
// the target's system (its nodes x devices a node), at most 64. Pure; never throws.
import type { Target } from '../hardware/types';
import type { RooflineAnalysis } from '../roofline';
import { unplanned } from '../parallel/applyPlan';
import { searchPlans, type PlanCandidate } from '../parallel/search';
import type { TextEdit } from './edits';

export interface PlanFitFix {
  edit: TextEdit;
  candidate: PlanCandidate;
  target: Target;
}

/** The most devices the fix looks at. */
const MAX_DEVICES = 64;

export function planFitFix(analysis: RooflineAnalysis, modelIndex = 0): PlanFitFix | undefined {
  const target = analysis.chosen?.target;
  const model = analysis.models[modelIndex];
  if (!target || !model || !target.interconnect || !target.deviceMemory) return undefined;
  const system = target.interconnect;
  const budget = Math.min(MAX_DEVICES, system.devicesPerNode.value * (system.nodes?.value ?? MAX_DEVICES));
  const found = searchPlans({ run: { model: unplanned(model), kvScale: 1 } }, target, { budget }).smallest;
  if (!found) return undefined;
  const text = analysis.text;
  const written = analysis.settings.parallel;
  let edit: TextEdit;
  if (written) edit = { start: written.span.start, end: written.span.end, newText: found.text };
  else {
    const uses = analysis.file.items.filter((i) => i.kind === 'use');
    const last = uses[uses.length - 1];
    if (last) {
      const eol = text.indexOf('\n', last.end);
      const at = eol < 0 ? text.length : eol;
      edit = { start: at, end: at, newText: `\nuse parallel ${found.text}` };
    } else {
      const first = analysis.file.items[0];
      const at = first ? first.start : 0;
      edit = { start: at, end: at, newText: `use parallel ${found.text}\n\n` };
    }
  }
  return { edit, candidate: found, target };
}
