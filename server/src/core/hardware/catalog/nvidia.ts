// NVIDIA GPUs of the catalog: H100 (SXM5, PCIe), A100 SXM4 (40 GB, 80 GB), V100 SXM2, RTX 4090,
// L4, T4, Jetson Orin Nano 8 GB and Jetson AGX Orin 64 GB. Peaks are dense (no 2:4 sparsity): where
// a datasheet gives only the figure with sparsity, the dense one is derived as half of it.
// Sources: NVIDIA's datasheets and architecture whitepapers, named beside each figure.
import type { Target } from '../types';
import { derived, entry, G, M, MiB, offChip, src, T } from './common';

const H100_WP = 'NVIDIA H100 Tensor Core GPU Architecture whitepaper (2022), H100 SXM5 column, dense';
const H100_DS = 'NVIDIA H100 Tensor Core GPU datasheet (2023)';
const A100_WP = 'NVIDIA A100 Tensor Core GPU Architecture whitepaper (2020)';
const A100_DS = 'NVIDIA A100 Tensor Core GPU datasheet (2021)';
const V100_WP = 'NVIDIA Tesla V100 GPU Architecture whitepaper (2017)';
const V100_DS = 'NVIDIA Tesla V100 datasheet (2018), SXM2 column';
const ADA_WP = 'NVIDIA Ada GPU Architecture whitepaper (2023), appendix table, GeForce RTX 4090, dense';
const L4_DS = 'NVIDIA L4 Tensor Core GPU datasheet (2023)';
const T4_DS = 'NVIDIA T4 Tensor Core GPU datasheet (2019)';
const TURING_WP = 'NVIDIA Turing GPU Architecture whitepaper (2018)';
const NANO_DS = 'NVIDIA Jetson Orin Nano Series Data Sheet (2023), 8 GB module';
const AGX_TB = 'NVIDIA Jetson AGX Orin Series Technical Brief v1.2 (2022), 64 GB module';
const SPARSE_NOTE = 'Peaks are dense: the headline datasheet figures with 2:4 sparsity are twice these.';
const L2_NOTE = "The buffer is the L2 cache; NVIDIA's cache megabytes are binary (the A100 whitepaper lists 40,960 KB).";

