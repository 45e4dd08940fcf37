// A file's models under the parallel plan in force: the analysis option (the command line's --tp,
// the panel, the `roofline.parallel` setting) or else the file's `use parallel`. A plan that the
// target cannot run (no interconnect, too many devices) leaves the models whole, with RL414; a plan
// that splits unevenly is applied with RL415 (figures use the largest share). The costed model of a
// plan carries its summary (stages, bubble, communication), and its time is a run of the whole
// batch through the pipeline. Pure; never throws.
import type { CostedModel } from '../cost/types';
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic, Span } from '../diagnostics/types';
import type { Target } from '../hardware/types';
import type { FileAnalysis } from '../analyze';
import type { ModelResult } from '../semantics/model';
import { applyPlan, unplanned } from './applyPlan';
import type { ParallelPlan } from './plan';
import { parallelSummary } from './summary';

/** The plan in force: the option, else the file's `use parallel` (with its span), else none. */
export function planInForce(analysis: FileAnalysis, option: ParallelPlan | undefined): { plan: ParallelPlan; span?: Span } | undefined {
  if (option) return { plan: option };
  const written = analysis.settings.parallel;
  if (!written) return undefined;
  return { plan: written.plan, span: written.span };
}

export function planModels(analysis: FileAnalysis, target: Target, option: ParallelPlan | undefined): { models: ModelResult[]; diagnostics: Diagnostic[] } {
  const models = analysis.models.map(unplanned);
  const inForce = planInForce(analysis, option);
  if (!inForce) return { models, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const out = models.map((m) => {
    // A model without layers has nothing to split.
    if (m.layers.length === 0) return m;
    const at = inForce.span ?? m.nameSpan;
    let r: ReturnType<typeof applyPlan>;
    try {
      r = applyPlan(m, inForce.plan, target);
    } catch (err) {
      // A defect of the transform: the model is analysed whole, and says so.
      diagnostics.push(diag('RL414', at, `the plan could not be applied (internal error: ${String(err)}); model ${m.name} is analysed on one device`));
      return m;
    }
    for (const b of r.blocking) diagnostics.push(diag('RL414', at, `${b}; model ${m.name} is analysed on one device`));
    for (const w of r.warnings) diagnostics.push(diag('RL415', at, `${w}: the figures use the largest device's share`));
    return r.model;
  });
  return { models: out, diagnostics };
}

/** The costed model with its plan's summary; a pipeline's run of the whole batch is its time. */
export function withPlanSummary(model: ModelResult, cost: CostedModel): CostedModel {
  const summary = parallelSummary(model, cost);
  if (!summary) return cost;
  const totals = { ...cost.totals, time: summary.runTime, throughput: summary.runTime > 0 ? 1 / summary.runTime : 0 };
  return { ...cost, totals, parallel: summary };
}
