// roofline/panelData: the Roofline panel's data for a document. Without what-ifs it answers from
// the document's cached analysis; with the panel's target, precision (one datatype or W/A/KV),
// params, traffic model, fusion policy, attention mode or phase it
// analyses the document again with them (in its own format), without editing the file. A model
// file that is not open as a text document (ONNX) is read from disk.
import { analyze, type AnalysisOptions, ATTENTION_MODES, type AttentionMode, detectFormat, formatEntry, FUSION_POLICIES, isFusionPolicy, isPhase, isRolesProblem, LIMITS, type ParallelPlan, parsePlan, parsePrecisionRoles, PHASES, SINGLE_DEVICE, type FusionPolicy, type PhaseOptions, rolesProblemText, type RooflineAnalysis, type Target } from '../core';
import type { PanelDataParams, PanelDataResult } from '../protocol/lsp';
import { panelData } from '../report/panelData';
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

/** The what-ifs as analysis options; an error for an unknown precision, fusion policy, attention mode or phase. */
function whatIfOptions(p: PanelDataParams, fallbackTarget: Target | string, fusion: FusionPolicy, llm: LlmSettings, timeBudgetMs: number): { options: AnalysisOptions; precision?: string; attention: AttentionMode } | { error: string } {
  const roles = p.precision !== undefined ? parsePrecisionRoles(p.precision) : undefined;
  if (p.precision !== undefined && roles && isRolesProblem(roles)) return { error: rolesProblemText(p.precision, roles) };
  if (p.fusion !== undefined && !isFusionPolicy(p.fusion)) return { error: `unknown fusion policy '${p.fusion}' (${FUSION_POLICIES.join(', ')})` };
  if (p.attention !== undefined && !(ATTENTION_MODES as readonly string[]).includes(p.attention)) return { error: `unknown attention mode '${p.attention}' (${ATTENTION_MODES.join(', ')})` };
  if (p.phase !== undefined && p.phase !== 'model' && !isPhase(p.phase)) return { error: `unknown phase '${p.phase}' (model, ${PHASES.join(', ')})` };
  // The panel's plan ('': one device, whatever the file says); without one, the setting's, else the file's own.
  const plan = p.parallel !== undefined && p.parallel.trim() !== '' ? parsePlan(p.parallel) : undefined;
  if (plan && plan.problems.length > 0) return { error: plan.problems[0].message };
  const parallel = p.parallel !== undefined ? (plan?.plan ?? SINGLE_DEVICE) : llm.parallel;
  const attention = (p.attention as AttentionMode | undefined) ?? llm.attention;
  let phase = llm.phase;
  if (p.phase === 'model') phase = undefined;
  else if (isPhase(p.phase)) phase = { phase: p.phase, ...(p.prompt !== undefined ? { prompt: p.prompt } : {}), ...(p.phase === 'generate' && p.newTokens !== undefined ? { newTokens: p.newTokens } : {}) };
  const options: AnalysisOptions = {
    fallbackTarget,
    fileName: fileNameOf(p.uri),
    timeBudgetMs,
    maxLayers: LIMITS.editorLayers,
    ...(p.target ? { target: p.target } : {}),
    ...(roles && !isRolesProblem(roles) ? { precision: roles } : {}),
    ...(p.params ? { params: p.params } : {}),
    ...(p.traffic ? { traffic: p.traffic } : {}),
    fusion: isFusionPolicy(p.fusion) ? p.fusion : fusion,
    attention,
    ...(phase ? { phase } : {}),
    ...(parallel ? { parallel } : {}),
  };
  return p.precision !== undefined ? { options, precision: p.precision, attention } : { options, attention };
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
  const w = whatIfOptions(p, fallbackTarget, fusion, llm, timeBudgetMs);
  if ('error' in w) return w;
  const text = r.analysis.text;
  const format = detectFormat(fileNameOf(p.uri), text);
  const entry = formatEntry(format);
  if (entry.kind === 'binary') return { error: `${/^[AEIOU]/.test(entry.title) ? 'an' : 'a'} ${entry.title} file is not a text document` };
  return answer(analyze({ format, text }, w.options), p, w.precision, w.attention);
}

export function panelDataForFile(p: PanelDataParams, fallbackTarget: Target | string, fusion: FusionPolicy, llm: LlmSettings, timeBudgetMs: number = LIMITS.serverAnalysisMs): PanelDataResult {
  const w = whatIfOptions(p, fallbackTarget, fusion, llm, timeBudgetMs);
  if ('error' in w) return w;
  const read = analyzeFileUri(p.uri, w.options);
  if ('error' in read) return { error: read.error };
  return answer(read, p, w.precision, w.attention);
}
