// `roofline targets [--format json]`: the hardware catalog, with each target's peaks, memory
// levels, buffer, unroll and ridge point; JSON gives every figure with its source.
import { choiceOption, parseCommand, UsageError, type CommandSpec } from './args';
import { bytesOf, CATALOG, formatBytes, formatOpsPerSecond, formatRatio, formatSI, type Target } from './core';
import type { CliIO } from './io';
import { writeJson } from './jsonStream';
import { renderTable } from './table';

export const TARGETS_COMMAND: CommandSpec = {
  name: 'targets',
  usage: 'usage: roofline targets [--format table|json]',
  summary: "The hardware catalog: each target's peaks, memory levels, buffer, compute array and ridge point; the JSON gives every figure with its public source.",
  options: [
    { name: 'format', value: true, placeholder: 'F', help: 'table (default) or json' },
    { name: 'pretty', value: false, help: 'indent the JSON' },
  ],
};
export const TARGETS_USAGE = TARGETS_COMMAND.usage;

function ridge(t: Target): number | undefined {
  const peak = t.peak[t.defaultPrecision]?.value;
  const bw = t.memory.find((m) => m.offChip)?.bandwidth.value;
  return peak && bw ? peak / bw : undefined;
}

export function runTargets(argv: string[], io: CliIO): number {
  const args = parseCommand(argv, TARGETS_COMMAND, io.out);
  if (!args) return 0;
  if (args.positionals.length > 0) throw new UsageError(TARGETS_USAGE);
  const format = choiceOption(args, 'format', ['table', 'json'] as const, 'table');
  if (format === 'json') {
    writeJson(io, CATALOG.map((t) => ({ ...t, ridge: ridge(t) })), args.flags.has('pretty'));
    return 0;
  }
  const rows = CATALOG.map((t) => {
    const off = t.memory.find((m) => m.offChip);
    const peak = t.peak[t.defaultPrecision];
    const r = ridge(t);
    return [
      t.name,
      t.kind,
      peak ? `${t.defaultPrecision} ${formatOpsPerSecond(peak.value)}` : '',
      off ? formatSI(off.bandwidth.value, 'B/s') : '',
      t.buffer ? formatBytes(t.buffer.value) : '',
      t.unroll ? `${t.unroll.m}x${t.unroll.n}` : t.systolic ? `${t.systolic.rows}x${t.systolic.cols} ${t.systolic.dataflow}` : '',
      r !== undefined ? `${formatRatio(r)} op/B` : '',
      t.title,
    ];
  });
  io.out(
    renderTable(
      [
        { title: 'name', align: 'left' },
        { title: 'kind', align: 'left' },
        { title: 'peak (dense)', align: 'right' },
        { title: 'off-chip', align: 'right' },
        { title: 'buffer', align: 'right' },
        { title: 'array', align: 'left' },
        { title: 'ridge', align: 'right' },
        { title: 'title', align: 'left' },
      ],
      rows,
    ),
  );
  io.out('');
  io.out(`${CATALOG.length} targets. Every figure's source: 'roofline targets --format json' or docs/targets.md. Bytes of one word: fp32 ${bytesOf('fp32')}, fp16 ${bytesOf('fp16')}, int8 ${bytesOf('int8')}.`);
  return 0;
}
