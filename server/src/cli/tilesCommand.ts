// `roofline tiles FILE --target T [--format json]`: per conv and GEMM layer, the tile used (the
// file's @tile or the search's best within the buffer), its attainable performance, traffic and
// buffer, and the search's effort against the size of the tile space.
import { parseArgs } from './args';
import type { CliIO } from './io';
import { formatOption, loadModel, MODEL_OPTIONS } from './loadModel';
import { formatBytes, formatOpsPerSecond } from '../protocol/format';
import { renderTable, thousands } from './table';

export const TILES_USAGE = 'usage: roofline tiles FILE --target NAME|FILE [--param NAME=VALUE]... [--precision P] [--format table|json] [--model NAME]';

export function runTiles(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, MODEL_OPTIONS);
  const format = formatOption(args, ['table', 'json']);
  const loaded = loadModel(args, io, TILES_USAGE, true);
  const cost = loaded.cost;
  const tiled = (cost?.layers ?? []).filter((c) => c.status === 'ok' && c.tile);
  const rows = tiled.map((c) => ({
    name: c.name,
    op: c.op,
    tile: c.tile!.factors,
    source: c.tile!.source,
    fits: c.tile!.fits,
    attainable: c.attainable,
    traffic: c.traffic?.used,
    buffer: c.buffer,
    bound: c.bound,
    evaluations: c.tile!.search?.evaluations,
    space: c.tile!.search?.space,
  }));
  if (format === 'json') {
    io.out(JSON.stringify({ file: loaded.file, model: loaded.model?.name ?? null, target: loaded.analysis.chosen?.target.name, layers: rows }, null, 2));
  } else {
    io.out(
      renderTable(
        [
          { title: 'layer', align: 'left' },
          { title: 'tile', align: 'left' },
          { title: 'from', align: 'left' },
          { title: 'attainable', align: 'right' },
          { title: 'traffic', align: 'right' },
          { title: 'buffer', align: 'right' },
          { title: 'bound', align: 'left' },
          { title: 'evaluated / space', align: 'right' },
        ],
        rows.map((r) => [
          r.name,
          Object.entries(r.tile).map(([k, v]) => `${k}=${v}`).join(' ') || '-',
          r.source,
          r.attainable !== undefined ? formatOpsPerSecond(r.attainable) : '',
          r.traffic !== undefined ? formatBytes(r.traffic) : '',
          r.buffer ? `${formatBytes(r.buffer.need)}${r.fits === false ? ' (overflows)' : ''}` : '',
          r.bound ?? '',
          r.evaluations !== undefined && r.space !== undefined ? `${thousands(r.evaluations)} / ${thousands(r.space)}` : '',
        ]),
      ),
    );
  }
  return loaded.errors > 0 ? 1 : 0;
}
