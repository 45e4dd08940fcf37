// The catalogue of diagnostic codes raised by the analysis (the bottleneck rules, RL5xx, carry
// their own entries, each in its rule's file: codes.ts lists every code of both). Codes are stable
// (users filter and configure by them); the message is built from a template so that every place
// that raises a code words it the same.
//   RL1xx  syntax          RL2xx  names and statements     RL3xx  operators and shapes
//   RL4xx  hardware         RL5xx  bottlenecks (rules/registry.ts)
//   RL6xx  ONNX files (binary)
//   RL7xx  imported text formats (Caffe prototxt, Darknet cfg, SCALE-Sim topologies)
//   RL8xx  transformer descriptions (GGUF headers RL801-RL807, Hugging Face config.json RL810-RL813)
import { LIMITS, quoted } from '../limits';
import type { Diagnostic, Severity, Span } from './types';

export interface CatalogueEntry {
  severity: Severity;
  title: string;
  /** Message template; `{0}`, `{1}`... are replaced by the arguments given to `diag()`. */
  template: string;
}

export const CATALOGUE = {
  RL101: { severity: 'error', title: 'Unexpected character', template: 'unexpected character {0}' },
  RL102: { severity: 'error', title: 'Unterminated string', template: 'unterminated string' },
  RL103: { severity: 'error', title: 'Syntax error', template: 'expected {0}, found {1}' },
  RL104: { severity: 'error', title: 'Unclosed bracket', template: '{0} is not closed' },
  RL105: { severity: 'error', title: 'Invalid number', template: 'invalid number {0}' },
  RL106: { severity: 'error', title: 'Statement not allowed here', template: '{0}' },
  // Limits (core/limits.ts, docs/limits.md): the input is not read past them.
  RL107: { severity: 'error', title: 'File too large', template: '{0}' },
  RL108: { severity: 'error', title: 'Line too long', template: '{0}' },
  RL109: { severity: 'information', title: 'Too many problems', template: '{0}' },

  RL201: { severity: 'error', title: 'Undefined name', template: "'{0}' is not defined" },
  RL202: { severity: 'error', title: 'Name bound twice', template: "'{0}' is already bound (names are bound once)" },
  RL203: { severity: 'error', title: 'Used before its definition', template: "'{0}' is used before it is defined" },
  RL204: { severity: 'error', title: 'Wrong kind of value', template: '{0}' },
  RL205: { severity: 'error', title: 'Unknown annotation', template: "unknown annotation '@{0}' (known: {1})" },
  RL206: { severity: 'error', title: 'Invalid annotation argument', template: '{0}' },
  RL207: { severity: 'error', title: 'Block call error', template: '{0}' },
  RL208: { severity: 'error', title: 'Recursion', template: "block '{0}' calls itself; blocks cannot recurse" },
  RL209: { severity: 'error', title: 'Invalid parameter override', template: '{0}' },
  RL210: { severity: 'warning', title: 'Model has no layers', template: "model '{0}' has no layers" },
  RL211: { severity: 'error', title: 'Arithmetic error', template: '{0}' },
  RL212: { severity: 'error', title: 'Unknown precision', template: "unknown precision '{0}' (known: {1})" },
  RL213: { severity: 'error', title: 'Invalid input shape', template: '{0}' },
  RL214: { severity: 'warning', title: 'Unused block', template: "block '{0}' is never used" },
  RL215: { severity: 'error', title: 'Evaluation limit', template: '{0}' },
  RL220: { severity: 'error', title: 'Invalid precision roles', template: '{0}' },
  RL221: { severity: 'error', title: 'Phase needs a parameter', template: '{0}' },
  RL216: { severity: 'warning', title: 'Count not exact', template: '{0}' },
  RL217: { severity: 'error', title: 'Analysis over its time budget', template: '{0}' },
  RL218: { severity: 'error', title: 'Value beyond the limits', template: '{0}' },
  RL219: { severity: 'error', title: 'Number not finite', template: '{0}' },

  RL301: { severity: 'error', title: 'Unknown operator', template: "unknown operator '{0}'{1}; the model's totals are incomplete" },
  RL302: { severity: 'error', title: 'Unknown argument', template: "{0} has no argument '{1}' (arguments: {2})" },
  RL303: { severity: 'error', title: 'Missing argument', template: "{0} needs the argument '{1}'" },
  RL304: { severity: 'error', title: 'Wrong argument type', template: '{0}: {1}' },
  RL305: { severity: 'error', title: 'Incompatible shapes', template: '{0}' },
  RL306: { severity: 'error', title: 'Invalid argument value', template: '{0}' },
  RL307: { severity: 'error', title: 'Argument given twice', template: "argument '{0}' is given twice" },
  RL308: { severity: 'error', title: 'Too many arguments', template: '{0} takes at most {1} positional arguments' },
  RL309: { severity: 'warning', title: 'Layer not counted', template: '{0}' },

  RL401: { severity: 'error', title: 'Missing unit', template: "'{0}' needs a unit (one of: {1})" },
  RL402: { severity: 'error', title: 'Unknown unit', template: "unknown unit '{0}' for '{1}' (expected one of: {2})" },
  RL403: { severity: 'error', title: 'Nonsensical hardware figure', template: '{0}' },
  RL404: { severity: 'error', title: 'Unknown hardware field', template: "unknown hardware field '{0}' (known: {1})" },
  RL405: { severity: 'error', title: 'Unknown target', template: "unknown target '{0}'{1}" },
  RL406: { severity: 'error', title: 'Missing hardware figure', template: '{0}' },
  RL407: { severity: 'error', title: 'Invalid SCALE-Sim config', template: '{0}' },

  // Parallel plans (server/src/core/parallel/): `use parallel`, --tp/--pp/--ep/--dp, roofline.parallel.
  RL413: { severity: 'error', title: 'Invalid parallel plan', template: '{0}' },
  RL414: { severity: 'warning', title: 'Parallel plan does not fit the target\'s system', template: '{0}' },
  RL415: { severity: 'warning', title: 'Parallel plan splits unevenly', template: '{0}' },

  // The ONNX importer (server/src/core/formats/onnx/): binary files, so spans are 0..0 and the
  // message names the node and its byte offset.
  RL601: { severity: 'error', title: 'Corrupt or truncated ONNX file', template: 'corrupt or truncated ONNX file: {0}' },
  RL602: { severity: 'warning', title: 'ONNX operator not inferred', template: '{0}' },
  RL603: { severity: 'warning', title: 'ONNX subgraph not analysed', template: '{0}' },
  RL604: { severity: 'information', title: 'ONNX external data not read', template: '{0}' },
  RL605: { severity: 'warning', title: 'ONNX weight disagrees with its layer', template: '{0}' },
  RL606: { severity: 'warning', title: 'ONNX shape disagrees with the file', template: '{0}' },
  RL607: { severity: 'warning', title: 'ONNX graph input without a shape', template: '{0}' },
  RL608: { severity: 'warning', title: 'ONNX name not defined', template: '{0}' },
  RL609: { severity: 'error', title: 'ONNX dimension out of range', template: '{0}' },
  RL610: { severity: 'error', title: 'ONNX graph too large', template: '{0}' },
  // Importers of other text formats (server/src/core/formats/{caffe,darknet,scalesim}/).
  RL701: { severity: 'error', title: 'Syntax error in an imported model file', template: '{0}' },
  RL702: { severity: 'warning', title: 'Unknown layer type', template: '{0}' },
  RL703: { severity: 'error', title: 'Invalid value in an imported model file', template: '{0}' },
  RL704: { severity: 'error', title: 'Malformed SCALE-Sim row', template: '{0}' },
  RL705: { severity: 'error', title: 'Unknown layer or blob reference', template: '{0}' },
  RL706: { severity: 'information', title: 'Setting of the file not used by the analysis', template: '{0}' },

  RL801: { severity: 'error', title: 'Corrupt or truncated GGUF file', template: 'corrupt or truncated GGUF file: {0}' },
  RL802: { severity: 'error', title: 'Not a readable GGUF file', template: '{0}' },
  RL803: { severity: 'warning', title: 'GGUF tensor not counted', template: '{0}' },
  RL804: { severity: 'warning', title: 'GGUF architecture not modelled', template: '{0}' },
  RL805: { severity: 'error', title: 'Missing or invalid GGUF metadata', template: '{0}' },
  RL806: { severity: 'warning', title: 'GGUF header problem', template: '{0}' },
  RL807: { severity: 'warning', title: 'GGUF tensors disagree with the model', template: '{0}' },
  RL810: { severity: 'error', title: 'Model type not supported', template: '{0}' },
  RL811: { severity: 'error', title: 'Missing or invalid config value', template: '{0}' },
  RL812: { severity: 'warning', title: 'Task class not modelled', template: '{0}' },
  RL813: { severity: 'warning', title: 'Config setting not modelled', template: '{0}' },
} satisfies Record<string, CatalogueEntry>;

export type DiagnosticCode = keyof typeof CATALOGUE;

/** Builds a diagnostic from its catalogue entry, filling the template with `args`. */
export function diag(code: DiagnosticCode, span: Span, ...args: (string | number)[]): Diagnostic {
  const entry: CatalogueEntry = CATALOGUE[code];
  // An argument is cut short, so that a hostile name is never echoed whole.
  const message = entry.template.replace(/\{(\d+)\}/g, (_m, i: string) => quoted(String(args[Number(i)] ?? ''), LIMITS.messageChars));
  return { code, severity: entry.severity, message, span: { start: span.start, end: span.end } };
}
