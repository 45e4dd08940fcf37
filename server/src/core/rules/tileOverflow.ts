// RL502, tile overflows the on-chip buffer.
//
// Triggers, in two forms:
// - error, at the `@tile(...)` text: the file writes the layer's tile and that tile's
//   double-buffered buffer (2 x (input + weight + output tile) x bytes, Zhang et al. 2015) does not
//   fit the target's on-chip buffer. The mapping the file asks for cannot run on the target.
// - warning, at the layer: the file writes no tile and even the smallest tile the search may use
//   overflows the buffer (the layer's bound is 'buffer'); its figures are those of that tile.
// Neither form is filtered by `minShare`: a mapping that cannot run is wrong whatever its share.
// Nothing fires when the target gives no buffer capacity.
//
// Why it matters: the figures of a tile that does not fit are fiction; on the hardware, the layer
// would need a smaller tile (more off-chip traffic) or a larger buffer.
//   "the tile m=64 n=64 r=112 c=112 of big needs 12.8 MiB of on-chip buffer (double-buffered); zhang15-vc707 has 2.00 MiB"
// Instances of a block body share their `@tile` text and are merged (the first instance's tile and
// need are named). Related information points at the buffer figure of the file's `hardware` block
// when the target is one, else at the `use target` line.
import type { Diagnostic, Span } from '../diagnostics/types';
import { formatBytes } from '../../protocol/format';
import { costedLayers, groupBySpan, type Hit, defineRule, type RuleRun, subject, targetRelated } from './shared';

interface OverflowHit extends Hit {
  need: number;
  capacity: number;
  at: Span;
}

function factorsText(f: Record<string, number>): string {
  return Object.entries(f)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

const run: RuleRun = (ctx, diag) => {
  const target = ctx.target;
  if (!ctx.cost || !target) return [];
  const fromFile: OverflowHit[] = [];
  const smallest: OverflowHit[] = [];
  for (const h of costedLayers(ctx)) {
    const { tile, buffer, bound } = h.cost;
    if (!tile || !buffer || buffer.capacity === undefined) continue;
    if (tile.source === 'file' && tile.fits === false && h.layer.tileSpan) {
      fromFile.push({ layer: h.layer, cost: h.cost, need: buffer.need, capacity: buffer.capacity, at: h.layer.tileSpan });
    } else if (tile.source === 'search' && bound === 'buffer') {
      smallest.push({ layer: h.layer, cost: h.cost, need: buffer.need, capacity: buffer.capacity, at: h.layer.span });
    }
  }
  const out: Diagnostic[] = [];
  const related = targetRelated(ctx, `${target.name}: ${formatBytes(target.buffer?.value ?? 0)} of on-chip buffer`, target.buffer);
  for (const [hits, severity] of [
    [fromFile, 'error'],
    [smallest, 'warning'],
  ] as const) {
    for (const g of groupBySpan(hits, (h) => h.at)) {
      const first = g.hits[0];
      const who = subject(g.hits.map((h) => h.layer.name));
      const tile = factorsText(first.cost.tile?.factors ?? {});
      const lead = severity === 'error' ? `the tile ${tile}` : `even the smallest tile ${tile}`;
      const message = `${lead} of ${who} needs ${formatBytes(first.need)} of on-chip buffer (double-buffered); ${target.name} has ${formatBytes(first.capacity)}`;
      const d = diag(g.span, message);
      d.severity = severity;
      d.layer = first.layer.name;
      if (related.length > 0) d.related = related.map((r) => ({ span: { ...r.span }, message: r.message }));
      out.push(d);
    }
  }
  return out;
};

export const tileOverflow = defineRule({
  name: 'tileOverflow',
  code: 'RL502',
  severity: 'error',
  title: 'Tile overflows the on-chip buffer',
  setting: 'a tile that overflows the on-chip buffer',
  run,
});
