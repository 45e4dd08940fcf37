// A fused group costed as one kernel (its kind's cost function in groupCost.ts): the figures go on
// its producer, and each member keeps time 0 and names the producer.
import { bytesOf } from '../precision';
import { flatText } from '../text/flatText';
import type { ModelResult } from '../semantics/model';
import { APPROXIMATIONS, NO_APPROXIMATIONS, withApproximation, type ApproximationId } from './approximations';
import { layerEnergy } from './energy';
import { roofline } from './roofline';
import { freezeParts, type ContextCosts, type GroupFigures, type GroupKey } from './costMemo';
import { factsKey, groupFacts, type GroupCostInput, type GroupLayerFacts, type GroupWords } from './groupCost';
import { GROUP_KINDS, type FusionGraph, type FusionGroup } from './fusion';
import { costedBytes } from './traffic';
import type { CostedLayer, TrafficModel } from './types';
import { levelRoofs, wholeCycles, type Ctx } from './costContext';

/** Seconds of compute of a layer costed alone: its compute cycles on a clocked engine, else its
 *  operations over its compute roof. */
function computeSeconds(c: CostedLayer, clock: number | undefined): number {
  if (clock && c.computeCycles !== undefined) return c.computeCycles / clock;
  return c.computeRoof && c.ops ? c.ops / c.computeRoof : 0;
}

/**
 * Costs a fused group as one kernel (the function of its kind) and puts the figures on its
 * producer; each member keeps time 0 and names the producer. False (nothing changed) when a layer
 * of the group has no figures. On a clocked engine the group's time is whole cycles: its compute
 * (the producer's compute cycles, the members' operations at the peak) against its traffic.
 */
export function costGroup(g: FusionGroup, layers: CostedLayer[], model: ModelResult, graph: FusionGraph, ctx: Ctx, memo: ContextCosts, input: GroupCostInput): boolean {
  const indices = [g.producer, ...g.members.map((m) => m.index)];
  if (indices.some((i) => layers[i]?.status !== 'ok')) return false;
  const p = layers[g.producer];
  if (!hasPeak(p)) return false;
  const facts = groupFacts(g, model, graph.consumers);
  const make = () => {
    input.group = g;
    input.facts = facts;
    const words = GROUP_KINDS[g.kind].words(input, (i) => model.layers[i].name);
    const shared = ctx.groupsByContent;
    const key = shared ? contentKey(g, indices, facts, ctx) : undefined;
    const before = key === undefined ? undefined : shared?.get(key);
    if (before) {
      memo.groupHits++;
      return relabeled(before, g, p, layers, model, words);
    }
    const made = groupFigures(g, p, layers, model, ctx, input, words);
    if (key !== undefined) shared?.set(key, made);
    return made;
  };
  // The group's key by layer objects only for a memo that keeps groups (an editor's document).
  const figures = memo.remembersGroups ? memo.groupFigures(groupKey(g, model, facts), make) : make();
  layers[g.producer] = figures.producer;
  g.members.forEach((m, i) => (layers[m.index] = figures.members[i]));
  return true;
}

/** A costed layer with a peak and the precision it ran at (a producer whose group can be costed). */
type Peaked = CostedLayer & Required<Pick<CostedLayer, 'peak' | 'precision'>>;

function hasPeak(c: CostedLayer): c is Peaked {
  return c.peak !== undefined && c.precision !== undefined;
}

/**
 * What a group's cost function reads, made once per costing: `layers` is the costing's array (each
 * group reads its own layers' figures alone, before it replaces them; groups share no layer), and
 * `group` and `facts` are set to each group's in turn as it is costed (costGroup).
 */
export function groupInputOf(layers: readonly CostedLayer[], model: ModelResult, ctx: Ctx): GroupCostInput {
  const input: GroupCostInput = {
    group: { kind: 'bnFold', producer: -1, members: [] },
    layers: model.layers,
    facts: [],
    alone: layers,
    wordBytes: (i) => bytesOf(layers[i].precision ?? model.layers[i].precision),
    tiledOutput: (i) => ctx.tiledOutput.get(i),
    bytes: (i) => costedBytes(model.layers[i], ctx.options.precision),
    computeSeconds: (i) => computeSeconds(layers[i], ctx.clock),
  };
  if (ctx.options.precision) input.precisionOverride = ctx.options.precision;
  if (ctx.capacity !== undefined) input.buffer = ctx.capacity;
  return input;
}

