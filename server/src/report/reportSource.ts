// What a standalone report carries so that its what-if controls work offline: the model file's
// text (or, for an ONNX file, whose weights are never embedded, its analysed models), the options
// the report was made with, and a target read from a target file. `runReportSource` analyses it
// again with the page's what-ifs, in the browser (reportEngine.ts) as in the command line, which
// makes the report's first data with it, so both draw the same numbers. Pure: no node, no editor.
import { analyze, type AnalysisOptions, costAnalysis, importedAnalysis, type FileAnalysis, type ModelFormat, type ModelResult, type RooflineAnalysis, type Target } from '../core';
import { ALL_CONTROLS, type PanelData, type WhatIf, type WhatIfControls } from '../protocol/panel';
import { panelData } from './panelData';
import { whatIfOptions, type WhatIfBase } from './whatIfOptions';

/** The options the report was made with: what its what-ifs start from (whatIfOptions.ts), and its model. */
export interface ReportOptions extends WhatIfBase {
  /** A catalog target, a `hardware` block of the file, or the name of one of `targets`. */
  target?: string;
  modelIndex?: number;
}

export interface ReportSource {
  uri: string;
  fileName: string;
  /** A text format's text: every what-if analyses it again. */
  text?: string;
  format?: Exclude<ModelFormat, 'onnx'>;
  /** An ONNX file's analysed models (the bytes are not embedded): the what-ifs cost them again. */
  models?: ModelResult[];
  options: ReportOptions;
  /** Targets read from target files (`--target my.target.json`). */
  targets?: Target[];
}

/** The controls that can work on a source: all on a text; an ONNX model cannot be read again, so
 *  neither its params nor its precision (fixed when its graph was read) can change. */
export function sourceControls(src: ReportSource): WhatIfControls {
  if (src.text !== undefined) return { ...ALL_CONTROLS };
  return { target: true, precision: false, params: false, fusion: true, traffic: true, attention: false, phase: false, parallel: true };
}

function analysisOf(src: ReportSource, options: AnalysisOptions): RooflineAnalysis {
  if (src.text !== undefined) return analyze({ text: src.text, ...(src.format ? { format: src.format } : {}) }, options);
  const file: FileAnalysis = importedAnalysis('', src.models ?? [], []);
  return costAnalysis(file, options);
}

/** The report's data under the what-ifs (none: as the report was made). */
export function runReportSource(src: ReportSource, whatIf: WhatIf = {}): { data: PanelData } | { error: string } {
  const o = src.options;
  const controls = sourceControls(src);
  // A control that cannot work on this source (sourceControls) leaves its what-if unread.
  const allowed: WhatIf = {
    ...whatIf,
    ...(controls.precision ? {} : { precision: undefined }),
    ...(controls.params ? {} : { params: undefined }),
    ...(controls.attention ? {} : { attention: undefined }),
    ...(controls.phase ? {} : { phase: undefined }),
  };
  const w = whatIfOptions(allowed, o);
  if ('error' in w) return w;
  const { precision, attention } = w;
  // A target read from a target file is named by the what-if.
  const target = typeof w.options.target === 'string' ? (src.targets?.find((t) => t.name === w.options.target) ?? w.options.target) : w.options.target;
  const options: AnalysisOptions = { fileName: src.fileName, ...w.options, ...(target !== undefined ? { target } : {}) };
  let analysis: RooflineAnalysis;
  try {
    analysis = analysisOf(src, options);
  } catch (error) {
    return { error: `the analysis failed: ${String(error)}` };
  }
  const data = panelData(analysis, { uri: src.uri, fileName: src.fileName, modelIndex: o.modelIndex, ...(precision ? { precision } : {}), ...(attention ? { attention } : {}) });
  if (data) return { data };
  return { error: analysis.targetProblem ? `no target: ${analysis.targetProblem}` : 'the model could not be costed' };
}
