// Inlay hints: at the end of each layer line, its CTC ratio and a short bound mark
// (`CTC 57.1 · compute`, `CTC 0.44 · DDR3`, `CTC 76.4 · util 32.1%`). One hint per statement line:
// the statement's outer layer (its outer call; through a view such as flatten to the call inside);
// in a block body, the first instance's figures and `×N` for N instances; a statement that only
// calls blocks (`s1 = repeat(...)`) shows the sum over the layers it makes (`Σ CTC 20.9 · compute`).
// The lines that carry hints are found once per analysis; a hint's figures are worked out when its
// line is first inside a requested range (a 10,000-layer file costs only its visible lines).
import { MarkupKind, type InlayHint, type Position, type Range } from 'vscode-languageserver';
import type { ast as A, CostedLayer, LineIndex, RooflineAnalysis } from '../core';
import { formatOpsPerByte, formatOpsPerSecond, formatPercent, formatRatio, formatSeconds } from '../protocol/format';
import { boundLabel, boundMark, boundWords } from '../ide/boundWords';
import { attainableWords } from '../ide/costWords';
import type { DocumentAnalysis } from './documents';
import { costOf, layerIndex, layersOfCallAt, layersThroughBlockCall, type LayerIndex } from '../ide/layerIndex';
import { byInstance, type ModelLayer } from '../ide/layerQueries';

interface Hint {
  position: Position;
  label: string;
  tooltip: string;
}

const cache = new WeakMap<RooflineAnalysis, HintSource>();

/** Every call expression in an expression, outer first. */
function callsIn(e: A.Expr, out: A.Call[] = []): A.Call[] {
  switch (e.kind) {
    case 'call':
      out.push(e);
      for (const a of e.args) callsIn(a.value, out);
      break;
    case 'list':
      for (const i of e.items) callsIn(i, out);
      break;
    case 'binary':
      callsIn(e.left, out);
      callsIn(e.right, out);
      break;
    case 'unary':
      callsIn(e.operand, out);
      break;
    case 'if':
      callsIn(e.cond, out);
      callsIn(e.then, out);
      callsIn(e.else, out);
      break;
    case 'index':
      callsIn(e.target, out);
      callsIn(e.index, out);
      break;
  }
  return out;
}

/** The instances of the statement's outer layer: its outer call, or through views to the call they read. */
function outerLayer(index: LayerIndex, value: A.Expr): ModelLayer[] | undefined {
  let e: A.Expr | undefined = value;
  while (e?.kind === 'call') {
    const instances = layersOfCallAt(index, e);
    if (instances.length === 0) return undefined;
    if (!instances[0].layer.view) return instances;
    e = e.args.find((a) => !a.name && a.value.kind === 'call')?.value;
  }
  return undefined;
}

function ctcText(c: CostedLayer): string | undefined {
  if (c.ctc !== undefined) return `CTC ${formatRatio(c.ctc)}`;
  return (c.ops ?? 0) > 0 ? 'CTC ∞' : undefined;
}

function layerHint(a: RooflineAnalysis, instances: ModelLayer[]): Omit<Hint, 'position'> | undefined {
  const c = costOf(a, instances[0]);
  if (!c || c.status !== 'ok') return undefined;
  const times = instances.length > 1 ? ` · ×${instances.length}` : '';
  const label = [ctcText(c), boundMark(c)].filter(Boolean).join(' · ') + times;
  const where = instances.length > 1 ? ` (first of ${instances.length} instances)` : '';
  const ctc = c.ctc !== undefined ? `${formatOpsPerByte(c.ctc)} · ` : '';
  const time = c.time !== undefined ? `  \n${formatSeconds(c.time)} (${formatPercent(c.share ?? 0)})` : '';
  return { label, tooltip: `\`${c.name}\`${where}: ${ctc}${boundWords(c)}  \n${attainableWords(c)}${time}` };
}

/** The sum over the layers a statement makes through block calls (its first instance). */
function sumHint(a: RooflineAnalysis, index: LayerIndex, stmt: A.Statement, value: A.Expr): Omit<Hint, 'position'> | undefined {
  const seen = new Set<ModelLayer>();
  for (const call of callsIn(value)) {
    for (const ml of layersOfCallAt(index, call)) seen.add(ml);
    for (const ml of layersThroughBlockCall(index, call)) seen.add(ml);
  }
  if (seen.size === 0) return undefined;
  const groups = byInstance(a, [...seen], stmt);
  let ops = 0;
  let traffic = 0;
  let time = 0;
  const byBound = new Map<string, number>();
  for (const ml of groups[0]) {
    const c = costOf(a, ml);
    if (!c || c.status !== 'ok') continue;
    ops += c.ops ?? 0;
    traffic += c.traffic?.used ?? 0;
    time += c.time ?? 0;
    if (c.bound && (c.time ?? 0) > 0) byBound.set(c.bound, (byBound.get(c.bound) ?? 0) + (c.time ?? 0));
  }
  if (time <= 0) return undefined;
  const [bound, boundTime] = [...byBound.entries()].sort((x, y) => y[1] - x[1])[0];
  const mark = bound === 'utilization' ? 'util' : bound;
  const times = groups.length > 1 ? ` · ×${groups.length}` : '';
  const label = `Σ ${traffic > 0 ? `CTC ${formatRatio(ops / traffic)} · ` : ''}${mark}${times}`;
  const where = groups.length > 1 ? ` (first of ${groups.length} instances)` : '';
  const tooltip = `Sum over ${groups[0].length} layers${where}: ${formatSeconds(time)}, ${formatOpsPerSecond(ops / time)} on average  \n${boundLabel(bound)} ${formatPercent(boundTime / time)} of the time`;
  return { label, tooltip };
}

