// The last steps of every analysis, whichever way its file analysis was made (analyze in index.ts,
// or an editor's session that re-uses what an edit left alone): the file analysis costed on the
// chosen target (roofline.ts) and, when the rules' settings are given, the bottleneck diagnostics
// (rules/) added to the file's, in position order; a language model's phase (phases.ts) is several
// evaluations put together before the rules run. `analyze` (index.ts) is analyzeInput.
import type { FileAnalysis } from './analyze';
import { CostMemo } from './cost/costMemo';
import { analyzeDocument, type DocumentInput } from './formats/analyzeDocument';
import { analyzePhase, type PhaseOptions } from './phases';
import { costAnalysis, type RooflineAnalysis, type RooflineOptions } from './roofline';
import { bottleneckDiagnostics, type RuleSettings } from './rules';

export interface AnalysisOptions extends RooflineOptions {
  /** The bottleneck rules' settings: when given, the rules run and their diagnostics join the file's. */
  rules?: Readonly<RuleSettings>;
  /** A phase of a language model's inference (phases.ts): prefill, decode, or a whole generation. */
  phase?: PhaseOptions;
  /**
   * Called once the file is evaluated, before it is costed (not under a phase, whose evaluations
   * and costings alternate). The command line collects a large file's garbage there: with
   * `syntax: false` its syntax tree is let go at that point (cli/collectGarbage.ts).
   */
  evaluated?: () => void;
}

/** A document of any format analysed, costed (a language model's phase: evaluation by evaluation) and checked. */
export function analyzeInput(doc: DocumentInput, options: AnalysisOptions): RooflineAnalysis {
  if (!options.phase) {
    const file = analyzeDocument(doc, options);
    options.evaluated?.();
    return finishAnalysis(file, options);
  }
  // A phase: several evaluations (prefill, decode steps), whose costings share what they can.
  const costing = { ...options, costMemo: options.costMemo ?? new CostMemo() };
  const run = (params: Record<string, number> | undefined) => costAnalysis(analyzeDocument(doc, params ? { ...options, params } : options), costing);
  const p = analyzePhase(run, options.phase, options.params, (params) => analyzeDocument(doc, { ...options, params }).models[0]?.params ?? []);
  const analysis = p.analysis;
  analysis.phase = p.phase;
  if (p.generations) analysis.generations = p.generations;
  return withRules(analysis, options);
}

/** The file analysis costed and checked by the rules. */
export function finishAnalysis(file: FileAnalysis, options: AnalysisOptions): RooflineAnalysis {
  // The models of one file share their per-layer figures and tile searches (cost/costMemo.ts).
  return withRules(costAnalysis(file, options.costMemo ? options : { ...options, costMemo: new CostMemo() }), options);
}

/** The bottleneck rules' diagnostics added to a costed analysis, when their settings are given. */
function withRules(analysis: RooflineAnalysis, options: AnalysisOptions): RooflineAnalysis {
  if (options.rules) {
    const bottlenecks = bottleneckDiagnostics(analysis, options.rules);
    if (bottlenecks.length > 0) {
      analysis.diagnostics = [...analysis.diagnostics, ...bottlenecks].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    }
  }
  return analysis;
}
