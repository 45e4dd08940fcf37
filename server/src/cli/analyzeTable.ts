// `roofline analyze --format table` (the default): one row per layer, then the totals. Without a
// target (`--target none`), the counts (MACs, ops, params, bytes); on a target, the roofline figures
// (traffic, CTC, computation roof, bound, attainable, time, share, cycles and GOP/J where the target
// gives them, tile). The bound is coloured on a terminal.
import { incompleteWords, totalCount } from '../ide/totalWords';
import { boundColour, paint } from './colour';
import {
  batchOf,
  formatBytes,
  formatCount,
  formatOpsPerSecond,
  formatPercent,
  formatRatio,
  formatSeconds,
  formatShape,
  formatSI,
  perRunWords,
  deviceMemoryLine,
  planLines,
  throughputWords,
  type CostedLayer,
  type CostedModel,
  type ModelResult,
} from './core';
import type { CliIO } from './io';
import type { LoadedModel } from './loadModel';
import { renderTable } from './table';

/** What the table says a layer is bound by: its bound, or 'view' for a layer that moves and computes nothing. */
export function boundLabel(c: CostedLayer): string {
  if (c.collective) return c.bound ?? '';
  return (c.ops ?? 0) > 0 || (c.traffic?.used ?? 0) > 0 ? (c.bound ?? '') : 'view';
}

