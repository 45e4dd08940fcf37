// FlashAttention as a fusion group (kind 'flash', fusion.ts): the qk, softmax and sv parts of an
// attention call run as one kernel whose producer is `<call>.qk`. Sources: Dao et al.,
// "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness", NeurIPS 2022,
// Algorithm 1 (block sizes Bc = ceil(M / 4d), Br = min(ceil(M / 4d), d) for an on-chip memory of
// M elements and head dimension d); Dao, "FlashAttention-2", 2023 (the outer loop over blocks of
// Br query rows, each reading all of K and V).
//
// Traffic of the kernel: Q read once, the output written once, K and V read once per block of
// query rows, ceil(seq / Br) times; the scores never leave the chip. Query heads that share a KV
// head (grouped-query attention) share its reads. M is the target's on-chip buffer in elements of
// the KV datatype (as LLM-Viewer sizes it); without a buffer figure, Br = d.
//
// Mode: `@attention(unfused)` on the statement, else the analysis option (`--attention`,
// `roofline.attention`), else flash. The mode is independent of the fusion policy: under `none`
// the flash groups still form; `unfused` leaves qk, softmax and sv to the chain planner.
import { formatCount } from '../../protocol/format';
import { bytesOf, roleOf } from '../precision';
import type { AttentionMode, Layer } from '../semantics/model';
import { DEFAULT_ATTENTION } from '../../protocol/attention';
import type { FinderOptions, FusionGraph, FusionGroup } from './fusion';
import type { GroupCostFn, GroupCostInput, GroupWordsFn, GroupWork } from './groupCost';

export { DEFAULT_ATTENTION } from '../../protocol/attention';

/** The attention mode of a part: its statement's `@attention(...)`, else the option, else flash. */
function attentionModeOf(l: Pick<Layer, 'part'>, option: AttentionMode | undefined): AttentionMode {
  return l.part?.mode ?? option ?? DEFAULT_ATTENTION;
}

/** Query rows per block: Br = min(ceil(M / 4d), d), M the buffer in elements; d without a buffer. */
export function flashBlockRows(bufferBytes: number | undefined, elementBytes: number, headDim: number): number {
  if (bufferBytes === undefined || !(bufferBytes > 0)) return headDim;
  return Math.max(1, Math.min(Math.ceil(bufferBytes / elementBytes / (4 * headDim)), headDim));
}

/** The flash groups of a model: for every attention call in flash mode, qk with softmax and sv. */
export function findFlashGroups(graph: FusionGraph, _policy: unknown, options: FinderOptions): FusionGroup[] {
  const layers = graph.layers;
  const groups: FusionGroup[] = [];
  for (const qk of layers) {
    if (qk.part?.name !== 'qk' || !qk.counted || attentionModeOf(qk, options.attention) !== 'flash') continue;
    const softmax = layers[qk.index + 1];
    const sv = layers[qk.index + 2];
    if (softmax?.part?.of !== qk.part.of || softmax.part.name !== 'softmax' || sv?.part?.of !== qk.part.of || sv.part.name !== 'sv') continue;
    if (!softmax.counted || !sv.counted) continue;
    groups.push({ kind: 'flash', producer: qk.index, members: [{ index: softmax.index, role: 'attention' }, { index: sv.index, role: 'attention' }] });
  }
  return groups;
}

/** The blocks of a flash group: the head dimension d, the sequence, Br and the passes over K and V. */
function flashBlocks(input: GroupCostInput): { headDim: number; seq: number; br: number; passes: number } {
  const shape = input.facts[0].attention;
  const headDim = shape?.headDim ?? 1;
  const seq = shape?.seq ?? 1;
  const kvBytes = bytesOf(input.precisionOverride ?? roleOf(input.layers[input.group.producer], 'kv'));
  const br = flashBlockRows(input.buffer, kvBytes, headDim);
  return { headDim, seq, br, passes: Math.ceil(seq / br) };
}

/** One FlashAttention kernel: Q in and O out once, K and V once per block of Br query rows. */
export const costFlashGroup: GroupCostFn = (input) => {
  const { group, alone } = input;
  const [softmaxIndex, svIndex] = group.members.map((m) => m.index);
  const qk = input.bytes(group.producer);
  const sv = input.bytes(svIndex);
  const { passes } = flashBlocks(input);
  const traffic = qk.input + sv.output + passes * (qk.cache + sv.cache);
  const work: GroupWork = { ops: 0, macs: 0, compulsory: traffic, onChip: traffic, computeTime: 0, approximations: ['flashAttention'] };
  if (input.buffer === undefined) work.approximations.push('flashNoBuffer');
  for (const i of [group.producer, softmaxIndex, svIndex]) {
    const c = alone[i];
    work.ops += c.ops ?? 0;
    work.macs += c.macs ?? 0;
    // Each part's compute as costed alone (in whole cycles on a clocked engine), as a chain's members.
    work.computeTime += input.computeSeconds(i);
  }
  return work;
};

/** A flash group's sentences: its blocks on the producer, the kernel it runs in on each member. */
export const flashGroupWords: GroupWordsFn = (input, name) => {
  const { group } = input;
  const [softmaxIndex, svIndex] = group.members.map((m) => m.index);
  const { headDim, seq, br, passes } = flashBlocks(input);
  const where = input.buffer === undefined ? 'the target gives no on-chip buffer, so Br is the head dimension' : `from the ${formatCount(input.buffer)}-byte on-chip buffer`;
  const notes = [
    `FlashAttention with ${name(softmaxIndex)} and ${name(svIndex)}: the scores stay on chip; K and V are read ${passes} time${passes === 1 ? '' : 's'}, once per block of Br = ${br} query rows (ceil(${seq} / ${br}); Br = min(ceil(M / 4d), d) with d = ${headDim}, ${where}).`,
  ];
  const producer = name(group.producer);
  const memberNotes = new Map<number, string>();
  for (const i of [softmaxIndex, svIndex]) memberNotes.set(i, `Runs in the FlashAttention kernel of ${producer}: no time or traffic of its own.`);
  return { notes, memberNotes };
};
