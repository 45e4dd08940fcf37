// `roofline targets [--format json]`: the hardware catalog, with each target's peaks, memory
// levels, buffer, unroll and ridge point; JSON gives every figure with its source.
import { bytesOf, CATALOG, type Target } from '../core';
import { formatBytes, formatOpsPerSecond, formatRatio, formatSI } from '../protocol/format';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';
import { formatOption } from './loadModel';
import { renderTable } from './table';

export const TARGETS_USAGE = 'usage: roofline targets [--format table|json]';

function ridge(t: Target): number | undefined {
  const peak = t.peak[t.defaultPrecision]?.value;
  const bw = t.memory.find((m) => m.offChip)?.bandwidth.value;
  return peak && bw ? peak / bw : undefined;
}

export function runTargets(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, [{ name: 'format', value: true }]);
  if (args.positionals.length > 0) throw new UsageError(TARGETS_USAGE);
  const format = formatOption(args, ['table', 'json']);
  if (format === 'json') {
    io.out(JSON.stringify(CATALOG.map((t) => ({ ...t, ridge: ridge(t) })), null, 2));
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
