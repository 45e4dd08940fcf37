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
  searchCut: 'The tile search was cut short (its evaluation budget, or tile sizes sampled on a huge layer): the tile is the best found, not proven best.',
  fileTileUnroll: 'The file\'s tile differs from the target\'s unroll: cycles follow the unroll, traffic and buffer the tile.',
  fileTileFilled: 'Tile factors the file does not give were filled in: by the search, or with the unroll and the whole dimension.',
  energyMacsAndBytes: 'Energy counts MACs and bytes moved (per-access energies of the target); element-wise operations and control are not charged.',
  energyBuffer: 'The on-chip buffer is charged once for each byte that crosses off chip, and the register file three times a MAC (no access counts on this target).',
  energyAccesses: 'Energy is charged per access from the engine\'s counts: the buffer for every SRAM word read or written, DRAM for every DRAM word, the register file once and PE-to-PE hops twice a MAC.',
  energyNode: 'The 45 nm energies are scaled to the chip\'s process node by node / 45 (DRAM unscaled): a first-order rule.',
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
