// The last steps of every analysis, whichever way its file analysis was made (analyze in index.ts,
// or an editor's session that re-uses what an edit left alone): the file analysis costed on the
// chosen target (roofline.ts) and, when the rules' settings are given, the bottleneck diagnostics
// (rules/) added to the file's, in position order.
import type { FileAnalysis } from './analyze';
import { costAnalysis, type RooflineAnalysis, type RooflineOptions } from './roofline';
import { bottleneckDiagnostics, type RuleSettings } from './rules';

export interface AnalysisOptions extends RooflineOptions {
  /** The bottleneck rules' settings: when given, the rules run and their diagnostics join the file's. */
  rules?: Readonly<RuleSettings>;
}

/** The file analysis costed and checked by the rules. */
export function finishAnalysis(file: FileAnalysis, options: AnalysisOptions): RooflineAnalysis {
  const analysis = costAnalysis(file, options);
  if (options.rules) {
    const bottlenecks = bottleneckDiagnostics(analysis, options.rules);
    if (bottlenecks.length > 0) {
      analysis.diagnostics = [...analysis.diagnostics, ...bottlenecks].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    }
  }
  return analysis;
}
