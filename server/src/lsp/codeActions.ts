// Quick fixes and source actions that edit the file (core/fixes/ builds every edit):
// - on a conv/GEMM layer's statement, or an RL502 diagnostic (tile overflows the buffer): "Use tile
//   m=.., n=.., r=.., c=.. (attainable, buffer)", the search's best, written or replacing the file's
//   `@tile`; in a block body only when every instance shares one best tile (else a disabled action
//   saying why); preferred when it fixes an RL502;
// - on an element-wise layer's statement with one producer, or an RL505 diagnostic: "Fuse relu into
//   conv1 (@fuse)";
// - anywhere in a `hardware` block that writes `unroll`: the best unroll for the file's first model;
// - on an RL507 or RL512 diagnostic (the model, or a plan's device, does not fit its memory): "Use
//   parallel tp=2", the smallest plan that fits (core/fixes/planFit.ts);
// - the source action `source.applyBestTiles.roofline`: every tiled layer at its best at once.
// The fix context (statements, layers by statement, the search's best tiles) is kept per analysis,
// so the searches run at most once per document version, and only when a request needs them.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic, type Range, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import { applyBestTiles, type BestTilesResult, createFixContext, type FixContext, planFitFix, type PlanFitFix, planFuse, planTile, planUnroll, type RooflineAnalysis, sameSpan, type Span, spanKey, type TextEdit, type UnrollPlan } from '../core';
import { formatBytes, formatCount, formatNoun, formatOpsPerSecond, formatSI } from '../protocol/format';
import type { DocumentAnalysis } from './documents';
import { toOffset, toRange } from './positions';

export const APPLY_BEST_TILES_KIND = `${CodeActionKind.Source}.applyBestTiles.roofline`;
const TILE_CODE = 'RL502';
const FUSE_CODE = 'RL505';
/** The model (RL507), or one device under a plan (RL512), does not fit its memory. */
const FIT_CODES = new Set(['RL507', 'RL512']);

interface Cached {
  ctx: FixContext;
  bestTiles?: BestTilesResult;
  unroll: Map<string, UnrollPlan | undefined>;
  /** The smallest plan that fits, by model index, once searched. */
  fit: Map<number, PlanFitFix | undefined>;
}

const cache = new WeakMap<RooflineAnalysis, Cached>();

function cachedOf(r: DocumentAnalysis): Cached {
  let c = cache.get(r.analysis);
  if (!c) {
    c = { ctx: createFixContext(r.analysis.text, r.analysis), unroll: new Map(), fit: new Map() };
    cache.set(r.analysis, c);
  }
  return c;
}

