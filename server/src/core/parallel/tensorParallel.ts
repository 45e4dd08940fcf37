// Tensor and expert parallelism as a transform of the layer list (Megatron-LM: Shoeybi et al.,
// "Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism", 2019,
// section 3; GShard: Lepikhin et al., ICLR 2021). Every tensor is either whole on each device
// (replicated) or split along its last dimension over the tp devices. Walking the layers in order:
//   - attention: q_proj, k_proj and v_proj are column-parallel (each device computes heads / tp
//     query heads and its share of the KV heads; with fewer KV heads than devices each device keeps
//     one, replicated), qk, softmax and sv run on those heads, o_proj is row-parallel;
//   - a linear layer whose input is whole is column-parallel (its output split); one whose input is
//     split is row-parallel: its output is a partial sum of the whole size, summed by an all-reduce
//     (a layer of its own, `<layer>_allreduce`; `<attention>_allreduce` after o_proj);
//   - element-wise layers and activations of split tensors stay split; any other layer (a norm, a
//     softmax of its own, a residual add with a whole tensor) needs the whole tensor: an all-gather
//     (`<producer>_allgather`) comes first; a split output of the model (the logits of a
//     column-parallel lm_head) is gathered too;
//   - an embedding is split by rows of the vocabulary, its output summed by an all-reduce;
//   - a mixture of experts keeps its router whole and splits every expert column/row-wise over tp
//     (an all-reduce after it); under expert parallelism its experts are spread over ep devices,
//     an all-to-all sends each token's top_k copies to their experts (`<moe>_dispatch`) and another
//     brings the results back (`<moe>_combine`).
// Other layers are replicated: every device does their whole work. Split counts are each device's
// share, the largest one where a dimension does not divide (ceil). Pure; never throws.
import { moeWeightElems } from '../ops/moe';
import { weightMatrixElems } from '../ops/types';
import { operator } from '../ops/table';
import { bytesOf, rolesOf } from '../precision';
import type { Layer, LayerCollective, TensorSource } from '../semantics/model';
import { COLLECTIVE_WORDS } from './collectives';
import { applyShare, copyLayer, WHOLE, type Share } from './scaleLayer';
import { formatCount } from '../../protocol/format';

/** Whole on every device, or split along the last dimension. */
type State = 'whole' | 'split';

export interface ShardResult {
  layers: Layer[];
  /** Why the plan cannot split this model as asked (heads not divisible, experts not divisible...). */
  problems: string[];
  notes: string[];
}

/** Operators whose output keeps the split of their (all split) inputs: element-wise maths and activations. */
function keepsSplit(op: string): boolean {
  const spec = operator(op);
  if (!spec || op === 'softmax' || op === 'prelu') return false;
  return spec.category === 'activation' || spec.category === 'elementwise';
}

function isWeightLinear(l: Layer): boolean {
  return l.op === 'linear' && l.dims?.kind === 'gemm' && l.dims.weightRhs;
}

/** ceil(n / t) / n: the largest device's share of n things split t ways. */
function shareOf(n: number, t: number): number {
  return n > 0 ? Math.ceil(n / t) / n : 1 / t;
}

function columnShare(f: number): Share {
  return { work: f, input: 1, weight: f, output: f, cache: f, params: f, held: f };
}

function rowShare(l: Layer, f: number): Share {
  const w = l.dims ? weightMatrixElems(l.dims) : 0;
  const bias = Math.max(0, l.params - w);
  const params = l.params > 0 ? (w * f + bias) / l.params : f;
  return { work: f, input: f, weight: params, output: 1, cache: 1, params, held: 1 };
}

interface Insert {
  kind: LayerCollective['kind'];
  group: LayerCollective['group'];
  devices: number;
  size: number;
  elementBytes: number;
  purpose: string;
}

class Sharder {
  readonly out: Layer[] = [];
  readonly problems: string[] = [];
  readonly notes: string[] = [];
  /** By original index: the new index consumers read (a collective's when one follows the layer). */
  private readonly readAt: number[] = [];
  private readonly state: State[] = [];
  /** By original index: the bytes of the whole output (before the split), for all-gathers. */
  private readonly whole: number[] = [];
  private readonly gathered = new Map<number, number>();
  private readonly names = new Set<string>();
  private readonly consumers: number[];

  constructor(
    private readonly layers: Layer[],
    private readonly tp: number,
    private readonly ep: number,
    /** The layers are copies this transform may change (batchShare made them). */
    private readonly owned: boolean,
  ) {
    for (const l of layers) this.names.add(l.name);
    this.consumers = layers.map(() => 0);
    for (const l of layers) for (const p of l.producers) if (this.consumers[p] !== undefined) this.consumers[p]++;
  }

