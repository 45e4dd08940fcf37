// Google's TPUs of the catalog: TPU v1 (the 2015 inference chip of Jouppi et al., ISCA 2017),
// TPU v4, TPU v5e (Cloud TPU documentation) and the Edge TPU (Coral datasheets). The matrix units
// are weight-stationary systolic arrays; v4 and v5e have several 128 x 128 MXUs per chip.
import type { Target } from '../types';
import { derived, entry, G, GiB, M, MiB, offChip, src, T } from './common';
import { TPU_V1_SYSTEM, TPU_V4_SYSTEM, TPU_V5E_SYSTEM } from './interconnects';
import { TPU1, V4, V4_PAPER, V5E } from './sources';

const MXU = 'Google Cloud TPU documentation, "System architecture": each MXU is a 128 x 128 systolic array';
const CORAL_USB = 'Coral USB Accelerator datasheet v1.4 (Google, 2020)';
const CORAL_COMPILER = 'Coral documentation, "Edge TPU Compiler" (parameter data caching)';

export const GOOGLE: Target[] = [
  entry({
    name: 'tpu-v1',
    title: 'Google TPU v1 (2015 inference ASIC)',
    kind: 'tpu',
    clock: src(700 * M, `${TPU1}, Table 2: 700 MHz`),
    peak: { int8: src(92 * T, `${TPU1}, Table 2: 92 TOPS (8-bit)`) },
    defaultPrecision: 'int8',
    memory: [offChip('DDR3', src(34 * G, `${TPU1}, Table 2: 34 GB/s`), src(8 * GiB, `${TPU1}, Section 2: 8 GiB of DDR3 DRAM`))],
    buffer: src(28 * MiB, `${TPU1}, Table 2: 28 MiB on-chip memory (24 MiB Unified Buffer + 4 MiB accumulators)`),
    lanes: src(65536, `${TPU1}, Section 2: the Matrix Multiply Unit has 256 x 256 = 65,536 8-bit MACs`),
    systolic: { rows: 256, cols: 256, dataflow: 'ws', source: `${TPU1}, Section 2 and Figure 4: 256 x 256 systolic array, weights preloaded (weight-stationary)` },
    interconnect: TPU_V1_SYSTEM,
    node: src(28, `${TPU1}, Table 2: 28 nm`),
    execution: 'sequential',
    notes: ['Check: 2 x 65,536 MACs x 700 MHz = 91.75 TOP/s, which the paper rounds to 92.'],
    aliases: ['tpu1', 'tpuv1', 'tpu-v1-2015'],
  }),
  entry({
    name: 'tpu-v4',
    title: 'Google TPU v4 (per chip)',
    kind: 'tpu',
    clock: derived(275e12 / (2 * 8 * 128 * 128), '275 TFLOP/s / (2 x 8 MXUs x 128 x 128 MACs) = 1.049 GHz (the paper gives 1050 MHz)'),
    peak: {
      bf16: src(275 * T, `${V4}: peak compute per chip 275 teraflops (bf16 or int8)`),
      int8: src(275 * T, `${V4}: peak compute per chip 275 teraflops (bf16 or int8)`),
    },
    defaultPrecision: 'bf16',
    memory: [offChip('HBM2', src(1200 * G, `${V4}: HBM2 bandwidth 1200 GBps`), src(32 * GiB, `${V4}: HBM2 capacity 32 GiB`))],
    buffer: src(128 * MiB, `${V4_PAPER}: 128 MiB CMEM`),
    systolic: {
      rows: 128,
      cols: 128,
      dataflow: 'ws',
      arrays: 8,
      source: `${MXU}; ${V4}: two TensorCores a chip, four MXUs a TensorCore`,
    },
    interconnect: TPU_V4_SYSTEM,
    node: src(7, `${V4_PAPER}: 7 nm`),
    execution: 'sequential',
    notes: ['The buffer is CMEM, an on-chip memory in front of HBM; the per-core VMEM is smaller.'],
    aliases: ['tpuv4', 'tpu4'],
  }),
  entry({
    name: 'tpu-v5e',
    title: 'Google TPU v5e (per chip)',
    kind: 'tpu',
    clock: derived(197e12 / (2 * 4 * 128 * 128), '197 TFLOP/s / (2 x 4 MXUs x 128 x 128 MACs) = 1.503 GHz'),
    peak: {
      bf16: src(197 * T, `${V5E}: peak compute per chip (bf16) 197 TFLOPs`),
      int8: src(393 * T, `${V5E}: peak compute per chip (Int8) 393 TOPs`),
    },
    defaultPrecision: 'bf16',
    memory: [offChip('HBM2', src(819 * G, `${V5E}: HBM2 capacity and bandwidth 16 GB, 819 GBps`), src(16 * G, `${V5E}: 16 GB HBM2`))],
    systolic: { rows: 128, cols: 128, dataflow: 'ws', arrays: 4, source: `${MXU}; ${V5E}: one TensorCore a chip with four MXUs` },
    interconnect: TPU_V5E_SYSTEM,
    execution: 'sequential',
    notes: ['No buffer figure: the on-chip memory of v5e is not in the public specification.'],
    aliases: ['tpuv5e', 'tpu5e', 'v5e'],
  }),
  entry({
    name: 'edge-tpu',
    title: 'Google Coral Edge TPU',
    kind: 'npu',
    peak: { int8: src(4 * T, `${CORAL_USB}: 4 TOPS total peak performance (int8)`) },
    defaultPrecision: 'int8',
    memory: [
      offChip(
        'host link',
        derived(500 * M, '5 Gb/s (USB 3.0 Gen 1, Coral USB Accelerator datasheet; PCIe Gen2 x1 on the M.2 and Mini PCIe cards) x 8/10 (8b/10b encoding) / 8'),
      ),
    ],
    buffer: src(8 * M, `${CORAL_COMPILER}: the Edge TPU has roughly 8 MB of SRAM to cache the model's parameters`),
    execution: 'sequential',
    notes: [
      'Parameters beyond the ~8 MB of SRAM stream over the host link on every inference; the host link is the off-chip level.',
      'No clock or array size: Google does not publish them for the Edge TPU.',
    ],
    aliases: ['edgetpu', 'coral', 'coral-edge-tpu'],
  }),
];
