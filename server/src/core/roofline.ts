// The full analysis of a file on a hardware target: the file's analysis (analyze.ts), the target
// chosen (an explicit one, else the file's `use target`, else a fallback such as the editor's
// setting), and every model costed on it (cost/analyzeCost.ts). Pure; never throws.
import { formatCount } from '../protocol/format';
import { analyzeText, type AnalyzeOptions, type FileAnalysis } from './analyze';
import { analyzeDocument, type DocumentInput } from './formats/analyzeDocument';
import { costModel, type CostedModel, type CostOptions } from './cost/analyzeCost';
import { diag } from './diagnostics/catalogue';
import type { Diagnostic } from './diagnostics/types';
import { findTarget, targetNames } from './hardware/catalog';
import { withBudget } from './limits';
import { didYouMean } from './text/suggest';
import type { Target } from './hardware/types';
import type { ModelResult } from './semantics/model';
import { planModels, withPlanSummary } from './parallel/planAnalysis';
import { unplanned } from './parallel/applyPlan';
import type { ParallelPlan } from './parallel/plan';
import type { Generation, PhaseInfo } from './phases';

export interface RooflineOptions extends AnalyzeOptions {
  /** The target to use whatever the file says: a Target (from a target file) or a name. */
  target?: Target | string;
  /** The target when neither `target` nor the file's `use target` gives one (a setting). */
  fallbackTarget?: Target | string;
  traffic?: CostOptions['traffic'];
  search?: boolean;
  /** Stops the analysis after this many milliseconds, with an RL217 error (core/limits.ts); none by default. */
  timeBudgetMs?: number;
  /** The clock the time budget reads (tests give a fake one); Date.now by default. */
  now?: () => number;
  /** Layers a model may have (core/limits.ts): LIMITS.layers by default; the editor gives LIMITS.editorLayers. */
  maxLayers?: number;
  /** Fusion policy (cost/fusion.ts); default 'epilogue'. */
  fusion?: CostOptions['fusion'];
  /** How attention runs where a statement does not say (cost/flashAttention.ts); default 'flash'. */
  attention?: CostOptions['attention'];
  /** Per-layer figures shared by costings (cost/costMemo.ts): the steps of a generation, an editor's document from edit to edit. */
  costMemo?: CostOptions['memo'];
  /** A parallel plan (parallel/plan.ts) whatever the file's `use parallel` says. */
  parallel?: ParallelPlan;
  /** Largest exact replay of SCALE-Sim's buffers, in entries visited (cost/types.ts). */
  replayLimit?: number;
}

export type TargetOrigin = 'option' | 'file' | 'fallback';

export interface ChosenTarget {
  target: Target;
  origin: TargetOrigin;
}

export interface RooflineAnalysis extends FileAnalysis {
  chosen?: ChosenTarget;
  /** Why there is no target, when there is none: 'unknown target 'x'', 'no target given'. */
  targetProblem?: string;
  /** One per model of the file, in order, when there is a target. */
  costs: CostedModel[];
  /** The phase analysed (prefill, decode, generate: phases.ts), when one was asked for. */
  phase?: PhaseInfo;
  /** For the generate phase: one per model of the file, in order (undefined for a model not costed). */
  generations?: (Generation | undefined)[];
}

/** A target by name: a `hardware` block of the file first, then the catalog. */
export function lookupTarget(analysis: FileAnalysis, name: string): Target | undefined {
  return analysis.hardware.get(name) ?? findTarget(name);
}

/** "unknown target 'h100-sxn' (did you mean 'h100-sxm'?)": the file's hardware blocks and the catalog. */
function unknownTarget(analysis: FileAnalysis, name: string): string {
  return `unknown target '${name}'${didYouMean(name, [...analysis.hardware.keys(), ...targetNames()])}`;
}

