// What a fused group moves and computes as one kernel (the groups come from fusion.ts). A function
// per group kind takes the group and every layer costed on its own, and returns the kernel's work:
// its operations, its off-chip traffic, the bytes its on-chip levels carry and its compute time; the
// cost façade (analyzeCost.ts) puts that work on the roofline of the target like any layer's.
//
// A chain (batch norm folded, epilogues, residual adds, pooling, softmax) moves:
//   the producer's traffic (tiled or compulsory, as costed alone)
//   - the producer's output, when only the group reads it (it stays on chip)
//   + for each member: its operands that come from outside the group (a residual's other operand,
//     read once), its weights (none for a folded batch norm; the producer gains a per-channel bias
//     when it had none), its KV cache, and its output when a layer outside the group reads it or
//     nothing does (the group's result).
// Its compute time is the producer's (on the array at its utilisation, in cycles on a clocked
// engine), or its members' operations at the peak when they take longer: an epilogue works on each
// output tile as the producer makes the next, so the two overlap. Its operations are the counted operations
// of every layer of the group (counting is per operator), a folded batch norm's included.
// A kind's cost function reads a layer of the model only through its cost input (the figures alone
// stand for it) and the group's facts (groupFacts: what the model says around the group's layers),
// and gives its sentences apart (a GroupWordsFn: they name the layers), so that groups whose layers
// have equal inputs, figures and facts (the blocks of a repeated stage) share their figures
// (groupFigures.ts). Pure; never throws on a well-formed group.
import { numel, weightMatrixElems } from '../ops/types';
import type { Precision } from '../precision';
import type { Layer, LayerBytes, ModelResult } from '../semantics/model';
import type { ApproximationId } from './approximations';
import type { CostInput } from './costMemo';
import type { FusionGroup } from './fusion';
import type { CostedLayer } from './types';

/**
 * What a group's figures read of one of its layers besides its cost input: the model around it.
 * Groups whose layers have equal cost inputs, figures alone and facts have equal figures (the
 * group memo compares them all: groupFigures.ts contentKey).
 */
export interface GroupLayerFacts {
  /** Whether its output leaves the chip: a layer outside the group reads it, or none does. */
  crossing: boolean;
  /** Elements of its outputs. */
  outputElems: number;
  /** For each input: 'group' when a layer of the group makes it, else its elements (null: unknown). */
  inputs: (number | 'group' | null)[];
  /** Its parameters (a producer without a bias gains one from a folded batch norm). */
  params: number;
  /** An attention part's query rows and head dimension. */
  attention?: { seq: number; headDim: number };
}

/** Every field of GroupLayerFacts, checked against the type (a fact added there is a compile error
 *  here until factsKey writes it too). */
export const FACT_FIELDS: Record<keyof GroupLayerFacts, true> = { crossing: true, outputElems: true, inputs: true, params: true, attention: true };

/**
 * The facts of a group's layers as text, every field of each (FACT_FIELDS): equal texts, equal
 * facts (test/groupMemo.test.ts holds it to JSON.stringify). What groupFigures.ts contentKey keys
 * groups by; written by hand, as JSON.stringify took 1.4 µs a group.
 */
export function factsKey(facts: readonly GroupLayerFacts[]): string {
  let key = '';
  for (const f of facts) {
    key += `${f.crossing ? 'c' : 'n'}${f.outputElems}:${f.params}[`;
    for (const i of f.inputs) key += i === null ? '?,' : `${i},`;
    key += f.attention ? `]${f.attention.seq}x${f.attention.headDim};` : '];';
  }
  return key;
}

