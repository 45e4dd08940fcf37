// Fusion groups: which layers a compiler runs as one kernel (TensorRT, XLA and TVM fold batch norm
// into the convolution before it at inference and fuse element-wise epilogues into their producer).
// This is the cost stage: counting stays per operator (every layer keeps its MACs, ops and params);
// the planner here groups the counted layers, and the cost façade (analyzeCost.ts) then costs each
// group as one kernel with the function of its kind (groupCost.ts).
//
// A group is a producer layer and the member layers fused into it. Policies (`roofline.fusion`,
// `--fusion`):
//   none        every layer is its own kernel (the layer-by-layer view);
//   epilogue    (default) batch norm and Caffe Scale fold into the conv or linear layer before them
//               (role 'bnFold'); an element-wise operator whose only input is the group's output,
//               and a binary element-wise operator (a residual add) whose other operand is read
//               once from off chip, fuse into the group (roles 'epilogue', 'residual');
//   aggressive  also pooling whose windows do not overlap (or global pooling), and softmax along
//               the last dimension (roles 'pool', 'softmax').
// A layer joins the group only when the group's output is read by that layer alone (otherwise the
// output must be written off chip anyway). `@fuse` on a layer fuses it into its producer's group
// whatever the policy and whoever else reads the producer's output; `@nofuse` keeps a layer a kernel
// of its own: nothing fuses into it and it fuses into nothing.
//
// Extending: a group kind is one cost function (groupCost.ts) plus one line in GROUP_KINDS; groups
// that are not chains of epilogues (FlashAttention's qk + softmax + sv) come from a finder added to
// GROUP_FINDERS, which runs before the chain planner and takes its layers out of it.
// Pure; never throws (the planner only reads the model).
import { operator } from '../ops/table';
import type { AttentionMode, Layer, PlainArg } from '../semantics/model';
import { sameData } from '../semantics/sameData';
import { costFlashGroup, findFlashGroups, flashGroupWords } from './flashAttention';
import { chainGroupWords, costChainGroup, type GroupCostFn, type GroupWordsFn } from './groupCost';

export const FUSION_POLICIES = ['none', 'epilogue', 'aggressive'] as const;
export type FusionPolicy = (typeof FUSION_POLICIES)[number];
export const DEFAULT_FUSION: FusionPolicy = 'epilogue';

export function isFusionPolicy(v: unknown): v is FusionPolicy {
  return typeof v === 'string' && (FUSION_POLICIES as readonly string[]).includes(v);
}

/** How a member joined its group, with the words hovers and the panel use. */
export const MEMBER_ROLES = {
  bnFold: 'folded',
  epilogue: 'epilogue',
  residual: 'operand read once',
  pool: 'pooling',
  softmax: 'softmax',
  annotation: '@fuse',
  attention: 'FlashAttention',
} as const;
export type MemberRole = keyof typeof MEMBER_ROLES;

export interface GroupKindSpec {
  /** Costs the whole group as one kernel. */
  cost: GroupCostFn;
  /** Its sentences (they name its layers; apart, so that equal groups share their figures). */
  words: GroupWordsFn;
  /** Words for the group in hovers and the panel: 'batch norm folded'. */
  title: string;
}

const CHAIN = { cost: costChainGroup, words: chainGroupWords };

/** One line per kind of group. */
export const GROUP_KINDS = {
  bnFold: { ...CHAIN, title: 'batch norm folded' },
  epilogue: { ...CHAIN, title: 'fused epilogue' },
  pool: { ...CHAIN, title: 'pooling fused' },
  softmax: { ...CHAIN, title: 'softmax fused' },
  flash: { cost: costFlashGroup, words: flashGroupWords, title: 'FlashAttention (QK^T, softmax, scores x V)' },
} satisfies Record<string, GroupKindSpec>;
export type GroupKind = keyof typeof GROUP_KINDS;

export interface FusionMember {
  index: number;
  role: MemberRole;
}

export interface FusionGroup {
  kind: GroupKind;
  /** Index of the producer layer, whose costed layer carries the group's figures. */
  producer: number;
  /** In model order (each after the layers it reads). */
  members: FusionMember[];
}

