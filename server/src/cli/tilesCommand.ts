// `roofline tiles FILE [--target T] [--format json]`: per conv and GEMM layer, the tile used (the
// file's @tile or the search's best within the buffer), its attainable performance, traffic and
// buffer, and the search's effort against the size of the tile space.
import { choiceOption, parseCommand, type CommandSpec } from './args';
import type { CliIO } from './io';
import { writeJson } from './jsonStream';
import { loadOneModel, MODEL_OPTIONS } from './loadModel';
import { formatBytes, formatCount, formatOpsPerSecond } from './core';
import { renderTable } from './table';

export const TILES_COMMAND: CommandSpec = {
  name: 'tiles',
  usage: 'usage: roofline tiles FILE [--target NAME|FILE] [--format table|json] [options]',
  summary: 'Per conv and GEMM layer: the tile used (the file\'s @tile, or the best the search finds within the on-chip buffer), its attainable performance, traffic and buffer, and the search\'s effort.',
  options: [...MODEL_OPTIONS, { name: 'format', value: true, placeholder: 'F', help: 'table (default) or json' }, { name: 'pretty', value: false, help: 'indent the JSON' }],
};
export const TILES_USAGE = TILES_COMMAND.usage;

export function runTiles(argv: string[], io: CliIO): number {
  const args = parseCommand(argv, TILES_COMMAND, io.out);
  if (!args) return 0;
  const format = choiceOption(args, 'format', ['table', 'json'] as const, 'table');
  const loaded = loadOneModel(args, io, TILES_USAGE, true);
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
    writeJson(io, { file: loaded.file, model: loaded.model?.name ?? null, target: loaded.analysis.chosen?.target.name, layers: rows }, args.flags.has('pretty'));
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
          r.evaluations !== undefined && r.space !== undefined ? `${formatCount(r.evaluations)} / ${formatCount(r.space)}` : '',
        ]),
      ),
    );
  }
  return loaded.errors > 0 ? 1 : 0;
}
