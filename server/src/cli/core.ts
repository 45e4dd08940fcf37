// Everything the command line takes from the analysis core, in one place: when the core gets its
// one façade (core/index.ts), this file is the one import to change.
export type { CostedLayer, CostedModel } from '../core/cost/types';
export { unrollSearchModel } from '../core/cost/unrollSearch';
export { CATALOGUE, type DiagnosticCode } from '../core/diagnostics/catalogue';
export type { Diagnostic, Severity } from '../core/diagnostics/types';
export type { DocumentInput } from '../core/formats/analyzeDocument';
export type { ModelFormat } from '../core/formats/common';
export { detectFormat, formatByContent } from '../core/formats/detect';
export { MemorySource } from '../core/formats/onnx/byteSource';
export { CATALOG, findTarget } from '../core/hardware/catalog';
export { targetFromJson } from '../core/hardware/fromJson';
export type { Target } from '../core/hardware/types';
export { bytesOf, isPrecision, PRECISIONS, type Precision } from '../core/precision';
export { jsonReport, type JsonReport } from '../core/report/jsonReport';
export { batchOf, perRunWords, throughputWords } from '../core/report/throughput';
export { analyzeDocumentRoofline, type RooflineAnalysis } from '../core/roofline';
export { bottleneckDiagnostics, DEFAULT_RULE_SETTINGS, type RuleSettings } from '../core/rules';
export type { Layer, ModelResult } from '../core/semantics/model';
export { LineIndex } from '../core/text/lineIndex';
export { didYouMean } from '../core/text/suggest';
export {
  formatBytes,
  formatCount,
  formatOpsPerSecond,
  formatPercent,
  formatRatio,
  formatSeconds,
  formatShape,
  formatSI,
} from '../core/text/format';