  private unique(name: string): string {
    let n = name;
    for (let i = 2; this.names.has(n); i++) n = `${name}#${i}`;
    this.names.add(n);
    return n;
  }

  /** Appends a collective layer after `after` (its producer, a new index), placed at `at`'s place in the source. */
  private collective(name: string, after: number, at: Layer, c: Insert): number {
    const index = this.out.length;
    const elements = c.elementBytes > 0 ? c.size / c.elementBytes : 0;
    const layer: Layer = {
      index,
      name: this.unique(name),
      op: c.kind,
      span: at.span,
      statement: at.statement,
      site: at.site,
      stack: at.stack,
      inputs: at.outputs,
      outputs: at.outputs,
      precision: at.precision,
      macs: 0,
      ops: 0,
      params: 0,
      // The tensor it reads and the one it leaves on the device (a pipeline cut after it hands that on).
      bytes: { input: c.kind === 'allgather' ? c.size / Math.max(1, c.devices) : c.size, weight: 0, output: c.kind === 'reducescatter' ? c.size / Math.max(1, c.devices) : c.size, cache: 0 },
      counted: at.counted,
      producers: after >= 0 ? [after] : [],
      notes: [`${COLLECTIVE_WORDS[c.kind]} of ${formatCount(Math.round(elements))} elements over the ${c.devices} devices of the ${c.group} group: ${c.purpose}.`],
      collective: { kind: c.kind, group: c.group, devices: c.devices, offset: 0, stride: c.group === 'tp' ? 1 : this.tp, size: c.size, elementBytes: c.elementBytes, purpose: c.purpose },
    };
    if (at.stage !== undefined) layer.stage = at.stage;
    this.out.push(layer);
    return index;
  }

  /** The new index a consumer of original layer `j` reads, gathering a split tensor when `needWhole`. */
  private source(j: number, needWhole: boolean, consumer: Layer): number {
    const at = this.readAt[j];
    if (!needWhole || this.state[j] !== 'split') return at;
    const known = this.gathered.get(j);
    if (known !== undefined) return known;
    const producer = this.layers[j];
    const g = this.collective(`${producer.name}_allgather`, at, producer, {
      kind: 'allgather',
      group: 'tp',
      devices: this.tp,
      size: this.whole[j],
      elementBytes: bytesOf(rolesOf(producer).activations),
      purpose: `gathers the split output of ${producer.name} whole for ${consumer.name}`,
    });
    this.gathered.set(j, g);
    return g;
  }

  /** Original producers of a layer, in operand order where the call records it. */
  private inputsOf(l: Layer): { sources: (number | undefined)[]; fromCall: boolean } {
    const inputs = l.call?.inputs;
    if (inputs && inputs.length === l.inputs.length) return { sources: inputs.map((s) => (s.kind === 'layer' ? s.layer : undefined)), fromCall: true };
    return { sources: l.producers, fromCall: false };
  }

  run(): void {
    for (const original of this.layers) this.step(original);
  }

