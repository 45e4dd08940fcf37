// roofline/panelData: the Roofline panel's data for a document. Without what-ifs it answers from
// the document's cached analysis; with the panel's target, precision, params, traffic model or
// fusion policy it
// analyses the document again with them (in its own format), without editing the file. A model
// file that is not open as a text document (ONNX) is read from disk.
import { analyze, detectFormat, formatEntry, FUSION_POLICIES, isFusionPolicy, isPrecision, LIMITS, type FusionPolicy, type Precision, type RooflineAnalysis, type RooflineOptions, type Target } from '../core';
import type { PanelDataParams, PanelDataResult } from '../protocol/lsp';
import { panelData } from '../report/panelData';
import type { DocumentAnalysis } from './documents';
import { analyzeFileUri } from './fileDocuments';

function fileNameOf(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** The what-ifs as analysis options; an error for an unknown precision or fusion policy. */
function whatIfOptions(p: PanelDataParams, fallbackTarget: Target | string, fusion: FusionPolicy, timeBudgetMs: number): { options: RooflineOptions; precision?: Precision } | { error: string } {
  if (p.precision !== undefined && !isPrecision(p.precision)) return { error: `unknown precision '${p.precision}'` };
  if (p.fusion !== undefined && !isFusionPolicy(p.fusion)) return { error: `unknown fusion policy '${p.fusion}' (${FUSION_POLICIES.join(', ')})` };
  const precision = p.precision as Precision | undefined;
  const options: RooflineOptions = {
    fallbackTarget,
    fileName: fileNameOf(p.uri),
    timeBudgetMs,
    maxLayers: LIMITS.editorLayers,
    ...(p.target ? { target: p.target } : {}),
    ...(precision ? { precision } : {}),
    ...(p.params ? { params: p.params } : {}),
    ...(p.traffic ? { traffic: p.traffic } : {}),
    fusion: isFusionPolicy(p.fusion) ? p.fusion : fusion,
  };
  return precision ? { options, precision } : { options };
}

function answer(analysis: RooflineAnalysis, p: PanelDataParams, precision: Precision | undefined): PanelDataResult {
  const fileName = fileNameOf(p.uri);
  const data = panelData(analysis, { uri: p.uri, fileName, modelIndex: p.modelIndex, ...(precision ? { precision } : {}) });
  if (data) return { data };
  const error = analysis.diagnostics.find((d) => d.severity === 'error')?.message;
  if (analysis.models.length === 0) return { error: error ?? `${fileName} has no model` };
  return { error: analysis.targetProblem ? `no target: ${analysis.targetProblem}` : (error ?? 'the model could not be costed') };
}

export function panelDataFor(r: DocumentAnalysis, p: PanelDataParams, fallbackTarget: Target | string, fusion: FusionPolicy, timeBudgetMs: number = LIMITS.serverAnalysisMs): PanelDataResult {
  const whatIf = p.target !== undefined || p.precision !== undefined || (p.params && Object.keys(p.params).length > 0) || p.traffic !== undefined || (p.fusion !== undefined && p.fusion !== fusion);
  if (!whatIf) return answer(r.analysis, p, undefined);
  const w = whatIfOptions(p, fallbackTarget, fusion, timeBudgetMs);
  if ('error' in w) return w;
  const text = r.analysis.text;
  const format = detectFormat(fileNameOf(p.uri), text);
  const entry = formatEntry(format);
  if (entry.kind === 'binary') return { error: `${/^[AEIOU]/.test(entry.title) ? 'an' : 'a'} ${entry.title} file is not a text document` };
  return answer(analyze({ format, text }, w.options), p, w.precision);
}

export function panelDataForFile(p: PanelDataParams, fallbackTarget: Target | string, fusion: FusionPolicy, timeBudgetMs: number = LIMITS.serverAnalysisMs): PanelDataResult {
  const w = whatIfOptions(p, fallbackTarget, fusion, timeBudgetMs);
  if ('error' in w) return w;
  const read = analyzeFileUri(p.uri, w.options);
  if ('error' in read) return { error: read.error };
  return answer(read, p, w.precision);
}
