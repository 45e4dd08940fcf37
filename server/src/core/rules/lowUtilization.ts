// RL503, compute array under-used (information).
//
// Triggers: a conv or matrix-product layer on a target with a fixed compute array (unroll factors
// Tm x Tn, or a systolic array) whose utilisation (MACs / (cycles x lanes)) is below
// `utilizationThreshold` (default 0.5), whose time is set by the compute roof (bound 'compute' or
// 'utilization': when a memory level or the buffer bounds the layer, the idle lanes cost no time
// and RL501/RL502 say what does), with at least `minShare` of model time.
//
// Why it matters: the layer's compute roof is the peak times its utilisation, so a layer that fills
// a third of the array runs at a third of the peak however good its CTC. The message gives the cause
// where the array's shape explains it: fewer input maps than Tn lanes (a 3-channel first layer on a
// 7-wide input unroll), output maps fewer than Tm or not a multiple of it; for a systolic array,
// SCALE-Sim's mapping efficiency.
//   "conv1 uses 32.1% of the 64 x 7 compute array (3 input maps on 7 lanes, 48 output maps a pass on 64 lanes); 9.7% of model time"
// The fix is a different unroll (the source action that searches the best single unroll), or a
// different mapping of the layer (batching or grouping that fills the lanes).
import { nestOf, type Nest } from '../cost/nest';
import type { Diagnostic } from '../diagnostics/types';
import type { Layer } from '../semantics/model';
import { formatCount, formatPercent } from '../../protocol/format';
import { agree, costedLayers, groupBySpan, groupSubject, type Hit, defineRule, type RuleRun, range, shareOfTime, significant } from './shared';

interface LowHit extends Hit {
  utilization: number;
}

/** How the nest's loops are called in the message, per kind of layer. */
function loopWords(layer: Layer): { inner: string; outer: string } {
  const d = layer.dims;
  if (d?.kind === 'gemm') return d.weightRhs ? { inner: 'input features', outer: 'output features' } : { inner: 'inner elements', outer: 'output columns' };
  return { inner: 'input maps', outer: 'output maps' };
}

/** Why a Tm x Tn engine is not full for this nest: one phrase per unfilled dimension. */
export function unrollCauses(layer: Layer, nest: Nest, tm: number, tn: number): string[] {
  const words = loopWords(layer);
  const d = layer.dims;
  // @split(m=P) multiplies the nest's groups by P: only the file's own groups are groups.
  const passes = layer.split && layer.split > 1 ? layer.split : 1;
  const per = d?.kind === 'conv' && d.groups / passes > 1 ? ' per group' : '';
  const outerPer = passes > 1 ? `${per} a pass` : per;
  const causes: string[] = [];
  if (nest.n < tn) causes.push(`${nest.n} ${words.inner}${per} on ${tn} lanes`);
  else if (nest.n % tn !== 0) causes.push(`${nest.n} ${words.inner}${per} are not a multiple of ${tn}`);
  if (nest.m < tm) causes.push(`${nest.m} ${words.outer}${outerPer} on ${tm} lanes`);
  else if (nest.m % tm !== 0) causes.push(`${nest.m} ${words.outer}${outerPer} are not a multiple of ${tm}`);
  return causes;
}

const run: RuleRun = (ctx, diag) => {
  const cost = ctx.cost;
  const target = ctx.target;
  if (!cost || !target || (!target.unroll && !target.systolic)) return [];
  const hits: LowHit[] = [];
  for (const h of costedLayers(ctx)) {
    const u = h.cost.utilization;
    if (u === undefined || !(u < ctx.thresholds.utilizationThreshold)) continue;
    if (h.cost.bound !== 'compute' && h.cost.bound !== 'utilization') continue;
    if (!h.layer.dims) continue;
    hits.push({ layer: h.layer, cost: h.cost, utilization: u });
  }
  const out: Diagnostic[] = [];
  for (const g of significant(groupBySpan(hits), ctx)) {
    const first = g.hits[0];
    const pct = range(
      g.hits.map((h) => h.utilization),
      formatPercent,
    );
    let array: string;
    let causes: string[] = [];
    if (target.unroll) {
      const { m, n } = target.unroll;
      array = `the ${m} x ${n} compute array`;
      const nest = first.layer.dims ? nestOf(first.layer.dims) : undefined;
      if (nest) causes = unrollCauses(first.layer, nest, Math.max(1, Math.floor(m)), Math.max(1, Math.floor(n)));
    } else {
      const s = target.systolic;
      array = s ? `the ${s.rows} x ${s.cols} systolic array` : 'the compute array';
      const sys = first.cost.systolic;
      if (s && sys) causes = [`${s.dataflow} dataflow; mapping efficiency ${formatPercent(sys.mappingEfficiency)} over ${formatCount(sys.folds)} fold${sys.folds === 1 ? '' : 's'}`];
    }
    const why = causes.length > 0 ? ` (${causes.join(', ')})` : '';
    const message = `${groupSubject(g)} ${agree(g.hits.length, 'uses', 'use')} ${pct} of ${array}${why}; ${shareOfTime(g.share, cost.execution)}`;
    const d = diag(g.span, message);
    d.layer = first.layer.name;
    out.push(d);
  }
  return out;
};

export const lowUtilization = defineRule({
  name: 'lowUtilization',
  code: 'RL503',
  severity: 'information',
  title: 'Compute array under-used',
  setting: 'a compute array under-used',
  run,
});