export interface GroupCostInput {
  group: FusionGroup;
  /** The model's layers as their cost inputs (by layer index): all a group's cost may read of one. */
  layers: readonly CostInput[];
  /** The facts of the group's layers, producer first (groupFacts). */
  facts: readonly GroupLayerFacts[];
  /** Every layer of the model costed on its own (by layer index); the group's layers have status 'ok'. */
  alone: readonly CostedLayer[];
  /** Bytes per element of a layer at the precision it is costed at. */
  wordBytes(index: number): number;
  /** Bytes of a tiled layer's output-tile stores, within its tiled traffic (undefined: not tiled). */
  tiledOutput(index: number): number | undefined;
  /** A layer's bytes by role as costed (rescaled when the analysis sets one precision for every layer). */
  bytes(index: number): LayerBytes;
  /** The precision the analysis sets for every layer, if any. */
  precisionOverride?: Precision;
  /** The target's on-chip buffer in bytes, when it gives one. */
  buffer?: number;
  /** Seconds of compute of a layer costed alone (its compute cycles on a clocked engine). */
  computeSeconds(index: number): number;
}

export interface GroupWork {
  ops: number;
  macs: number;
  /** Off-chip bytes with an unbounded buffer, and with the producer's tile (when it has one). */
  compulsory: number;
  tiled?: number;
  /** Bytes the on-chip memory levels carry (the tile loads, as for a layer alone). */
  onChip: number;
  /** Seconds of compute: the producer's, or its members' when longer (they overlap). */
  computeTime: number;
  approximations: ApproximationId[];
}

/** What a fused group says in words (apart from its figures: the sentences name its layers). */
export interface GroupWords {
  /** Sentences on the producer (the group's card). */
  notes: string[];
  /** Sentences on each member, by layer index. */
  memberNotes: Map<number, string>;
}

export type GroupCostFn = (input: GroupCostInput) => GroupWork;
/** A kind's sentences; `name` gives a layer's name by index. */
export type GroupWordsFn = (input: GroupCostInput, name: (index: number) => string) => GroupWords;

/** Bytes of the output of the group's k-th layer (producer first; `index` in the model) at its costed precision. */
function outputBytes(input: GroupCostInput, k: number, index: number): number {
  return input.facts[k].outputElems * input.wordBytes(index);
}

/** Whether a member's k-th input comes from a layer of the group (without sources: the first input does). */
function fromGroup(l: Layer, k: number, inGroup: ReadonlySet<number>): boolean {
  const s = l.call?.inputs?.[k];
  return s ? s.kind === 'layer' && inGroup.has(s.layer) : k === 0;
}

/** The indices of a group's layers, producer first. */
function groupIndices(group: GroupCostInput['group']): Set<number> {
  return new Set<number>([group.producer, ...group.members.map((m) => m.index)]);
}

/** The facts of a group's layers, producer first. `consumers`: the readers of each layer's output. */
export function groupFacts(group: FusionGroup, model: ModelResult, consumers: readonly (readonly number[])[]): GroupLayerFacts[] {
  const inGroup = groupIndices(group);
  return [group.producer, ...group.members.map((m) => m.index)].map((i): GroupLayerFacts => {
    const l = model.layers[i];
    const readers = consumers[i] ?? [];
    const facts: GroupLayerFacts = {
      crossing: readers.length === 0 || readers.some((r) => !inGroup.has(r)),
      outputElems: l.outputs.reduce((s, o) => s + (o ? numel(o) : 0), 0),
      inputs: l.inputs.map((shape, k) => (fromGroup(l, k, inGroup) ? 'group' : shape ? numel(shape) : null)),
      params: l.params,
    };
    const a = l.part?.attention;
    if (a) facts.attention = { seq: a.seq, headDim: a.headDim };
    return facts;
  });
}

/** Per-channel output elements of a conv or linear producer (what a folded bias adds). */
function outputChannels(input: GroupCostInput): number {
  const d = input.layers[input.group.producer].dims;
  if (!d) return 0;
  return d.kind === 'conv' ? d.groups * d.m : d.n;
}

/** Weight elements of a conv or linear producer without a bias (so a folded batch norm adds one). */
function hasBias(input: GroupCostInput): boolean {
  const d = input.layers[input.group.producer].dims;
  if (!d) return true;
  return input.facts[0].params > weightMatrixElems(d);
}

