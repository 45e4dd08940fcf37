// Turns a costed analysis into what the Roofline panel and the standalone report draw (PanelData):
// roofs per precision and memory level, ridge points, one entry per layer with its place on the
// roofline, its buffer need and tile, and the totals. Pure: the language server (the panel) and the
// command line (`roofline report`) both call it, so both draw the same numbers.
import { batchOf, CATALOG, type CostedLayer, FUSION_POLICIES, LineIndex, type Precision, PRECISIONS, type RooflineAnalysis } from '../core';
import { formatOpsPerSecond, formatSI } from '../protocol/format';
import type { Bound, PanelData, PanelLayer, PanelRidge, PanelRoof } from '../protocol/panel';

export interface PanelContext {
  uri: string;
  fileName: string;
  /** Which model of the file (default the first). */
  modelIndex?: number;
  /** The precision the analysis was asked for (the panel's control), when not the file's. */
  precision?: string;
}

function boundOf(c: CostedLayer): { bound: Bound; label: string } {
  if (c.status === 'ok' && c.fusedInto !== undefined) return { bound: 'fused', label: c.fusedInto };
  if (c.status !== 'ok' || c.bound === undefined) return { bound: 'uncounted', label: c.status === 'ok' ? 'none' : c.status };
  if (c.bound === 'compute') return { bound: 'compute', label: `${c.peakPrecision ?? c.precision ?? ''} peak`.trim() };
  if (c.bound === 'buffer') return { bound: 'buffer', label: 'buffer' };
  if (c.bound === 'utilization') return { bound: 'utilization', label: 'utilization' };
  return { bound: 'memory', label: c.bound };
}

function tileText(c: CostedLayer): string | undefined {
  if (!c.tile || c.tile.source === 'none') return undefined;
  return Object.entries(c.tile.factors).map(([k, v]) => `${k}=${v}`).join(' ');
}

export function panelData(analysis: RooflineAnalysis, context: PanelContext): PanelData | undefined {
  const index = context.modelIndex ?? 0;
  const model = analysis.models[index];
  const cost = analysis.costs[index];
  const chosen = analysis.chosen;
  if (!model || !cost || !chosen) return undefined;
  const target = chosen.target;
  const lines = new LineIndex(analysis.text);
  const layers: PanelLayer[] = model.layers.map((l, i) => {
    const c = cost.layers[i];
    const pos = lines.position(l.span.start);
    const { bound, label } = c ? boundOf(c) : { bound: 'uncounted' as Bound, label: 'uncounted' };
    const ok = c?.status === 'ok';
    const entry: PanelLayer = {
      index: l.index,
      name: l.name,
      op: l.op,
      line: pos.line,
      character: pos.character,
      precision: c?.precision ?? l.precision,
      counted: l.counted && ok,
      ops: l.ops,
      macs: l.macs,
      trafficCompulsory: ok ? (c.traffic?.compulsory ?? 0) : 0,
      trafficTiled: ok ? (c.traffic?.tiled ?? c.traffic?.compulsory ?? 0) : 0,
      ctc: ok ? (c.ctc ?? 0) : 0,
      attainable: ok ? (c.attainable ?? 0) : 0,
      bound,
      boundLabel: label,
      time: ok ? (c.time ?? 0) : 0,
      share: ok ? (c.share ?? 0) : 0,
      bufferNeed: ok ? (c.buffer?.need ?? 0) : 0,
    };
    const tile = c && tileText(c);
    if (tile && c.tile && c.tile.source !== 'none') {
      entry.tile = tile;
      entry.tileSource = c.tile.source;
    }
    if (c?.utilization !== undefined) entry.utilization = c.utilization;
    if (ok && c.cycles !== undefined) {
      entry.cycles = c.cycles;
      if (c.stallCycles !== undefined) entry.stallCycles = c.stallCycles;
    }
    if (ok && c.energy !== undefined) {
      entry.energy = c.energy;
      if (c.energyByLevel) entry.energyByLevel = { ...c.energyByLevel };
      if (c.opsPerJoule !== undefined) entry.opsPerJoule = c.opsPerJoule;
    }
    if (c?.fused) {
      entry.fused = c.fused;
      if (c.fusionKind) entry.fusionKind = c.fusionKind;
    }
    if (c?.fusedInto !== undefined) {
      entry.fusedInto = c.fusedInto;
      if (c.fusionRole) entry.fusionRole = c.fusionRole;
    }
    return entry;
  });

  const roofs: PanelRoof[] = [];
  const peaks = PRECISIONS.filter((p) => (target.peak[p]?.value ?? 0) > 0);
  for (const p of peaks) roofs.push({ kind: 'compute', label: `${p} peak ${formatOpsPerSecond(target.peak[p]!.value)}`, precision: p, value: target.peak[p]!.value });
  for (const m of target.memory) {
    if (!(m.bandwidth.value > 0)) continue;
    roofs.push({ kind: 'memory', label: `${m.name} ${formatSI(m.bandwidth.value, 'B/s')}`, level: m.name, value: m.bandwidth.value });
  }
  // Ridge points for the precisions the model's layers run at, on every memory level.
  const used = new Set<Precision>(cost.layers.map((c) => c.peakPrecision).filter((p): p is Precision => p !== undefined));
  if (used.size === 0) used.add(target.defaultPrecision);
  const ridges: PanelRidge[] = [];
  for (const p of used) {
    const peak = target.peak[p]?.value;
    if (!peak) continue;
    for (const m of target.memory) {
      if (m.bandwidth.value > 0) ridges.push({ label: `${p} / ${m.name}`, ctc: peak / m.bandwidth.value, performance: peak });
    }
  }

  const approximations = new Set<string>(cost.notes);
  for (const c of cost.layers) for (const a of c.approximations) approximations.add(a);
  const targets = [...analysis.hardware.entries()].map(([name, t]) => ({ name, title: t.title || name }));
  for (const t of CATALOG) targets.push({ name: t.name, title: t.title });

  const data: PanelData = {
    uri: context.uri,
    fileName: context.fileName,
    model: model.name,
    target: { name: target.name, title: target.title },
    precision: context.precision ?? analysis.settings.precision?.name ?? model.layers[0]?.precision ?? target.defaultPrecision,
    trafficMode: cost.traffic,
    fusion: cost.fusion,
    fusionPolicies: [...FUSION_POLICIES],
    params: model.params.map((p) => ({ name: p.name, value: p.value, overridden: p.overridden })),
    targets,
    precisions: peaks,
    roofs,
    ridges,
    layers,
    totals: {
      time: cost.totals.time,
      throughput: cost.totals.throughput,
      batch: batchOf(model),
      dominant: cost.totals.bound ?? 'none',
      ops: cost.totals.ops,
      macs: cost.totals.macs,
      complete: model.totals.complete && cost.totals.complete,
    },
    approximations: [...approximations],
  };
  if (cost.totals.energy !== undefined) data.totals.energy = cost.totals.energy;
  if (cost.totals.opsPerJoule !== undefined) data.totals.opsPerJoule = cost.totals.opsPerJoule;
  if (target.buffer) data.bufferCapacity = target.buffer.value;
  return data;
}
