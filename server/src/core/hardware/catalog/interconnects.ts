// The device-to-device links of the catalog's GPUs and TPUs, for parallel plans: per link, its
// bandwidth in one direction, the links a device has, the latency of one step of a collective, and
// how the links join the devices (topology); per system, the devices of a node and the link between
// nodes. Every figure cites its public source beside it.
//
// Conventions. Datasheets give NVLink and PCIe bandwidth as the total of both directions (H100:
// "NVLink 900 GB/s", "PCIe Gen5 128 GB/s"); a collective sends in one direction while it receives
// in the other, so the figure kept is per link and per direction: NVLink 4 has 18 links of 25 GB/s
// each way (18 x 2 x 25 = 900 GB/s). Latencies are those of NCCL's own tuning model (the per-step
// latency of its ring algorithm with the LL protocol, the one it picks for small messages) and, for
// TPU ICI, the per-hop overhead of "How to Scale Your Model"; see also cost/approximations.ts.
import type { Interconnect, Link } from '../types';
import { derived, G, src } from './common';
import { H100_DS, A100_WP, A100_DS, V100_WP, V100_DS, L4_DS, T4_DS, TPU1, V4, V4_PAPER, V5E } from './sources';

const H100_WP = 'NVIDIA H100 Tensor Core GPU Architecture whitepaper (2022)';
const DGX_H100 = 'NVIDIA DGX H100 datasheet (2023)';
const DGX_A100 = 'NVIDIA DGX A100 datasheet (2020)';
const DGX_1 = 'NVIDIA DGX-1 with Tesla V100 datasheet (2017)';
const ADA_WP = 'NVIDIA Ada GPU Architecture whitepaper (2023), GeForce RTX 4090: PCI Express 4.0 x16';
const SCALING = 'Austin et al., "How to Scale Your Model", Google DeepMind (2025), part 2 (TPUs)';
const SCALING_LATENCY = 'Austin et al., "How to Scale Your Model", Google DeepMind (2025), part 3: "each hop over an ICI link has some intrinsic overhead ... typically around 1us"';
const NCCL = 'NVIDIA NCCL 2.19, src/graph/tuning.cc: hwLat, ring algorithm, LL protocol (the per-step latency NCCL tunes with for small messages)';

/** PCIe x16 in one direction: transfers a second x 16 lanes x 128/130 (encoding) / 8 bits. */
function pcieX16(gtPerSecond: number): number {
  return (gtPerSecond * 1e9 * 16 * (128 / 130)) / 8;
}

const NVLINK_LATENCY = src(0.6e-6, `${NCCL}: NVLink 0.6 us a step`);
const PCIE_LATENCY = src(1.0e-6, `${NCCL}: PCI 1.0 us a step`);
const NET_LATENCY = src(2.7e-6, `${NCCL}: network 2.7 us a step`);
const ICI_LATENCY = src(1e-6, SCALING_LATENCY);

function pcie(title: string, perDirection: number, source: string): Link {
  return { name: 'PCIe', title, topology: 'pcie', bandwidth: derived(perDirection, source), links: src(1, 'one x16 slot a card'), latency: PCIE_LATENCY };
}

const PCIE5 = pcie('PCIe Gen5 x16 through the host', pcieX16(32), `32 GT/s x 16 lanes x 128/130 / 8 = 63.0 GB/s each way (${H100_DS}: PCIe Gen5 128 GB/s, both directions)`);
const PCIE4_L4 = pcie('PCIe Gen4 x16 through the host', 32 * G, `${L4_DS}: interconnect PCIe Gen4 x16 64 GB/s, both directions: 32 GB/s each way`);
const PCIE4_4090 = pcie('PCIe Gen4 x16 through the host', pcieX16(16), `16 GT/s x 16 lanes x 128/130 / 8 = 31.5 GB/s each way (${ADA_WP})`);
const PCIE3_T4 = pcie('PCIe Gen3 x16 through the host', 16 * G, `${T4_DS}: interconnect bandwidth 32 GB/s, both directions: 16 GB/s each way`);
const PCIE3_TPU1 = pcie('PCIe Gen3 x16 through the host', pcieX16(8), `8 GT/s x 16 lanes x 128/130 / 8 = 15.75 GB/s each way (${TPU1}: the TPU is a coprocessor on a PCIe Gen3 x16 bus)`);

/** Cards in one host where the vendor gives no figure: stated as an assumption, not a datasheet figure. */
const EIGHT_CARDS = src(8, 'assumption: eight cards a host (a common 4U server); no datasheet gives it');

function infiniband(title: string, gbitPerSecond: number, source: string): Link {
  return { name: 'InfiniBand', title, topology: 'fabric', bandwidth: derived((gbitPerSecond * 1e9) / 8, `${gbitPerSecond} Gb/s / 8 bits (${source})`), links: src(1, `${source}: one port a GPU`), latency: NET_LATENCY };
}

