// The catalogue of approximations the cost models make, one short sentence each. A costed layer
// lists the ones that apply to it (hovers show them); the docs list them all from here.

export const APPROXIMATIONS = {
  overlap: 'Compute and data transfers overlap perfectly: the time is the largest of the compute time and each memory level\'s transfer time.',
  tiledLoopOrder: 'Tiled traffic (Zhang et al., FPGA 2015) under the loop order named with the tile: the output, weight or input tile stays on chip across the innermost tile loop and the others reload every trip; unless the output tile stays, partial output tiles are written and read back.',
  fullTiles: 'Every trip moves a full tile: edge tiles are not trimmed, and input tiles include the zero padding.',
  batchOuter: 'Batch is the outermost loop: the weights are reloaded for every image.',
  gemmAsConv: 'A matrix product is tiled and unrolled as a 1 x 1 convolution: output features on Tm, the inner dimension on Tn, rows on Tr.',
  strideDilation: 'The tiling model uses the larger stride and the undilated kernel.',
  biasOnce: 'Bias and other weight bytes outside the weight tiles are added to the tiled traffic once.',
  onChipTileLoads: 'On-chip memory levels carry the layer\'s tile loads (its tiled traffic, or its compulsory traffic without a tile); reuse inside the buffer is not charged to them.',
  compulsoryChosen: 'Off-chip traffic is the compulsory traffic, as with an unbounded buffer (chosen for this analysis).',
  noBufferCapacity: 'The target gives no on-chip buffer capacity: off-chip traffic is the compulsory traffic (an unbounded buffer).',
  noTile: 'No tile (none in the file and the search is off): off-chip traffic is the compulsory traffic.',
  noTilingModel: 'This operator has no tiling model: its inputs, weights, outputs and KV cache cross off chip once.',
  elementwisePeak: 'Work outside the conv and matrix-product engine runs at the target\'s peak for its precision (no separate vector-unit roof).',
  fusedGroup: 'A fused group runs as one kernel: the producer\'s traffic and tile, plus the operands its members read from off chip; tensors read only inside the group stay on chip; the members\' work overlaps the producer\'s compute (the longer of the two counts); the time is that of the whole group on one roofline.',
  fusedBatchNorm: 'A batch norm (or Caffe Scale) folded into the conv or linear layer before it moves nothing of its own; its operations stay in the counts, which are per operator.',
  fusedPool: 'Pooling fused into its producer pools each output tile on chip: its windows do not overlap (or it is global), so no tile needs its neighbours\' rows.',
  fusedClocked: 'A fused group on a clocked engine takes whole cycles: its compute cycles against the group\'s traffic on every roof (the stalls of the fused kernel are not simulated).',
  fusedSoftmax: 'Softmax fused into its producer normalises each row on chip, with a running maximum and sum (online softmax), as if the producer\'s tile held whole rows.',
  unrollCycles: 'Cycles on the unrolled engine: one MAC per lane per cycle, no pipeline fill, drain or stalls.',
  systolicCycles: 'Systolic compute cycles from the SCALE-Sim v2 analytical model; each group and image is a separate run.',
  systolicArrays: 'Folds are spread over the identical arrays, whole folds per array: compute cycles = ceil(folds / arrays) x cycles a fold - 1; the arrays share the off-chip bandwidth.',
  systolicMemory: 'Memory stalls and accesses follow SCALE-Sim v2\'s double-buffered SRAM per operand (USER bandwidth): replayed line by line as SCALE-Sim runs it (its DRAM words, stall and total cycles exactly) where each operand has its own DRAM port of whole words a cycle (a SCALE-Sim .cfg) and the layer\'s replay visits at most 500,000 entries (`roofline simulate --exact`: any size); in closed form otherwise. A catalog target\'s buffer is split in three equal SRAMs and its off-chip bandwidth shared by the operands in proportion to their DRAM words; every partial sum leaving the array is written out, and the ifmap counts im2col words, as SCALE-Sim does.',
  systolicResweep: 'Closed form, and an operand does not fit in the active half of its SRAM: SCALE-Sim\'s address-set window re-fetches whole sweeps when a demand falls just behind it, which the closed form does not count (SCALE-Sim reads up to 40x more DRAM words there and stalls longer; `roofline simulate --exact` replays it).',
  wholeCycles: 'On an engine with a clock, a layer outside the array takes its roofline time rounded up to whole cycles.',
  peakVsArray: 'The target\'s peak differs from 2 x lanes x clock: the time follows the engine\'s cycles / clock, not the peak.',
  precisionFallback: 'The target has no peak for this layer\'s precision: the nearest precision\'s peak is used.',
  precisionOverride: 'The analysis sets another precision than the file: the layer\'s bytes are rescaled to it.',
  tileAtActivationWidth: 'The weights are narrower or wider than the activations: the tile is chosen as if every operand had the activations\' width, then its weight words are counted at the weights\' width (the buffer need is the activations-width one).',
  flashAttention: 'FlashAttention (Dao et al., 2022; FlashAttention-2, 2023): QK^T, softmax and scores x V run as one kernel and the scores stay on chip; Q is read and the output written once, K and V are read once per block of Br query rows, Br = min(ceil(M / 4d), d) for an on-chip buffer of M elements; query heads sharing a KV head share its reads.',
  flashNoBuffer: 'The target gives no on-chip buffer: FlashAttention\'s block of query rows is the head dimension (Br = d, the largest it takes).',
  attentionUntiled: 'The attention products (QK^T, scores x V) have no tiling model: each operand crosses off chip once, as LLM-Viewer counts them, and they run at the peak.',
  searchCut: 'The tile search was cut short (its evaluation budget, or tile sizes sampled on a huge layer): the tile is the best found, not proven best.',
  fileTileUnroll: 'The file\'s tile differs from the target\'s unroll: cycles follow the unroll, traffic and buffer the tile.',
  fileTileFilled: 'Tile factors the file does not give were filled in: by the search, or with the unroll and the whole dimension.',
  energyMacsAndBytes: 'Energy counts MACs and bytes moved (per-access energies of the target); element-wise operations and control are not charged.',
  energyBuffer: 'The on-chip buffer is charged once for each byte that crosses off chip, and the register file three times a MAC (no access counts on this target).',
  energyAccesses: 'Energy is charged per access from the engine\'s counts: the buffer for every SRAM word read or written, DRAM for every DRAM word, the register file once and PE-to-PE hops twice a MAC.',
  energyNode: 'The 45 nm energies are scaled to the chip\'s process node by node / 45 (DRAM unscaled): a first-order rule.',
  energyLevelMissing: 'A memory level without a per-byte energy in the target\'s table is not charged.',
  energyPrecision: 'The target\'s energy table has no MAC energy for this precision: the nearest precision\'s is used.',
  // Parallel plans (server/src/core/parallel/).
  collectiveAlphaBeta: 'A collective takes the bytes a device sends over its bandwidth plus a fixed latency a step (the alpha-beta model of NCCL\'s tuning); it does not overlap with computation, and its own reads and writes of device memory are not charged.',
  collectiveAlgorithm: 'An all-reduce takes the faster of the ring (2 (n-1)/n x S bytes a device, 2 (n-1) steps) and the binary tree (2 S bytes, 2 ceil(log2 n) steps), as NCCL chooses; all-gather and reduce-scatter run as rings ((n-1)/n x S, n-1 steps), all-to-all as pairwise exchanges.',
  linkAggregate: 'A device drives all its links of a kind at once: its bandwidth is the link count x one link\'s bandwidth, each way (NVLink through NVSwitch, a card\'s PCIe lanes; on a TPU torus the group is taken to be laid out over every dimension, so a collective uses all of a chip\'s ICI links, where along one axis it would get two).',
  linkLatency: 'The latency of a step is a model constant, not a measurement of this system: NCCL\'s tuning figure for its ring with the LL protocol (NVLink 0.6 us, PCIe 1.0 us, network 2.7 us), or the ~1 us a hop of ICI given by "How to Scale Your Model".',
  acrossNodes: 'A group that spans nodes runs its ring at the slower of the intra- and inter-node bandwidths; the steps that cross a node (k of a ring\'s n hops on k nodes) pay the inter-node latency.',
  tensorParallelShares: 'Tensor parallelism splits the heads, the feed-forward width and the vocabulary evenly (the largest share where they do not divide); norms, residual adds and every other layer run whole on every device.',
  batchShares: 'Data-parallel replicas and micro-batches each run their share of the batch: work, activations and KV cache follow the samples, and every replica and micro-batch reads the whole weights.',
  expertBalance: 'Expert parallelism: tokens spread evenly over the experts and their devices (no imbalance, no capacity limit, no dropped tokens).',
} as const;

