// textDocument/completion: operators (with their summary, as a `conv2d($1)` snippet), blocks and
// builtins where an expression goes, with the tensors and params in scope; inside a call, the
// keyword arguments not given yet (with docs and defaults) and word choices after `name=`;
// precisions after `@precision(` and `use precision`; annotation names after `@`; keywords at the
// start of a statement.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver';
import { type ast as A, BUILTINS, operator, OPERATORS, type OpSpec, PRECISION_BYTES, PRECISIONS, STATEMENT_KEYWORDS, TILE_FACTORS, type Token } from '../core';
import { completionContext, type Where } from '../ide/completionContext';
import type { DocumentAnalysis } from './documents';
import { ANNOTATION_DOCS, TILE_FACTOR_DOCS } from '../ide/languageWords';
import { argDetail, argSignature, blockSignature, operatorSignature } from '../ide/operatorDocs';
import { toOffset } from './positions';
import { blocksOf, contains } from '../ide/syntaxAt';

export interface CompletionOptions {
  /** The client accepts snippets (`conv2d($1)`); otherwise plain names are inserted. */
  snippets: boolean;
}

interface Ctx {
  r: DocumentAnalysis;
  offset: number;
  options: CompletionOptions;
}

/** Sort groups: keyword arguments first, then names in scope, then operators and blocks. */
const SORT_ARGUMENT = '0';
const SORT_NAME = '1';
const SORT_CALLABLE = '2';

function callItem(ctx: Ctx, name: string, kind: CompletionItemKind, detail: string, doc: string): CompletionItem {
  const item: CompletionItem = { label: name, kind, detail, documentation: { kind: MarkupKind.Markdown, value: doc }, sortText: `${SORT_CALLABLE}${name}` };
  if (ctx.options.snippets) {
    item.insertText = `${name}($1)`;
    item.insertTextFormat = InsertTextFormat.Snippet;
  }
  return item;
}

function operatorItems(ctx: Ctx): CompletionItem[] {
  return [...OPERATORS.values()].map((spec) => callItem(ctx, spec.name, CompletionItemKind.Function, spec.summary, `\`${operatorSignature(spec)}\`\n\n${spec.summary}\n\n*ops rule:* ${spec.opsRule}`));
}

function blockItems(ctx: Ctx): CompletionItem[] {
  return [...blocksOf(ctx.r.analysis.file).values()].map((b) => {
    const signature = blockSignature(b, ctx.r.analysis.text);
    return callItem(ctx, b.name.text, CompletionItemKind.Class, signature, `\`${signature}\``);
  });
}

function builtinItems(ctx: Ctx): CompletionItem[] {
  return [...BUILTINS.values()].map((b) => callItem(ctx, b.name, CompletionItemKind.Function, b.signature, b.doc));
}

/** Names bound before the cursor in the model or block around it, and the file's params. */
function scopeItems(ctx: Ctx): CompletionItem[] {
  const out = new Map<string, CompletionItem>();
  const add = (name: string, kind: CompletionItemKind, detail: string) => {
    if (name && !out.has(name)) out.set(name, { label: name, kind, detail, sortText: `${SORT_NAME}${name}` });
  };
  const body = (stmts: A.Statement[]) => {
    for (const s of stmts) {
      if (contains(s, ctx.offset) || s.start > ctx.offset) continue;
      if (s.kind === 'param') s.items.forEach((i) => add(i.name.text, CompletionItemKind.Constant, 'param'));
      else if (s.kind === 'input') add(s.name.text, CompletionItemKind.Variable, 'input');
      else if (s.kind === 'bind') s.names.forEach((n) => add(n.text, CompletionItemKind.Variable, 'tensor'));
      else if (s.kind === 'output' && s.name) add(s.name.text, CompletionItemKind.Variable, 'output');
    }
  };
  for (const item of ctx.r.analysis.file.items) {
    if (item.kind === 'param') item.items.forEach((i) => add(i.name.text, CompletionItemKind.Constant, 'param'));
    if (!contains(item, ctx.offset)) continue;
    if (item.kind === 'model') body(item.body);
    if (item.kind === 'block') {
      item.params.forEach((p) => add(p.name.text, CompletionItemKind.Variable, `parameter of ${item.name.text}`));
      body(item.body);
    }
  }
  return [...out.values()];
}

function valueItems(ctx: Ctx): CompletionItem[] {
  return [...scopeItems(ctx), ...operatorItems(ctx), ...blockItems(ctx), ...builtinItems(ctx)];
}

function keywordArgItem(label: string, detail: string, doc: string): CompletionItem {
  return { label, kind: CompletionItemKind.Property, insertText: `${label}=`, detail, documentation: { kind: MarkupKind.Markdown, value: doc }, sortText: `${SORT_ARGUMENT}${label}`, filterText: label };
}

/** The operator's arguments that are neither given by keyword nor filled by the positional ones before. */
function operatorArgItems(spec: OpSpec, args: Token[][], given: string[]): CompletionItem[] {
  const positional = args.filter((a) => !(a.length >= 2 && a[0].kind === 'ident' && a[1].kind === '=')).length;
  const filled = new Set<string>();
  const order = spec.args.filter((a) => !a.keywordOnly);
  for (let i = 0, p = 0; i < positional && p < order.length; i++) {
    filled.add(order[p].name);
    if (order[p].kind !== 'tensors') p++;
  }
  return spec.args
    .filter((a) => !filled.has(a.name) && !given.includes(a.name))
    .map((a) => keywordArgItem(a.name, argDetail(a), `\`${argSignature(a)}\`: ${a.doc}  \n*${argDetail(a)}*`));
}