  private step(original: Layer): void {
    const oi = original.index;
    const moeCopies = original.op === 'moe' ? this.moeCopies(original) : 0;
    const l = this.owned ? original : copyLayer(original);
    const { sources, fromCall } = this.inputsOf(original);
    const states = sources.map((j) => (j === undefined ? 'whole' : this.state[j]));
    const allSplit = states.length > 0 && states.every((s) => s === 'split');
    let outState: State = 'whole';
    let needWhole = true;
    let share: Share = WHOLE;
    let after: Insert | undefined;
    let before: Insert | undefined;
    const t = this.tp;
    const act = bytesOf(rolesOf(l).activations);
    const part = l.part?.name;
    this.whole[oi] = l.bytes.output;

    if (!l.counted) {
      needWhole = true;
    } else if (part === 'q_proj' || part === 'k_proj' || part === 'v_proj') {
      const a = l.part!.attention;
      if (t > 1 && a.heads % t !== 0) this.problem(`${l.part!.of}: ${a.heads} attention heads do not divide over tp=${t}`);
      const kvPer = a.kvHeads >= t ? a.kvHeads / t : 1;
      if (t > 1 && (a.kvHeads >= t ? a.kvHeads % t !== 0 : t % a.kvHeads !== 0)) this.problem(`${l.part!.of}: ${a.kvHeads} KV heads do not divide over tp=${t}, nor tp=${t} over them`);
      const f = part === 'q_proj' ? 1 / t : kvPer / a.kvHeads;
      share = columnShare(f);
      if (l.dims?.kind === 'gemm') l.dims.n = Math.max(1, Math.round(l.dims.n * f));
      outState = t > 1 ? 'split' : 'whole';
      if (t > 1) l.shard = part === 'q_proj' ? `column-parallel: ${a.heads / t} of ${a.heads} query heads a device` : `column-parallel: ${kvPer} of ${a.kvHeads} KV heads a device${a.kvHeads < t ? ` (replicated over ${t / a.kvHeads} devices)` : ''}`;
    } else if (part === 'qk' || part === 'softmax' || part === 'sv') {
      const a = l.part!.attention;
      const kvPer = a.kvHeads >= t ? a.kvHeads / t : 1;
      const kvShare = kvPer / a.kvHeads;
      share = { work: 1 / t, input: 1 / t, weight: 1, output: 1 / t, cache: kvShare, params: 1, held: 1 };
      if (t > 1) {
        l.part!.attention.heads = Math.max(1, Math.round(a.heads / t));
        l.part!.attention.kvHeads = kvPer;
        l.shard = `${a.heads / t} of ${a.heads} heads a device`;
      }
      needWhole = false;
      outState = t > 1 ? 'split' : 'whole';
    } else if (part === 'o_proj') {
      share = rowShare(l, 1 / t);
      if (l.dims?.kind === 'gemm') l.dims.k = Math.max(1, Math.round(l.dims.k / t));
      needWhole = false;
      if (t > 1) {
        l.shard = `row-parallel over ${t} devices`;
        after = { kind: 'allreduce', group: 'tp', devices: t, size: l.bytes.output, elementBytes: act, purpose: `sums the partial outputs of the row-parallel ${l.name}` };
      }
    } else if (isWeightLinear(l) && t > 1) {
      const d = l.dims as { n: number; k: number };
      if (allSplit) {
        share = rowShare(l, shareOf(d.k, t));
        d.k = Math.ceil(d.k / t);
        needWhole = false;
        l.shard = `row-parallel over ${t} devices`;
        after = { kind: 'allreduce', group: 'tp', devices: t, size: l.bytes.output, elementBytes: act, purpose: `sums the partial outputs of the row-parallel ${l.name}` };
      } else {
        share = columnShare(shareOf(d.n, t));
        d.n = Math.ceil(d.n / t);
        outState = 'split';
        l.shard = `column-parallel over ${t} devices`;
      }
    } else if (l.op === 'embedding' && t > 1) {
      const vocab = typeof l.call?.args.vocab === 'number' ? l.call.args.vocab : 0;
      const f = shareOf(vocab, t);
      share = { work: f, input: 1, weight: f, output: 1, cache: 1, params: f, held: 1 };
      l.shard = `vocabulary-parallel: ${formatCount(Math.ceil(vocab / t))} of ${formatCount(vocab)} rows a device`;
      after = { kind: 'allreduce', group: 'tp', devices: t, size: l.bytes.output, elementBytes: act, purpose: `sums the rows of ${l.name} that each device holds` };
    } else if (l.op === 'moe' && (t > 1 || this.ep > 1)) {
      share = this.moeShare(l);
      if (this.ep > 1) {
        before = { kind: 'alltoall', group: 'ep', devices: this.ep, size: moeCopies * act, elementBytes: act, purpose: `sends each token's top_k copies to the devices of their experts, before ${l.name}` };
      }
      if (t > 1) after = { kind: 'allreduce', group: 'tp', devices: t, size: l.bytes.output, elementBytes: act, purpose: `sums the partial outputs of the experts of ${l.name}, split over the tp devices` };
    } else if (keepsSplit(l.op) && allSplit) {
      share = { work: 1 / t, input: 1 / t, weight: 1 / t, output: 1 / t, cache: 1, params: 1 / t, held: 1 };
      outState = 'split';
      needWhole = false;
      l.shard = `split over ${t} devices, as its inputs`;
    }

    // Operands: gather the split ones a layer needs whole; point at the new indices.
    const newSources = sources.map((j) => (j === undefined ? undefined : this.source(j, needWhole, l)));
    let dispatch: number | undefined;
    if (before) {
      const from = newSources.find((x) => x !== undefined) ?? -1;
      dispatch = this.collective(`${l.name}_dispatch`, from, l, before);
    }
    applyShare(l, share);
    l.index = this.out.length;
    const remap = (j: number | undefined, k: number) => (dispatch !== undefined && k === 0 ? dispatch : newSources[k]) ?? j;
    if (fromCall && l.call) {
      l.call = { ...l.call, inputs: l.call.inputs.map((s, k): TensorSource => (s.kind === 'layer' ? { ...s, layer: remap(s.layer, k) as number } : s)) };
    }
    l.producers = [...new Set(sources.map((j, k) => remap(j, k)).filter((x): x is number => x !== undefined))];
    this.out.push(l);
    let readAt = l.index;
    if (after) {
      readAt = this.collective(l.part && part === 'o_proj' ? `${l.part.of}_allreduce` : `${l.name}_allreduce`, l.index, l, after);
    }
    if (l.op === 'moe' && this.ep > 1) {
      readAt = this.collective(`${l.name}_combine`, readAt, l, { kind: 'alltoall', group: 'ep', devices: this.ep, size: moeCopies * act, elementBytes: act, purpose: `brings the experts' outputs of ${l.name} back to their tokens' devices` });
    }
    this.readAt[oi] = readAt;
    this.state[oi] = outState;
    // A split output that no layer reads (the model's output): gathered whole.
    if (outState === 'split' && this.consumers[oi] === 0) this.source(oi, true, l);
  }