export type ApproximationId = keyof typeof APPROXIMATIONS;

/** Model-wide sentences, by execution model. */
export const EXECUTION_NOTES = {
  sequential: 'Sequential execution: one engine runs the layers one after another; the model time is their sum.',
  pipelined: 'Layer-pipelined execution: one stage per layer; a new input every slowest-stage time; the latency is the critical path.',
  dataflow: 'Dataflow execution: branches run concurrently without contention; the model time is the critical path.',
} as const;

/** The list of no approximation: the root of the shared lists (withApproximation). */
export const NO_APPROXIMATIONS: readonly string[] = Object.freeze([]);

/** Each shared list's extensions by one more sentence (a trie over the lists made so far). */
const EXTENDED = new WeakMap<readonly string[], Map<string, readonly string[]>>();

/**
 * The shared list `list` with the sentence `s` at its end, or `list` itself when it has `s`. Lists
 * grown from NO_APPROXIMATIONS are shared and frozen: layers that make the same approximations,
 * in the same order, hold one list, read-only, so that a 100,000-layer model keeps a handful of
 * lists and a JSON report writes each once (report/jsonReport.ts). Any other `list` is copied.
 */
export function withApproximation(list: readonly string[], s: string): readonly string[] {
  if (list.includes(s)) return list;
  let next = EXTENDED.get(list);
  if (!next) {
    if (!Object.isFrozen(list)) return Object.freeze([...list, s]);
    EXTENDED.set(list, (next = new Map()));
  }
  let out = next.get(s);
  if (!out) next.set(s, (out = Object.freeze([...list, s])));
  return out;
}
