// RL501, memory-bound layer (warning).
//
// Triggers: a costed layer whose bound is a memory level (its CTC, ops per byte crossing that level,
// is below the ridge point peak / bandwidth, so the bandwidth roof, not the compute roof, sets its
// time), with at least `minShare` of model time (instances of a block body merged, their shares
// summed).
//
// Why it matters: adding compute (a wider array, int8 peaks) does not speed such a layer up; only
// moving fewer bytes does (larger tiles, fusion, a smaller datatype, a larger batch that reuses the
// weights). The message gives the numbers that say by how much: the CTC and the ridge with 3
// significant digits, the level, and the share of time:
//   "conv3 is memory-bound on zcu102-int8: CTC 12.4 op/B below the ridge at 45 op/B (DDR4); 31.0% of model time"
// A fused group's producer carries the group's figures: the message names its fused layers
//   "c1 (one kernel with b1 and r1) is memory-bound on ..."
// The ridge is the one of the layer's peak precision and the bound level (cost totals). Related
// information points at the level's bandwidth in the target's `hardware` block when the target is
// one of the file's, else at the `use target` line when the file names the target in use.
import type { LevelRoof } from '../cost/types';
import type { Diagnostic } from '../diagnostics/types';
import { formatOpsPerSecond, formatRatio, formatSI } from '../../protocol/format';
import { agree, costedLayers, groupBySpan, groupSubject, range, subject, type Hit, defineRule, type RuleRun, shareOfTime, significant, targetRelated } from './shared';

/** Bounds that are not a memory level. */
const NOT_MEMORY = new Set(['compute', 'utilization', 'buffer', 'none']);

interface MemoryHit extends Hit {
  roof: LevelRoof;
  ctc: number;
  ridge: number;
}

const run: RuleRun = (ctx, diag) => {
  const cost = ctx.cost;
  const target = ctx.target;
  if (!cost || !target) return [];
  const hits: MemoryHit[] = [];
  for (const h of costedLayers(ctx)) {
    const bound = h.cost.bound;
    if (bound === undefined || NOT_MEMORY.has(bound)) continue;
    const roof = h.cost.roofs?.find((r) => r.name === bound);
    if (!roof || roof.ctc === undefined || !(roof.bandwidth > 0)) continue;
    const listed = cost.totals.ridge.find((p) => p.precision === h.cost.peakPrecision && p.level === bound);
    const ridge = listed?.ridge ?? (h.cost.peak ?? 0) / roof.bandwidth;
    if (!Number.isFinite(ridge)) continue;
    hits.push({ layer: h.layer, cost: h.cost, roof, ctc: roof.ctc, ridge });
  }
  const out: Diagnostic[] = [];
  for (const g of significant(groupBySpan(hits), ctx)) {
    const first = g.hits[0];
    const level = first.roof.name;
    const ctcText = range(g.hits.map((h) => h.ctc), formatRatio);
    const ridgeText = formatRatio(first.ridge);
    const withFused = fusedWords(g.hits.map((h) => h.cost.fused ?? []));
    const message = `${groupSubject(g)}${withFused} ${agree(g.hits.length, 'is', 'are')} memory-bound on ${target.name}: CTC ${ctcText} op/B below the ridge at ${ridgeText} op/B (${level}); ${shareOfTime(g.share, cost.execution)}`;
    const d = diag(g.span, message);
    d.layer = first.layer.name;
    const precision = first.cost.peakPrecision ?? first.cost.precision ?? '';
    const peak = first.cost.peak;
    const why = peak !== undefined ? ` = ${precision} peak ${formatOpsPerSecond(peak)} / ${level} ${formatSI(first.roof.bandwidth, 'B/s')}` : '';
    const levelFigure = target.memory.find((m) => m.name === level)?.bandwidth;
    const related = targetRelated(ctx, `${target.name}: ridge ${ridgeText} op/B${why}`, levelFigure);
    if (related.length > 0) d.related = related;
    out.push(d);
  }
  return out;
};

/** ' (one kernel with b1 and r1)', ' (each one kernel with 2 fused layers)', ' (each one kernel with
 *  its fused layers)' when the instances differ; '' when none is a fused group's producer. */
function fusedWords(fused: string[][]): string {
  if (fused.every((f) => f.length === 0)) return '';
  if (fused.length === 1) return ` (one kernel with ${fused[0].length <= 2 ? fused[0].join(' and ') : subject(fused[0], 'layer')})`;
  const n = fused[0].length;
  return fused.every((f) => f.length === n) ? ` (each one kernel with ${n} fused layer${n === 1 ? '' : 's'})` : ' (each one kernel with its fused layers)';
}

export const memoryBound = defineRule({
  name: 'memoryBound',
  code: 'RL501',
  severity: 'warning',
  title: 'Memory-bound layer',
  setting: 'a memory-bound layer',
  run,
});