/**
 * What the planner and the group finders read of a layer: these fields, and of its call the
 * operands' sources and the pooling and softmax arguments (PLAN_ARGS). They take layers through
 * this type, so they cannot read another field; samePlanInput compares exactly these, so that a
 * costing may keep the plan of before when the layers an edit changed are equal in them.
 */
const PLAN_INPUT_FIELDS = ['index', 'op', 'counted', 'view', 'nofuse', 'fuse', 'outputs', 'inputs', 'dims', 'producers', 'part'] as const;
/** The arguments of a call the planner reads (poolFuses, softmaxFuses). */
const PLAN_ARGS = ['kernel', 'stride', 'dim'] as const;
export type PlanLayer = Pick<Layer, (typeof PLAN_INPUT_FIELDS)[number]> & {
  call?: { inputs: NonNullable<Layer['call']>['inputs']; args: Partial<Record<(typeof PLAN_ARGS)[number], PlainArg>> };
};

/** True when the planner reads the same of both layers (PLAN_INPUT_FIELDS, the call's sources and PLAN_ARGS). */
export function samePlanInput(a: Layer, b: Layer): boolean {
  for (const f of PLAN_INPUT_FIELDS) if (!sameData(a[f], b[f])) return false;
  if ((a.call === undefined) !== (b.call === undefined)) return false;
  if (a.call && b.call) {
    if (!sameData(a.call.inputs, b.call.inputs)) return false;
    for (const k of PLAN_ARGS) if (!sameData(a.call.args[k], b.call.args[k])) return false;
  }
  return true;
}

/** The model's dataflow, as the planner and the group costs read it. */
export interface FusionGraph {
  layers: readonly PlanLayer[];
  /** Indices of the layers that read each layer's output (each once, in model order). */
  consumers: readonly (readonly number[])[];
}

/** The readers of a layer that none reads (one shared, frozen list). */
const NO_READERS: readonly number[] = Object.freeze([]);

export function fusionGraph(model: { layers: readonly PlanLayer[] }): FusionGraph {
  const layers = model.layers;
  // Each list is made at its first reader, at the length of one (most layers have one reader): an
  // empty list grown by push takes room for 17 (at 100,000 layers, the old generation at the end of
  // a CLI run went from 174 to 165 MB).
  const consumers = new Array<readonly number[]>(layers.length).fill(NO_READERS);
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    const producers = l.producers;
    // A layer's producers may repeat; it is listed once among each one's readers (layers come in
    // order, so a repeat is the last reader listed).
    for (let j = 0; j < producers.length; j++) {
      const p = producers[j];
      if (p < 0 || p >= l.index) continue;
      const readers = consumers[p];
      // Any list but NO_READERS was made here, so it may grow.
      if (readers === NO_READERS) consumers[p] = [l.index];
      else if (readers[readers.length - 1] !== l.index) (readers as number[]).push(l.index);
    }
  }
  return { layers, consumers };
}

/** Finds groups of a special shape before the chain planner; returns them with their layers taken. */
export type GroupFinder = (graph: FusionGraph, policy: FusionPolicy, options: FinderOptions) => FusionGroup[];

/** What finders may depend on besides the policy. */
export interface FinderOptions {
  /** How attention runs where its statement does not say (flashAttention.ts). */
  attention?: AttentionMode;
}

export const GROUP_FINDERS: GroupFinder[] = [findFlashGroups];

const TENSOR_ARGS = new Map<string, number>();

/** Tensor arguments of an operator (from the operator table), counted once per operator of the table. */
function tensorArgs(op: string): number {
  let n = TENSOR_ARGS.get(op);
  if (n !== undefined) return n;
  const spec = operator(op);
  // An unknown operator's name comes from the file: not kept (the map stays as small as the table).
  if (!spec) return 0;
  TENSOR_ARGS.set(op, (n = spec.args.filter((a) => a.kind === 'tensor').length));
  return n;
}

/** Per-channel scale and shift: fold into a conv or linear producer, else run as unary element-wise work. */
const FOLDABLE = new Set(['batchnorm', 'scale']);

/** A per-element operator of one tensor: activations, unary maths, per-channel scale and shift. */
function isUnaryElementwise(op: string): boolean {
  const spec = operator(op);
  if (!spec || op === 'softmax') return false;
  if (FOLDABLE.has(op)) return true;
  return (spec.category === 'activation' || spec.category === 'elementwise') && tensorArgs(op) === 1;
}