function blockArgItems(ctx: Ctx, block: A.BlockDecl, positional: number, given: string[]): CompletionItem[] {
  const text = ctx.r.analysis.text;
  return block.params
    .slice(positional)
    .filter((p) => !given.includes(p.name.text))
    .map((p) => keywordArgItem(p.name.text, p.default ? `default ${text.slice(p.default.start, p.default.end)}` : 'required', `parameter of \`${blockSignature(block, text)}\``));
}

function argumentItems(ctx: Ctx, callee: string, args: Token[][], given: string[]): CompletionItem[] {
  const blocks = blocksOf(ctx.r.analysis.file);
  const block = blocks.get(callee);
  if (block) return [...blockArgItems(ctx, block, args.length, given), ...valueItems(ctx)];
  if (callee === 'repeat') {
    if (args.length === 1) return blockItems(ctx).map((i) => ({ ...i, insertText: i.label, insertTextFormat: InsertTextFormat.PlainText }));
    const named = args[1]?.[0]?.kind === 'ident' ? blocks.get(args[1][0].text) : undefined;
    if (args.length >= 3 && named) return [...blockArgItems(ctx, named, args.length - 2, given), ...valueItems(ctx)];
    return valueItems(ctx);
  }
  const spec = operator(callee);
  if (spec) return [...operatorArgItems(spec, args, given), ...valueItems(ctx)];
  return valueItems(ctx);
}

function argumentValueItems(ctx: Ctx, callee: string, arg: string): CompletionItem[] {
  const spec = blocksOf(ctx.r.analysis.file).has(callee) ? undefined : operator(callee);
  const argSpec = spec?.args.find((a) => a.name === arg);
  const detail = `${callee} ${arg}`;
  if (argSpec?.choices) return argSpec.choices.map((c) => ({ label: c, kind: CompletionItemKind.EnumMember, detail, documentation: argSpec.doc }));
  if (argSpec?.kind === 'bool') return ['true', 'false'].map((b) => ({ label: b, kind: CompletionItemKind.Keyword, detail }));
  return valueItems(ctx);
}

function precisionItems(): CompletionItem[] {
  return PRECISIONS.map((p) => {
    const bytes = PRECISION_BYTES[p];
    return { label: p, kind: CompletionItemKind.TypeParameter, detail: `${bytes} byte${bytes === 1 ? '' : 's'} per element` };
  });
}

function annotationItems(ctx: Ctx): CompletionItem[] {
  return ANNOTATION_DOCS.map((a) => {
    const item: CompletionItem = { label: a.name, kind: CompletionItemKind.Keyword, detail: `@${a.name}`, documentation: { kind: MarkupKind.Markdown, value: a.doc } };
    if (ctx.options.snippets && a.snippet !== a.name) {
      item.insertText = a.snippet;
      item.insertTextFormat = InsertTextFormat.Snippet;
    }
    return item;
  });
}

function annotationArgItems(annotation: string, given: string[]): CompletionItem[] {
  if (annotation === 'precision') return precisionItems();
  if (annotation !== 'tile') return [];
  return TILE_FACTORS.filter((f) => !given.includes(f)).map((f) => keywordArgItem(f, 'tile factor', TILE_FACTOR_DOCS[f]));
}

function keywordItems(words: readonly string[]): CompletionItem[] {
  return words.map((w) => ({ label: w, kind: CompletionItemKind.Keyword }));
}

/**
 * The kind of item around the cursor, and the text to read for the context: the statement the
 * cursor is in (as parsed, so a call spread over lines is whole), or else the cursor's line.
 */
function whereAt(r: DocumentAnalysis, offset: number): { where: Where; scope: { start: number; end: number } } {
  const line = r.index.position(offset).line;
  const lineScope = { start: r.index.offset({ line, character: 0 }), end: r.index.lineEnd(line) };
  for (const item of r.analysis.file.items) {
    if (!contains(item, offset) || offset === item.start) continue;
    if (item.kind === 'model' || item.kind === 'block') {
      const stmt = item.body.find((st) => contains(st, offset));
      const where = item.kind === 'block' ? 'block' : offset > item.name.end ? 'model' : 'top';
      return { where, scope: stmt ? { start: Math.min(stmt.start, lineScope.start), end: Math.max(stmt.end, lineScope.end) } : lineScope };
    }
    return { where: item.kind === 'hardware' ? 'hardware' : 'top', scope: lineScope };
  }
  return { where: 'top', scope: lineScope };
}

export function completion(r: DocumentAnalysis, position: Position, options: CompletionOptions): CompletionItem[] {
  const offset = toOffset(r.index, position);
  const ctx: Ctx = { r, offset, options };
  const { where, scope } = whereAt(r, offset);
  const c = completionContext(r.analysis.text, offset, where, scope);
  switch (c.kind) {
    case 'none':
      return [];
    case 'annotation':
      return annotationItems(ctx);
    case 'annotationArgs':
      return annotationArgItems(c.annotation, c.given);
    case 'useWhat':
      return keywordItems(['target', 'precision']);
    case 'precision':
      return precisionItems();
    case 'target':
      return r.analysis.file.items.filter((i): i is A.HardwareDecl => i.kind === 'hardware').map((h) => ({ label: h.name.text, kind: CompletionItemKind.Struct, detail: 'hardware' }));
    case 'argument':
      return argumentItems(ctx, c.callee, c.args, c.given);
    case 'argumentValue':
      return argumentValueItems(ctx, c.callee, c.arg);
    case 'value':
      return valueItems(ctx);
    case 'statement':
      return keywordItems(STATEMENT_KEYWORDS[c.where]);
  }
}
