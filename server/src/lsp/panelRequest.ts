// roofline/panelData: the Roofline panel's data for a document. Without what-ifs it answers from
// the document's cached analysis; with the panel's target, precision (one datatype or W/A/KV),
// params, traffic model, fusion policy, attention mode or phase it
// analyses the document again with them (in its own format), without editing the file. A model
// file that is not open as a text document (ONNX) is read from disk.
import { analyze, type AnalysisOptions, type AttentionMode, detectFormat, formatEntry, formatFileWords, LIMITS, type ParallelPlan, type FusionPolicy, type PhaseOptions, type RooflineAnalysis, type Target } from '../core';
import type { PanelDataParams, PanelDataResult } from '../protocol/lsp';
import { panelData } from '../report/panelData';
import { whatIfOptions } from '../report/whatIfOptions';
import type { DocumentAnalysis } from './documents';
import { analyzeFileUri } from './fileDocuments';

function fileNameOf(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** The language-model settings the panel's what-ifs start from (roofline.attention, roofline.phase...). */
export interface LlmSettings {
  attention: AttentionMode;
  phase?: PhaseOptions;
  /** The `roofline.parallel` setting's plan. */
  parallel?: ParallelPlan;
}

/** The what-ifs over the folder's settings as analysis options (report/whatIfOptions.ts), in the editor's limits. */
function panelOptions(p: PanelDataParams, fallbackTarget: Target | string, fusion: FusionPolicy, llm: LlmSettings, timeBudgetMs: number): { options: AnalysisOptions; precision?: string; attention: AttentionMode } | { error: string } {
  const w = whatIfOptions(p, { fusion, attention: llm.attention, ...(llm.phase ? { phase: llm.phase } : {}), ...(llm.parallel ? { parallel: llm.parallel } : {}) });
  if ('error' in w) return w;
  const options: AnalysisOptions = { fallbackTarget, fileName: fileNameOf(p.uri), timeBudgetMs, maxLayers: LIMITS.editorLayers, ...w.options };
  return { options, ...(w.precision !== undefined ? { precision: w.precision } : {}), attention: w.attention ?? llm.attention };
}

function answer(analysis: RooflineAnalysis, p: PanelDataParams, precision: string | undefined, attention: AttentionMode): PanelDataResult {
  const fileName = fileNameOf(p.uri);
  const data = panelData(analysis, { uri: p.uri, fileName, modelIndex: p.modelIndex, attention, ...(precision ? { precision } : {}) });
  if (data) return { data };
  const error = analysis.diagnostics.find((d) => d.severity === 'error')?.message;
  if (analysis.models.length === 0) return { error: error ?? `${fileName} has no model` };
  return { error: analysis.targetProblem ? `no target: ${analysis.targetProblem}` : (error ?? 'the model could not be costed') };
}

export function panelDataFor(r: DocumentAnalysis, p: PanelDataParams, fallbackTarget: Target | string, fusion: FusionPolicy, llm: LlmSettings, timeBudgetMs: number = LIMITS.serverAnalysisMs): PanelDataResult {
  const whatIf =
    p.target !== undefined || p.precision !== undefined || (p.params && Object.keys(p.params).length > 0) || p.traffic !== undefined || (p.fusion !== undefined && p.fusion !== fusion) || (p.attention !== undefined && p.attention !== llm.attention) || p.phase !== undefined || p.parallel !== undefined;
  if (!whatIf) return answer(r.analysis, p, undefined, llm.attention);
  const w = panelOptions(p, fallbackTarget, fusion, llm, timeBudgetMs);
  if ('error' in w) return w;
  const text = r.analysis.text;
  const format = detectFormat(fileNameOf(p.uri), text);
  const entry = formatEntry(format);
  if (entry.kind === 'binary') return { error: `${formatFileWords(format)} is not a text document` };
  return answer(analyze({ format, text }, w.options), p, w.precision, w.attention);
}

export function panelDataForFile(p: PanelDataParams, fallbackTarget: Target | string, fusion: FusionPolicy, llm: LlmSettings, timeBudgetMs: number = LIMITS.serverAnalysisMs): PanelDataResult {
  const w = panelOptions(p, fallbackTarget, fusion, llm, timeBudgetMs);
  if ('error' in w) return w;
  const read = analyzeFileUri(p.uri, w.options);
  if ('error' in read) return { error: read.error };
  return answer(read, p, w.precision, w.attention);
}
