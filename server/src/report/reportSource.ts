// What a standalone report carries so that its what-if controls work offline: the model file's
// text (or, for an ONNX file, whose weights are never embedded, its analysed models), the options
// the report was made with, and a target read from a target file. `runReportSource` analyses it
// again with the page's what-ifs, in the browser (reportEngine.ts) as in the command line, which
// makes the report's first data with it, so both draw the same numbers. Pure: no node, no editor.
import { analyze, type AnalysisOptions, ATTENTION_MODES, type AttentionMode, costAnalysis, FUSION_POLICIES, importedAnalysis, isFusionPolicy, isPhase, isRolesProblem, type ParallelPlan, parsePlan, parsePrecisionRoles, PHASES, SINGLE_DEVICE, type FileAnalysis, type FusionPolicy, type ModelFormat, type ModelResult, type PhaseOptions, type RooflineAnalysis, rolesProblemText, type Target, type TrafficModel } from '../core';
import { ALL_CONTROLS, type PanelData, type WhatIf, type WhatIfControls } from '../protocol/panel';
import { panelData } from './panelData';

export interface ReportOptions {
  /** A catalog target, a `hardware` block of the file, or the name of one of `targets`. */
  target?: string;
  /** One datatype, or weights/activations/kv (`int4/fp16/int8`). */
  precision?: string;
  params?: Record<string, number>;
  traffic?: TrafficModel;
  fusion?: FusionPolicy;
  attention?: AttentionMode;
  phase?: PhaseOptions;
  /** A parallel plan (--tp, --pp...); absent: the file's own `use parallel`, else one device. */
  parallel?: ParallelPlan;
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
  const precision = controls.precision ? (whatIf.precision ?? o.precision) : o.precision;
  const roles = precision !== undefined ? parsePrecisionRoles(precision) : undefined;
  if (precision !== undefined && roles && isRolesProblem(roles)) return { error: rolesProblemText(precision, roles) };
  const attention = controls.attention ? (whatIf.attention ?? o.attention) : o.attention;
  if (attention !== undefined && !(ATTENTION_MODES as readonly string[]).includes(attention)) return { error: `unknown attention mode '${attention}' (${ATTENTION_MODES.join(', ')})` };
  let phase = o.phase;
  if (controls.phase && whatIf.phase !== undefined) {
    if (whatIf.phase === 'model') phase = undefined;
    else if (isPhase(whatIf.phase)) phase = { phase: whatIf.phase, ...(whatIf.prompt !== undefined ? { prompt: whatIf.prompt } : {}), ...(whatIf.phase === 'generate' && whatIf.newTokens !== undefined ? { newTokens: whatIf.newTokens } : {}) };
    else return { error: `unknown phase '${whatIf.phase}' (model, ${PHASES.join(', ')})` };
  }
  const fusion = whatIf.fusion ?? o.fusion;
  if (fusion !== undefined && !isFusionPolicy(fusion)) return { error: `unknown fusion policy '${fusion}' (${FUSION_POLICIES.join(', ')})` };
  const targetName = whatIf.target ?? o.target;
  const target = src.targets?.find((t) => t.name === targetName) ?? targetName;
  const params = controls.params ? { ...o.params, ...whatIf.params } : o.params;
  const traffic = whatIf.traffic ?? o.traffic;
  // The page's plan ('': one device, whatever the file says); without one, the report's.
  let parallel = o.parallel;
  if (whatIf.parallel !== undefined) {
    const plan = whatIf.parallel.trim() !== '' ? parsePlan(whatIf.parallel) : undefined;
    if (plan && plan.problems.length > 0) return { error: plan.problems[0].message };
    parallel = plan?.plan ?? SINGLE_DEVICE;
  }
  const options: AnalysisOptions = {
    fileName: src.fileName,
    ...(target !== undefined ? { target } : {}),
    ...(roles && !isRolesProblem(roles) ? { precision: roles } : {}),
    ...(attention !== undefined ? { attention: attention as AttentionMode } : {}),
    ...(phase ? { phase } : {}),
    ...(params && Object.keys(params).length > 0 ? { params } : {}),
    ...(traffic !== undefined ? { traffic } : {}),
    ...(fusion !== undefined ? { fusion } : {}),
    ...(parallel ? { parallel } : {}),
  };
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