function intersects(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function workspaceEdit(r: DocumentAnalysis, edits: TextEdit[]): CodeAction['edit'] {
  const lsp: LspTextEdit[] = edits.map((e) => ({ range: toRange(r.index, e), newText: e.newText }));
  return { changes: { [r.uri]: lsp } };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The layer a diagnostic names: its `data.layer`, else the `layer` of the core diagnostic it was made from. */
function diagnosticLayer(r: DocumentAnalysis, d: LspDiagnostic): string | undefined {
  const data: unknown = d.data;
  if (typeof data === 'object' && data !== null && 'layer' in data && typeof data.layer === 'string') return data.layer;
  return r.analysis.diagnostics.find((c) => c.code === String(d.code) && sameRange(toRange(r.index, c.span), d.range))?.layer;
}

interface DiagnosticTarget {
  span: Span;
  /** The statements of the layers it is about (by name, else those whose statement holds its range). */
  statements: Span[];
  layer?: string;
}

/** What a roofline diagnostic is about: RL502 sits at a layer or at its `@tile(...)`, RL505 at a layer. */
function diagnosticTarget(r: DocumentAnalysis, d: LspDiagnostic): DiagnosticTarget {
  const span = { start: toOffset(r.index, d.range.start), end: toOffset(r.index, d.range.end) };
  const layer = diagnosticLayer(r, d);
  const named: Span[] = [];
  const near: Span[] = [];
  for (const model of r.analysis.models) {
    for (const l of model.layers) {
      if (layer !== undefined && l.name === layer) named.push(l.statement);
      if (l.statement.start <= span.start && span.end <= l.statement.end) near.push(l.statement);
    }
  }
  const statements = layer !== undefined && named.length > 0 ? named.filter((s) => near.some((n) => sameSpan(n, s))) : near;
  return { span, statements: statements.length > 0 ? statements : named, layer };
}

interface StatementRequest {
  statement: Span;
  tileDiagnostics: LspDiagnostic[];
  fuseDiagnostics: LspDiagnostic[];
  /** What the fuse diagnostics are about (the fuse fix must fuse one of those layers). */
  fuseTargets: DiagnosticTarget[];
}

function tileAction(r: DocumentAnalysis, ctx: FixContext, req: StatementRequest): CodeAction | undefined {
  const plan = planTile(ctx, req.statement);
  if (!plan || plan.instances.length === 0) return undefined;
  const all = plan.instances.length > 1 ? ` in all ${plan.instances.length} instances` : '';
  if (plan.skip === 'instances-differ' || plan.skip === 'no-fit') {
    return { title: `Use the best tile${all}`, kind: CodeActionKind.QuickFix, disabled: { reason: `Not offered: ${plan.reason ?? ''}.` } };
  }
  if (!plan.edit || !plan.factors) return undefined;
  const factors = Object.entries(plan.factors).map(([k, v]) => `${k}=${v}`).join(', ') + (plan.order ? `, order=${plan.order}` : '');
  const action: CodeAction = {
    title: `Use tile ${factors} (${formatOpsPerSecond(plan.attainable)}, ${formatBytes(plan.buffer)})${all}`,
    kind: CodeActionKind.QuickFix,
    edit: workspaceEdit(r, [plan.edit]),
  };
  if (req.tileDiagnostics.length > 0) {
    action.diagnostics = req.tileDiagnostics;
    action.isPreferred = true;
  }
  return action;
}

function fuseAction(r: DocumentAnalysis, ctx: FixContext, req: StatementRequest): CodeAction | undefined {
  const plan = planFuse(ctx, req.statement);
  if (!plan) return undefined;
  const about = (t: DiagnosticTarget) => plan.instances.some((i) => (t.layer !== undefined ? i.layer.name === t.layer : intersects(i.layer.span, t.span)));
  const matched = req.fuseTargets.some(about);
  const into = plan.instances.length > 1 ? `its producer in all ${plan.instances.length} instances` : plan.producer.name;
  const action: CodeAction = { title: `Fuse ${plan.layer.op} into ${into} (@fuse)`, kind: CodeActionKind.QuickFix, edit: workspaceEdit(r, [plan.edit]) };
  if (matched) {
    action.diagnostics = req.fuseDiagnostics.filter((_d, i) => about(req.fuseTargets[i]));
    action.isPreferred = true;
  }
  return action;
}

/** Tile and fuse fixes for the statements under the range and those the diagnostics name. */
function layerActions(r: DocumentAnalysis, ctx: FixContext, range: Span, diagnostics: LspDiagnostic[]): CodeAction[] {
  const requests = new Map<string, StatementRequest>();
  const request = (statement: Span): StatementRequest => {
    const key = spanKey(statement);
    let req = requests.get(key);
    if (!req) {
      req = { statement, tileDiagnostics: [], fuseDiagnostics: [], fuseTargets: [] };
      requests.set(key, req);
    }
    return req;
  };
  for (const ref of ctx.statements.values()) if (intersects(ref.stmt, range) && ctx.byStatement.has(spanKey(ref.stmt))) request({ start: ref.stmt.start, end: ref.stmt.end });
  for (const d of diagnostics) {
    const code = String(d.code ?? '');
    if (code !== TILE_CODE && code !== FUSE_CODE) continue;
    const t = diagnosticTarget(r, d);
    for (const s of t.statements) {
      const req = request(s);
      if (code === TILE_CODE) req.tileDiagnostics.push(d);
      else {
        req.fuseDiagnostics.push(d);
        req.fuseTargets.push(t);
      }
    }
  }
  const out: CodeAction[] = [];
  for (const req of [...requests.values()].sort((a, b) => a.statement.start - b.statement.start)) {
    const tile = tileAction(r, ctx, req);
    if (tile) out.push(tile);
    const fuse = fuseAction(r, ctx, req);
    if (fuse) out.push(fuse);
  }
  return out;
}

/** The best-unroll fix of every `hardware` block under the range that writes `unroll`. */
function unrollActions(r: DocumentAnalysis, cached: Cached, range: Span): CodeAction[] {
  const out: CodeAction[] = [];
  for (const item of r.analysis.file.items) {
    if (item.kind !== 'hardware' || !intersects(item, range)) continue;
    const key = spanKey(item);
    if (!cached.unroll.has(key)) cached.unroll.set(key, planUnroll(r.analysis.text, r.analysis, item, 0));
    const plan = cached.unroll.get(key);
    if (!plan || plan.edits.length === 0) continue;
    out.push({
      title: `Set unroll to the best across this model: m=${plan.best.m}, n=${plan.best.n} (cycles ${formatCount(plan.before)} -> ${formatCount(plan.after)})`,
      kind: CodeActionKind.QuickFix,
      edit: workspaceEdit(r, plan.edits),
    });
  }
  return out;
}

function bestTilesAction(r: DocumentAnalysis, cached: Cached): CodeAction | undefined {
  if (r.analysis.costs.length === 0) return undefined;
  const result = (cached.bestTiles ??= applyBestTiles(r.analysis.text, r.analysis, undefined, cached.ctx));
  if (result.layers + result.atBest + result.skipped.length === 0) return undefined;
  const title = `Apply best tiles to all layers (${result.summary})`;
  if (result.edits.length === 0) return { title, kind: APPLY_BEST_TILES_KIND, disabled: { reason: `Nothing to change: ${result.summary}.` } };
  return { title, kind: APPLY_BEST_TILES_KIND, edit: workspaceEdit(r, result.edits) };
}

/** On RL507 or RL512: the smallest parallel plan that fits, as `use parallel`. */
function planFitActions(r: DocumentAnalysis, cached: Cached, diagnostics: LspDiagnostic[]): CodeAction[] {
  const fits = diagnostics.filter((d) => FIT_CODES.has(String(d.code ?? '')));
  if (fits.length === 0 || r.analysis.models.length === 0) return [];
  if (!cached.fit.has(0)) cached.fit.set(0, planFitFix(r.analysis, 0));
  const fix = cached.fit.get(0);
  if (!fix) return [];
  const m = fix.candidate.memory;
  const c = fix.candidate;
  return [
    {
      title: `Use parallel ${c.text}: the smallest plan that fits (${formatNoun(c.devices, 'device')}, ${formatSI(m.total, 'B')} of ${formatSI(m.capacity ?? 0, 'B')} a device on ${fix.target.name})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: fits,
      isPreferred: true,
      edit: workspaceEdit(r, [fix.edit]),
    },
  ];
}

export function codeActions(r: DocumentAnalysis, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const cached = cachedOf(r);
  const range = { start: toOffset(r.index, params.range.start), end: toOffset(r.index, params.range.end) };
  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) out.push(...layerActions(r, cached.ctx, range, params.context.diagnostics ?? []), ...unrollActions(r, cached, range), ...planFitActions(r, cached, params.context.diagnostics ?? []));
  if (wants(APPLY_BEST_TILES_KIND)) {
    const a = bestTilesAction(r, cached);
    if (a) out.push(a);
  }
  return out;
}
