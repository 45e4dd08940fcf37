// roofline/panelData: the Roofline panel's data for a document. Without what-ifs it answers from
// the document's cached analysis; with the panel's target, precision (one datatype or W/A/KV),
// params, traffic model, fusion policy, attention mode or phase it
// analyses the document again with them (in its own format), without editing the file. A model
// file that is not open as a text document (ONNX) is read from disk.
import { analyze, type AnalysisOptions, type AttentionMode, detectFormat, formatEntry, formatFileWords, LIMITS, type RooflineAnalysis } from '../core';
import type { PanelDataParams, PanelDataResult } from '../protocol/lsp';
import { panelData } from '../report/panelData';
import { whatIfOptions } from '../report/whatIfOptions';
import type { DocumentAnalysis, DocumentSettings } from './documents';
import { analyzeFileUri } from './fileDocuments';

function fileNameOf(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** The what-ifs over the folder's settings as analysis options (report/whatIfOptions.ts), in the editor's limits. */
function panelOptions(p: PanelDataParams, s: DocumentSettings): { options: AnalysisOptions; precision?: string; attention: AttentionMode } | { error: string } {
  // The document's settings are the base of the what-ifs (their fusion, attention, phase and plan).
  const w = whatIfOptions(p, s);
  if ('error' in w) return w;
  const options: AnalysisOptions = { fallbackTarget: s.fallbackTarget, fileName: fileNameOf(p.uri), timeBudgetMs: s.timeBudgetMs, maxLayers: LIMITS.editorLayers, ...w.options };
  return { options, ...(w.precision !== undefined ? { precision: w.precision } : {}), attention: w.attention ?? s.attention };
}

function answer(analysis: RooflineAnalysis, p: PanelDataParams, precision: string | undefined, attention: AttentionMode): PanelDataResult {
  const fileName = fileNameOf(p.uri);
  const data = panelData(analysis, { uri: p.uri, fileName, modelIndex: p.modelIndex, attention, ...(precision ? { precision } : {}) });
  if (data) return { data };
  const error = analysis.diagnostics.find((d) => d.severity === 'error')?.message;
  if (analysis.models.length === 0) return { error: error ?? `${fileName} has no model` };
  return { error: analysis.targetProblem ? `no target: ${analysis.targetProblem}` : (error ?? 'the model could not be costed') };
}

/** The panel's data for an open document under its settings `s`: its cached analysis, or one with the panel's what-ifs. */
export function panelDataFor(r: DocumentAnalysis, p: PanelDataParams, s: DocumentSettings): PanelDataResult {
  const whatIf =
    p.target !== undefined || p.precision !== undefined || (p.params && Object.keys(p.params).length > 0) || p.traffic !== undefined || (p.fusion !== undefined && p.fusion !== s.fusion) || (p.attention !== undefined && p.attention !== s.attention) || p.phase !== undefined || p.parallel !== undefined;
  if (!whatIf) return answer(r.analysis, p, undefined, s.attention);
  const w = panelOptions(p, s);
  if ('error' in w) return w;
  const text = r.analysis.text;
  const format = detectFormat(fileNameOf(p.uri), text);
  const entry = formatEntry(format);
  if (entry.kind === 'binary') return { error: `${formatFileWords(format)} is not a text document` };
  return answer(analyze({ format, text }, w.options), p, w.precision, w.attention);
}

/** The same for a model file that is not open as a text document (ONNX), read from disk. */
export function panelDataForFile(p: PanelDataParams, s: DocumentSettings): PanelDataResult {
  const w = panelOptions(p, s);
  if ('error' in w) return w;
  const read = analyzeFileUri(p.uri, w.options);
  if ('error' in read) return { error: read.error };
  return answer(read, p, w.precision, w.attention);
}
