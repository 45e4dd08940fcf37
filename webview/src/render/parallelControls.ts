// The panel's parallel plan: one number per degree (tp, pp, ep, dp: 1 is one device) and, under a
// plan, a line with its devices, one device's memory against its capacity, the communication share
// and a pipeline's bubble (chart/parallel.ts). A change sends the plan's text ('tp=8 pp=2'; '' for
// one device). Built once, updated in place; no echo of the host's update. Hidden where no
// analysis can answer (a standalone report without the core).
import type { PanelData, WhatIfControls } from '../../../server/src/protocol/panel';
import { parallelSummaryText, planDegrees, planOf, PLAN_DEGREES, type PlanDegree } from '../chart/parallel';
import { numberField } from './numberField';

export interface ParallelControlActions {
  setParallel(plan: string): void;
}

const TITLES: Record<PlanDegree, string> = {
  tp: 'tensor parallel: attention heads and feed-forward split over this many devices (an all-reduce after each block)',
  pp: 'pipeline parallel: this many stages of consecutive layers (a send between stages)',
  ep: 'expert parallel: the experts of a mixture over this many devices (an all-to-all before and after)',
  dp: 'data parallel: this many replicas, each with its share of the batch',
};

export function createParallelControls(doc: Document, actions: ParallelControlActions, works: WhatIfControls): { elements: HTMLElement[]; update(data: PanelData): void } {
  let current: PanelData | undefined;
  const inputs = new Map<PlanDegree, HTMLInputElement>();
  const fields = PLAN_DEGREES.map((k) => {
    const { field, input } = numberField(doc, `parallel-${k}`, k, { title: TITLES[k] });
    field.classList.add('rl-plan');
    input.addEventListener('change', () => {
      if (!current) return;
      const degrees = planDegrees(current.parallel?.plan);
      for (const [d, el] of inputs) {
        const v = el.valueAsNumber;
        degrees[d] = Number.isInteger(v) && v >= 1 ? v : 1;
      }
      const plan = planOf(degrees);
      if (plan !== planOf(planDegrees(current.parallel?.plan))) actions.setParallel(plan);
    });
    inputs.set(k, input);
    return field;
  });
  const summary = doc.createElement('div');
  summary.className = 'rl-plan-summary';
  summary.dataset.control = 'parallel-summary';
  return {
    elements: [...fields, summary],
    update(data) {
      current = data;
      const degrees = planDegrees(data.parallel?.plan);
      for (const [k, input] of inputs) if (doc.activeElement !== input && input.valueAsNumber !== degrees[k]) input.value = String(degrees[k]);
      for (const f of fields) f.hidden = !works.parallel;
      summary.textContent = data.parallel ? parallelSummaryText(data.parallel) : '';
      summary.hidden = !data.parallel;
    },
  };
}
