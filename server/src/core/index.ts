// The analysis core's façade: the only core module that the language server (lsp/), the editor
// helpers (ide/), the command line (cli/), the panel's data (report/) and the node-side readers
// (formats-node/) import; test/architecture.test.ts checks it. One way in: `analyze` takes the text
// or the bytes of a model file in any format, with options, and returns the file's analysis
// (shapes, counts, diagnostics) and its costs on the chosen target. `costAnalysis` costs an
// existing analysis again (a change of target or traffic model does not re-parse). Everything else
// here is the vocabulary the front ends speak: result types, the operator table, the target
// catalog, the bottleneck rules and the quick-fix planners. Pure; never throws on bad input.
import type { DocumentInput } from './formats/analyzeDocument';
import type { ModelFormat } from './formats/registry';
import { detectFormat, detectSourceFormat } from './formats/detect';
import type { ByteSource } from './formats/onnx/byteSource';
import { analyzeDocument } from './formats/analyzeDocument';
import { analyzeInput, type AnalysisOptions } from './finishAnalysis';
import { costAnalysis, withinBudget, type RooflineAnalysis } from './roofline';
import { CostMemo } from './cost/costMemo';
import { planReport, type PlanReport, type PlanRequest } from './parallel/planPhases';
import { SINGLE_DEVICE } from './parallel/plan';

/** A model file's text or its bytes through a random-access source, its format named or detected
 *  from the file name (options.fileName) and the content (formats/registry.ts). */
export type AnalysisInput = { text: string; format?: ModelFormat } | { source: ByteSource; format?: ModelFormat };

/** The input with its format. */
function documentOf(input: AnalysisInput, fileName: string): DocumentInput {
  if ('text' in input) return { format: input.format ?? detectFormat(fileName, input.text), text: input.text };
  return { format: input.format ?? detectSourceFormat(fileName, input.source), source: input.source };
}

/** The one way into the core: a model file of any format, analysed and costed. */
export function analyze(input: AnalysisInput, options: AnalysisOptions = {}): RooflineAnalysis {
  // Under the time budget of `options.timeBudgetMs` (core/limits.ts), when one is given.
  return withinBudget(options, () => analyzeInput(documentOf(input, options.fileName ?? ''), options));
}

export type { AnalysisOptions } from './finishAnalysis';
export { AnalysisSession, type UpdateStats } from './incremental/session';
export { CostMemo } from './cost/costMemo';

/**
 * `roofline plan`: every parallel plan within a device budget for one model of the file, with its
 * memory a device, and its TTFT, TPOT and tokens/s (a language model) or its run time and samples/s
 * (parallel/planPhases.ts). The file's own `use parallel` is set aside: the search sets the plans.
 * `analysis`: the file's analysis under these options when the caller has made it already (the
 * command line, for its diagnostics), so that it is not made again; the search reads its models as
 * written (before any plan) and its target.
 */
export function planSearch(input: AnalysisInput, options: AnalysisOptions, request: PlanRequest, analysis?: RooflineAnalysis): PlanReport | { error: string } {
  const doc = documentOf(input, options.fileName ?? '');
  const memo = new CostMemo();
  const costing: AnalysisOptions = { ...options, costMemo: memo, parallel: SINGLE_DEVICE };
  const run = (params: Record<string, number>) => costAnalysis(analyzeDocument(doc, { ...options, params: { ...options.params, ...params } }), costing);
  const cost = { traffic: options.traffic, fusion: options.fusion, attention: options.attention, memo };
  return planReport(run, analysis ?? run({}), request, { cost });
}