const ROLE_APPROXIMATIONS: Partial<Record<string, ApproximationId>> = { bnFold: 'fusedBatchNorm', pool: 'fusedPool', softmax: 'fusedSoftmax' };

/** A producer and a chain (or tree) of members reading the group's tensors on chip. */
export const costChainGroup: GroupCostFn = (input) => {
  const { group, alone } = input;
  const p = alone[group.producer];
  const work: GroupWork = {
    ops: p.ops ?? 0,
    macs: p.macs ?? 0,
    compulsory: p.traffic?.compulsory ?? 0,
    onChip: p.traffic?.tiled ?? p.traffic?.compulsory ?? 0,
    computeTime: input.computeSeconds(group.producer),
    approximations: ['fusedGroup'],
  };
  if (p.traffic?.tiled !== undefined) work.tiled = p.traffic.tiled;
  if (!input.facts[0].crossing) {
    const out = outputBytes(input, 0, group.producer);
    work.compulsory -= out;
    if (work.tiled !== undefined) work.tiled -= input.tiledOutput(group.producer) ?? out;
    work.onChip -= input.tiledOutput(group.producer) ?? out;
  }
  const add = (bytes: number) => {
    work.compulsory += bytes;
    if (work.tiled !== undefined) work.tiled += bytes;
    work.onChip += bytes;
  };
  let folded = 0;
  let membersTime = 0;
  for (let n = 0; n < group.members.length; n++) {
    const m = group.members[n];
    const facts = input.facts[n + 1];
    const c = alone[m.index];
    const wb = input.wordBytes(m.index);
    work.ops += c.ops ?? 0;
    work.macs += c.macs ?? 0;
    membersTime += input.computeSeconds(m.index);
    for (const elems of facts.inputs) if (typeof elems === 'number') add(elems * wb);
    // A member's weights and KV cache at each role's width (and the precision override), as the
    // layer alone is costed (traffic.ts costedBytes).
    const b = input.bytes(m.index);
    if (m.role === 'bnFold') folded++;
    else add(b.weight);
    add(b.cache);
    if (facts.crossing) add(outputBytes(input, n + 1, m.index));
    const id = ROLE_APPROXIMATIONS[m.role];
    if (id && !work.approximations.includes(id)) work.approximations.push(id);
  }
  work.computeTime = Math.max(work.computeTime, membersTime);
  if (folded > 0) {
    const bias = foldedBias(input);
    if (bias > 0) add(bias * input.wordBytes(group.producer));
  }
  return work;
};

/** Elements of the bias a folded batch norm gives its producer: its output channels when it had no bias, else 0. */
function foldedBias(input: GroupCostInput): number {
  const channels = outputChannels(input);
  return !hasBias(input) && channels > 0 ? channels : 0;
}

/** A chain's sentences: each member's, and the folded batch norms' on the producer. */
export const chainGroupWords: GroupWordsFn = (input, name) => {
  const { group } = input;
  const producer = name(group.producer);
  const words: GroupWords = { notes: [], memberNotes: new Map() };
  for (const m of group.members) {
    const how = m.role === 'bnFold' ? `folded into ${producer}: its scale and shift become ${producer}'s weights and bias` : `fused into ${producer}`;
    words.memberNotes.set(m.index, `${cap(how)}; it runs in that kernel and has no time or traffic of its own.`);
  }
  const names = group.members.filter((m) => m.role === 'bnFold').map((m) => name(m.index));
  if (names.length > 0) {
    const bias = foldedBias(input);
    const its = names.length > 1 ? 'their' : 'its';
    words.notes.push(`${names.join(' and ')} folded into this layer: ${its} scale and shift become the weights and ${bias > 0 ? `a new bias of ${bias} (read once)` : 'the bias'}; no traffic of ${its} own.`);
  }
  return words;
};

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
