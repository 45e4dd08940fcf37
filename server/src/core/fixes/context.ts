// What the fix builders share about one analysed file: its statements (model and block bodies) by
// span, the layers of every model by the statement that made them, and the search's best tiles per
// model, computed once on first use. An editor keeps one context per analysis, so a request never
// repeats a search another request already made. Pure; never throws.
import type { CostedLayer } from '../cost/analyzeCost';
import type { Span } from '../diagnostics/types';
import type { RooflineAnalysis } from '../roofline';
import type { Layer } from '../semantics/model';
import type * as A from '../syntax/ast';
import { searchBest } from './bestTiles';

/** A layer with the index of its model in the analysis. */
export interface LayerRef {
  model: number;
  layer: Layer;
}

export interface StatementRef {
  stmt: A.Statement;
  /** The model or block whose body holds it. */
  container: A.ModelDecl | A.BlockDecl;
}

export interface FixContext {
  text: string;
  analysis: RooflineAnalysis;
  /** Statements of every model and block body, by spanKey. */
  statements: Map<string, StatementRef>;
  /** Layers of every model (every instance of a block), by the spanKey of their statement. */
  byStatement: Map<string, LayerRef[]>;
  /** The model's layer figures (by layer index) with every tiled layer at the search's best (memoised). */
  best(modelIndex: number): CostedLayer[] | undefined;
}

export function spanKey(s: Span): string {
  return `${s.start}:${s.end}`;
}

export function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

export function createFixContext(text: string, analysis: RooflineAnalysis): FixContext {
  const statements = new Map<string, StatementRef>();
  const byStatement = new Map<string, LayerRef[]>();
  try {
    for (const item of analysis.file.items) {
      if (item.kind !== 'model' && item.kind !== 'block') continue;
      for (const stmt of item.body) statements.set(spanKey(stmt), { stmt, container: item });
    }
    analysis.models.forEach((model, i) => {
      for (const layer of model.layers) {
        const key = spanKey(layer.statement);
        const list = byStatement.get(key);
        if (list) list.push({ model: i, layer });
        else byStatement.set(key, [{ model: i, layer }]);
      }
    });
  } catch {
    // A malformed analysis offers no fixes rather than failing the request.
    statements.clear();
    byStatement.clear();
  }
  const bests = new Map<number, CostedLayer[] | undefined>();
  const best = (i: number): CostedLayer[] | undefined => {
    if (!bests.has(i)) bests.set(i, searchBest(analysis, i));
    return bests.get(i);
  };
  return { text, analysis, statements, byStatement, best };
}

/** The spans an annotation's "outer layer" can have: the statement's value, through `if` branches. */
export function outerSpans(stmt: A.Statement): Span[] {
  if (stmt.kind !== 'bind' && stmt.kind !== 'output' && stmt.kind !== 'return') return [];
  const out: Span[] = [];
  const walk = (e: A.Expr) => {
    if (e.kind === 'if') {
      walk(e.then);
      walk(e.else);
    } else out.push({ start: e.start, end: e.end });
  };
  walk(stmt.value);
  return out;
}

/** True when the statement can carry annotations (a binding, an output or a block's return). */
export function carriesAnnotations(stmt: A.Statement): stmt is A.BindStmt | A.OutputStmt | A.ReturnStmt {
  return stmt.kind === 'bind' || stmt.kind === 'output' || stmt.kind === 'return';
}
