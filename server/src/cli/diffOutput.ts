// `roofline diff` as a table (the terminal), JSON (docs/cli-json.md, "roofline diff") and Markdown
// (a pull-request comment). The table and Markdown show the layers that changed, were added or were
// removed; unchanged layers are counted. Times are per run; throughput in runs/s and samples/s.
import { boundColour, paint } from './colour';
import { formatBytes, formatCount, formatNoun, formatPercent, formatRatio, formatSeconds, formatSI, throughputWords } from './core';
import { changeWords } from './diffFailOn';
import type { CliIO } from './io';
import { mdCell, mdCode, mdTable } from './markdown';
import { relativeChange, type DiffSide, type LayerChange, type ModelDiff, type TotalFigures } from './modelDiff';
import { renderTable } from './table';

export const DIFF_SCHEMA_VERSION = 1;

/** 'examples/resnet50.nnm on zcu102-int8 (batch=8)': what one side is. */
export function sideWords(s: DiffSide, other: DiffSide): string {
  const parts = [s.file];
  if (s.model && s.model !== other.model) parts.push(`model ${s.model}`);
  parts.push(`on ${s.target ?? 'no target'}`);
  const changed = Object.entries(s.params).filter(([k, v]) => other.params[k] !== v);
  if (changed.length > 0) parts.push(`(${changed.map(([k, v]) => `${k}=${v}`).join(', ')})`);
  return parts.join(' ');
}

function arrow<T>(a: T | undefined, b: T | undefined, f: (v: T) => string): string {
  const x = a === undefined ? '—' : f(a);
  const y = b === undefined ? '—' : f(b);
  return x === y ? x : `${x} → ${y}`;
}

function mostly(t: TotalFigures): string | undefined {
  return t.bound !== undefined ? `${t.bound} (${formatPercent(t.boundShare ?? 0)})` : undefined;
}

/** The totals as rows: what, A, B, change. */
function totalRows(d: ModelDiff): string[][] {
  const { a, b } = d.totals;
  // The same batch: per run is per sample. Different batches: time changes per sample.
  const rows: string[][] =
    d.a.batch === d.b.batch
      ? [['time per run', formatSeconds(a.time), formatSeconds(b.time), changeWords(d.totals.timeChange)]]
      : [
          ['time per run', formatSeconds(a.time), formatSeconds(b.time), changeWords(relativeChange(a.time, b.time))],
          ['time per sample', formatSeconds(a.timePerSample), formatSeconds(b.timePerSample), changeWords(d.totals.timeChange)],
        ];
  rows.push(
    ['throughput', throughputWords(a.throughput, d.a.batch), throughputWords(b.throughput, d.b.batch), `${changeWords(d.totals.throughputChange)}${d.a.batch === d.b.batch ? '' : ' samples/s'}`],
    ['off-chip traffic per run', formatBytes(a.traffic), formatBytes(b.traffic), changeWords(d.totals.trafficChange)],
  );
  if (a.energy !== undefined || b.energy !== undefined) rows.push(['energy per run', a.energy !== undefined ? formatSI(a.energy, 'J') : '—', b.energy !== undefined ? formatSI(b.energy, 'J') : '—', changeWords(d.totals.energyChange)]);
  rows.push(
    ['mostly bound by', mostly(a) ?? '—', mostly(b) ?? '—', ''],
    ['MACs', formatCount(a.macs), formatCount(b.macs), ''],
    ['params', formatCount(a.params), formatCount(b.params), ''],
    ['layers', formatCount(a.layers), formatCount(b.layers), `${d.counts.changed} changed, ${d.counts.added} added, ${d.counts.removed} removed, ${d.counts.same} unchanged`],
  );
  return rows;
}

function layerRow(l: LayerChange, colour: boolean | undefined): string[] {
  const bound = arrow(l.a?.bound, l.b?.bound, (v) => v || '—');
  const c = boundColour(l.b?.bound ?? '');
  return [
    l.status === 'added' ? `+ ${l.name}` : l.status === 'removed' ? `- ${l.name}` : l.name,
    (l.b ?? l.a)!.op,
    l.a?.time !== undefined ? formatSeconds(l.a.time) : '',
    l.b?.time !== undefined ? formatSeconds(l.b.time) : '',
    changeWords(l.timeChange),
    l.boundChanged && c ? paint(colour, c, bound) : bound,
    arrow(l.a?.ctc, l.b?.ctc, formatRatio),
    arrow(l.a?.traffic, l.b?.traffic, formatBytes),
  ];
}

const LAYER_HEADER = ['layer', 'op', 'time A', 'time B', 'change', 'bound', 'CTC (op/B)', 'traffic'];

function shown(d: ModelDiff): LayerChange[] {
  return d.layers.filter((l) => l.status !== 'same');
}

export function writeDiffTable(d: ModelDiff, io: CliIO): void {
  io.out(`A: ${sideWords(d.a, d.b)}`);
  io.out(`B: ${sideWords(d.b, d.a)}`);
  io.out('');
  const layers = shown(d);
  if (layers.length > 0) {
    io.out(
      renderTable(
        LAYER_HEADER.map((title, i) => ({ title, align: i >= 2 && i <= 4 ? 'right' : 'left' })),
        layers.map((l) => layerRow(l, io.color)),
      ),
    );
    io.out('');
  }
  if (d.counts.same > 0) io.out(`${formatNoun(d.counts.same, 'layer')} unchanged (not shown). + added in B, - removed from B.`);
  io.out(renderTable([{ title: 'totals', align: 'left' }, { title: 'A', align: 'right' }, { title: 'B', align: 'right' }, { title: 'change', align: 'left' }], totalRows(d)));
}

const TOP = 10;

export function diffMarkdown(d: ModelDiff): string {
  const out: string[] = ['### Roofline diff', '', `**A:** ${mdCode(sideWords(d.a, d.b))}  `, `**B:** ${mdCode(sideWords(d.b, d.a))}`, ''];
  out.push(mdTable(['', 'A', 'B', 'change'], ['l', 'r', 'r', 'l'], totalRows(d).map((r) => r.map(mdCell))));
  const changed = d.layers.filter((l) => l.status === 'changed').sort((x, y) => Math.abs((y.b?.time ?? 0) - (y.a?.time ?? 0)) - Math.abs((x.b?.time ?? 0) - (x.a?.time ?? 0)));
  if (changed.length > 0) {
    out.push('', `**${changed.length > TOP ? `The ${TOP} largest changes` : 'Changes'} in time** (of ${changed.length} changed layers)`, '');
    out.push(
      mdTable(
        LAYER_HEADER,
        ['l', 'l', 'r', 'r', 'r', 'l', 'r', 'r'],
        changed.slice(0, TOP).map((l) => {
          const [, ...rest] = layerRow(l, false);
          return [mdCode(l.name), ...rest.map(mdCell)];
        }),
      ),
    );
  }
  for (const status of ['added', 'removed'] as const) {
    const list = d.layers.filter((l) => l.status === status);
    if (list.length === 0) continue;
    const names = list.slice(0, 20).map((l) => mdCode(l.name)).join(', ');
    out.push('', `**${status === 'added' ? 'Added in B' : 'Removed from B'}** (${list.length}): ${names}${list.length > 20 ? ', …' : ''}`);
  }
  if (d.counts.same > 0) out.push('', `${formatNoun(d.counts.same, 'layer')} unchanged.`);
  return out.join('\n') + '\n';
}

/** The JSON of a diff (schema in docs/cli-json.md). */
export function diffJson(d: ModelDiff): unknown {
  return { schemaVersion: DIFF_SCHEMA_VERSION, ...d };
}
