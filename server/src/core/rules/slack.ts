// RL504, speeding this layer up would not shorten the model's time (hint).
//
// Triggers: under an execution model where layers overlap, a layer that has positive slack
// (seconds it can grow without lengthening the model's time) and is not critical:
// - pipelined (one stage per layer, all running at once): every stage but the slowest; the
//   slowest stage sets the interval between inputs, the others wait for it;
// - dataflow (branches run concurrently): a layer off the critical path of the graph.
// Sequential execution fires for nothing (every layer is on the path: its slack is 0). Layers of
// less than `minShare` of the summed layer time are left out (a pipeline gives every stage but one
// slack: without the filter a large model would be a wall of hints). Instances of a block body are
// merged, with the smallest slack among them named.
//
// Why it matters: saving FLOPs is not saving time. Pruning, quantising or re-tiling such a layer
// changes nothing end to end; effort belongs to the layer that sets the time.
//   "pool2 has 1.2 ms of slack in the pipeline: optimising this layer saves 0% of model time (the interval is set by conv2, 3.4 ms a stage)"
//   "b has 0.71 ms of slack off the critical path: optimising this layer saves 0% of model time"
import type { Diagnostic } from '../diagnostics/types';
import { formatSeconds } from '../../protocol/format';
import { agree, costedLayers, groupBySpan, groupSubject, type Hit, defineRule, type RuleRun, significant } from './shared';

interface SlackHit extends Hit {
  slack: number;
}

const run: RuleRun = (ctx, diag) => {
  const cost = ctx.cost;
  if (!cost || (cost.execution !== 'pipelined' && cost.execution !== 'dataflow')) return [];
  const layers = costedLayers(ctx);
  // Slack below this is rounding (times are sums of floating-point figures).
  const eps = 1e-9 * Math.max(cost.totals.time, cost.totals.interval ?? 0);
  const hits: SlackHit[] = [];
  for (const h of layers) {
    const s = h.cost.slack;
    if (s === undefined || !(s > eps) || h.cost.critical || !((h.cost.time ?? 0) > 0)) continue;
    hits.push({ layer: h.layer, cost: h.cost, slack: s });
  }
  let setter = '';
  if (cost.execution === 'pipelined') {
    const slowest = layers.find((h) => h.cost.critical);
    if (slowest && slowest.cost.time !== undefined) setter = ` (the interval is set by ${slowest.layer.name}, ${formatSeconds(slowest.cost.time)} a stage)`;
  }
  const out: Diagnostic[] = [];
  for (const g of significant(groupBySpan(hits), ctx)) {
    const first = g.hits[0];
    const n = g.hits.length;
    const least = g.hits.reduce((m, h) => Math.min(m, h.slack), Infinity);
    const amount = `${n > 1 ? 'at least ' : ''}${formatSeconds(least)} of slack`;
    const where = cost.execution === 'pipelined' ? 'in the pipeline' : 'off the critical path';
    const message = `${groupSubject(g)} ${agree(n, 'has', 'have')} ${amount} ${where}: optimising ${agree(n, 'this layer', 'these layers')} saves 0% of model time${setter}`;
    const d = diag(g.span, message);
    d.layer = first.layer.name;
    out.push(d);
  }
  return out;
};

export const slack = defineRule({
  name: 'slack',
  code: 'RL504',
  severity: 'hint',
  title: 'Speed-up would not shorten the model time',
  setting: "a layer whose speed-up would not shorten the model's time",
  run,
});