function isBinaryElementwise(op: string): boolean {
  return operator(op)?.category === 'elementwise' && tensorArgs(op) === 2;
}

/** Layers a group can start from: ones that compute (not views, data movement or embeddings). */
function canProduce(l: PlanLayer): boolean {
  const cat = operator(l.op)?.category;
  return l.counted && !l.view && !l.nofuse && l.outputs.length === 1 && cat !== undefined && cat !== 'data' && cat !== 'embedding';
}

/** A conv, or a linear layer with the features on dimension 1, into which a batch norm folds. */
function foldsNorm(l: PlanLayer): boolean {
  const d = l.dims;
  if (!d) return false;
  if (d.kind === 'conv') return true;
  return d.weightRhs && (l.outputs[0]?.length ?? 0) === 2;
}

function num(v: unknown): number[] | undefined {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v.length === 1 ? [v[0], v[0]] : (v as number[]);
  return undefined;
}

/** Pooling whose windows do not overlap (stride >= window), or a global pooling. */
function poolFuses(l: PlanLayer): boolean {
  if (operator(l.op)?.category !== 'pool') return false;
  if (l.op === 'global_avgpool' || l.op === 'global_maxpool') return true;
  const args = l.call?.args;
  if (!args) return false;
  const kernel = num(args.kernel);
  if (!kernel) return false;
  const stride = args.stride === undefined ? (l.op === 'darknet_maxpool' ? [1, 1] : kernel) : num(args.stride);
  return !!stride && stride[0] >= kernel[0] && stride[1] >= kernel[kernel.length - 1];
}

/** Softmax along the last dimension (the default). */
function softmaxFuses(l: PlanLayer): boolean {
  if (l.op !== 'softmax') return false;
  const dim = l.call?.args.dim;
  const rank = l.inputs[0]?.length ?? 0;
  return dim === undefined || dim === -1 || (typeof dim === 'number' && dim === rank - 1);
}

/** Where a layer's tensor operands come from: layer indices, or -1 for anything else. */
function operandSources(l: PlanLayer): number[] {
  const sources = l.call?.inputs;
  if (sources && sources.length === l.inputs.length) return sources.map((s) => (s.kind === 'layer' ? s.layer : -1));
  return l.producers.length === l.inputs.length ? [...l.producers] : [];
}

/**
 * The role `c` takes when it fuses into a group whose output (layer `tail`) it reads, or undefined.
 * `only`: `c` is the one reader of that output (a batch norm folds into the weights only then).
 */
function roleOf(c: PlanLayer, tail: PlanLayer, group: { producer: PlanLayer; members: FusionMember[] }, policy: FusionPolicy, only: boolean): MemberRole | undefined {
  if (policy === 'none' || !c.counted || c.view || c.outputs.length !== 1) return undefined;
  const sources = operandSources(c);
  const fromTail = sources.filter((s) => s === tail.index).length;
  if (fromTail !== 1) return undefined;
  if (sources.length === 1) {
    const onlyFolds = group.members.every((m) => m.role === 'bnFold');
    if (only && FOLDABLE.has(c.op) && onlyFolds && tail.index === (group.members.at(-1)?.index ?? group.producer.index) && foldsNorm(group.producer)) return 'bnFold';
    if (isUnaryElementwise(c.op)) return 'epilogue';
    if (policy === 'aggressive' && poolFuses(c)) return 'pool';
    if (policy === 'aggressive' && softmaxFuses(c)) return 'softmax';
    return undefined;
  }
  // A binary element-wise operator: the other operand comes from outside the group (read once).
  if (sources.length === 2 && isBinaryElementwise(c.op)) return 'residual';
  return undefined;
}

/** The kind of a group from its members' roles: the last pooling or softmax names it, then any epilogue. */
export function kindOf(members: readonly FusionMember[]): GroupKind {
  let kind: GroupKind = 'bnFold';
  for (const m of members) {
    if (m.role === 'pool' || m.role === 'softmax') kind = m.role;
    else if (kind === 'bnFold' && m.role !== 'bnFold') kind = 'epilogue';
  }
  return kind;
}

