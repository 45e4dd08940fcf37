// The budget of every analysis, in one place: how large a file, a line, a dimension, an expression,
// a model and a search may be, and how long an analysis may run. Every parser and the evaluator
// check these early and answer with a located, coded diagnostic before doing work proportional to
// the hostile quantity, so that no input can abort, hang or exhaust the memory of the language
// server or the command line. docs/limits.md lists them for users (a test keeps the two in step).
// Pure: no node, no editor; the time budget reads the clock through `Date.now` only when one is set.

import { formatCount } from '../protocol/format';

export const LIMITS = {
  /** Characters of a text model file (.nnm, prototxt, cfg, SCALE-Sim CSV) or target file: its
   *  syntax tree alone takes up to about 50 bytes a character. */
  textChars: 4 * 1024 * 1024,
  /** Characters of one line of a text file. */
  lineChars: 100_000,
  /** Bytes of a target file (`*.target.json`) read from disk. */
  targetFileBytes: 1024 * 1024,
  /** Bytes of an ONNX file (protobuf itself stops at 2 GiB; external weights are never read). */
  onnxFileBytes: 4 * 1024 * 1024 * 1024,
  /** Bytes of a model read from standard input (held whole in memory: give a path for more). */
  stdinBytes: 64 * 1024 * 1024,
  /** Layers of one model, in any format (a layer and its costs take a few kilobytes); also the
   *  statements of one body, the nodes of an ONNX graph, the sections of a cfg, the rows of a CSV. */
  layers: 100_000,
  /** The same in the editor, where a model is analysed again on every edit and the language server
   *  must stay small: a larger model is cut there (RL215), the command line reads it whole. */
  editorLayers: 25_000,
  /** Evaluation steps of a model file (layers made plus block calls), so that `repeat` of a block
   *  without layers is bounded too. */
  evalSteps: 1_000_000,
  /** A tensor dimension (and any count that sizes a tensor): beyond 2^53 - 1 integers are not exact. */
  dimension: Number.MAX_SAFE_INTEGER,
  /** Dimensions of one tensor. */
  rank: 64,
  /** Depth of an expression: brackets, calls, unary minus and `not`, chains of binary operators. */
  expressionDepth: 200,
  /** Depth of nested block calls. */
  blockDepth: 64,
  /** Diagnostics a parser reports for one file; the rest are summed up in one more. */
  diagnostics: 1_000,
  /** Diagnostics the language server publishes for one file (the most severe first; the rest summed
   *  up in one more): VS Code shows no more than 1,000 a file, and 47,000 of them were 11 MB a publish. */
  publishedDiagnostics: 1_000,
  /** Characters of a name or value quoted in a message (the rest is elided). */
  quotedChars: 120,
  /** Characters of one argument of a diagnostic's message, and of a rule's whole message and its
   *  related messages (a message built from hostile layer names is never echoed whole). */
  messageChars: 1_000,
  /** Tile sizes tried per loop dimension by the tile search and the unroll search. */
  tileCandidates: 20_000,
  /** Tile evaluations and probes of one layer's tile search (then the best found is kept, marked inexact). */
  tileSearchSteps: 2_000_000,
  /** Tile evaluations and probes of all the tile searches of one model (then each search is cut short). */
  modelSearchSteps: 20_000_000,
  /** The same for all the models of one analysis (a file of many models, each with huge layers). */
  analysisSearchSteps: 40_000_000,
  /** (Tm, Tn) pairs times conv layers of one unroll search. */
  unrollSearchSteps: 20_000_000,
  /** Milliseconds the language server lets one analysis run before it is stopped and reported. */
  serverAnalysisMs: 5_000,
} as const;

/** `text` cut to `LIMITS.quotedChars` characters, with an ellipsis saying how much was left out. */
export function quoted(text: string, max: number = LIMITS.quotedChars): string {
  if (text.length <= max) return text;
  // A copy, not a slice: V8 keeps a sliced string's whole parent alive (thousands of messages cut
  // from one huge name would hold it thousands of times).
  return `${text.slice(0, max).split('').join('')}… (${formatCount(text.length - max)} more characters)`;
}

