// Fixtures of the cost-model tests: targets built from published figures, and small models.
import type { Target } from '../../server/src/core/hardware/types';

/**
 * The accelerator of Zhang et al., FPGA 2015, on a Virtex-7 485T (VC707): 100 MHz, fp32, unroll
 * (Tm, Tn) = (64, 7) = 448 lanes, peak 2 x 448 x 100 MHz = 89.6 GFLOP/s, 4.5 GB/s off chip.
 */
export const ZHANG15: Target = {
  name: 'zhang15-vc707',
  title: 'Zhang et al. FPGA 2015 accelerator on a Virtex-7 485T (VC707)',
  kind: 'fpga',
  clock: { value: 100e6, source: 'Zhang et al., FPGA 2015, section 5' },
  peak: { fp32: { value: 89.6e9, source: 'derived: 2 x 448 lanes x 100 MHz' } },
  defaultPrecision: 'fp32',
  memory: [{ name: 'DRAM', bandwidth: { value: 4.5e9, source: 'Zhang et al., FPGA 2015, section 4' }, offChip: true }],
  buffer: { value: 4_746_240, source: 'derived: 37,080 Kb of block RAM (Xilinx DS180) = 1,030 x 36 Kb' },
  unroll: { m: 64, n: 7, source: 'Zhang et al., FPGA 2015, table 4' },
  lanes: { value: 448, source: 'derived: 2,240 of 2,800 DSPs / 5 DSPs per fp32 multiply-add' },
  execution: 'sequential',
};

/**
 * The original AlexNet (Krizhevsky et al. 2012, Caffe's bvlc_alexnet): 227 x 227 input; conv2, conv4
 * and conv5 in two groups; conv1 and conv3 whole.
 */
export const ALEXNET_ZHANG15 = `use precision fp32
model alexnet_zhang15 {
  input image: [1, 3, 227, 227]
  conv1 = relu(conv2d(image, 96, kernel=11, stride=4)) @tile(m=64, n=7, r=55, c=55)
  pool1 = maxpool(lrn(conv1), kernel=3, stride=2)
  conv2 = relu(conv2d(pool1, 256, kernel=5, pad=2, groups=2))
  pool2 = maxpool(lrn(conv2), kernel=3, stride=2)
  conv3 = relu(conv2d(pool2, 384, kernel=3, pad=1))
  conv4 = relu(conv2d(conv3, 384, kernel=3, pad=1, groups=2))
  conv5 = relu(conv2d(conv4, 256, kernel=3, pad=1, groups=2))
  output pool5 = maxpool(conv5, kernel=3, stride=2)
}
`;