// ---- analysis results and re-costing ------------------------------------------------------------
export { costAnalysis, type ChosenTarget, type RooflineAnalysis, type RooflineOptions, type TargetOrigin } from './roofline';
export type { AnalyzeOptions, FileAnalysis } from './analyze';
export { importedAnalysis } from './formats/common';
export { detectFormat, detectSourceFormat, documentFormat } from './formats/detect';
export { FORMATS, formatEntry, formatFileWords, type ModelFormat, type TextFormatId } from './formats/registry';
export { MemorySource, type ByteSource } from './formats/onnx/byteSource';
export { DEFAULT_ATTENTION } from './cost/flashAttention';
export { ATTENTION_MODES, isAttentionMode, type AttentionMode, type Layer, type LayerBytes, type LayerPart, type ModelResult, type StoredWeights, type Totals } from './semantics/model';
export type { Bound, CostedLayer, CostedModel, CostTotals, LayerTile, LevelRoof, TrafficModel } from './cost/types';
export { APPROXIMATIONS } from './cost/approximations';
export { DEFAULT_FUSION, FUSION_POLICIES, GROUP_KINDS, isFusionPolicy, MEMBER_ROLES, type FusionGroup, type FusionPolicy, type GroupKind, type MemberRole } from './cost/fusion';
export { simulationCsv, simulationReport, SIMULATION_CSV_COLUMNS, type SimulationReport, type SimulationRow } from './cost/simulationReport';
export type { Accesses } from './cost/systolicMemory';
export { unrollSearchModel } from './cost/unrollSearch';
export { DEFAULT_NEW_TOKENS, isPhase, PHASES, type Generation, type Phase, type PhaseInfo, type PhaseOptions } from './phases';
export { jsonReport, streamedReport, type JsonReport, type StreamedReport } from './report/jsonReport';
export { batchOf, perRunWords, throughputWords } from './report/throughput';
export { toNnm } from './formats/toNnm';
export { checkDegree, devicesOf, MAX_DEGREE, parsePlan, PLAN_KEY_WORDS, PLAN_KEYS, planText, SINGLE_DEVICE, type ParallelPlan } from './parallel/plan';
export { searchPlans, type PhaseModel, type PlanCandidate, type PlanSearch } from './parallel/search';
export type { PlanFigures, PlanReport, PlanRequest } from './parallel/planPhases';
export { COLLECTIVE_WORDS } from './parallel/collectives';
export { deviceMemoryLine, memoryWords, planLines } from './parallel/planWords';
export { deviceCapacity, deviceFit } from './semantics/deviceBytes';
export { unplanned } from './parallel/applyPlan';
export { planFitFix, type PlanFitFix } from './fixes/planFit';
export type { CostedParallel } from './parallel/summary';
export type { JsonParallel } from './parallel/jsonParallel';

// ---- limits -------------------------------------------------------------------------------------
export { LIMITS } from './limits';

// ---- diagnostics and positions ------------------------------------------------------------------
export type { Diagnostic, RelatedInfo, Severity, Span } from './diagnostics/types';
export { closest, didYouMean, editDistance } from './text/suggest';
export { LineIndex } from './text/lineIndex';
export { bottleneckDiagnostics, DEFAULT_RULE_SETTINGS, RULE_NAMES, RULE_SEVERITIES, RULES, ruleSettingsFromSection, type RuleName, type RuleSettings, type RuleSeverity } from './rules';
export { DIAGNOSTIC_CODES, type CodeInfo } from './diagnostics/codes';
export { publishedDiagnostics } from './diagnostics/limitDiagnostics';

// ---- the language: syntax, operators, builtins, precisions ---------------------------------------
export type * as ast from './syntax/ast';
export { KEYWORDS, STATEMENT_KEYWORDS, type Keyword, type Token } from './syntax/tokens';
export { lex } from './syntax/lexer';
export { OPERATORS, operator } from './ops/table';
export { fmtShape, type ArgSpec, type OpSpec, type Shape } from './ops/types';
export { matchArgs } from './semantics/bindArgs';
export { BUILTINS } from './semantics/builtins';
export { TILE_FACTORS } from './semantics/annotations';
export { bytesOf, isPrecision, isRolesProblem, parsePrecisionRoles, PRECISION_BYTES, PRECISION_ROLES, PRECISIONS, rolesOf, rolesProblemText, rolesText, type Precision, type PrecisionOption, type PrecisionRoles } from './precision';

// ---- hardware targets ---------------------------------------------------------------------------
export { CATALOG, findTarget } from './hardware/catalog';
export { targetFromJson } from './hardware/fromJson';
export { looksLikeTargetFile, targetFromFileText } from './hardware/targetFile';
export type { Target } from './hardware/types';

// ---- quick fixes --------------------------------------------------------------------------------
export { applyBestTiles, type BestTilesResult } from './fixes/applyBestTiles';
export { createFixContext, sameSpan, spanKey, type FixContext } from './fixes/context';
export type { TextEdit } from './fixes/edits';
export { planFuse } from './fixes/fusePlan';
export { planTile } from './fixes/tilePlan';
export { planUnroll, type UnrollPlan } from './fixes/unrollPlan';