export function chooseTarget(analysis: FileAnalysis, options: Pick<RooflineOptions, 'target' | 'fallbackTarget'>): { chosen?: ChosenTarget; problem?: string } {
  if (options.target !== undefined) {
    const t = typeof options.target === 'string' ? lookupTarget(analysis, options.target) : options.target;
    return t ? { chosen: { target: t, origin: 'option' } } : { problem: unknownTarget(analysis, String(options.target)) };
  }
  const fromFile = analysis.settings.target?.name;
  if (fromFile !== undefined) {
    const t = lookupTarget(analysis, fromFile);
    // An unknown `use target` is already a diagnostic of the file (RL405).
    if (t) return { chosen: { target: t, origin: 'file' } };
    return { problem: `unknown target '${fromFile}'` };
  }
  if (options.fallbackTarget !== undefined) {
    const t = typeof options.fallbackTarget === 'string' ? lookupTarget(analysis, options.fallbackTarget) : options.fallbackTarget;
    return t ? { chosen: { target: t, origin: 'fallback' } } : { problem: unknownTarget(analysis, String(options.fallbackTarget)) };
  }
  return { problem: 'no target given' };
}

export function analyzeRoofline(text: string, options: RooflineOptions = {}): RooflineAnalysis {
  return withinBudget(options, () => costAnalysis(analyzeText(text, options), options));
}

/** The same for a document of any format (formats/analyzeDocument.ts). */
export function analyzeDocumentRoofline(input: DocumentInput, options: RooflineOptions = {}): RooflineAnalysis {
  return withinBudget(options, () => costAnalysis(analyzeDocument(input, options), options));
}

/**
 * Runs an analysis under `options.timeBudgetMs` and `options.maxLayers`: past the time, the
 * evaluation, the importers and the costing stop where they are, and the result says so (RL217;
 * every model's totals incomplete); past the layers, the model is cut (RL215).
 */
export function withinBudget(options: RooflineOptions, work: () => RooflineAnalysis): RooflineAnalysis {
  const { result, expired } = withBudget({ timeMs: options.timeBudgetMs, layers: options.maxLayers, now: options.now }, work);
  if (!expired) return result;
  const message = `the analysis ran past its time budget of ${formatCount(options.timeBudgetMs ?? 0)} ms and was stopped: what comes after the cut is missing, and the totals are incomplete`;
  result.diagnostics = [diag('RL217', { start: 0, end: 0 }, message), ...result.diagnostics];
  for (const m of result.models) {
    m.totals.complete = false;
    (m.totals.notes ??= []).push('The analysis ran past its time budget and was stopped.');
  }
  return result;
}

/** Costs an existing file analysis (so a change of target does not re-parse). */
export function costAnalysis(analysis: FileAnalysis, options: RooflineOptions = {}): RooflineAnalysis {
  const { chosen, problem } = chooseTarget(analysis, options);
  const planned = chosen ? planModels(analysis, chosen.target, options.parallel) : { models: analysis.models.map(unplanned), diagnostics: [] };
  const costs = chosen ? planned.models.map((m) => withPlanSummary(m, costModel(m, chosen.target, { traffic: options.traffic, search: options.search, fusion: options.fusion, attention: options.attention, memo: options.costMemo, replayLimit: options.replayLimit }))) : [];
  const out: RooflineAnalysis = { ...analysis, models: planned.models, costs };
  const added = [...planned.diagnostics, ...overflowDiagnostics(planned.models, costs)];
  if (added.length > 0) out.diagnostics = [...analysis.diagnostics, ...added].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  if (chosen) out.chosen = chosen;
  if (problem) out.targetProblem = problem;
  return out;
}

/** RL219 at every layer whose cost figures overflowed (not finite numbers: they are left out). */
function overflowDiagnostics(models: readonly ModelResult[], costs: CostedModel[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  costs.forEach((c, i) => {
    // An overflowed layer has no figures: it is among the model's missing ones.
    if (c.totals.missing === 0) return;
    for (const l of c.layers) {
      if (l.status !== 'overflow') continue;
      const layer = models[i]?.layers[l.index];
      out.push({ ...diag('RL219', layer?.span ?? { start: 0, end: 0 }, `layer '${l.name}': ${l.message ?? 'its figures overflow'}`), layer: l.name });
    }
  });
  return out;
}