/** The groups of a model under a policy (and its `@fuse` / `@nofuse`), in model order of producers. */
export function planFusion(model: { layers: readonly PlanLayer[] }, policy: FusionPolicy, options: FinderOptions = {}, graph: FusionGraph = fusionGraph(model)): FusionGroup[] {
  const layers = model.layers;
  /** The group of every layer already placed, by layer index. */
  const placed = new Placed(layers.length);
  const groups: FusionGroup[] = [];
  for (const find of GROUP_FINDERS) {
    for (const g of find(graph, policy, options)) {
      const all = [g.producer, ...g.members.map((m) => m.index)];
      if (all.some((i) => placed.has(i))) continue;
      for (const i of all) placed.set(i, g);
      groups.push(g);
    }
  }
  // Chains, in model order: a layer not placed yet joins its producer's group when it is marked
  // @fuse, or starts a group; the group then grows while its output has one reader that may fuse
  // (or a reader marked @fuse).
  const join = (g: FusionGroup, l: PlanLayer, role: MemberRole) => {
    g.members.push({ index: l.index, role });
    // Members in model order: a chain's come in order; a @fuse member may come before another's.
    if (g.members.length > 1 && g.members[g.members.length - 2].index > l.index) g.members.sort((a, b) => a.index - b.index);
    placed.set(l.index, g);
  };
  for (const l of layers) {
    if (placed.has(l.index)) continue;
    let g: FusionGroup;
    const producer = l.fuse && !l.nofuse && l.counted ? forcedProducer(l, layers) : undefined;
    if (producer) {
      const existing = placed.get(producer.index);
      g = existing ?? { kind: 'bnFold', producer: producer.index, members: [] };
      const only = graph.consumers[producer.index].length === 1;
      join(g, l, roleOf(l, producer, { producer: layers[g.producer], members: g.members }, 'aggressive', only) ?? 'annotation');
      if (!existing) {
        placed.set(producer.index, g);
        groups.push(g);
      }
    } else if (canProduce(l)) {
      g = { kind: 'bnFold', producer: l.index, members: [] };
    } else continue;
    let tail = l;
    for (;;) {
      const readers = graph.consumers[tail.index];
      const next = readers.length === 1 ? layers[readers[0]] : undefined;
      if (!next || placed.has(next.index) || next.nofuse) break;
      const group = { producer: layers[g.producer], members: g.members };
      const role = roleOf(next, tail, group, policy, true) ?? (next.fuse ? (roleOf(next, tail, group, 'aggressive', true) ?? 'annotation') : undefined);
      if (!role) break;
      join(g, next, role);
      tail = next;
    }
    if (g.members.length === 0) continue;
    g.kind = kindOf(g.members);
    if (!placed.has(g.producer)) {
      placed.set(g.producer, g);
      groups.push(g);
    }
  }
  // Each group's members at their length (a list grown by push keeps room for 17; the groups live
  // as long as the costing: the heap after costing 100,000 layers, 152.1 -> 149.3 MB).
  for (const g of groups) g.members = g.members.slice();
  groups.sort((a, b) => a.producer - b.producer);
  return groups;
}

/** The group of each layer placed so far (an array by layer index: a planner's map of every layer). */
class Placed {
  private readonly groups: (FusionGroup | undefined)[];

  constructor(n: number) {
    this.groups = new Array<FusionGroup | undefined>(n).fill(undefined);
  }

  has(index: number): boolean {
    return this.groups[index] !== undefined;
  }

  get(index: number): FusionGroup | undefined {
    return this.groups[index];
  }

  set(index: number, g: FusionGroup): void {
    this.groups[index] = g;
  }
}

/** The layer a layer marked @fuse fuses into: the producer of its first operand that is a layer. */
function forcedProducer(l: PlanLayer, layers: readonly PlanLayer[]): PlanLayer | undefined {
  const from = operandSources(l).find((s) => s >= 0) ?? l.producers[0];
  const p = from !== undefined ? layers[from] : undefined;
  return p && p.counted && !p.view && !p.nofuse && p.outputs.length === 1 ? p : undefined;
}

/** Every layer's group: the group it produces for, or the group it is a member of. */
export function groupByLayer(groups: readonly FusionGroup[]): Map<number, FusionGroup> {
  const out = new Map<number, FusionGroup>();
  for (const g of groups) {
    out.set(g.producer, g);
    for (const m of g.members) out.set(m.index, g);
  }
  return out;
}
