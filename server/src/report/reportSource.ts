// What a standalone report carries so that its what-if controls work offline: the model file's
// text (or, for an ONNX file, whose weights are never embedded, its analysed models), the options
// the report was made with, and a target read from a target file. `runReportSource` analyses it
// again with the page's what-ifs, in the browser (reportEngine.ts) as in the command line, which
// makes the report's first data with it, so both draw the same numbers. Pure: no node, no editor.
import { analyze, costAnalysis, FUSION_POLICIES, importedAnalysis, isFusionPolicy, isPrecision, type FileAnalysis, type FusionPolicy, type ModelFormat, type ModelResult, type Precision, type RooflineAnalysis, type RooflineOptions, type Target, type TrafficModel } from '../core';
import { ALL_CONTROLS, type PanelData, type WhatIf, type WhatIfControls } from '../protocol/panel';
import { panelData } from './panelData';

export interface ReportOptions {
  /** A catalog target, a `hardware` block of the file, or the name of one of `targets`. */
  target?: string;
  precision?: Precision;
  params?: Record<string, number>;
  traffic?: TrafficModel;
  fusion?: FusionPolicy;
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
  return { target: true, precision: false, params: false, fusion: true, traffic: true };
}

function analysisOf(src: ReportSource, options: RooflineOptions): RooflineAnalysis {
  if (src.text !== undefined) return analyze({ text: src.text, ...(src.format ? { format: src.format } : {}) }, options);
  const file: FileAnalysis = importedAnalysis('', src.models ?? [], []);
  return costAnalysis(file, options);
}

/** The report's data under the what-ifs (none: as the report was made). */
export function runReportSource(src: ReportSource, whatIf: WhatIf = {}): { data: PanelData } | { error: string } {
  const o = src.options;
  const controls = sourceControls(src);
  const precision = controls.precision ? (whatIf.precision ?? o.precision) : o.precision;
  if (precision !== undefined && !isPrecision(precision)) return { error: `unknown precision '${precision}'` };
  const fusion = whatIf.fusion ?? o.fusion;
  if (fusion !== undefined && !isFusionPolicy(fusion)) return { error: `unknown fusion policy '${fusion}' (${FUSION_POLICIES.join(', ')})` };
  const targetName = whatIf.target ?? o.target;
  const target = src.targets?.find((t) => t.name === targetName) ?? targetName;
  const params = controls.params ? { ...o.params, ...whatIf.params } : o.params;
  const traffic = whatIf.traffic ?? o.traffic;
  const options: RooflineOptions = {
    fileName: src.fileName,
    ...(target !== undefined ? { target } : {}),
    ...(precision !== undefined ? { precision } : {}),
    ...(params && Object.keys(params).length > 0 ? { params } : {}),
    ...(traffic !== undefined ? { traffic } : {}),
    ...(fusion !== undefined ? { fusion } : {}),
  };
  let analysis: RooflineAnalysis;
  try {
    analysis = analysisOf(src, options);
  } catch (error) {
    return { error: `the analysis failed: ${String(error)}` };
  }
  const data = panelData(analysis, { uri: src.uri, fileName: src.fileName, modelIndex: o.modelIndex, ...(precision ? { precision } : {}) });
  if (data) return { data };
  return { error: analysis.targetProblem ? `no target: ${analysis.targetProblem}` : 'the model could not be costed' };
}