/** The end of the (last) line of a node, before trailing spaces. */
function lineEnd(text: string, lines: LineIndex, offset: number): Position {
  const line = lines.position(offset).line;
  let end = lines.offset({ line, character: Number.MAX_SAFE_INTEGER });
  const start = lines.offset({ line, character: 0 });
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return lines.position(end);
}

type LayerStatement = A.BindStmt | A.OutputStmt | A.ReturnStmt;

/** What a document's hints are worked out from, once per analysis; hints are kept by line once made. */
interface HintSource {
  /** The statements that can make layers, in order of their offsets (items and bodies are in order). */
  statements: LayerStatement[];
  hints: Map<number, Hint | null>;
}

function hintSource(a: RooflineAnalysis): HintSource {
  const statements: LayerStatement[] = [];
  for (const item of a.file.items) {
    if (item.kind !== 'model' && item.kind !== 'block') continue;
    for (const stmt of item.body) if (stmt.kind === 'bind' || stmt.kind === 'output' || stmt.kind === 'return') statements.push(stmt);
  }
  return { statements, hints: new Map() };
}

/** Index of the first statement ending at or after `offset` (binary search). */
function firstEndingFrom(statements: LayerStatement[], offset: number): number {
  let lo = 0;
  let hi = statements.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid].end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The hint of a line; two statements on one line (`;`) share it. */
function hintOf(a: RooflineAnalysis, index: LayerIndex, position: Position, statements: LayerStatement[]): Hint | null {
  const parts: Omit<Hint, 'position'>[] = [];
  for (const stmt of statements) {
    const outer = outerLayer(index, stmt.value);
    const hint = outer ? layerHint(a, outer) : sumHint(a, index, stmt, stmt.value);
    if (hint) parts.push(hint);
  }
  if (parts.length === 0) return null;
  return { position, label: parts.map((p) => p.label).join('; '), tooltip: parts.map((p) => p.tooltip).join('\n\n') };
}

function inRange(p: Position, range: Range): boolean {
  const after = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const before = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return after && before;
}

/**
 * In an imported text format (no syntax tree of ours), one hint at the end of each layer's
 * statement line (the `layer {` line, the `[section]` header, the CSV row), for the layers of
 * the range; several layers on one line (in-place Caffe layers) join with ';'.
 */
function importedHints(r: DocumentAnalysis, range: Range): InlayHint[] {
  const a = r.analysis;
  const byLine = new Map<number, { position: Position; parts: Omit<Hint, 'position'>[] }>();
  for (const model of a.models) {
    for (const layer of model.layers) {
      if (layer.statement.end === layer.statement.start) continue;
      const position = lineEnd(a.text, r.index, layer.statement.start);
      if (position.line < range.start.line || position.line > range.end.line) continue;
      const hint = layerHint(a, [{ model, layer }]);
      if (!hint) continue;
      const line = byLine.get(position.line);
      if (line) line.parts.push(hint);
      else byLine.set(position.line, { position, parts: [hint] });
    }
  }
  return [...byLine.values()].map((l) => ({ position: l.position, label: l.parts.map((p) => p.label).join('; '), paddingLeft: true, tooltip: { kind: MarkupKind.Markdown, value: l.parts.map((p) => p.tooltip).join('\n\n') } }));
}

export function inlayHints(r: DocumentAnalysis, range: Range): InlayHint[] {
  const a = r.analysis;
  if (!a.chosen) return [];
  if (a.file.items.length === 0) return importedHints(r, range);
  let source = cache.get(a);
  if (!source) {
    source = hintSource(a);
    cache.set(a, source);
  }
  const index = layerIndex(a);
  // The statements ending on the lines of the range: from the start of its first line on.
  const from = r.index.offset({ line: range.start.line, character: 0 });
  const { statements } = source;
  const byLine = new Map<number, { position: Position; statements: LayerStatement[] }>();
  for (let i = firstEndingFrom(statements, from); i < statements.length; i++) {
    const position = lineEnd(a.text, r.index, statements[i].end);
    if (position.line > range.end.line) break;
    const line = byLine.get(position.line);
    if (line) line.statements.push(statements[i]);
    else byLine.set(position.line, { position, statements: [statements[i]] });
  }
  const out: InlayHint[] = [];
  for (const [lineNo, line] of byLine) {
    if (!inRange(line.position, range)) continue;
    let h = source.hints.get(lineNo);
    if (h === undefined) {
      h = hintOf(a, index, line.position, line.statements);
      source.hints.set(lineNo, h);
    }
    if (h) out.push({ position: h.position, label: h.label, paddingLeft: true, tooltip: { kind: MarkupKind.Markdown, value: h.tooltip } });
  }
  return out;
}