/** NVLink of `links` links a GPU, `total` GB/s both directions as the datasheet gives it: total / links / 2 a link each way. */
function nvlink(title: string, total: number, links: number, datasheet: string, linksSource: string): Link {
  const each = total / links / 2;
  return {
    name: 'NVLink',
    title,
    topology: 'switch',
    bandwidth: derived(each * G, `${datasheet}: NVLink ${total} GB/s over ${links} links (${linksSource}), both directions: ${total} / ${links} / 2 = ${each} GB/s a link each way`),
    links: src(links, linksSource),
    latency: NVLINK_LATENCY,
  };
}

export const H100_SXM_SYSTEM: Interconnect = {
  devicesPerNode: src(8, `${DGX_H100}: 8x NVIDIA H100 GPUs, 4x NVIDIA NVSwitches`),
  intraNode: nvlink('NVLink 4 through NVSwitch', 900, 18, H100_DS, `${H100_WP}: 18 fourth-generation NVLink links a GPU`),
  interNode: infiniband('InfiniBand NDR (ConnectX-7), one port a GPU', 400, `${DGX_H100}: 8x single-port ConnectX-7 VPI, 400 Gb/s InfiniBand`),
};

export const H100_PCIE_SYSTEM: Interconnect = { devicesPerNode: EIGHT_CARDS, intraNode: PCIE5 };

export const A100_SXM_SYSTEM: Interconnect = {
  devicesPerNode: src(8, `${DGX_A100}: 8x NVIDIA A100 GPUs, 6x NVIDIA NVSwitches`),
  intraNode: nvlink('NVLink 3 through NVSwitch', 600, 12, A100_DS, `${A100_WP}: 12 third-generation NVLink links a GPU`),
  interNode: infiniband('InfiniBand HDR (ConnectX-6), one port a GPU', 200, `${DGX_A100}: 8x single-port ConnectX-6 VPI, 200 Gb/s HDR InfiniBand`),
};

export const V100_SXM2_SYSTEM: Interconnect = {
  devicesPerNode: src(8, `${DGX_1}: 8x Tesla V100 in a hybrid cube-mesh NVLink topology`),
  intraNode: nvlink('NVLink 2, hybrid cube-mesh', 300, 6, V100_DS, `${V100_WP}: six NVLink 2 links a GPU`),
  interNode: {
    ...infiniband('InfiniBand EDR, four ports for eight GPUs', 100, `${DGX_1}: 4x InfiniBand EDR 100 Gb/s`),
    bandwidth: derived(6.25 * G, `${DGX_1}: 4x InfiniBand EDR 100 Gb/s for 8 GPUs: 4 x 100 / 8 / 8 bits = 6.25 GB/s a GPU each way`),
  },
};

export const RTX_4090_SYSTEM: Interconnect = { devicesPerNode: EIGHT_CARDS, intraNode: PCIE4_4090 };
export const L4_SYSTEM: Interconnect = { devicesPerNode: EIGHT_CARDS, intraNode: PCIE4_L4 };
export const T4_SYSTEM: Interconnect = { devicesPerNode: EIGHT_CARDS, intraNode: PCIE3_T4 };
export const TPU_V1_SYSTEM: Interconnect = { devicesPerNode: src(4, `${TPU1}, Table 2: 4 TPUs a server`), intraNode: PCIE3_TPU1 };

export const TPU_V4_SYSTEM: Interconnect = {
  devicesPerNode: src(4096, `${V4}: TPU Pod size 4096 chips, one ICI network (${V4_PAPER})`),
  intraNode: {
    name: 'ICI',
    title: 'ICI, 3D torus',
    topology: 'torus',
    bandwidth: src(45 * G, `${SCALING}: TPU v4p ICI 4.5e10 bytes/s a link one way`),
    links: src(6, `${V4}: direct connections to the nearest chips in 3 dimensions (a 3D torus: six links a chip; ${V4_PAPER})`),
    latency: ICI_LATENCY,
  },
};

export const TPU_V5E_SYSTEM: Interconnect = {
  devicesPerNode: src(256, `${V5E}: TPU Pod size 256 chips, 2D torus`),
  intraNode: {
    name: 'ICI',
    title: 'ICI, 2D torus',
    topology: 'torus',
    bandwidth: derived(50 * G, `${V5E}: bidirectional ICI bandwidth 400 GBps a chip over 4 ICI ports: 400 / 4 / 2 = 50 GB/s a port each way`),
    links: src(4, `${V5E}: ICI ports per chip 4`),
    latency: ICI_LATENCY,
  },
};
