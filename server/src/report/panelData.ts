// Turns a costed analysis into what the Roofline panel and the standalone report draw (PanelData):
// roofs per precision and memory level, ridge points, one entry per layer with its place on the
// roofline, its buffer need and tile, and the totals. Pure: the language server (the panel) and the
// command line (`roofline report`) both call it, so both draw the same numbers.
import { type AttentionMode, batchOf, CATALOG, deviceCapacity, deviceFit, type CostedLayer, DEFAULT_ATTENTION, type CostedModel, FUSION_POLICIES, LineIndex, type ModelResult, type Precision, PRECISIONS, rolesText, type RooflineAnalysis } from '../core';
import { formatOpsPerSecond, formatSI } from '../protocol/format';
import type { Bound, PanelData, PanelLayer, PanelParallel, PanelRidge, PanelRoof } from '../protocol/panel';

export interface PanelContext {
  uri: string;
  fileName: string;
  /** Which model of the file (default the first). */
  modelIndex?: number;
  /** The precision the analysis was asked for (the panel's control), when not the file's. */
  precision?: string;
  /** How attention runs where a statement does not say (the setting, or the panel's control). */
  attention?: AttentionMode;
}

function boundOf(c: CostedLayer): { bound: Bound; label: string } {
  if (c.status === 'ok' && c.fusedInto !== undefined) return { bound: 'fused', label: c.fusedInto };
  if (c.status === 'ok' && c.collective && c.bound !== undefined && c.bound !== 'none') return { bound: 'link', label: c.bound };
  if (c.status !== 'ok' || c.bound === undefined) return { bound: 'uncounted', label: c.status === 'ok' ? 'none' : c.status };
  if (c.bound === 'compute') return { bound: 'compute', label: `${c.peakPrecision ?? c.precision ?? ''} peak`.trim() };
  if (c.bound === 'buffer') return { bound: 'buffer', label: 'buffer' };
  if (c.bound === 'utilization') return { bound: 'utilization', label: 'utilization' };
  return { bound: 'memory', label: c.bound };
}

/** The roof of every link the plan's collectives cross: a device's bandwidth on it. */
function parallelRoofs(model: ModelResult, cost: CostedModel): PanelRoof[] {
  if (!model.parallel) return [];
  const seen = new Map<string, number>();
  for (const c of cost.layers) if (c.status === 'ok' && c.collective && !seen.has(c.collective.link)) seen.set(c.collective.link, c.collective.bandwidth);
  return [...seen].map(([name, bandwidth]) => ({ kind: 'link', label: `${name} ${formatSI(bandwidth, 'B/s')}`, level: name, value: bandwidth }));
}

function panelParallel(model: ModelResult, cost: CostedModel, capacity: number | undefined): PanelParallel | undefined {
  const p = model.parallel;
  if (!p) return undefined;
  const t = model.totals;
  const { need, fits } = deviceFit(t, capacity);
  const out: PanelParallel = {
    plan: p.text,
    devices: p.devices,
    weightBytes: t.weightBytes,
    kvCacheBytes: t.kvCacheBytes,
    activationBytes: t.activationBytes,
    total: need,
    communication: cost.parallel?.communication ?? { time: 0, share: 0, byLink: {} },
    stages: p.plan.pp,
    bubble: cost.parallel?.bubble ?? 0,
  };
  if (capacity !== undefined) out.capacity = capacity;
  if (fits !== undefined) out.fits = fits;
  return out;
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
  // Under a parallel plan, the links its collectives cross (a device's bandwidth on each).
  const links = parallelRoofs(model, cost);
  roofs.push(...links);
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
    precision: context.precision ?? (analysis.settings.precision ? rolesText(analysis.settings.precision.roles) : undefined) ?? model.layers[0]?.precision ?? target.defaultPrecision,
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
  const parallel = panelParallel(model, cost, deviceCapacity(target));
  if (parallel) data.parallel = parallel;
  if (cost.totals.opsPerJoule !== undefined) data.totals.opsPerJoule = cost.totals.opsPerJoule;
  // Language models: the attention mode when the model has attention, the phase when it has the
  // params a phase sets, and a generation's figures.
  if (model.layers.some((l) => l.part)) data.attention = context.attention ?? DEFAULT_ATTENTION;
  if (model.params.some((p) => p.name === 'seq')) {
    const p = analysis.phase;
    data.phase = p ? { phase: p.phase, ...(p.prompt !== undefined ? { prompt: p.prompt } : {}), ...(p.newTokens !== undefined ? { newTokens: p.newTokens } : {}) } : { phase: 'model' };
  }
  const g = analysis.generations?.[index];
  if (g) data.generation = { prompt: g.prompt, new: g.new, ttft: g.ttft, tpot: g.tpot, total: g.total, tokensPerSecond: g.tokensPerSecond };
  if (target.buffer) data.bufferCapacity = target.buffer.value;
  return data;
}
