// The roofline part of hover cards: for one costed layer a two-column table (traffic, CTC,
// attainable performance against the roof it hits, bound, time and share, buffer, utilisation,
// energy, tile, slack) and its approximations; for several layers (a block or `repeat` call, the
// instances of a block-body line) their sums; and what to do when there is no target. Short
// lines, SI units, 'ops' never mixed with 'MACs'.
import { codeSpan, markdownText } from './markdownText';
import { batchOf, perRunWords, type CostedLayer, type CostedModel, type ModelResult, type RooflineAnalysis } from '../core';
import {
  formatBytes,
  formatCount,
  formatJoules,
  formatNoun,
  formatOpsPerByte,
  formatOpsPerJoule,
  formatOpsPerSecond,
  formatPercent,
  formatRatio,
  formatSeconds,
} from '../protocol/format';
import { GROUP_KINDS, MEMBER_ROLES, type MemberRole } from '../core';
import { boundLabel, boundWords } from './boundWords';
import { attainableWords, tileWords } from './costWords';
import { costedModel, costOf } from './layerIndex';
import { producerOf } from './lineLayers';
import type { ModelLayer } from './layerQueries';

type Row = [string, string];

function table(head: Row, rows: Row[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [head, ['---', '---'] as Row, ...rows].map(([a, b]) => `| ${cell(a)} | ${cell(b)} |`).join('\n');
}

function head(a: RooflineAnalysis, precision: string | undefined): Row {
  const t = a.chosen?.target;
  // A target read from a file (a SCALE-Sim config, a target file) is named by its file and title.
  const name = t ? (t.file ? `${codeSpan(t.file)} (${markdownText(t.title)})` : codeSpan(t.name)) : '—';
  return ['**Roofline**', precision ? `${name} · ${precision}` : name];
}

/** '9.67% of the model' (sequential), '… of the summed layer time' (the other execution models). */
function shareWords(share: number, costed: CostedModel | undefined): string {
  return `${formatPercent(share)} of ${costed?.execution === 'sequential' ? 'the model' : 'the summed layer time'}`;
}

function trafficWords(c: CostedLayer): string {
  const t = c.traffic;
  if (!t) return '—';
  if (t.model === 'tiled') return t.used === t.compulsory ? `${formatBytes(t.used)} (the compulsory traffic)` : `${formatBytes(t.used)} tiled · ${formatBytes(t.compulsory)} compulsory`;
  return `${formatBytes(t.used)} compulsory${t.tiled !== undefined ? ` (tiled: ${formatBytes(t.tiled)})` : ''}`;
}

function ctcWords(c: CostedLayer, costed: CostedModel | undefined): string {
  if (c.ctc === undefined) return (c.ops ?? 0) > 0 ? 'unbounded: no byte crosses off chip' : '—';
  const off = c.roofs?.find((r) => r.offChip);
  const ridge = costed?.totals.ridge.find((r) => r.precision === c.peakPrecision && r.level === off?.name);
  return formatOpsPerByte(c.ctc) + (ridge ? ` · ridge ${formatRatio(ridge.ridge)}` : '');
}

function bufferWords(c: CostedLayer): string | undefined {
  const b = c.buffer;
  if (!b) return undefined;
  if (b.capacity === undefined) return `${formatBytes(b.need)} (capacity unknown)`;
  const over = c.tile?.fits === false ? ' · overflows' : '';
  return `${formatBytes(b.need)} of ${formatBytes(b.capacity)} (${formatPercent(b.need / b.capacity)})${over}`;
}

function utilisationWords(c: CostedLayer): string | undefined {
  if (c.utilization === undefined) return undefined;
  const parts = [formatPercent(c.utilization)];
  if (c.mappingEfficiency !== undefined) parts.push(`mapping ${formatPercent(c.mappingEfficiency)}`);
  if (c.computeUtilization !== undefined) parts.push(`compute ${formatPercent(c.computeUtilization)}`);
  return parts.join(' · ');
}

/** '12,345 = 10,000 compute + 2,345 stalls (ifmap DRAM)'. */
function cycleWords(c: CostedLayer): string | undefined {
  if (c.cycles === undefined) return undefined;
  if (c.computeCycles === undefined || c.stallCycles === undefined) return formatCount(c.cycles);
  const limited = c.systolic?.limitedBy && c.stallCycles > 0 ? ` (${c.systolic.limitedBy} DRAM)` : '';
  return `${formatCount(c.cycles)} = ${formatCount(c.computeCycles)} compute + ${formatCount(c.stallCycles)} stalls${limited}`;
}

/** '8 arrays · 3 folds (3 x 1), 1 on the busiest array'. */
function arrayWords(c: CostedLayer): string | undefined {
  const s = c.systolic;
  if (!s) return undefined;
  const split = `${formatNoun(s.folds, 'fold')} (${s.rowFolds} x ${s.colFolds} a run)`;
  return s.arrays > 1 ? `${formatNoun(s.arrays, 'array')} · ${split}, ${formatCount(s.foldsPerArray)} on the busiest` : split;
}

/** 'ifmap 1.2 M r · filter 35 k r · ofmap 580 k w' for one level. */
function accessWords(l: NonNullable<CostedLayer['accesses']>['sram']): string {
  const part = (name: string, a: { reads: number; writes: number }) => {
    const rw = [a.reads > 0 ? `${formatCount(a.reads)} r` : '', a.writes > 0 ? `${formatCount(a.writes)} w` : ''].filter(Boolean).join(' + ');
    return rw ? `${name} ${rw}` : '';
  };
  return [part('ifmap', l.ifmap), part('filter', l.filter), part('ofmap', l.ofmap)].filter(Boolean).join(' · ') || '—';
}

/** 'DRAM 2.1 mJ · buffer 0.4 mJ · RF … · MAC …', largest first. */
function energyLevelWords(byLevel: Record<string, number> | undefined): string | undefined {
  if (!byLevel) return undefined;
  const entries = Object.entries(byLevel).filter(([, j]) => j > 0).sort((a, b) => b[1] - a[1]);
  return entries.length > 0 ? entries.map(([k, j]) => `${k} ${formatJoules(j)}`).join(' · ') : undefined;
}

function slackWords(c: CostedLayer, costed: CostedModel | undefined): Row | undefined {
  if (!costed || costed.execution === 'sequential' || c.slack === undefined) return undefined;
  return c.critical ? ['critical', 'on the critical path (no slack)'] : ['slack', `${formatSeconds(c.slack)}: off the critical path`];
}

/** '20.1 ms', or '20.1 ms per run of 10 samples' when the model's batch is not 1 (runs vs samples). */
function timeWords(time: number, model: ModelResult | undefined): string {
  const batch = batchOf(model);
  return batch === 1 ? formatSeconds(time) : `${formatSeconds(time)} ${perRunWords(batch)}`;
}

/** The rows of one costed layer, in the card's order. */
function layerRows(c: CostedLayer, costed: CostedModel | undefined, model?: ModelResult): Row[] {
  const rows: Row[] = [
    ['traffic', trafficWords(c)],
    ['CTC', ctcWords(c, costed)],
  ];
  for (const r of c.roofs ?? []) if (!r.offChip && r.ctc !== undefined) rows.push([`CTC on ${r.name}`, formatOpsPerByte(r.ctc)]);
  rows.push(['attainable', attainableWords(c)], ['bound', boundWords(c)]);
  if (c.time !== undefined) rows.push(['time', `${timeWords(c.time, model)} · ${shareWords(c.share ?? 0, costed)}`]);
  const optional: [string, string | undefined][] = [
    ['buffer', bufferWords(c)],
    ['cycles', cycleWords(c)],
    ['arrays', arrayWords(c)],
    ['utilisation', utilisationWords(c)],
    ['SRAM words', c.accesses ? accessWords(c.accesses.sram) : undefined],
    ['DRAM words', c.accesses ? accessWords(c.accesses.dram) : undefined],
    ['energy', c.energy !== undefined ? `${formatJoules(c.energy)} · ${formatOpsPerJoule(c.ops ?? 0, c.energy)}` : undefined],
    ['energy by level', energyLevelWords(c.energyByLevel)],
    ['tile', tileWords(c)],
  ];
  for (const [k, v] of optional) if (v !== undefined) rows.push([k, v]);
  const slack = slackWords(c, costed);
  if (slack) rows.push(slack);
  return rows;
}

function listBlock(title: string, items: readonly string[]): string | undefined {
  return items.length > 0 ? [`*${title}*`, ...items.map((s) => `- ${s}`)].join('\n') : undefined;
}

/** Why a layer has no figures although there is a target (uncounted, no peak, internal error). */
function statusText(c: CostedLayer): string {
  return `*no roofline figures*: ${c.message ?? c.status}`;
}

/** The roofline section of one layer's card: table, notes, approximations; for a member of a fused
 *  group, what it is fused into and the group's figures (on the producer). */
export function layerCostSection(a: RooflineAnalysis, ml: ModelLayer): string {
  const c = costOf(a, ml);
  if (!a.chosen || !c) return noTargetText(a);
  if (c.status !== 'ok') return statusText(c);
  const producer = producerOf(a, ml);
  if (producer) return `${memberText(c)}\n\n**Roofline of the group** ${codeSpan(producer.cost.name)}\n\n${layerCostSection(a, producer.layer)}`;
  const costed = costedModel(a, ml.model);
  const rows = layerRows(c, costed, ml.model);
  const group = groupRow(a, ml, c);
  if (group) rows.unshift(group);
  const parts = [table(head(a, c.precision), rows), listBlock('Notes', c.notes), listBlock('Approximations', c.approximations)];
  return parts.filter((p): p is string => p !== undefined).join('\n\n');
}

/** How a member joined its group, in words: 'folded', 'epilogue', 'operand read once'. */
function roleWords(role: string | undefined): string {
  return role && role in MEMBER_ROLES ? MEMBER_ROLES[role as MemberRole] : 'fused';
}

/** '*fused into* `conv1` (folded): it runs in that kernel and has no time or traffic of its own.' */
function memberText(c: CostedLayer): string {
  return `*fused into* ${codeSpan(c.fusedInto ?? '')} (${roleWords(c.fusionRole)}): it runs in that kernel and has no time or traffic of its own.`;
}

/** The producer's 'fused' row: the group's kind and each member with its role. */
function groupRow(a: RooflineAnalysis, ml: ModelLayer, c: CostedLayer): Row | undefined {
  if (!c.fused || c.fused.length === 0) return undefined;
  const costed = costedModel(a, ml.model);
  const members = c.fused.map((name) => {
    const m = costed?.layers.find((x) => x.name === name);
    return `${codeSpan(name)} ${m ? `${m.op} (${roleWords(m.fusionRole)})` : ''}`.trim();
  });
  const kind = c.fusionKind && c.fusionKind in GROUP_KINDS ? GROUP_KINDS[c.fusionKind].title : 'fused';
  return ['kernel', `${kind}, with ${members.join(', ')}: the figures below are the group's`];
}

/** Sums of the costed figures of several layers. */
interface CostSums {
  costed: number;
  /** Members of fused groups (no figures of their own). */
  fused: number;
  missing: number;
  time: number;
  share: number;
  ops: number;
  traffic: number;
  compulsory: number;
  energy?: number;
  byBound: Map<string, number>;
  slowest?: CostedLayer;
}

function sumCosts(a: RooflineAnalysis, layers: ModelLayer[]): CostSums {
  const s: CostSums = { costed: 0, fused: 0, missing: 0, time: 0, share: 0, ops: 0, traffic: 0, compulsory: 0, byBound: new Map() };
  let energy = 0;
  let allEnergy = true;
  for (const ml of layers) {
    const c = costOf(a, ml);
    if (!c || c.status !== 'ok') {
      s.missing++;
      continue;
    }
    if (c.fusedInto !== undefined) {
      s.fused++;
      continue;
    }
    s.costed++;
    const t = c.time ?? 0;
    s.time += t;
    s.share += c.share ?? 0;
    s.ops += c.ops ?? 0;
    s.traffic += c.traffic?.used ?? 0;
    s.compulsory += c.traffic?.compulsory ?? 0;
    if (c.energy === undefined) allEnergy = false;
    else energy += c.energy;
    if (c.bound && t > 0) s.byBound.set(c.bound, (s.byBound.get(c.bound) ?? 0) + t);
    if (t > (s.slowest?.time ?? 0)) s.slowest = c;
  }
  if (allEnergy && s.costed > 0) s.energy = energy;
  return s;
}

/**
 * The inlay hint of a sum of layers (a call taken apart, a block call's first instance): its label
 * 'Σ CTC 12.3 · HBM3 · ×32' and a tooltip, `lead` then '1.2 ms, 3.4 TOP/s on average' and the bound
 * that takes the most of the time. Undefined when none of the layers took time with a bound.
 */
export function sumHint(a: RooflineAnalysis, layers: ModelLayer[], instances: number, lead: string): { label: string; tooltip: string } | undefined {
  const s = sumCosts(a, layers);
  const top = [...s.byBound.entries()].sort((x, y) => y[1] - x[1])[0];
  if (s.time <= 0 || !top) return undefined;
  const [bound, boundTime] = top;
  const mark = bound === 'utilization' ? 'util' : bound;
  const times = instances > 1 ? ` · ×${instances}` : '';
  const label = `Σ ${s.traffic > 0 ? `CTC ${formatRatio(s.ops / s.traffic)} · ` : ''}${mark}${times}`;
  return { label, tooltip: `${lead}${formatSeconds(s.time)}, ${formatOpsPerSecond(s.ops / s.time)} on average  \n${boundLabel(bound)} ${formatPercent(boundTime / s.time)} of the time` };
}

/** 'DDR3 74% · compute 17% · utilisation 9.7% of the time' */
function boundShares(s: CostSums): string {
  const entries = [...s.byBound.entries()].sort((x, y) => y[1] - x[1]);
  if (entries.length === 0 || s.time <= 0) return '—';
  const shown = entries.slice(0, 4).map(([b, t]) => `${boundLabel(b)} ${formatPercent(t / s.time)}`);
  return `${shown.join(' · ')}${entries.length > 4 ? ' · …' : ''} of the time`;
}

/**
 * The roofline section of a card over several layers: their summed time, traffic, overall CTC
 * and attainable performance, how their time splits by bound, energy, and the slowest layer.
 */
export function sumCostSection(a: RooflineAnalysis, layers: ModelLayer[]): string {
  if (!a.chosen) return noTargetText(a);
  const s = sumCosts(a, layers);
  if (s.costed === 0 && s.fused > 0) return `*fused*: ${s.fused === 1 ? 'it runs' : `all ${s.fused} run`} in ${s.fused === 1 ? 'its producer\'s kernel' : 'their producers\' kernels'}, with no time or traffic of ${s.fused === 1 ? 'its' : 'their'} own`;
  if (s.costed === 0) return '*no roofline figures*: none of these layers is costed';
  const costed = layers.length > 0 ? costedModel(a, layers[0].model) : undefined;
  const rows: Row[] = [['time', `${timeWords(s.time, layers[0]?.model)} · ${shareWords(s.share, costed)}`]];
  const traffic = formatBytes(s.traffic);
  const compulsory = formatBytes(s.compulsory);
  rows.push(['traffic', traffic === compulsory ? traffic : `${traffic} · ${compulsory} compulsory`]);
  rows.push(['CTC', s.traffic > 0 ? `${formatOpsPerByte(s.ops / s.traffic)} overall` : '—']);
  if (s.time > 0) rows.push(['attainable', `${formatOpsPerSecond(s.ops / s.time)} on average`]);
  rows.push(['bound', boundShares(s)]);
  if (s.energy !== undefined) rows.push(['energy', `${formatJoules(s.energy)} · ${formatOpsPerJoule(s.ops, s.energy)}`]);
  if (s.slowest?.time !== undefined) rows.push(['slowest', `${codeSpan(s.slowest.name)} ${formatSeconds(s.slowest.time)}, ${boundWords(s.slowest)}`]);
  if (s.fused > 0) rows.push(['fused', `${formatNoun(s.fused, 'layer')} in the kernels of others (figures on their producers)`]);
  if (s.missing > 0) rows.push(['not costed', `${formatNoun(s.missing, 'layer')}, left out`]);
  return table(head(a, undefined), rows);
}

/** No target: which one was asked for (or none) and how to set one. */
export function noTargetText(a: RooflineAnalysis): string {
  const fromFile = a.settings.target?.name;
  const how = 'Set one with `use target NAME` in the file, or with the `roofline.target` setting (**Roofline: Select Target**).';
  if (!a.chosen) {
    const which = fromFile !== undefined ? `${codeSpan(`use target ${fromFile}`)} names no known target` : a.targetProblem ? `${markdownText(a.targetProblem)} (the \`roofline.target\` setting)` : 'no target is given';
    return `*no roofline figures*: ${which}. ${how}`;
  }
  return `*no roofline figures* for this layer on ${codeSpan(a.chosen.target.name)}.`;
}
