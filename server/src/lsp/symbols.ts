// textDocument/documentSymbol: the outline. Models hold their params, inputs, layers and outputs
// (a layer's detail is its operator, output shape and MACs); blocks hold their statements;
// hardware blocks their fields and memory levels. Ranges cover the whole statement; selection
// ranges the name.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { ast as A, Layer, ModelResult, Span } from '../core';
import type { DocumentAnalysis } from './documents';
import { formatNoun, formatShape, formatSI } from '../protocol/format';
import { madeThrough, sumLayers } from '../ide/layerQueries';
import { toRange } from './positions';

interface Ctx {
  r: DocumentAnalysis;
  /** The model's layers by the model-level statement they come from (keyed by statement start). */
  layersByStatement?: Map<number, Layer[]>;
}

/**
 * Buckets a model's layers by the statement of the model body holding their outermost call site,
 * in one pass, so that the outline of a 10,000-layer model stays instant.
 */
function bucketLayers(model: ModelResult, decl: A.ModelDecl): Map<number, Layer[]> {
  const starts = decl.body.map((s) => s.start);
  const out = new Map<number, Layer[]>();
  for (const layer of model.layers) {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= layer.site.start) lo = mid;
      else hi = mid - 1;
    }
    const key = starts[lo];
    const bucket = out.get(key);
    if (bucket) bucket.push(layer);
    else out.set(key, [layer]);
  }
  return out;
}

function symbol(ctx: Ctx, name: string, kind: SymbolKind, range: Span, selection: Span, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  const s: DocumentSymbol = {
    name: name || '?',
    kind,
    range: toRange(ctx.r.index, range),
    selectionRange: toRange(ctx.r.index, { start: Math.max(range.start, selection.start), end: Math.min(range.end, selection.end) }),
  };
  if (detail) s.detail = detail;
  if (children) s.children = children;
  return s;
}

/** Detail of what a model-level statement binds: `conv2d → [1, 64, 112, 112] · 118 M MACs`. */
function layerDetail(ctx: Ctx, stmt: A.BindStmt | A.OutputStmt): string | undefined {
  const value = stmt.value;
  if (value.kind !== 'call' || !ctx.layersByStatement) return undefined;
  const layers = ctx.layersByStatement.get(stmt.start) ?? [];
  const macs = sumLayers(layers).macs;
  const own = layers.find((l) => l.span.start === value.start && l.span.end === value.end);
  const through = layers.filter((l) => madeThrough(l, value));
  const result = own ?? through[through.length - 1];
  let head = value.callee.text;
  if (result) head += ` → ${formatShape(result.outputs[0])}`;
  return macs > 0 ? `${head} · ${formatSI(macs)} MACs` : head;
}

function statementSymbols(ctx: Ctx, body: A.Statement[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const s of body) {
    switch (s.kind) {
      case 'param':
        for (const item of s.items) out.push(symbol(ctx, item.name.text, SymbolKind.Constant, item, item.name, ctx.r.analysis.text.slice(item.value.start, item.value.end)));
        break;
      case 'input': {
        const input = ctx.r.analysis.models.flatMap((m) => m.inputs).find((i) => i.span.start === s.start);
        out.push(symbol(ctx, s.name.text, SymbolKind.Variable, s, s.name, input ? `input ${formatShape(input.shape)} ${input.precision}` : 'input'));
        break;
      }
      case 'bind': {
        const first = s.names[0];
        const last = s.names[s.names.length - 1];
        out.push(symbol(ctx, s.names.map((n) => n.text).join(', '), SymbolKind.Field, s, { start: first.start, end: last.end }, layerDetail(ctx, s)));
        break;
      }
      case 'output': {
        const selection = s.name ?? { start: s.start, end: s.start + 'output'.length };
        out.push(symbol(ctx, s.name?.text ?? 'output', SymbolKind.Event, s, selection, ['output', layerDetail(ctx, s)].filter(Boolean).join(' · ')));
        break;
      }
      case 'return':
        out.push(symbol(ctx, 'return', SymbolKind.Event, s, { start: s.start, end: s.start + 'return'.length }));
        break;
    }
  }
  return out;
}

function hardwareFields(ctx: Ctx, fields: A.HwField[]): DocumentSymbol[] {
  const text = ctx.r.analysis.text;
  return fields.map((f) => {
    const name = f.qualifier ? `${f.key.text} ${f.qualifier.text}` : f.key.text;
    return symbol(ctx, name, SymbolKind.Property, f, f.key, f.value ? text.slice(f.value.start, f.value.end) : undefined);
  });
}

export function documentSymbols(r: DocumentAnalysis): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const ctx: Ctx = { r };
  for (const item of r.analysis.file.items) {
    switch (item.kind) {
      case 'model': {
        const model = r.analysis.models.find((m) => m.span.start === item.start);
        const mctx: Ctx = model ? { r, layersByStatement: bucketLayers(model, item) } : { r };
        const detail = model ? `${formatNoun(model.totals.layers, 'layer')} · ${formatSI(model.totals.macs)} MACs` : undefined;
        out.push(symbol(mctx, item.name.text, SymbolKind.Module, item, item.name, detail, statementSymbols(mctx, item.body)));
        break;
      }
      case 'block': {
        const params = item.params.map((p) => symbol(ctx, p.name.text, SymbolKind.TypeParameter, p, p.name));
        out.push(symbol(ctx, item.name.text, SymbolKind.Class, item, item.name, 'block', [...params, ...statementSymbols(ctx, item.body)]));
        break;
      }
      case 'hardware': {
        const levels = item.levels.map((l) => symbol(ctx, l.name.text, SymbolKind.Namespace, l, l.name, 'memory level', hardwareFields(ctx, l.fields)));
        out.push(symbol(ctx, item.name.text, SymbolKind.Struct, item, item.name, item.base ? `hardware = ${item.base.text}` : 'hardware', [...hardwareFields(ctx, item.fields), ...levels]));
        break;
      }
      case 'param':
        out.push(...statementSymbols(ctx, [item]));
        break;
      case 'use':
        break;
    }
  }
  return out;
}
