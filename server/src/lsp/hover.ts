// textDocument/hover: a Markdown card for what the cursor is on. A layer call shows its numbers
// (every instance, inside a block body); a block or `repeat` call the sum over the layers it
// makes; an operator also its summary and arguments; a tensor name its shape; a keyword argument,
// annotation, parameter or declaration what it means.
import { codeSpan, markdownText } from '../ide/markdownText';
import { incompleteWords, totalText } from '../ide/totalWords';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { type ast as A, BUILTINS, isPrecision, isRolesProblem, operator, parsePrecisionRoles, type Precision, PRECISION_BYTES, type Shape } from '../core';
import type { DocumentAnalysis } from './documents';
import { callInstances, partsCard } from '../ide/attentionCards';
import { communicationCard } from '../ide/parallelCards';
import { formatCountExact, formatNoun } from '../protocol/format';
import { callCard, layerCard, lineCard, tensorCard } from '../ide/hoverCards';
import { layerIndex } from '../ide/layerIndex';
import { statementLayers } from '../ide/lineLayers';
import { ANNOTATION_DOCS } from '../ide/languageWords';
import { byInstance, layersOfCall, layersUnder, madeThrough, sumLayers, type ModelLayer } from '../ide/layerQueries';
import { declInfo, declOf, consumerShapes, exprShapes, isBlockCall, type NameInfo } from '../ide/nameInfo';
import { argListMarkdown, argMarkdown, blockSignature, operatorSignature } from '../ide/operatorDocs';
import { toOffset, toRange } from './positions';
import { blocksOf, findAt, type Found } from '../ide/syntaxAt';

function first<T>(list: T[]): T[] {
  return list.length > 0 ? [list[0]] : [];
}

/** The names a statement binds to the value of `call`, when `call` is that value. */
function boundTo(found: Found, call: A.Call): string | undefined {
  const s = found.stmt;
  if (s?.kind === 'bind' && s.value === call) return s.names.map((n) => n.text).join(', ');
  if (s?.kind === 'output' && s.value === call && s.name) return s.name.text;
  return undefined;
}

function blockOrRepeatHover(r: DocumentAnalysis, found: Found, call: A.Call): string {
  const a = r.analysis;
  const under = layersUnder(a, call);
  const instances = byInstance(a, under, call);
  const through = under.filter((ml) => madeThrough(ml.layer, call)).length;
  const bound = boundTo(found, call);
  const isRepeat = !isBlockCall(a.file, call);
  const blockArg = isRepeat ? call.args[1]?.value : call.callee;
  const blockName = blockArg?.kind === 'name' ? blockArg.text : '?';
  const countText = isRepeat && call.args[0] ? a.text.slice(call.args[0].value.start, call.args[0].value.end) : '';
  const title = (isRepeat ? `**repeat** ${countText} × block ${codeSpan(blockName)}` : `**${markdownText(blockName)}** block call`) + (bound ? ` → ${codeSpan(bound)}` : '');
  const input = isRepeat ? call.args[2] : call.args.find((x) => !x.name);
  const inputs = input ? first(exprShapes(a, input.value)) : [];
  const outputs = first(exprShapes(a, call));
  const decl = blocksOf(a.file).get(blockName);
  const signature = decl ? `\n\n---\n${codeSpan(blockSignature(decl, a.text))}` : '';
  const comm = communicationCard(a, under);
  return callCard({ title, instances, through, inputs, outputs, analysis: a }) + (comm ? `\n\n${comm}` : '') + signature;
}

