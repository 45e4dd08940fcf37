// Inlay hints: at the end of each layer line, its CTC ratio and a short bound mark
// (`CTC 57.1 · compute`, `CTC 0.44 · DDR3`, `CTC 76.4 · util 32.1%`). One hint per statement line:
// of the layers the line makes (its calls, and the blocks they call), the one that takes the most
// time (ide/lineLayers.ts): under fusion the group's producer, which carries the group's figures;
// its op is named when it is not the line's outer call (`conv2d CTC 220 · compute` on
// `a = relu(conv_bn(x, 64, 1))`); a line whose layers all run in another line's kernel reads
// `fused into c1` (or `folded into c1`, a batch norm). In a block body, the first instance's figures
// and `×N` for N instances; a statement that only calls blocks (`s1 = repeat(...)`) shows the sum
// over the layers it makes (`Σ CTC 20.9 · compute`). The lines that carry hints are found once per
// analysis; a hint's figures are worked out when its line is first inside a requested range (a
// 10,000-layer file costs only its visible lines).
import { codeSpan } from '../ide/markdownText';
import { MarkupKind, type InlayHint, type Position, type Range } from 'vscode-languageserver';
import type { ast as A, CostedLayer, LineIndex, RooflineAnalysis } from '../core';
import { formatOpsPerByte, formatPercent, formatRatio, formatSeconds } from '../protocol/format';
import { boundMark, boundWords } from '../ide/boundWords';
import { attainableWords } from '../ide/costWords';
import type { DocumentAnalysis } from './documents';
import { callInstances, partsHint } from '../ide/attentionCards';
import { sumHint } from '../ide/costCards';
import { costOf, layerIndex, type LayerIndex } from '../ide/layerIndex';
import type { ModelLayer } from '../ide/layerQueries';
import { dominantLayer, statementLayers } from '../ide/lineLayers';

interface Hint {
  position: Position;
  label: string;
  tooltip: string;
}

const cache = new WeakMap<RooflineAnalysis, HintSource>();

function ctcText(c: CostedLayer): string | undefined {
  if (c.ctc !== undefined) return `CTC ${formatRatio(c.ctc)}`;
  return (c.ops ?? 0) > 0 ? 'CTC ∞' : undefined;
}

/**
 * The hint of the layer that takes the most time among `layers` (one instance of a line's layers):
 * `conv2d CTC 220 · compute`, its op named when it is not `outer` (the line's outer call); a line
 * whose layers all run in another line's kernel reads `fused into conv1`.
 */
function layerHint(a: RooflineAnalysis, layers: ModelLayer[], instances: number, outer: ModelLayer | undefined): Omit<Hint, 'position'> | undefined {
  const top = dominantLayer(a, layers);
  const c = top && costOf(a, top);
  if (!top || !c || c.status !== 'ok') return undefined;
  const times = instances > 1 ? ` · ×${instances}` : '';
  const where = instances > 1 ? ` (first of ${instances} instances)` : '';
  if (c.fusedInto !== undefined) {
    const role = c.fusionRole === 'bnFold' ? 'folded' : 'fused';
    return { label: `${role} into ${c.fusedInto}${times}`, tooltip: `${codeSpan(c.name)}${where} runs in the kernel of ${codeSpan(c.fusedInto)} (${c.fusionRole ?? 'fused'}): no time or traffic of its own; the group's figures are on ${codeSpan(c.fusedInto)}'s line.` };
  }
  const op = outer && top.layer !== outer.layer ? `${top.layer.op} ` : '';
  const label = op + [ctcText(c), boundMark(c)].filter(Boolean).join(' · ') + times;
  const ctc = c.ctc !== undefined ? `${formatOpsPerByte(c.ctc)} · ` : '';
  const time = c.time !== undefined ? `  \n${formatSeconds(c.time)} (${formatPercent(c.share ?? 0)})` : '';
  const fused = c.fused && c.fused.length > 0 ? `  \none kernel with ${c.fused.map((n) => `${codeSpan(n)}`).join(', ')} (${c.fusionKind ?? 'fused'})` : '';
  const others = layers.length > 1 ? `  \nthe slowest of the ${layers.length} layers of this line` : '';
  return { label, tooltip: `${codeSpan(c.name)} (${c.op})${where}: ${ctc}${boundWords(c)}  \n${attainableWords(c)}${time}${fused}${others}` };
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
    const { instances, outer } = statementLayers(a, index, stmt, stmt.value);
    if (instances.length === 0) continue;
    // A call taken apart (attention): the sum over its parts, each part in the tooltip.
    const hint = outer?.[0]?.layer.part ? partsHint(a, callInstances(outer)) : outer ? layerHint(a, instances[0], instances.length, outer[0]) : sumHint(a, instances[0], instances.length, `Sum over ${instances[0].length} layers${instances.length > 1 ? ` (first of ${instances.length} instances)` : ''}: `);
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
  const byLine = new Map<number, { position: Position; layers: ModelLayer[] }>();
  for (const model of a.models) {
    for (const layer of model.layers) {
      if (layer.statement.end === layer.statement.start) continue;
      const position = lineEnd(a.text, r.index, layer.statement.start);
      if (position.line < range.start.line || position.line > range.end.line) continue;
      const line = byLine.get(position.line);
      if (line) line.layers.push({ model, layer });
      else byLine.set(position.line, { position, layers: [{ model, layer }] });
    }
  }
  const out: InlayHint[] = [];
  for (const l of byLine.values()) {
    const hint = layerHint(a, l.layers, 1, l.layers[0]);
    if (hint) out.push({ position: l.position, label: hint.label, paddingLeft: true, tooltip: { kind: MarkupKind.Markdown, value: hint.tooltip } });
  }
  return out;
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
