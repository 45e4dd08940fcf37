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
// Pure; never throws on a well-formed group.
import { numel, weightMatrixElems } from '../ops/types';
import type { Precision } from '../precision';
import type { LayerBytes, ModelResult } from '../semantics/model';
import type { ApproximationId } from './approximations';
import type { FusionGroup } from './fusion';
import type { CostedLayer } from './types';

export interface GroupCostInput {
  group: FusionGroup;
  model: ModelResult;
  /** Every layer of the model costed on its own (by layer index); the group's layers have status 'ok'. */
  alone: readonly CostedLayer[];
  /** Indices of the layers that read each layer's output. */
  consumers: readonly (readonly number[])[];
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
  /** Sentences on the producer (the group's card). */
  notes: string[];
  /** Sentences on each member, by layer index. */
  memberNotes: Map<number, string>;
}

export type GroupCostFn = (input: GroupCostInput) => GroupWork;

/** Bytes of a layer's output at its costed precision. */
function outputBytes(input: GroupCostInput, index: number): number {
  const l = input.model.layers[index];
  return l.outputs.reduce((s, o) => s + (o ? numel(o) : 0), 0) * input.wordBytes(index);
}

/** True when the layer's output leaves the chip: something outside the group reads it, or nothing does. */
function crosses(input: GroupCostInput, index: number, inGroup: ReadonlySet<number>): boolean {
  const readers = input.consumers[index] ?? [];
  return readers.length === 0 || readers.some((r) => !inGroup.has(r));
}

/** Per-channel output elements of a conv or linear producer (what a folded bias adds). */
function outputChannels(input: GroupCostInput): number {
  const p = input.model.layers[input.group.producer];
  const d = p.dims;
  if (!d) return 0;
  return d.kind === 'conv' ? d.groups * d.m : d.n;
}

/** Weight elements of a conv or linear producer without a bias (so a folded batch norm adds one). */
function hasBias(input: GroupCostInput): boolean {
  const p = input.model.layers[input.group.producer];
  const d = p.dims;
  if (!d) return true;
  return p.params > weightMatrixElems(d);
}

const ROLE_APPROXIMATIONS: Partial<Record<string, ApproximationId>> = { bnFold: 'fusedBatchNorm', pool: 'fusedPool', softmax: 'fusedSoftmax' };

/** A producer and a chain (or tree) of members reading the group's tensors on chip. */
export const costChainGroup: GroupCostFn = (input) => {
  const { group, model, alone } = input;
  const inGroup = new Set<number>([group.producer, ...group.members.map((m) => m.index)]);
  const p = alone[group.producer];
  const producerLayer = model.layers[group.producer];
  const work: GroupWork = {
    ops: p.ops ?? 0,
    macs: p.macs ?? 0,
    compulsory: p.traffic?.compulsory ?? 0,
    onChip: p.traffic?.tiled ?? p.traffic?.compulsory ?? 0,
    computeTime: input.computeSeconds(group.producer),
    approximations: ['fusedGroup'],
    notes: [],
    memberNotes: new Map(),
  };
  if (p.traffic?.tiled !== undefined) work.tiled = p.traffic.tiled;
  if (!crosses(input, group.producer, inGroup)) {
    const out = outputBytes(input, group.producer);
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
  for (const m of group.members) {
    const l = model.layers[m.index];
    const c = alone[m.index];
    const wb = input.wordBytes(m.index);
    work.ops += c.ops ?? 0;
    work.macs += c.macs ?? 0;
    membersTime += input.computeSeconds(m.index);
    const sources = l.call?.inputs;
    l.inputs.forEach((shape, k) => {
      const s = sources?.[k];
      const fromGroup = s ? s.kind === 'layer' && inGroup.has(s.layer) : k === 0;
      if (!fromGroup && shape) add(numel(shape) * wb);
    });
    // A member's weights and KV cache at each role's width (and the precision override), as the
    // layer alone is costed (traffic.ts costedBytes).
    const b = input.bytes(m.index);
    if (m.role === 'bnFold') folded++;
    else add(b.weight);
    add(b.cache);
    if (crosses(input, m.index, inGroup)) add(outputBytes(input, m.index));
    const id = ROLE_APPROXIMATIONS[m.role];
    if (id && !work.approximations.includes(id)) work.approximations.push(id);
    const how = m.role === 'bnFold' ? `folded into ${producerLayer.name}: its scale and shift become ${producerLayer.name}'s weights and bias` : `fused into ${producerLayer.name}`;
    work.memberNotes.set(m.index, `${cap(how)}; it runs in that kernel and has no time or traffic of its own.`);
  }
  work.computeTime = Math.max(work.computeTime, membersTime);
  if (folded > 0) {
    const channels = outputChannels(input);
    const bias = !hasBias(input) && channels > 0;
    if (bias) add(channels * input.wordBytes(group.producer));
    const names = group.members.filter((m) => m.role === 'bnFold').map((m) => model.layers[m.index].name);
    const its = names.length > 1 ? 'their' : 'its';
    work.notes.push(`${names.join(' and ')} folded into this layer: ${its} scale and shift become the weights and ${bias ? `a new bias of ${channels} (read once)` : 'the bias'}; no traffic of ${its} own.`);
  }
  return work;
};

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
