// roofline/panelData: the Roofline panel's data for a document. Without what-ifs it answers from
// the document's cached analysis; with the panel's target, precision, params or traffic model it
// analyses the document's text again with them, without editing the file.
import { isPrecision } from '../core/precision';
import { analyzeRoofline, costAnalysis, type RooflineAnalysis } from '../core/roofline';
import { analyzeFileUri } from './fileDocuments';
import type { Target } from '../core/hardware/types';
import type { PanelDataParams, PanelDataResult } from '../protocol/lsp';
import { panelData } from '../report/panelData';
import type { DocumentAnalysis } from './documents';

export function panelDataFor(r: DocumentAnalysis, p: PanelDataParams, fallbackTarget: Target | string): PanelDataResult {
  const whatIf = p.target !== undefined || p.precision !== undefined || (p.params && Object.keys(p.params).length > 0) || p.traffic !== undefined;
  let analysis: RooflineAnalysis = r.analysis;
  if (whatIf) {
    if (p.precision !== undefined && !isPrecision(p.precision)) return { error: `unknown precision '${p.precision}'` };
    analysis = analyzeRoofline(r.analysis.text, {
      fallbackTarget,
      ...(p.target ? { target: p.target } : {}),
      ...(p.precision && isPrecision(p.precision) ? { precision: p.precision } : {}),
      ...(p.params ? { params: p.params } : {}),
      ...(p.traffic ? { traffic: p.traffic } : {}),
    });
  }
  const fileName = decodeURIComponent(r.uri.slice(r.uri.lastIndexOf('/') + 1));
  const data = panelData(analysis, { uri: r.uri, fileName, modelIndex: p.modelIndex, ...(p.precision ? { precision: p.precision } : {}) });
  if (data) return { data };
  if (analysis.models.length === 0) return { error: `${fileName} has no model` };
  return { error: analysis.targetProblem ? `no target: ${analysis.targetProblem}` : 'the model could not be costed' };
}

/** The panel's data for a model file that is not open as a text document (an ONNX file). */
export function panelDataForFile(p: PanelDataParams, fallbackTarget: Target | string): PanelDataResult {
  const precision = p.precision !== undefined && isPrecision(p.precision) ? p.precision : undefined;
  if (p.precision !== undefined && !precision) return { error: `unknown precision '${p.precision}'` };
  const read = analyzeFileUri(p.uri, { ...(p.params ? { params: p.params } : {}), ...(precision ? { precision } : {}) });
  if ('error' in read) return { error: read.error };
  const analysis = costAnalysis(read, { fallbackTarget, ...(p.target ? { target: p.target } : {}), ...(p.traffic ? { traffic: p.traffic } : {}) });
  const fileName = decodeURIComponent(p.uri.slice(p.uri.lastIndexOf('/') + 1));
  const data = panelData(analysis, { uri: p.uri, fileName, modelIndex: p.modelIndex, ...(precision ? { precision } : {}) });
  if (data) return { data };
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  return { error: errors[0] ?? (analysis.targetProblem ? `no target: ${analysis.targetProblem}` : `${fileName} has no model`) };
}
