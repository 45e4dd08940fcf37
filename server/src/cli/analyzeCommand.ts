// `roofline analyze FILE`: shapes and exact counts of every layer and, on a target, its place on
// the roofline (traffic, CTC, attainable performance, bound, time, share, tile, buffer, energy);
// as a table or as JSON (docs/cli-json.md).
import { type CostedLayer, type CostedModel, fmtShape, jsonReport, type ModelResult } from '../core';
import { formatBytes, formatOpsPerSecond, formatPercent, formatRatio, formatSeconds, formatSI } from '../protocol/format';
import { parseArgs } from './args';
import { crossings, parseFailOn } from './failOn';
import type { CliIO } from './io';
import { formatOption, loadModel, MODEL_OPTIONS } from './loadModel';
import { renderTable, thousands } from './table';

export const ANALYZE_USAGE = `usage: roofline analyze FILE [--target NAME|FILE] [--precision P] [--param NAME=VALUE]... [--format table|json] [--model NAME] [--traffic tiled|compulsory] [--fail-on memory-bound|buffer|utilization<X]...`;

function countsTable(model: ModelResult): string {
  const rows = model.layers.map((l) => [
    l.name,
    l.op,
    fmtShape(l.outputs[0]),
    l.counted ? thousands(l.macs) : '?',
    l.counted ? thousands(l.ops) : '?',
    l.counted ? thousands(l.params) : '?',
    l.counted ? thousands(l.bytes.input + l.bytes.weight + l.bytes.output + l.bytes.cache) : '?',
  ]);
  return renderTable(
    [
      { title: 'layer', align: 'left' },
      { title: 'op', align: 'left' },
      { title: 'output', align: 'left' },
      { title: 'MACs', align: 'right' },
      { title: 'ops', align: 'right' },
      { title: 'params', align: 'right' },
      { title: 'bytes', align: 'right' },
    ],
    rows,
  );
}

function tileText(c: CostedLayer): string {
  if (!c.tile || c.tile.source === 'none') return '';
  const f = Object.entries(c.tile.factors).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${f} (${c.tile.source})`;
}

function costTable(model: ModelResult, cost: CostedModel): string {
  const rows = model.layers.map((l, i) => {
    const c = cost.layers[i];
    if (!c || c.status !== 'ok') return [l.name, l.op, fmtShape(l.outputs[0]), l.counted ? thousands(l.macs) : '?', '', '', c?.status ?? '', '', '', '', ''];
    return [
      l.name,
      l.op,
      fmtShape(l.outputs[0]),
      thousands(l.macs),
      c.traffic ? formatBytes(c.traffic.used) : '',
      c.ctc !== undefined ? formatRatio(c.ctc) : '',
      (c.ops ?? 0) > 0 || (c.traffic?.used ?? 0) > 0 ? (c.bound ?? '') : 'view',
      c.attainable !== undefined && (c.ops ?? 0) > 0 ? formatOpsPerSecond(c.attainable) : '',
      c.time !== undefined ? formatSeconds(c.time) : '',
      c.share !== undefined ? formatPercent(c.share) : '',
      tileText(c),
    ];
  });
  return renderTable(
    [
      { title: 'layer', align: 'left' },
      { title: 'op', align: 'left' },
      { title: 'output', align: 'left' },
      { title: 'MACs', align: 'right' },
      { title: 'traffic', align: 'right' },
      { title: 'CTC', align: 'right' },
      { title: 'bound', align: 'left' },
      { title: 'attainable', align: 'right' },
      { title: 'time', align: 'right' },
      { title: 'share', align: 'right' },
      { title: 'tile', align: 'left' },
    ],
    rows,
  );
}

export function runAnalyze(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, [...MODEL_OPTIONS, { name: 'fail-on', value: true, repeatable: true }]);
  const format = formatOption(args, ['table', 'json']);
  const rules = parseFailOn(args.options.get('fail-on') ?? []);
  const loaded = loadModel(args, io, ANALYZE_USAGE, rules.length > 0);
  const { analysis, model, cost, file } = loaded;
  const chosen = analysis.chosen;
  if (format === 'json') {
    io.out(JSON.stringify(jsonReport(analysis, file, model, chosen && cost ? { chosen, cost } : undefined), null, 2));
  } else if (model) {
    io.out(chosen && cost ? costTable(model, cost) : countsTable(model));
    const t = model.totals;
    io.out('');
    io.out(`model ${model.name}: ${t.layers} layers, ${thousands(t.macs)} MACs, ${thousands(t.ops)} ops, ${thousands(t.params)} params${t.complete ? '' : ` (incomplete: ${t.uncounted} layer${t.uncounted === 1 ? '' : 's'} not counted)`}`);
    if (chosen && cost) {
      const c = cost.totals;
      const parts = [`time ${formatSeconds(c.time)}`, `${formatSI(c.throughput)} inferences/s`, `traffic ${formatBytes(c.traffic)}`];
      if (c.energy !== undefined) parts.push(`energy ${formatSI(c.energy, 'J')}`);
      if (c.cycles !== undefined) parts.push(`${thousands(c.cycles)} cycles`);
      if (c.bound !== undefined) parts.push(`mostly ${c.bound}-bound (${formatPercent(c.boundShare ?? 0)} of time)`);
      io.out(`on ${chosen.target.name} (${chosen.target.title}), ${cost.execution}: ${parts.join(', ')}`);
      for (const n of cost.notes) io.out(`note: ${n}`);
    }
    io.out('MACs: multiply-accumulates of conv, linear, matmul and attention. ops: 2 x MACs + element-wise work. bytes: inputs + weights + outputs (+ KV cache) at the layer precision.');
    if (!chosen) io.out(`No target (${analysis.targetProblem}): give --target NAME (see 'roofline targets') for the roofline figures.`);
  } else {
    io.out(`${file} has no model`);
  }
  if (loaded.errors > 0) return 1;
  if (rules.length > 0 && cost) {
    const crossed = crossings(cost.layers, rules);
    for (const c of crossed) io.err(`${file}: fail-on: ${c}`);
    if (crossed.length > 0) return 3;
  }
  return 0;
}