function callHover(r: DocumentAnalysis, found: Found, call: A.Call): string | undefined {
  const a = r.analysis;
  const name = call.callee.text;
  if (isBlockCall(a.file, call) || name === 'repeat') return blockOrRepeatHover(r, found, call);
  const spec = operator(name);
  if (spec) {
    const doc = `${codeSpan(operatorSignature(spec))}  \n${spec.summary}`;
    const layers = layersOfCall(a, call);
    if (layers.length === 0) return `**${markdownText(name)}** · not evaluated here (an error before it, or a block that is never used)\n\n---\n${doc}\n\n${argListMarkdown(spec)}`;
    // A plan's collectives share the call's span: the card counts the call's own layers, the
    // communication section the collectives after it.
    const comm = communicationCard(a, layers);
    const commText = comm ? `\n\n${comm}` : '';
    const own = layers.filter((ml) => !ml.layer.collective);
    if (own.length === 0) return `${comm ?? ''}\n\n---\n${doc}`;
    // A call taken apart (attention): the sum over its parts, and each part.
    if (own[0].layer.part) return `${partsCard(a, name, callInstances(own), spec.opsRule)}${commText}\n\n---\n${doc}`;
    const stmt = found.stmt;
    const line = stmt && 'value' in stmt && stmt.value ? lineCard(a, statementLayers(a, layerIndex(a), stmt, stmt.value)) : undefined;
    return `${line ? `${line}\n\n---\n` : ''}${layerCard(a, name, own, spec.opsRule)}${commText}\n\n---\n${doc}`;
  }
  const builtin = BUILTINS.get(name);
  if (builtin) return `${codeSpan(builtin.signature)}  \n${builtin.doc}`;
  return `**${markdownText(name)}**: unknown operator (not in the operator table)`;
}

function keywordHover(r: DocumentAnalysis, call: A.Call, keyword: A.Name): string | undefined {
  const a = r.analysis;
  const block = blocksOf(a.file).get(call.callee.text === 'repeat' && call.args[1]?.value.kind === 'name' ? call.args[1].value.text : call.callee.text);
  if (block) {
    const param = block.params.find((p) => p.name.text === keyword.text);
    return param ? `parameter ${codeSpan(param.name.text)} of ${codeSpan(blockSignature(block, a.text))}` : undefined;
  }
  const spec = operator(call.callee.text);
  const argSpec = spec?.args.find((s) => s.name === keyword.text);
  return spec && argSpec ? argMarkdown(spec, argSpec) : undefined;
}

function infoHover(r: DocumentAnalysis, info: NameInfo | undefined, shapes?: (Shape | null)[]): string | undefined {
  if (!info) return shapes ? tensorCard('tensor', shapes) : undefined;
  switch (info.kind) {
    case 'tensor':
      return tensorCard(`tensor ${codeSpan(info.name)}`, shapes ?? info.shapes);
    case 'blockParam':
      return tensorCard(`parameter ${codeSpan(info.name)} of ${codeSpan(blockSignature(info.block, r.analysis.text))}`, shapes ?? info.shapes);
    case 'param':
      return `param ${codeSpan(info.name)} = ${info.value === undefined ? markdownText(info.text) : formatCountExact(info.value)}${info.overridden ? ' (overridden)' : ''}`;
    case 'block': {
      // Layers made in the block's body (directly or through the blocks it calls), per evaluation.
      const layers = layersUnder(r.analysis, info.decl);
      const instances = byInstance(r.analysis, layers, info.decl).length;
      const sums = sumLayers(layers.map((ml) => ml.layer));
      const usage = instances === 0 ? 'never used' : `${formatNoun(instances, 'instance')}, ${formatNoun(sums.layers, 'layer')}, MACs ${formatCountExact(sums.macs)} in all`;
      return `${codeSpan(blockSignature(info.decl, r.analysis.text))}  \n${usage}`;
    }
    case 'hardware':
      return `hardware ${codeSpan(info.decl.name.text)}${info.decl.base ? ` (based on ${codeSpan(info.decl.base.text)})` : ''}`;
  }
}

function modelHover(r: DocumentAnalysis, decl: A.ModelDecl): string {
  const m = r.analysis.models.find((x) => x.nameSpan.start === decl.name.start);
  if (!m) return `model ${codeSpan(decl.name.text)}`;
  const t = m.totals;
  const lines = [`model ${codeSpan(m.name)} · ${formatNoun(t.layers, 'layer')}${t.complete ? '' : ` (${incompleteWords(t)})`}`, `MACs: ${totalText(t, 'macs')}`, `ops: ${totalText(t, 'ops')}`, `params: ${totalText(t, 'params')}`];
  return lines.join('  \n');
}

