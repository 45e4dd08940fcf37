// Generates docs/targets.md from the hardware catalog: one table of every target (peaks by
// precision, off-chip bandwidth, buffer, ridge point) and, per target, every figure with its source.
// Run: npx tsx scripts/targets-doc.ts > docs/targets.md. test/hardware.test.ts checks that the
// committed doc equals this output, so the doc cannot drift from the catalog.
import { CATALOG } from '../server/src/core/hardware/catalog';
import type { Sourced, Target } from '../server/src/core/hardware/types';
import { formatNumber, formatQuantity } from '../server/src/core/hardware/units';
import type { Precision } from '../server/src/core/precision';
import { formatSeconds } from '../server/src/protocol/format';

const INTEGER = new Set<Precision>(['int4', 'int8', 'int16', 'int32', 'int64', 'bool']);

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function peakText(p: Precision, s: Sourced): string {
  return `${p} ${formatQuantity(s.value, 'throughput', { integer: INTEGER.has(p) })}`;
}

function peaks(t: Target): [Precision, Sourced][] {
  return Object.entries(t.peak).filter((e): e is [Precision, Sourced] => e[1] !== undefined);
}

function offChip(t: Target) {
  return t.memory.find((l) => l.offChip);
}

function row(t: Target): string {
  const off = offChip(t);
  const peak = t.peak[t.defaultPrecision];
  const ridge = off && peak ? `${formatNumber(peak.value / off.bandwidth.value)} op/B (${t.defaultPrecision})` : '-';
  return [
    `\`${t.name}\``,
    cell(t.title),
    t.kind,
    peaks(t)
      .map(([p, s]) => (p === t.defaultPrecision ? `**${peakText(p, s)}**` : peakText(p, s)))
      .join('<br>'),
    off ? `${formatQuantity(off.bandwidth.value, 'bandwidth')} (${cell(off.name)})` : '-',
    t.buffer ? formatQuantity(t.buffer.value, 'size') : '-',
    ridge,
    t.execution,
  ].join(' | ');
}

