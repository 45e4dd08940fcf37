// FPGA engines of the catalog. An FPGA has no peak of its own: the engine built on it does, so each
// entry names the engine (its unroll or lanes and clock) and derives the peak from it, with the
// device's resources from Xilinx datasheets. zhang15-vc707 is the design of Zhang et al. (FPGA 2015);
// zcu102-int8 and zc706-pipelined are engines of an assumed configuration, said so beside each figure.
// Block RAM: a 36 Kb block stores 32 Kib of data (the other 4 Kib are parity bits), a BRAM_18K 16 Kib.
import type { Target } from '../types';
import { derived, entry, G, KiB, M, offChip, src } from './common';

const ZHANG = 'Zhang, Li, Sun, Guan, Xiao, Cong, "Optimizing FPGA-based Accelerator Design for Deep Convolutional Neural Networks", FPGA 2015';
const ZHANG_SHORT = 'Zhang et al., FPGA 2015';
const DS180 = 'Xilinx 7 Series FPGAs Data Sheet: Overview (DS180)';
const UG473 = 'Xilinx 7 Series FPGAs Memory Resources User Guide (UG473)';
const UG885 = 'Xilinx VC707 Evaluation Board User Guide (UG885)';
const DS891 = 'Xilinx Zynq UltraScale+ MPSoC Data Sheet: Overview (DS891), ZU9EG';
const UG1182 = 'Xilinx ZCU102 Evaluation Board User Guide (UG1182)';
const WP486 = 'Xilinx WP486, "Deep Learning with INT8 Optimization on Xilinx Devices" (2017)';
const DS190 = 'Xilinx Zynq-7000 SoC Data Sheet: Overview (DS190), XC7Z045';
const UG954 = 'Xilinx ZC706 Evaluation Board User Guide (UG954)';

export const FPGA: Target[] = [
  entry({
    name: 'zhang15-vc707',
    title: 'Zhang et al. (FPGA 2015) fp32 engine on a Virtex-7 VX485T (VC707)',
    kind: 'fpga',
    clock: src(100 * M, `${ZHANG}, experimental setup: the accelerator runs at 100 MHz`),
    unroll: { m: 64, n: 7, source: `${ZHANG_SHORT}, multi-layer design: unified unroll factors <Tm, Tn> = <64, 7> for all five convolutional layers` },
    lanes: derived(448, `2,240 DSP48E1 used (${ZHANG_SHORT}, resource utilisation table) / 5 DSP slices per fp32 multiply-add lane (${ZHANG_SHORT}, computation engine)`),
    peak: { fp32: derived(2 * 64 * 7 * 100 * M, '2 x unroll 64 x 7 x 100 MHz = 2 x 448 lanes x 100 MHz') },
    defaultPrecision: 'fp32',
    memory: [
      offChip(
        'DDR3',
        src(4.5 * G, `${ZHANG_SHORT}, design space exploration: the bandwidth roof of the platform, 4.5 GB/s (the VC707's DDR3 SODIMM itself peaks at 12.8 GB/s, ${UG885})`),
        src(1 * G, `${UG885}: 1 GB DDR3 SODIMM`),
      ),
    ],
    buffer: derived(1024 * 16 * KiB / 8, `1,024 BRAM_18K used by the design (${ZHANG_SHORT}, resource utilisation table) x 16 Kib of data each (${UG473}) / 8 = 2 MiB`),
    node: src(28, `${DS180}: 28 nm`),
    execution: 'sequential',
    notes: [
      `The device: 2,800 DSP48E1 slices and 37,080 Kb of block RAM (${DS180}, XC7VX485T); the design uses 2,240 DSPs and half the BRAM.`,
      `Measured: 61.62 GFLOPS on AlexNet's convolutional layers (${ZHANG_SHORT}).`,
    ],
    aliases: ['vc707', 'zhang15', 'zhang-vc707', 'zhang2015'],
  }),
  entry({
    name: 'zcu102-int8',
    title: 'Int8 engine on a Zynq UltraScale+ ZU9EG (ZCU102), assumed configuration',
    kind: 'fpga',
    clock: src(300 * M, 'assumption: an engine clock of 300 MHz (not a datasheet figure)'),
    unroll: { m: 64, n: 64, source: 'assumption: an engine of 64 x 64 int8 MACs (4,096 of the 5,040 lanes)' },
    lanes: derived(2 * 2520, `2,520 DSP48E2 slices (${DS891}) x 2 int8 multiplies per slice sharing one operand (${WP486})`),
    peak: { int8: derived(2 * 64 * 64 * 300 * M, '2 x unroll 64 x 64 x 300 MHz') },
    defaultPrecision: 'int8',
    memory: [
      offChip(
        'DDR4 (PS)',
        derived(19.2 * G, `2,400 MT/s x 64 bit / 8 (${UG1182}: PS-side 64-bit DDR4; DDR4-2400)`),
        src(4 * G, `${UG1182}: 4 GB PS-side DDR4`),
      ),
    ],
    buffer: derived(912 * 32 * KiB / 8, `912 block RAMs of 36 Kb (${DS891}: 32.1 Mb) x 32 Kib of data each / 8`),
    node: src(16, `${DS891}: 16 nm FinFET+`),
    execution: 'sequential',
    notes: ['The engine (unroll, clock) is an assumption; the device and board figures are from the datasheets named. The ZU9EG has no UltraRAM.'],
    aliases: ['zcu102', 'zu9eg', 'zcu102-int8-engine'],
  }),
  entry({
    name: 'zc706-pipelined',
    title: 'Layer-pipelined int16 engine on a Zynq-7045 (ZC706), assumed configuration',
    kind: 'fpga',
    clock: src(150 * M, 'assumption: an engine clock of 150 MHz (not a datasheet figure)'),
    lanes: derived(900, `900 DSP48E1 slices (${DS190}), one 16-bit MAC per slice per cycle (25 x 18 multiplier, ${DS180})`),
    peak: { int16: derived(2 * 900 * 150 * M, '2 x 900 lanes x 150 MHz') },
    defaultPrecision: 'int16',
    memory: [
      offChip(
        'DDR3 (PL)',
        derived(12.8 * G, `1,600 MT/s x 64 bit / 8 (${UG954}: PL-side DDR3 SODIMM, 64-bit, up to 1,600 MT/s)`),
        src(1 * G, `${UG954}: 1 GB PL-side DDR3 SODIMM`),
      ),
    ],
    buffer: derived(545 * 32 * KiB / 8, `545 block RAMs of 36 Kb (${DS190}: 19.1 Mb) x 32 Kib of data each / 8`),
    node: src(28, `${DS190}: 28 nm`),
    execution: 'pipelined',
    notes: [
      'Layer-pipelined: one stage a layer, all stages running at once, in the style of fpgaConvNet (Venieris and Bouganis, FCCM 2016) and DNNBuilder (Zhang et al., ICCAD 2018). The split of lanes between stages is for the analysis to choose.',
      'The engine (clock, one MAC a DSP) is an assumption; the device and board figures are from the datasheets named.',
    ],
    aliases: ['zc706', 'xc7z045'],
  }),
];