/** What the group memo by layer objects compares of a group (costMemo.ts GroupKey). */
function groupKey(g: FusionGroup, model: ModelResult, facts: readonly GroupLayerFacts[]): GroupKey {
  return {
    kind: g.kind,
    producer: model.layers[g.producer],
    members: g.members.map((m) => model.layers[m.index]),
    roles: g.members.map((m) => m.role),
    crossing: facts.map((f) => f.crossing),
  };
}

/**
 * The content of a group, all its figures depend on in its cost context: its kind, its members'
 * roles, the number of each layer's figures alone (equal numbers, equal cost inputs: costMemo.ts;
 * a cost function reads a layer only through its cost input) and its layers' facts (groupCost.ts
 * groupFacts: the rest of what it reads). Undefined when a layer has no number (kept from the
 * costing before, or a collective): the group is then costed anew.
 */
function contentKey(g: FusionGroup, indices: readonly number[], facts: readonly GroupLayerFacts[], ctx: Ctx): string | undefined {
  let key = g.kind;
  for (const m of g.members) key += `,${m.role}`;
  key += '|';
  for (const i of indices) {
    const id = ctx.figureIds[i];
    if (id === undefined) return undefined;
    key += `${id},`;
  }
  // Every fact (factsKey writes every field the type has).
  return `${key}|${factsKey(facts)}`;
}

/**
 * The figures of a group costed before with the same content, for this group: the producer's
 * figures as they were (their parts are shared and frozen), with this group's layers' names, index
 * and sentences.
 */
function relabeled(before: GroupFigures, g: FusionGroup, p: Peaked, layers: readonly CostedLayer[], model: ModelResult, words: GroupWords): GroupFigures {
  // Object.assign onto a new object: every copy shares one hidden class (V8). A loop of
  // `out[k] = from[k]` made each a dictionary (1.6 KB: 40 MB at 100,000 layers), and a spread gave
  // each copy its own class after the first few (18 MB of descriptors); measured with
  // %HaveSameMap and a heap snapshot.
  const out = Object.assign({}, before.producer);
  ownParts(out, g, p, model, words);
  return { producer: out, members: memberFigures(g, layers, model, words) };
}

/** The fields of a group's producer figures that are the group's own (its names and sentences);
 *  groups of equal content share the others (relabeled; groupFigures freezes them). */
const OWN_FIELDS: ReadonlySet<string> = new Set(['index', 'name', 'notes', 'fused'] satisfies (keyof CostedLayer)[]);

/** Sets the OWN_FIELDS of a group's producer figures (fields it has already keep their place);
 *  `p`: the producer's figures alone. Names and places are the model's: the figures alone may be
 *  the memo's shared figures (costMemo.ts costed), whose index and name are another layer's. */
function ownParts(out: CostedLayer, g: FusionGroup, p: Peaked, model: ModelResult, words: GroupWords): void {
  out.index = g.producer;
  out.name = model.layers[g.producer].name;
  out.notes = [...p.notes, ...words.notes.map(flatText)];
  out.fused = g.members.map((m) => model.layers[m.index].name);
}

/** Each member of a group: time 0, the producer's name, its role and its sentence (names from the model, as ownParts). */
function memberFigures(g: FusionGroup, layers: readonly CostedLayer[], model: ModelResult, words: GroupWords): CostedLayer[] {
  const producer = model.layers[g.producer].name;
  return g.members.map((m): CostedLayer => {
    const c = layers[m.index];
    const member: CostedLayer = { index: m.index, name: model.layers[m.index].name, op: c.op, status: 'ok', time: 0, fusedInto: producer, fusionRole: m.role, approximations: MEMBER_APPROXIMATIONS, notes: [flatText(words.memberNotes.get(m.index) ?? `Fused into ${producer}.`)] };
    if (c.precision) member.precision = c.precision;
    if (c.peakPrecision) member.peakPrecision = c.peakPrecision;
    return member;
  });
}

