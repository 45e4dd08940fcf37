// The catalogue of approximations the cost models make, one short sentence each. A costed layer
// lists the ones that apply to it (hovers show them); the docs list them all from here.

export const APPROXIMATIONS = {
  overlap: 'Compute and data transfers overlap perfectly: the time is the largest of the compute time and each memory level\'s transfer time.',
  tiledLoopOrder: 'Tiled traffic (Zhang et al., FPGA 2015): loop order rows, columns, output maps, then input maps innermost; the output tile stays on chip and is stored once, input and weight tiles are reloaded on every trip.',
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
  fusedGroup: 'A fused group runs as one kernel: the producer\'s traffic and tile, plus the operands its members read from off chip; tensors read only inside the group stay on chip; the time is that of the whole group on one roofline.',
  fusedBatchNorm: 'A batch norm (or Caffe Scale) folded into the conv or linear layer before it moves nothing of its own; its operations stay in the counts, which are per operator.',
  fusedPool: 'Pooling fused into its producer pools each output tile on chip: its windows do not overlap (or it is global), so no tile needs its neighbours\' rows.',
  fusedSoftmax: 'Softmax fused into its producer normalises each row on chip, with a running maximum and sum (online softmax), as if the producer\'s tile held whole rows.',
  unrollCycles: 'Cycles on the unrolled engine: one MAC per lane per cycle, no pipeline fill, drain or stalls.',
  systolicCycles: 'Systolic cycles from the SCALE-Sim v2 analytical model with ideal memory; each group and image is a separate run.',
  peakVsArray: 'The target\'s peak differs from 2 x lanes x clock: the compute roof is the peak x utilisation, so the time is not cycles / clock.',
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
  energyBuffer: 'The on-chip buffer is charged once for each byte that crosses off chip.',
  energyLevelMissing: 'A memory level without a per-byte energy in the target\'s table is not charged.',
  energyPrecision: 'The target\'s energy table has no MAC energy for this precision: the nearest precision\'s is used.',
} as const;

export type ApproximationId = keyof typeof APPROXIMATIONS;

/** Model-wide sentences, by execution model. */
export const EXECUTION_NOTES = {
  sequential: 'Sequential execution: one engine runs the layers one after another; the model time is their sum.',
  pipelined: 'Layer-pipelined execution: one stage per layer; a new input every slowest-stage time; the latency is the critical path.',
  dataflow: 'Dataflow execution: branches run concurrently without contention; the model time is the critical path.',
} as const;