function countsTable(model: ModelResult): string {
  const rows = model.layers.map((l) => [
    l.name,
    l.op,
    formatShape(l.outputs[0]),
    l.counted ? formatCount(l.macs) : '?',
    l.counted ? formatCount(l.ops) : '?',
    l.counted ? formatCount(l.params) : '?',
    l.counted ? formatCount(l.bytes.input + l.bytes.weight + l.bytes.output + l.bytes.cache) : '?',
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

export function tileText(c: CostedLayer): string {
  if (!c.tile || c.tile.source === 'none') return '';
  const f = Object.entries(c.tile.factors).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${f} (${c.tile.source})`;
}

function costTable(model: ModelResult, cost: CostedModel, color: boolean | undefined): string {
  // Cycles (engines with a clock) and GOP/J (targets with an energy table) only where there are some.
  const withCycles = cost.layers.some((c) => c.cycles !== undefined);
  const withEnergy = cost.layers.some((c) => c.opsPerJoule !== undefined);
  const extra = (c: CostedLayer | undefined): string[] => [
    ...(withCycles ? [c?.cycles !== undefined ? formatCount(c.cycles) : ''] : []),
    ...(withEnergy ? [c?.opsPerJoule !== undefined ? formatRatio(c.opsPerJoule / 1e9) : ''] : []),
  ];
  const rows = model.layers.map((l, i) => {
    const c = cost.layers[i];
    if (!c || c.status !== 'ok') return [l.name, l.op, formatShape(l.outputs[0]), l.counted ? formatCount(l.macs) : '?', '', '', '', c?.status ?? '', '', '', '', ...extra(undefined), ''];
    // A fused group's other layers: their figures are the group's, on its producer's row.
    if (c.fusedInto !== undefined) return [l.name, l.op, formatShape(l.outputs[0]), formatCount(l.macs), '', '', '', `fused into ${c.fusedInto}`, '', '', '', ...extra(undefined), ''];
    const bound = boundLabel(c);
    const colour = boundColour(bound);
    return [
      l.name,
      l.op,
      formatShape(l.outputs[0]),
      formatCount(l.macs),
      c.traffic ? formatBytes(c.traffic.used) : c.collective ? `${formatBytes(c.collective.bytes)} (${c.collective.link})` : '',
      c.ctc !== undefined ? formatRatio(c.ctc) : '',
      c.computeRoof !== undefined && (c.ops ?? 0) > 0 ? formatOpsPerSecond(c.computeRoof) : '',
      colour ? paint(color, colour, bound) : bound,
      c.attainable !== undefined && (c.ops ?? 0) > 0 ? formatOpsPerSecond(c.attainable) : '',
      c.time !== undefined ? formatSeconds(c.time) : '',
      c.share !== undefined ? formatPercent(c.share) : '',
      ...extra(c),
      c.collective ? `${c.collective.algorithm}, ${c.collective.devices} devices` : tileText(c),
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
      { title: 'roof', align: 'right' },
      { title: 'bound', align: 'left' },
      { title: 'attainable', align: 'right' },
      { title: 'time', align: 'right' },
      { title: 'share', align: 'right' },
      ...(withCycles ? [{ title: 'cycles', align: 'right' as const }] : []),
      ...(withEnergy ? [{ title: 'GOP/J', align: 'right' as const }] : []),
      { title: 'tile', align: 'left' },
    ],
    rows,
  );
}

/** The phase analysed and, for a generation, its time to first token, time per output token and tokens/s. */
function phaseLines(analysis: LoadedModel['analysis'], index: number): string[] {
  const p = analysis.phase;
  if (!p) return [];
  const params = Object.entries(p.params).map(([k, v]) => `${k} ${formatCount(v)}`).join(', ');
  if (p.phase !== 'generate') return [`phase ${p.phase}: ${params}`];
  const g = analysis.generations?.[index];
  const out = [`phase generate: a prompt of ${formatCount(p.prompt ?? 0)} tokens, then ${formatCount(p.newTokens ?? 0)} new ones; the layers above are the last decode step (context ${formatCount(g?.decodeContexts[1] ?? p.prompt ?? 0)})`];
  if (g) {
    out.push(`TTFT ${formatSeconds(g.ttft)} (the prefill), TPOT ${formatSeconds(g.tpot)} (decode, mean over contexts ${g.decodeContexts.map(formatCount).join(' to ') || 'none'}), total ${formatSeconds(g.total)}, ${formatSI(g.tokensPerSecond)} tokens/s (batch ${g.batch})`);
  }
  return out;
}

/** Where the target came from, in words: the default target is named as such. */
export function targetOriginWords(origin: string): string {
  if (origin === 'fallback') return "the default target: neither --target nor the file's 'use target' names one";
  if (origin === 'file') return "the file's 'use target'";
  return '--target';
}

export function writeTable(loaded: LoadedModel, io: CliIO): void {
  const { analysis, model, cost } = loaded;
  const chosen = analysis.chosen;
  if (!model) {
    io.out(`${loaded.display} has no model`);
    return;
  }
  io.out(chosen && cost ? costTable(model, cost, io.color) : countsTable(model));
  const t = model.totals;
  const batch = batchOf(model);
  io.out('');
  io.out(`model ${model.name}: ${t.layers} layers, ${totalCount(t, 'macs')} MACs, ${totalCount(t, 'ops')} ops, ${totalCount(t, 'params')} params, batch ${batch}${t.complete ? '' : ` (incomplete: ${incompleteWords(t)})`}`);
  const w = model.weights;
  if (w) io.out(`weights as stored: ${formatCount(w.params)} params in ${formatCount(w.tensors)} tensors, ${formatCount(w.bytes)} bytes (${w.types.map((x) => `${x.type} ${x.bitsPerWeight} bits: ${formatCount(x.params)}`).join(', ')})${w.complete ? '' : ' (incomplete)'}`);
  if (chosen && cost) {
    const c = cost.totals;
    const parts = [`time ${formatSeconds(c.time)} ${perRunWords(batch)}`, throughputWords(c.throughput, batch), `traffic ${formatBytes(c.traffic)}`];
    if (c.energy !== undefined) parts.push(`energy ${formatSI(c.energy, 'J')}`);
    if (c.opsPerJoule !== undefined) parts.push(`${formatRatio(c.opsPerJoule / 1e9)} GOP/J`);
    if (c.cycles !== undefined) {
      const compute = cost.layers.reduce((n, l) => n + (l.computeCycles ?? 0), 0);
      const stalls = cost.layers.reduce((n, l) => n + (l.stallCycles ?? 0), 0);
      parts.push(`${formatCount(c.cycles)} cycles (${formatCount(compute)} compute + ${formatCount(stalls)} stalls)`);
    }
    if (c.bound !== undefined) parts.push(`mostly ${c.bound}-bound (${formatPercent(c.boundShare ?? 0)} of time)`);
    io.out(`on ${chosen.target.name} (${chosen.target.title}; ${targetOriginWords(chosen.origin)}), ${cost.execution}, fusion ${cost.fusion}: ${parts.join(', ')}`);
    const fused = cost.groups.reduce((n, g) => n + g.members.length, 0);
    if (fused > 0) io.out(`fusion: ${cost.groups.length} kernels take ${fused} more layers; a group's figures are on its first layer, its other layers take no time of their own`);
    const memory = deviceMemoryLine(model, chosen.target);
    if (memory) io.out(memory);
    for (const line of planLines(model, cost, chosen.target)) io.out(line);
    for (const n of cost.notes) io.out(`note: ${n}`);
  }
  const phase = phaseLines(analysis, analysis.models.indexOf(model));
  for (const line of phase) io.out(line);
  io.out('MACs: multiply-accumulates of conv, linear, matmul and attention. ops: 2 x MACs + element-wise work. bytes: inputs + weights + outputs (+ KV cache) at the layer precision.');
  if (!chosen) io.out(`No target (${analysis.targetProblem}): give --target NAME (see 'roofline targets') for the roofline figures.`);
}
