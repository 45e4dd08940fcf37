// Every tiled layer of a model (or of every model) at the search's best tile at once: one edit per
// statement (non-overlapping, in order), skipping layers already at their best and block-body
// statements whose instances do not share one best tile (a `@tile` there would apply to them all),
// and saying what was skipped and why. Pure; never throws.
import type { Span } from '../diagnostics/types';
import type { RooflineAnalysis } from '../roofline';
import { createFixContext, spanKey, type FixContext } from './context';
import { nonOverlapping, type TextEdit } from './edits';
import { planTile, type TilePlan, type TileSkip } from './tilePlan';

export interface SkippedTile {
  statement: Span;
  /** Names of the statement's tiled layers (every instance). */
  layers: string[];
  skip: Exclude<TileSkip, 'at-best'>;
  reason: string;
}

export interface BestTilesResult {
  edits: TextEdit[];
  /** Layers whose tile the edits write (every instance of a block statement counts). */
  layers: number;
  /** Layers already at their best tile. */
  atBest: number;
  skipped: SkippedTile[];
  /** One sentence: what the edits do and what they leave out. */
  summary: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const SKIP_WORDS: Record<SkippedTile['skip'], string> = {
  'instances-differ': 'in block statements whose instances differ in their best tile',
  'no-fit': 'with no tile that fits the buffer',
  'no-search': 'without a tile search (no buffer capacity)',
  'not-annotatable': 'in statements that cannot carry @tile',
};

/** "8 layers; skipped: 4 layers in block statements whose instances differ (s1.b, s2.b)". */
export function summarizeBestTiles(r: Pick<BestTilesResult, 'layers' | 'atBest' | 'skipped'>): string {
  const parts = [plural(r.layers, 'layer')];
  if (r.atBest > 0) parts.push(`${r.atBest} already at their best`);
  const skips: string[] = [];
  for (const skip of Object.keys(SKIP_WORDS) as SkippedTile['skip'][]) {
    const of = r.skipped.filter((s) => s.skip === skip);
    if (of.length === 0) continue;
    const names = of.map((s) => s.layers[0]);
    const shown = skip === 'instances-differ' ? ` (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})` : '';
    skips.push(`${plural(of.reduce((n, s) => n + s.layers.length, 0), 'layer')} ${SKIP_WORDS[skip]}${shown}`);
  }
  if (skips.length > 0) parts.push(`skipped ${skips.join(', ')}`);
  return parts.join('; ');
}

/** The edits writing the best tile of every tiled layer of model `modelIndex` (all models when absent). */
export function applyBestTiles(text: string, analysis: RooflineAnalysis, modelIndex?: number, context?: FixContext): BestTilesResult {
  const result: BestTilesResult = { edits: [], layers: 0, atBest: 0, skipped: [], summary: '' };
  try {
    const ctx = context ?? createFixContext(text, analysis);
    const seen = new Set<string>();
    const plans: TilePlan[] = [];
    analysis.models.forEach((model, i) => {
      if (modelIndex !== undefined && i !== modelIndex) return;
      for (const layer of model.layers) {
        if (!layer.dims) continue;
        const key = spanKey(layer.statement);
        if (seen.has(key)) continue;
        seen.add(key);
        const plan = planTile(ctx, layer.statement);
        if (plan) plans.push(plan);
      }
    });
    const edits: TextEdit[] = [];
    for (const p of plans) {
      if (p.edit) {
        edits.push(p.edit);
        result.layers += p.instances.length;
      } else if (p.skip === 'at-best') result.atBest += p.instances.length;
      else if (p.skip) result.skipped.push({ statement: p.statement, layers: p.targets.map((t) => t.layer.name), skip: p.skip, reason: p.reason ?? '' });
    }
    result.edits = nonOverlapping(edits);
  } catch {
    // Whatever was planned before the failure is dropped: no partial edit.
    result.edits = [];
    result.layers = 0;
  }
  result.summary = summarizeBestTiles(result);
  return result;
}