export const NVIDIA: Target[] = [
  entry({
    name: 'h100-sxm',
    title: 'NVIDIA H100 SXM5 80 GB',
    kind: 'gpu',
    peak: {
      fp16: src(989.4 * T, `${H100_WP}: FP16 Tensor 989.4 TFLOPS`),
      bf16: src(989.4 * T, `${H100_WP}: BF16 Tensor 989.4 TFLOPS`),
      tf32: src(494.7 * T, `${H100_WP}: TF32 Tensor 494.7 TFLOPS`),
      fp8: src(1978.9 * T, `${H100_WP}: FP8 Tensor 1978.9 TFLOPS`),
      int8: src(1978.9 * T, `${H100_WP}: INT8 Tensor 1978.9 TOPS`),
      fp32: src(66.9 * T, `${H100_WP}: FP32 (non-Tensor) 66.9 TFLOPS`),
    },
    defaultPrecision: 'fp16',
    memory: [offChip('HBM3', src(3.35 * T, `${H100_DS}: GPU memory bandwidth 3.35 TB/s`), src(80 * G, `${H100_DS}: 80 GB HBM3`))],
    buffer: src(50 * MiB, `${H100_WP}: 50 MB L2 cache`),
    node: src(4, `${H100_WP}: TSMC 4N process (a 4 nm-class node; 4 taken)`),
    execution: 'sequential',
    notes: [SPARSE_NOTE, L2_NOTE, 'No clock: the peaks are published directly, not the clock they assume.'],
    aliases: ['h100', 'h100-sxm5'],
  }),
  entry({
    name: 'h100-pcie',
    title: 'NVIDIA H100 PCIe 80 GB',
    kind: 'gpu',
    peak: {
      fp16: derived(756.5 * T, `1,513 TFLOPS FP16 Tensor with sparsity / 2 (${H100_DS}, H100 PCIe column)`),
      bf16: derived(756.5 * T, `1,513 TFLOPS BF16 Tensor with sparsity / 2 (${H100_DS}, H100 PCIe column)`),
      tf32: derived(378 * T, `756 TFLOPS TF32 Tensor with sparsity / 2 (${H100_DS}, H100 PCIe column)`),
      fp8: derived(1513 * T, `3,026 TFLOPS FP8 Tensor with sparsity / 2 (${H100_DS}, H100 PCIe column)`),
      int8: derived(1513 * T, `3,026 TOPS INT8 Tensor with sparsity / 2 (${H100_DS}, H100 PCIe column)`),
      fp32: src(51 * T, `${H100_DS}, H100 PCIe column: FP32 51 TFLOPS`),
    },
    defaultPrecision: 'fp16',
    memory: [offChip('HBM2e', src(2.0 * T, `${H100_DS}, H100 PCIe column: GPU memory bandwidth 2 TB/s`), src(80 * G, `${H100_DS}, H100 PCIe column: 80 GB`))],
    buffer: src(50 * MiB, 'NVIDIA H100 Tensor Core GPU Architecture whitepaper (2022): 50 MB L2 cache'),
    node: src(4, 'NVIDIA H100 Tensor Core GPU Architecture whitepaper (2022): TSMC 4N process (a 4 nm-class node; 4 taken)'),
    execution: 'sequential',
    notes: [SPARSE_NOTE, L2_NOTE],
    aliases: ['h100-pci'],
  }),
  entry({
    name: 'a100-sxm-40gb',
    title: 'NVIDIA A100 SXM4 40 GB',
    kind: 'gpu',
    clock: src(1410 * M, `${A100_WP}: GPU boost clock 1410 MHz`),
    peak: {
      fp16: src(312 * T, `${A100_DS}: FP16 Tensor Core 312 TFLOPS`),
      bf16: src(312 * T, `${A100_DS}: BFLOAT16 Tensor Core 312 TFLOPS`),
      tf32: src(156 * T, `${A100_DS}: TF32 Tensor Core 156 TFLOPS`),
      int8: src(624 * T, `${A100_DS}: INT8 Tensor Core 624 TOPS`),
      int4: src(1248 * T, `${A100_WP}: INT4 Tensor Core 1248 TOPS`),
      fp32: src(19.5 * T, `${A100_DS}: FP32 19.5 TFLOPS`),
    },
    defaultPrecision: 'fp16',
    memory: [offChip('HBM2', src(1555 * G, `${A100_DS}: A100 40GB SXM GPU memory bandwidth 1,555 GB/s`), src(40 * G, `${A100_DS}: 40 GB HBM2`))],
    buffer: src(40 * MiB, `${A100_WP}: L2 cache 40960 KB`),
    node: src(7, `${A100_WP}: TSMC 7 nm N7 process`),
    execution: 'sequential',
    notes: [SPARSE_NOTE, L2_NOTE, 'Check: 432 Tensor Cores x 256 FP16 FMA x 2 x 1.41 GHz = 311.9 TFLOP/s.'],
    aliases: ['a100-40gb', 'a100-sxm4-40gb'],
  }),
  entry({
    name: 'a100-sxm-80gb',
    title: 'NVIDIA A100 SXM4 80 GB',
    kind: 'gpu',
    clock: src(1410 * M, `${A100_WP}: GPU boost clock 1410 MHz`),
    peak: {
      fp16: src(312 * T, `${A100_DS}: FP16 Tensor Core 312 TFLOPS`),
      bf16: src(312 * T, `${A100_DS}: BFLOAT16 Tensor Core 312 TFLOPS`),
      tf32: src(156 * T, `${A100_DS}: TF32 Tensor Core 156 TFLOPS`),
      int8: src(624 * T, `${A100_DS}: INT8 Tensor Core 624 TOPS`),
      int4: src(1248 * T, `${A100_WP}: INT4 Tensor Core 1248 TOPS`),
      fp32: src(19.5 * T, `${A100_DS}: FP32 19.5 TFLOPS`),
    },
    defaultPrecision: 'fp16',
    memory: [offChip('HBM2e', src(2039 * G, `${A100_DS}: A100 80GB SXM GPU memory bandwidth 2,039 GB/s`), src(80 * G, `${A100_DS}: 80 GB HBM2e`))],
    buffer: src(40 * MiB, `${A100_WP}: L2 cache 40960 KB`),
    node: src(7, `${A100_WP}: TSMC 7 nm N7 process`),
    execution: 'sequential',
    notes: [SPARSE_NOTE, L2_NOTE],
    aliases: ['a100', 'a100-80gb', 'a100-sxm4-80gb', 'a100-sxm'],
  }),
  entry({
    name: 'v100-sxm2',
    title: 'NVIDIA Tesla V100 SXM2 32 GB',
    kind: 'gpu',
    clock: src(1530 * M, `${V100_WP}: GPU boost clock 1530 MHz (Tesla V100 for NVLink)`),
    peak: {
      fp16: src(125 * T, `${V100_DS}: Tensor Performance 125 TFLOPS (FP16 multiply, FP32 accumulate)`),
      fp32: src(15.7 * T, `${V100_DS}: Single-Precision Performance 15.7 TFLOPS`),
    },
    defaultPrecision: 'fp16',
    memory: [offChip('HBM2', src(900 * G, `${V100_DS}: Memory Bandwidth 900 GB/s`), src(32 * G, `${V100_DS}: 32 GB HBM2 (16 GB also sold)`))],
    buffer: src(6 * MiB, `${V100_WP}: L2 cache 6144 KB`),
    node: src(12, `${V100_WP}: TSMC 12 nm FFN process`),
    execution: 'sequential',
    notes: [L2_NOTE, 'Check: 640 Tensor Cores x 64 FMA x 2 x 1.53 GHz = 125.3 TFLOP/s. No INT8 Tensor Cores on Volta.'],
    aliases: ['v100'],
  }),
  entry({
    name: 'rtx-4090',
    title: 'NVIDIA GeForce RTX 4090',
    kind: 'gpu',
    clock: src(2520 * M, `${ADA_WP}: boost clock 2520 MHz`),
    peak: {
      fp16: src(165.2 * T, `${ADA_WP}: Peak FP16 Tensor TFLOPS with FP32 Accumulate 165.2`),
      bf16: src(165.2 * T, `${ADA_WP}: Peak BF16 Tensor TFLOPS with FP32 Accumulate 165.2`),
      tf32: src(82.6 * T, `${ADA_WP}: Peak TF32 Tensor TFLOPS 82.6`),
      fp8: src(330.3 * T, `${ADA_WP}: Peak FP8 Tensor TFLOPS with FP32 Accumulate 330.3`),
      int8: src(660.6 * T, `${ADA_WP}: Peak INT8 Tensor TOPS 660.6`),
      int4: src(1321.2 * T, `${ADA_WP}: Peak INT4 Tensor TOPS 1321.2`),
      fp32: src(82.6 * T, `${ADA_WP}: Peak FP32 TFLOPS (non-Tensor) 82.6`),
    },
    defaultPrecision: 'fp16',
    memory: [offChip('GDDR6X', src(1008 * G, `${ADA_WP}: memory bandwidth 1008 GB/s (21 Gbps, 384-bit)`), src(24 * G, `${ADA_WP}: 24 GB GDDR6X`))],
    buffer: src(72 * MiB, `${ADA_WP}: L2 cache 72 MB`),
    node: src(4, 'NVIDIA Ada GPU Architecture whitepaper (2023): TSMC 4N process (4 taken)'),
    execution: 'sequential',
    notes: [
      SPARSE_NOTE,
      L2_NOTE,
      'FP16 and BF16 use FP32 accumulation, as frameworks do; with FP16 accumulation the FP16 Tensor peak is 330.3 TFLOPS (same whitepaper).',
    ],
    aliases: ['4090', 'rtx4090', 'geforce-rtx-4090'],
  }),
  entry({
    name: 'l4',
    title: 'NVIDIA L4 24 GB',
    kind: 'gpu',
    peak: {
      fp16: derived(121 * T, `242 TFLOPS FP16 Tensor Core with sparsity / 2 (${L4_DS})`),
      bf16: derived(121 * T, `242 TFLOPS BF16 Tensor Core with sparsity / 2 (${L4_DS})`),
      tf32: derived(60 * T, `120 TFLOPS TF32 Tensor Core with sparsity / 2 (${L4_DS})`),
      fp8: derived(242.5 * T, `485 TFLOPS FP8 Tensor Core with sparsity / 2 (${L4_DS})`),
      int8: derived(242.5 * T, `485 TOPS INT8 Tensor Core with sparsity / 2 (${L4_DS})`),
      fp32: src(30.3 * T, `${L4_DS}: FP32 30.3 TFLOPS`),
    },
    defaultPrecision: 'fp16',
    memory: [offChip('GDDR6', src(300 * G, `${L4_DS}: GPU memory bandwidth 300 GB/s`), src(24 * G, `${L4_DS}: 24 GB GDDR6`))],
    buffer: src(48 * MiB, 'NVIDIA Ada GPU Architecture whitepaper (2023): AD104 L2 cache 48 MB (the L4 is an AD104 part)'),
    node: src(4, 'NVIDIA Ada GPU Architecture whitepaper (2023): TSMC 4N process (4 taken)'),
    execution: 'sequential',
    notes: [SPARSE_NOTE, L2_NOTE, 'No clock: the datasheet peaks assume a clock below the 2,040 MHz maximum boost.'],
    aliases: ['nvidia-l4'],
  }),
  entry({
    name: 't4',
    title: 'NVIDIA T4 16 GB',
    kind: 'gpu',
    peak: {
      fp16: src(65 * T, `${T4_DS}: Mixed Precision (FP16/FP32) 65 TFLOPS`),
      int8: src(130 * T, `${T4_DS}: INT8 130 TOPS`),
      int4: src(260 * T, `${T4_DS}: INT4 260 TOPS`),
      fp32: src(8.1 * T, `${T4_DS}: Single-Precision 8.1 TFLOPS`),
    },
    defaultPrecision: 'fp16',
    memory: [offChip('GDDR6', src(320 * G, `${T4_DS}: GPU memory bandwidth 320+ GB/s`), src(16 * G, `${T4_DS}: 16 GB GDDR6`))],
    buffer: src(4 * MiB, `${TURING_WP}: TU104 L2 cache 4096 KB (the T4 is a TU104 part)`),
    node: src(12, `${TURING_WP}: TSMC 12 nm FFN process`),
    execution: 'sequential',
    notes: [L2_NOTE],
    aliases: ['tesla-t4', 'nvidia-t4'],
  }),
  entry({
    name: 'jetson-orin-nano-8gb',
    title: 'NVIDIA Jetson Orin Nano 8 GB (15 W mode)',
    kind: 'gpu',
    clock: src(625 * M, `${NANO_DS}: GPU max frequency 625 MHz`),
    peak: {
      int8: derived(20 * T, `40 TOPS INT8 with sparsity / 2 (${NANO_DS})`),
      fp16: derived(10 * T, 'dense INT8 20 TOPS / 2: Ampere Tensor Cores run FP16 at half their INT8 rate (A100 datasheet: 312 TFLOPS FP16, 624 TOPS INT8)'),
      fp32: derived(1.28 * T, `1024 CUDA cores x 2 (FMA) x 625 MHz (${NANO_DS})`),
    },
    defaultPrecision: 'int8',
    memory: [offChip('LPDDR5', src(68 * G, `${NANO_DS}: 8 GB 128-bit LPDDR5, 68 GB/s`), src(8 * G, `${NANO_DS}: 8 GB LPDDR5`))],
    execution: 'sequential',
    notes: [
      SPARSE_NOTE,
      'GPU only (the Orin Nano has no DLA). Memory is shared with the CPU.',
      'JetPack 6.1 "Super" mode raises the GPU to 1020 MHz, the memory to 102 GB/s and the sparse INT8 peak to 67 TOPS (Jetson Orin Nano Super Developer Kit datasheet, 2024).',
      'No buffer figure: the L2 size of this module is not in the data sheet.',
    ],
    aliases: ['orin-nano', 'jetson-orin-nano', 'orin-nano-8gb'],
  }),
  entry({
    name: 'jetson-agx-orin-64gb',
    title: 'NVIDIA Jetson AGX Orin 64 GB (GPU)',
    kind: 'gpu',
    clock: src(1.3 * G, `${AGX_TB}: GPU max frequency 1.3 GHz`),
    peak: {
      int8: derived(85 * T, `170 TOPS INT8 (GPU) with sparsity / 2 (${AGX_TB})`),
      fp16: derived(42.5 * T, 'dense INT8 85 TOPS / 2: Ampere Tensor Cores run FP16 at half their INT8 rate (A100 datasheet: 312 TFLOPS FP16, 624 TOPS INT8)'),
      fp32: derived(5.3248 * T, `2048 CUDA cores x 2 (FMA) x 1.3 GHz (${AGX_TB})`),
    },
    defaultPrecision: 'int8',
    memory: [offChip('LPDDR5', src(204.8 * G, `${AGX_TB}: 64 GB 256-bit LPDDR5, 204.8 GB/s`), src(64 * G, `${AGX_TB}: 64 GB LPDDR5`))],
    buffer: src(4 * MiB, `${AGX_TB}: GPU L2 cache 4 MB`),
    execution: 'sequential',
    notes: [
      SPARSE_NOTE,
      "GPU only: the module's 275 TOPS (sparse INT8) include its two DLAs (105 TOPS). Memory is shared with the CPU.",
      L2_NOTE,
    ],
    aliases: ['agx-orin', 'jetson-agx-orin', 'orin-agx'],
  }),
];