/** The first line of `text` longer than `max` characters: its start offset and length. */
export function firstLongLine(text: string, max: number = LIMITS.lineChars): { start: number; length: number } | undefined {
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    if (end - start > max) return { start, length: end - start };
    start = end + 1;
  }
  return undefined;
}

/** True for a dimension the analysis accepts: a whole number from `min` up to LIMITS.dimension. */
export function isDimension(d: number, min = 0): boolean {
  return Number.isSafeInteger(d) && d >= min && d <= LIMITS.dimension;
}

/** The message of a dimension past LIMITS.dimension. */
export function dimensionTooLarge(d: number): string {
  const shown = Math.abs(d) < 1e21 ? formatCount(d) : String(d);
  return `dimension ${shown} is beyond the limit of ${formatCount(LIMITS.dimension)} (2^53 - 1): larger whole numbers are not exact in the analysis`;
}

// ---- the budget of the analysis running -------------------------------------------------------
// An analysis is synchronous, so the budget of the one running is kept here for its duration
// (`withBudget`): its time (the long loops of evaluation, importers and costing ask
// `overTimeBudget()` as they go; with no time budget the check is one comparison) and its layer
// limit (`layerLimit()`: LIMITS.layers, or the editor's lower LIMITS.editorLayers), and the tile-search
// steps all its models share (`analysisSearchStepsLeft()`, LIMITS.analysisSearchSteps).

let deadline = Infinity;
let clock: () => number = () => Date.now();
let expired = false;
let checks = 0;
let layers: number = LIMITS.layers;
/** Tile-search steps the running analysis may still take (unbounded outside `withBudget`). */
let searchStepsLeft = Infinity;

export interface Budget {
  /** Milliseconds the analysis may run; none when absent. */
  timeMs?: number;
  /** Layers a model may have; LIMITS.layers when absent. */
  layers?: number;
  /** The clock (tests give a fake one); Date.now by default. */
  now?: () => number;
}

/** Runs `work` under `budget`; reports whether its time ran out. */
export function withBudget<T>(budget: Budget, work: () => T): { result: T; expired: boolean } {
  const saved = { deadline, clock, expired, checks, layers, searchStepsLeft };
  const ms = budget.timeMs;
  clock = budget.now ?? (() => Date.now());
  deadline = ms !== undefined && ms > 0 && Number.isFinite(ms) ? clock() + ms : Infinity;
  expired = false;
  checks = 0;
  layers = budget.layers !== undefined && budget.layers >= 1 ? Math.min(budget.layers, LIMITS.layers) : LIMITS.layers;
  searchStepsLeft = LIMITS.analysisSearchSteps;
  try {
    const result = work();
    return { result, expired };
  } finally {
    ({ deadline, clock, expired, checks, layers, searchStepsLeft } = saved);
  }
}

/** True once the running analysis is past its time budget (the clock is read every 64th call). */
export function overTimeBudget(): boolean {
  if (expired) return true;
  if (deadline === Infinity) return false;
  if ((checks++ & 63) !== 0) return false;
  if (clock() > deadline) expired = true;
  return expired;
}

/** Tile-search steps the running analysis may still take (LIMITS.analysisSearchSteps in all). */
export function analysisSearchStepsLeft(): number {
  return searchStepsLeft;
}

/** Counts steps a tile search of the running analysis took. */
export function spendSearchSteps(steps: number): void {
  searchStepsLeft -= steps;
}

/** The layer limit of the running analysis. */
export function layerLimit(): number {
  return layers;
}

/** "more than 100,000 layers", saying when the limit is the editor's. */
export function moreThanLayers(what = 'layers'): string {
  const n = layers;
  const editor = n < LIMITS.layers ? ` (the editor's limit; the command line reads up to ${formatCount(LIMITS.layers)})` : '';
  return `more than ${formatCount(n)} ${what}${editor}`;
}