/** What a fused group's member says of its figures: none of its own (one shared list). */
const MEMBER_APPROXIMATIONS = withApproximation(NO_APPROXIMATIONS, APPROXIMATIONS.fusedGroup);

/** The figures of a fused group costed as one kernel (costGroup); `input.group` is `g`. */
function groupFigures(g: FusionGroup, p: Peaked, layers: readonly CostedLayer[], model: ModelResult, ctx: Ctx, input: GroupCostInput, words: GroupWords): GroupFigures {
  const work = GROUP_KINDS[g.kind].cost(input);
  // The producer's figures but the four the group's replace (made below): left out, not deleted (an
  // object with deleted fields is slow to read and to write as JSON), by a rest pattern (a loop of
  // `out[k] = p[k]` made a dictionary: see relabeled).
  const { ctc: _ctc, energy: _energy, energyByLevel: _byLevel, opsPerJoule: _perJoule, ...kept } = p;
  const out: CostedLayer = kept;
  out.approximations = p.approximations;
  const approx = (id: ApproximationId) => (out.approximations = withApproximation(out.approximations, APPROXIMATIONS[id]));
  for (const id of work.approximations) approx(id);
  if (g.members.some((m) => (layers[m.index].ops ?? 0) > 0 && !model.layers[m.index].dims)) approx('elementwisePeak');
  out.ops = work.ops;
  out.macs = work.macs;
  const trafficModel: TrafficModel = p.traffic?.model === 'tiled' && work.tiled !== undefined ? 'tiled' : 'compulsory';
  const used = trafficModel === 'tiled' ? (work.tiled as number) : work.compulsory;
  out.traffic = { compulsory: work.compulsory, tiled: work.tiled, used, model: trafficModel };
  const levels = ctx.levels.map((l) => ({ name: l.name, bandwidth: l.bandwidth, traffic: l.offChip ? used : work.onChip }));
  const utilization = work.computeTime > 0 && work.ops > 0 ? work.ops / (p.peak * work.computeTime) : undefined;
  const rf = roofline({ ops: work.ops, peak: p.peak, utilization, levels });
  out.roofs = levelRoofs(rf, ctx);
  if (used > 0) out.ctc = work.ops / used;
  out.attainable = rf.attainable;
  out.time = Number.isFinite(rf.time) ? rf.time : undefined;
  out.bound = p.bound === 'buffer' ? 'buffer' : rf.bound;
  if (ctx.clock && p.cycles !== undefined && rf.time > 0 && Number.isFinite(rf.time)) {
    const whole = wholeCycles(rf.time, work.computeTime, ctx.clock);
    Object.assign(out, whole);
    out.time = whole.cycles / ctx.clock;
    out.attainable = work.ops / out.time;
    approx('fusedClocked');
  }
  // Energy: the producer's own (from its engine's accesses where it has them), plus the energy of
  // the bytes the group moves more (or less: an output kept on chip) at each level.
  const table = ctx.target.energy;
  if (table && p.energy !== undefined) {
    const delta = levels.map((l, i) => ({ name: l.name, traffic: l.traffic - (p.roofs?.[i]?.traffic ?? 0) }));
    const e = layerEnergy(table, { macs: work.macs - (p.macs ?? 0), precision: p.precision, levels: delta, bufferBytes: table.bytePj.buffer !== undefined ? used - (p.traffic?.used ?? 0) : 0 });
    out.energy = p.energy + e.joules;
    const byLevel: Record<string, number> = { ...p.energyByLevel };
    for (const [k, v] of Object.entries(e.byLevel)) byLevel[k] = (byLevel[k] ?? 0) + v;
    out.energyByLevel = byLevel;
    if (out.energy > 0 && work.ops > 0) out.opsPerJoule = work.ops / out.energy;
  }
  ownParts(out, g, p, model, words);
  out.fusionKind = g.kind;
  // The parts that groups of equal content share (relabeled): all but OWN_FIELDS.
  freezeParts(out, OWN_FIELDS);
  return { producer: out, members: memberFigures(g, layers, model, words) };
}