function details(t: Target): string[] {
  const out: string[] = [`### \`${t.name}\`: ${t.title}`, ''];
  const line = (what: string, value: string, source: string) => out.push(`- ${what}: ${value}. ${source}`);
  out.push(`- kind: ${t.kind}; default precision: ${t.defaultPrecision}; execution: ${t.execution}.`);
  if (t.clock) line('clock', formatQuantity(t.clock.value, 'frequency'), t.clock.source);
  for (const [p, s] of peaks(t)) line(`peak ${p}`, formatQuantity(s.value, 'throughput', { integer: INTEGER.has(p) }), s.source);
  for (const l of t.memory) {
    line(`${l.name} bandwidth${l.offChip ? ' (off-chip)' : ''}`, formatQuantity(l.bandwidth.value, 'bandwidth'), l.bandwidth.source);
    if (l.capacity) line(`${l.name} capacity`, formatQuantity(l.capacity.value, 'size'), l.capacity.source);
  }
  if (t.buffer) line('buffer', formatQuantity(t.buffer.value, 'size'), t.buffer.source);
  const offChip = t.memory.find((l) => l.offChip)?.capacity;
  if (t.deviceMemory && t.deviceMemory !== offChip) line('device memory', formatQuantity(t.deviceMemory.value, 'size'), t.deviceMemory.source);
  if (t.unroll) line('unroll', `m ${t.unroll.m} x n ${t.unroll.n}`, t.unroll.source);
  if (t.lanes) line('lanes', String(t.lanes.value), t.lanes.source);
  if (t.systolic) {
    const s = t.systolic;
    const arrays = s.arrays && s.arrays > 1 ? `${s.arrays} arrays of ` : '';
    const native = s.native ? ` (natively ${s.native})` : '';
    line('systolic array', `${arrays}${s.rows} x ${s.cols}, dataflow ${s.dataflow}${native}`, s.source);
  }
  if (t.node) line('process node', `${formatNumber(t.node.value)} nm`, t.node.source);
  if (t.energy) {
    const mac = Object.entries(t.energy.macPj)
      .map(([p, v]) => `${p} ${formatNumber(v as number)}`)
      .join(', ');
    const bytes = Object.entries(t.energy.bytePj)
      .map(([l, v]) => `${l} ${formatNumber(v)}`)
      .join(', ');
    line('energy', `pJ per MAC: ${mac}; pJ per byte: ${bytes}`, t.energy.source);
    if (t.energy.relative) {
      const rel = Object.entries(t.energy.relative.perAccess)
        .map(([l, v]) => `${l} ${formatNumber(v)}`)
        .join(', ');
      line('relative energy per access (MAC = 1)', rel, t.energy.relative.source);
    }
  }
  const ic = t.interconnect;
  if (ic) {
    line('devices a node', String(ic.devicesPerNode.value), ic.devicesPerNode.source);
    if (ic.nodes) line('nodes', String(ic.nodes.value), ic.nodes.source);
    for (const [where, l] of [['within a node', ic.intraNode], ['between nodes', ic.interNode]] as const) {
      if (!l) continue;
      out.push(`- link ${where}: ${l.name}, ${l.title} (topology ${l.topology}).`);
      const sub = (what: string, value: string, source: string) => out.push(`  - ${what}: ${value}. ${source}`);
      sub('bandwidth a link, each way', formatQuantity(l.bandwidth.value, 'bandwidth'), l.bandwidth.source);
      sub('links a device', String(l.links.value), l.links.source);
      sub('latency a step', formatSeconds(l.latency.value), l.latency.source);
    }
  }
  for (const n of t.notes ?? []) out.push(`- note: ${n}`);
  if (t.aliases && t.aliases.length > 0) out.push(`- also found as: ${t.aliases.map((a) => `\`${a}\``).join(', ')}.`);
  out.push('');
  return out;
}

/** The Markdown of docs/targets.md for a catalog. */
export function renderTargetsDoc(catalog: readonly Target[] = CATALOG): string {
  const lines = [
    '# Hardware catalog',
    '',
    '<!-- Generated by `npx tsx scripts/targets-doc.ts > docs/targets.md` from server/src/core/hardware/catalog/. Do not edit by hand: test/hardware.test.ts fails when this file differs from the catalog. -->',
    '',
    `The ${catalog.length} targets that \`use target NAME\`, \`hardware x = NAME { ... }\` and \`--target NAME\` accept. ` +
      'Names ignore case, and underscores stand for dashes (`h100_sxm` is `h100-sxm`).',
    '',
    'Conventions: peaks are dense (no 2:4 sparsity) and count 1 MAC as 2 operations; the default precision of each target is in bold. ' +
      '1 GB = 1e9 bytes, 1 MiB = 2^20 bytes. The ridge point is the peak of the default precision divided by the off-chip bandwidth. ' +
      'A figure whose source begins "derived:" is computed from others by the formula given; "assumption:" marks a figure of an engine configuration that no datasheet gives. ' +
      'The device memory (what the weights, the KV cache and the activations must fit in: diagnostic RL507) is the off-chip level\'s capacity unless a `device memory` line says otherwise; `memory = 48 GB` sets it in a hardware block, `"memory"` in a target file.',
    '',
    '| Name | Title | Kind | Peak (dense) | Off-chip bandwidth | Buffer | Ridge point | Execution |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...catalog.map((t) => `| ${row(t)} |`),
    '',
    '## Interconnects',
    '',
    'The links between devices that parallel plans use ([parallel.md](parallel.md)): per link and per direction (datasheets give both directions together), the links of a device, the latency of one step of a collective, and the devices of a node. A device\'s bandwidth on a link is its links x one link\'s. A target without a line here is a device of its own: a plan of several devices needs a target file with an `interconnect`.',
    '',
    '| Name | Within a node | A device, each way | Latency a step | Devices a node | Between nodes |',
    '| --- | --- | --- | --- | --- | --- |',
    ...catalog.filter((t) => t.interconnect).map((t) => {
      const ic = t.interconnect!;
      const link = (l: NonNullable<typeof ic.interNode>) => `${l.name} (${l.topology}) ${formatQuantity(l.bandwidth.value * l.links.value, 'bandwidth')}`;
      return `| \`${t.name}\` | ${cell(ic.intraNode.title)} | ${formatQuantity(ic.intraNode.links.value * ic.intraNode.bandwidth.value, 'bandwidth')} (${ic.intraNode.links.value} x ${formatQuantity(ic.intraNode.bandwidth.value, 'bandwidth')}) | ${formatSeconds(ic.intraNode.latency.value)} | ${ic.devicesPerNode.value} | ${ic.interNode ? link(ic.interNode) : '-'} |`;
    }),
    '## Targets beyond the catalog',
    '',
    '- A systolic target (a hardware block, a target file) with `systolic` rows x cols (x `arrays`) and a `clock` and no `peak` gets the peak 2 x rows x cols x arrays x clock for its default precision, its source saying "derived". It needs no bandwidth: without one it has no memory roof and no stalls.',
    '- A SCALE-Sim v2 `.cfg` file is a target wherever one is taken (`--target scale.cfg`, the `roofline.target` setting), recognised by its `[architecture_presets]` section (a Darknet `.cfg` stays a model): ArrayHeight x ArrayWidth, Dataflow, the three SRAMs in kB of 1,024 one-byte words, Bandwidth in words a cycle per operand, and `[run_presets]` InterfaceBandwidth (USER: stalls modelled; CALC: none). SCALE-Sim has no clock: 1 GHz is assumed, so a cycle is a nanosecond; the precision is int8 (one-byte words).',
    '- Energy: each catalog entry scales Horowitz\'s 45 nm table (ISSCC 2014) to its process node by node / 45 (DRAM unscaled); the node is cited with the entry, and an entry without one stays at 45 nm. The buffer\'s energy per byte follows its capacity (log-log through Horowitz\'s 8 KB, 32 KB and 1 MB points, square root beyond). The register file and PE-to-PE hops cost 1x and 2x a MAC (Eyeriss\' ratios). Eyeriss itself uses its paper\'s normalised table.',
    '',
    '## Figures cited by title only: what was checked',
    '',
    'Some figures cite a paper by its title without a quotation that could be checked from this repository. Each was checked as far as possible; what stays unverified is marked so here.',
    '',
    '| Target | Figure | Status |',
    '| --- | --- | --- |',
    '| `zhang15-vc707` | off-chip bandwidth 4.5 GB/s (Zhang et al., FPGA 2015, design space exploration) | **Unverified** against the paper\'s text. Consistent with the paper where it can be checked: with the paper\'s tile <64, 7, 13, 13>, examples/alexnet_zhang15.nnm reproduces its computation-to-communication ratios 29.3, 30.1, 57.1, 55.7 and 55.7 (test/accel.zhang15Example.test.ts), which do not depend on the bandwidth. The board\'s own DDR3 SODIMM peaks at 12.8 GB/s (Xilinx UG885). |',
    '| `tpu-v4` | 128 MiB CMEM (Jouppi et al., ISCA 2023) | **Unverified** in the paper itself; secondary summaries of the paper give the same 128 MiB. The 7 nm node is given by the same summaries. |',
    '| `eyeriss` | DRAM 720 MB/s = 64-bit bus x 90 MHz link clock (Chen et al., ISSCC 2016 / JSSC 2017) | **Unverified** against the papers\' text; the derivation is stated with the figure. |',
    '',
    '## Figures and their sources',
    '',
    ...catalog.flatMap(details),
  ];
  return lines.join('\n');
}

if (require.main === module) process.stdout.write(renderTargetsDoc());