  /** Elements of the token copies a mixture sends to its experts: tokens x top_k x dim. */
  private moeCopies(l: Layer): number {
    const topK = typeof l.call?.args.top_k === 'number' ? l.call.args.top_k : 1;
    const x = l.inputs[0];
    const elements = x ? x.reduce((a, b) => a * b, 1) : 0;
    return elements * topK;
  }

  /** One device's share of a mixture: the router whole, the experts over ep x tp (all its experts' weights read over ep). */
  private moeShare(l: Layer): Share {
    const args = l.call?.args ?? {};
    const experts = typeof args.experts === 'number' ? args.experts : 1;
    const x = l.inputs[0];
    const dim = x ? x[x.length - 1] : 0;
    const tokens = x && dim > 0 ? x.reduce((a, b) => a * b, 1) / dim : 0;
    if (this.ep > 1 && experts % this.ep !== 0) this.problem(`${l.name}: ${experts} experts do not divide over ep=${this.ep}`);
    const t = this.tp;
    const spread = this.ep * t;
    const routerParams = dim * experts;
    const expertParams = Math.max(0, l.params - routerParams);
    const routerOps = 2 * tokens * dim * experts + 5 * tokens * experts;
    const params = l.params > 0 ? (routerParams + expertParams / spread) / l.params : 1;
    // Work: every device runs its tokens' experts, split tp-wise (under ep the tokens it receives
    // from the other devices stand in for the ones it sends away).
    const work = l.ops > 0 ? (routerOps + (l.ops - routerOps) / t) / l.ops : 1;
    // Weights read: the router, and the experts a device holds that its share of all ep devices' tokens touch.
    const weight = l.bytes.weight > 0 ? this.moeWeightShare(l, experts, tokens, routerParams, expertParams) : 1;
    l.shard = `${this.ep > 1 ? `${experts / this.ep} of ${experts} experts a device` : `all ${experts} experts`}${t > 1 ? `, each split over ${t} devices` : ''}; the router whole`;
    return { work, input: 1, weight, output: 1, cache: 1, params, held: 1 };
  }

  private moeWeightShare(l: Layer, experts: number, tokens: number, routerParams: number, expertParams: number): number {
    const topK = typeof l.call?.args.top_k === 'number' ? l.call.args.top_k : 1;
    const perExpert = expertParams / experts;
    const weights = { router: routerParams, perExpert, experts, topK };
    const before = moeWeightElems(weights, tokens);
    // A device holds 1/ep of the experts, each 1/tp of it: its share of those all ep devices' tokens touch.
    const mine = moeWeightElems(weights, tokens, this.ep, this.tp);
    return before > 0 ? mine / before : 1;
  }

  private problem(message: string): void {
    if (!this.problems.includes(message)) this.problems.push(message);
  }
}

/**
 * The layers of one device under tp-way tensor and ep-way expert parallelism, with their
 * collectives. `owned`: the layers are copies (scaleLayer.ts copyLayer) that may be changed in place.
 */
export function shardLayers(layers: Layer[], tp: number, ep: number, owned = false): ShardResult {
  const s = new Sharder(layers, tp, ep, owned);
  s.run();
  return { layers: s.out, problems: s.problems, notes: s.notes };
}
