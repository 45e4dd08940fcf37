// The rest of the catalog: an Apple M-series GPU (unified memory), the Raspberry Pi 5 CPU (NEON
// peaks derived from the Cortex-A76 pipelines) and Eyeriss (Chen et al., ISSCC 2016 / JSSC 2017),
// whose energy table also carries the paper's normalised costs (register file 1, array 2, global
// buffer 6, DRAM 200 times a MAC).
import type { Target } from '../types';
import { derived, entry, G, KiB, M, offChip, src, T } from './common';
import { significant } from '../../../protocol/format';

const M2 = 'Apple Newsroom, "Apple unveils M2, taking the breakthrough performance and capabilities of M1 even further" (June 2022)';
const PI5 = 'Raspberry Pi 5 product brief (Raspberry Pi Ltd, 2023)';
const PI5_BLOG = 'Upton, "Introducing: Raspberry Pi 5!", Raspberry Pi blog (2023): 32-bit LPDDR4X at 4267 MT/s';
const A76 = 'Arm Cortex-A76 Software Optimization Guide (2019): two 128-bit ASIMD pipelines, FMLA and SDOT throughput 2 a cycle';
const EYERISS = 'Chen, Krishna, Emer, Sze, "Eyeriss: An Energy-Efficient Reconfigurable Accelerator for Deep Convolutional Neural Networks", ISSCC 2016 and IEEE JSSC 2017';
const EYERISS_ENERGY = 'Chen, Emer, Sze, ISCA 2016, and Chen et al., JSSC 2017: normalised energy cost per access relative to a MAC (65 nm)';

/** A 16-bit MAC at 65 nm: (0.2 pJ x (16 / 8)^2 multiply + 0.1 pJ 32-bit add) x 65 / 45. */
const EYERISS_MAC_PJ = (0.2 * 4 + 0.1) * (65 / 45);

const eyerissMemory = [offChip('DRAM', derived(8 * 90 * M, `64-bit data bus x 90 MHz link clock / 8 (${EYERISS}, top-level architecture)`))];
const eyerissBuffer = src(108 * KiB, `${EYERISS}: 108 KB global buffer (taken as KiB)`);

export const OTHER: Target[] = [
  entry({
    name: 'apple-m2-gpu',
    title: 'Apple M2, 10-core GPU',
    kind: 'gpu',
    peak: { fp32: src(3.6 * T, 'Apple WWDC 2022 keynote, M2 introduction: 10-core GPU, 3.6 teraflops') },
    defaultPrecision: 'fp32',
    memory: [offChip('LPDDR5 (unified)', src(100 * G, `${M2}: 100GB/s of unified memory bandwidth`), src(24 * G, `${M2}: up to 24GB of unified memory`))],
    node: src(5, `${M2}: second-generation 5-nanometer technology`),
    execution: 'sequential',
    notes: [
      'The memory is shared with the CPU and the Neural Engine (15.8 TOPS, same source), which is not modelled here.',
      'Only the fp32 peak is given: Apple publishes no separate fp16 figure for this GPU.',
    ],
    aliases: ['m2', 'apple-m2', 'm2-gpu'],
  }),
  entry({
    name: 'rpi5-cpu',
    title: 'Raspberry Pi 5 CPU (BCM2712, 4 x Cortex-A76 at 2.4 GHz, 8 GB)',
    kind: 'cpu',
    clock: src(2.4 * G, `${PI5}: quad-core Arm Cortex-A76 at 2.4 GHz`),
    peak: {
      fp32: derived(4 * 2.4 * G * 2 * 4 * 2, `4 cores x 2.4 GHz x 2 NEON FMA pipes x 4 fp32 lanes x 2 (${A76})`),
      fp16: derived(4 * 2.4 * G * 2 * 8 * 2, `4 cores x 2.4 GHz x 2 NEON FMA pipes x 8 fp16 lanes x 2 (${A76})`),
      int8: derived(4 * 2.4 * G * 2 * 16 * 2, `4 cores x 2.4 GHz x 2 SDOT pipes x 16 int8 MACs x 2 (${A76})`),
    },
    defaultPrecision: 'fp32',
    memory: [offChip('LPDDR4X', derived(4267 * M * 4, `4,267 MT/s x 32 bit / 8 (${PI5}: LPDDR4X-4267; ${PI5_BLOG})`), src(8 * G, `${PI5}: 2, 4, 8 or 16 GB; the 8 GB model`))],
    buffer: derived(4 * 512 * KiB, `4 cores x 512 KB private L2 (${PI5}); the 2 MB shared L3 is not counted`),
    execution: 'sequential',
    notes: ['Peaks assume every core issues two 128-bit NEON multiply-adds a cycle; real kernels reach a fraction of them.'],
    aliases: ['rpi5', 'raspberry-pi-5', 'pi5', 'bcm2712'],
  }),
  {
    name: 'eyeriss',
    title: 'Eyeriss (MIT, 65 nm, 16-bit fixed point)',
    kind: 'asic',
    clock: src(200 * M, `${EYERISS}: 200 MHz core clock of the reported measurements`),
    lanes: src(168, `${EYERISS}: 168 processing elements, one 16-bit MAC each`),
    peak: { int16: derived(2 * 168 * 200 * M, '2 x 168 PEs x 200 MHz') },
    defaultPrecision: 'int16',
    memory: eyerissMemory,
    buffer: eyerissBuffer,
    systolic: {
      rows: 12,
      cols: 14,
      dataflow: 'ws',
      native: 'row-stationary',
      source: `${EYERISS}: a 12 x 14 PE array running the row-stationary dataflow`,
    },
    node: src(65, `${EYERISS}: 65 nm CMOS`),
    energy: {
      // The paper's own normalised table: every access a multiple of a 16-bit MAC's energy.
      macPj: { int16: EYERISS_MAC_PJ },
      bytePj: {},
      relative: { perAccess: { MAC: 1, RF: 1, array: 2, buffer: 6, DRAM: 200 }, source: EYERISS_ENERGY },
      node: 65,
      source:
        `${EYERISS_ENERGY}: register file 1, PE array 2, global buffer 6, DRAM 200 per 16-bit access, times a 16-bit MAC. ` +
        `The MAC: ${significant(EYERISS_MAC_PJ)} pJ = (16-bit multiply 0.8 pJ, from ${'Horowitz'}'s 0.2 pJ 8-bit and 3.1 pJ 32-bit multiplies growing as the square of the width, + 32-bit add 0.1 pJ) x 65 / 45 (node scaling).`,
    },
    execution: 'sequential',
    notes: [
      'Row-stationary is none of SCALE-Sim\'s dataflows; it is modelled as weight-stationary (filter rows held in the PEs, partial sums moving along the array): an approximation.',
      'The 16-bit fixed point of the chip is the int16 precision.',
      'Energy uses the paper\'s own normalised table (register file 1, array 2, global buffer 6, DRAM 200 times a MAC) with a 16-bit MAC of 1.3 pJ (Horowitz 45 nm, scaled to 65 nm).',
    ],
    aliases: ['eyeriss-v1', 'mit-eyeriss'],
  },
];
