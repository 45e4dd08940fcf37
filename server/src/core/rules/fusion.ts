// RL505, element-wise layer that moves more bytes than it computes and could be fused (information).
//
// Triggers: a costed layer whose operator is an activation, an element-wise operator or a norm (the
// operator table's categories), that is not already `@fuse` nor fused by the fusion policy, that reads exactly one layer's output
// (its one producer; model inputs are not layers) where that producer is a conv, a matrix product,
// attention, a norm or another element-wise layer, and whose off-chip bytes exceed its operations,
// with at least `minShare` of model time.
//
// Why it matters: such a layer does almost no work and pays for a round trip of a whole tensor
// through off-chip memory; run fused with its producer (`@fuse`), its input never leaves the chip.
//   "relu moves 392 KiB to do 50.2 k ops: fuse it into conv1 (@fuse) to keep its input on chip"
// `@fuse` applies to a statement's outer layer: when the layer is nested in another call, or is a
// block's `return`, the message says to give it a statement of its own first. Related information
// points at the producer. The diagnostic's `layer` names the layer, for the quick fix.
// Instances of a block body are merged (bytes and ops summed).
import type { Diagnostic } from '../diagnostics/types';
import type { OpCategory } from '../ops/types';
import { operator } from '../ops/table';
import type { Layer } from '../semantics/model';
import { formatBytes, formatSI } from '../../protocol/format';
import { costedLayers, groupBySpan, groupSubject, type Hit, defineRule, type RuleRun, significant } from './shared';

const FUSIBLE: ReadonlySet<OpCategory> = new Set<OpCategory>(['activation', 'elementwise', 'norm']);
const FUSES_INTO: ReadonlySet<OpCategory> = new Set<OpCategory>(['conv', 'gemm', 'attention', 'norm', 'activation', 'elementwise']);

/** Text before the outer call of a statement that can carry annotations: `name =`, `a, b =`, `output [name =]`. */
const ANNOTATABLE_PREFIX = /^(?:output\s+)?(?:[A-Za-z_]\w*\s*(?:,\s*[A-Za-z_]\w*\s*)*=\s*)?$/;

/** True when `@fuse` written on the layer's statement would apply to this layer. */
export function fusableInPlace(text: string, layer: Layer): boolean {
  if (layer.statement.start > layer.span.start) return false;
  return ANNOTATABLE_PREFIX.test(text.slice(layer.statement.start, layer.span.start));
}

interface FuseHit extends Hit {
  producer: Layer;
  bytes: number;
  ops: number;
}

function category(op: string): OpCategory | undefined {
  return operator(op)?.category;
}

const run: RuleRun = (ctx, diag) => {
  if (!ctx.cost) return [];
  const hits: FuseHit[] = [];
  for (const h of costedLayers(ctx)) {
    const { layer, cost } = h;
    const cat = category(layer.op);
    if (!cat || !FUSIBLE.has(cat) || layer.fuse || cost.fusedInto !== undefined || layer.producers.length !== 1) continue;
    const producer = ctx.model.layers[layer.producers[0]];
    if (!producer || !producer.counted) continue;
    const pcat = category(producer.op);
    if (!pcat || !FUSES_INTO.has(pcat)) continue;
    const bytes = cost.traffic?.used ?? 0;
    const ops = cost.ops ?? 0;
    if (!(bytes > ops)) continue;
    hits.push({ layer: h.layer, cost: h.cost, producer, bytes, ops });
  }
  const out: Diagnostic[] = [];
  for (const g of significant(groupBySpan(hits), ctx)) {
    const first = g.hits[0];
    const n = g.hits.length;
    const bytes = g.hits.reduce((s, h) => s + h.bytes, 0);
    const ops = g.hits.reduce((s, h) => s + h.ops, 0);
    const inPlace = fusableInPlace(ctx.analysis.text, first.layer);
    const how = inPlace ? '@fuse' : '@fuse, on a statement of its own';
    const fix = n === 1 ? `fuse it into ${first.producer.name} (${how})` : `fuse each into its producer (${first.producer.name} for the first; ${how})`;
    const message = `${groupSubject(g)} ${n === 1 ? 'moves' : 'move'} ${formatBytes(bytes)} to do ${formatSI(ops)} ops: ${fix} to keep its input on chip`;
    const d = diag(g.span, message);
    d.layer = first.layer.name;
    d.related = [{ span: { start: first.producer.span.start, end: first.producer.span.end }, message: `${first.producer.name} (${first.producer.op}) produces the input of ${first.layer.name}` }];
    out.push(d);
  }
  return out;
};

export const fusion = defineRule({
  name: 'fusion',
  code: 'RL505',
  severity: 'information',
  title: 'Element-wise layer could be fused',
  setting: 'an element-wise layer that could be fused into its producer',
  run,
});