function useValueHover(r: DocumentAnalysis, use: A.UseDecl): string | undefined {
  const v = use.value;
  if (!v) return undefined;
  const word = v.kind === 'name' ? v.text : v.value;
  if (use.what.text === 'precision') {
    const roles = parsePrecisionRoles(word);
    if (isRolesProblem(roles)) return undefined;
    const size = (p: Precision) => `${PRECISION_BYTES[p]} byte${PRECISION_BYTES[p] === 1 ? '' : 's'} per element`;
    if (isPrecision(word)) return `precision ${codeSpan(word)}: ${size(word)}`;
    return `precision ${codeSpan(word)}: weights ${codeSpan(roles.weights)} (${size(roles.weights)}) · activations ${codeSpan(roles.activations)} (${size(roles.activations)}; the math type) · KV cache ${codeSpan(roles.kv)} (${size(roles.kv)})`;
  }
  const hw = r.analysis.file.items.find((i): i is A.HardwareDecl => i.kind === 'hardware' && i.name.text === word);
  return hw ? `target: hardware ${codeSpan(word)} of this file` : `target ${codeSpan(word)}`;
}

function markdownAt(r: DocumentAnalysis, found: Found): string | undefined {
  const a = r.analysis;
  const t = found.target;
  switch (t.kind) {
    case 'callee':
      return callHover(r, found, t.call);
    case 'keyword':
      return t.arg.name ? keywordHover(r, t.call, t.arg.name) : undefined;
    case 'use': {
      const shapes = t.call ? consumerShapes(a, t.call, t.name) : undefined;
      const decl = declOf(a, t.name);
      if (!decl) return undefined;
      return infoHover(r, declInfo(a, decl), shapes);
    }
    case 'binding':
    case 'param':
    case 'blockParam':
      return infoHover(r, declInfo(a, t.name));
    case 'declaration':
      if (t.item.kind === 'model') return modelHover(r, t.item);
      return infoHover(r, declInfo(a, t.name));
    case 'annotation': {
      const doc = ANNOTATION_DOCS.find((d) => d.name === t.annotation.name.text);
      return doc ? `**@${doc.name}**: ${doc.doc}` : undefined;
    }
    case 'use-value':
      return useValueHover(r, t.use);
  }
}

function hoverSpan(found: Found): A.Node {
  const t = found.target;
  switch (t.kind) {
    case 'callee':
      return t.call.callee;
    case 'keyword':
      return t.arg.name ?? t.arg;
    case 'annotation':
      return t.annotation.name;
    case 'use-value':
      return t.use.value ?? t.use;
    default:
      return t.name;
  }
}

/**
 * In an imported text format (Caffe prototxt, Darknet cfg, SCALE-Sim CSV) there is no syntax tree
 * of ours: the card of the innermost layer whose text holds the cursor (each layer's span is its
 * block, section or row).
 */
function importedLayerHover(r: DocumentAnalysis, offset: number): Hover | null {
  let best: ModelLayer | undefined;
  for (const model of r.analysis.models) {
    for (const layer of model.layers) {
      if (layer.span.start > offset || layer.span.end < offset || layer.span.end === layer.span.start) continue;
      if (!best || layer.span.end - layer.span.start < best.layer.span.end - best.layer.span.start) best = { model, layer };
    }
  }
  if (!best) return null;
  const same = r.analysis.models.flatMap((model) => model.layers.filter((l) => l.span.start === best!.layer.span.start && l.span.end === best!.layer.span.end).map((layer) => ({ model, layer })));
  const value = same.map((ml) => layerCard(r.analysis, ml.layer.op, [ml], operator(ml.layer.op)?.opsRule)).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(r.index, best.layer.span) };
}

export function hover(r: DocumentAnalysis, position: Position): Hover | null {
  const offset = toOffset(r.index, position);
  if (r.analysis.file.items.length === 0 && r.analysis.models.length > 0) return importedLayerHover(r, offset);
  const found = findAt(r.analysis.file, offset);
  if (!found) return null;
  const value = markdownAt(r, found);
  if (!value) return null;
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(r.index, hoverSpan(found)) };
}
