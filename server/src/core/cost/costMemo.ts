// Per-layer cost figures, memoised. A layer's figures are a function of two things only: its cost
// input (COST_INPUT_FIELDS, the fields of the layer that the cost models read; costLayer takes a
// layer through that type, so it cannot read another) and the cost context (the target, every
// figure of it, and the options that reach a layer: precision, traffic model, tile search and its
// budget). The memo is keyed on both in full, so it never hands out the figures of another input:
// layers with equal inputs (the instances of a repeated block) are costed once, and after an edit
// only the layers the edit changed are costed again.
//
// The figures handed out (a template CostedLayer) are shared and frozen; every layer gets its own
// CostedLayer over them (its index and name, and the model-wide share, slack and critical).
// A memo that remembers layers (`rememberLayers`, for an editor's document analysed again and
// again) also finds a layer object it has costed before without building its key, keeps each
// model's last costing (a model that differs in a few layer objects keeps the rest: nearModel,
// ModelParts; one of the very same objects is that costing: sameModel) and each fused group's
// figures by its layer objects (groupFigures). Layer objects never change once evaluated (an
// editor's re-used layers only have their spans moved), so identity stands for equal input.
// Within a costing, fused groups of equal content share their figures (groupFigures.ts contentKey:
// the numbers of their layers' entries, their roles and the facts of their layers), so that
// the groups of a repeated block are costed once and only their names and words change; the table
// lives as long as the costing (Ctx), so that an editor's edits do not pile up groups. Pure.
import type { Target } from '../hardware/types';
import type { Layer, ModelResult } from '../semantics/model';
import { sameData } from '../semantics/sameData';
import type { FusionGraph, FusionGroup } from './fusion';
import type { LayerFigures } from './layerFigures';
import type { TileSearchResult } from './tileSearch';
import type { CostedLayer, CostedModel, CostOptions } from './types';

/** The fields of a layer that its cost figures depend on. */
export const COST_INPUT_FIELDS = ['op', 'counted', 'precision', 'roles', 'bytes', 'ops', 'macs', 'dims', 'tile', 'tileOrder', 'part'] as const;

/**
 * What the cost models read of a layer (`tile` and `tileOrder`, the file's `@tile`, count only with
 * `dims`). Of `part` (a part of a call taken apart, attention's) only whether there is one: its type
 * here lets costLayer read nothing else, so that the parts of all the attention calls of a model
 * (which differ in their call's name) share their figures.
 */
export type CostInput = Omit<Pick<Layer, (typeof COST_INPUT_FIELDS)[number]>, 'part'> & { part?: unknown };

/** What costing a layer gives: its figures, and what the fusion stage reads of it besides. */
export interface LayerCost {
  figures: CostedLayer;
  /** Bytes of the final stores of its output tiles (a fused group keeps them on chip). */
  tiledOutput: number | undefined;
}

/** The options of CostOptions that reach a single layer's figures (fusion and execution reach only
 *  the stages after them, which are not memoised). */
const CONTEXT_OPTIONS = ['precision', 'traffic', 'search', 'searchBudget', 'replayLimit'] as const satisfies readonly (keyof CostOptions)[];

/**
 * Each field of the cost input as the cost models read it: the file's tile only with a loop nest,
 * of `part` only whether there is one. One reader per field (the compiler checks that none is
 * missing), each reading its own property (a fixed name reads faster than a name in a variable).
 */
const READ: { readonly [F in (typeof COST_INPUT_FIELDS)[number]]: (l: CostInput) => unknown } = {
  op: (l) => l.op,
  counted: (l) => l.counted,
  precision: (l) => l.precision,
  roles: (l) => l.roles,
  bytes: (l) => l.bytes,
  ops: (l) => l.ops,
  macs: (l) => l.macs,
  dims: (l) => l.dims,
  tile: (l) => (l.dims ? l.tile : undefined),
  tileOrder: (l) => (l.dims ? l.tileOrder : undefined),
  part: (l) => l.part !== undefined,
};
/** The fields that sameCostInput compares directly (strings, booleans, numbers), and readers of the others. */
const DIRECT_FIELDS: readonly string[] = ['op', 'precision', 'counted', 'ops', 'macs'] satisfies (typeof COST_INPUT_FIELDS)[number][];
const OBJECT_READERS = COST_INPUT_FIELDS.filter((f) => !DIRECT_FIELDS.includes(f)).map((f) => READ[f]);

/** Mixes a value into a 32-bit hash (FNV-1a steps): numbers by their integer and fraction parts,
 *  strings by their characters, objects and arrays by their values. Equal values, equal hashes. */
function mix(h: number, v: unknown): number {
  switch (typeof v) {
    case 'number':
      h = Math.imul(h ^ (v | 0), 16777619);
      h = Math.imul(h ^ ((v / 4294967296) | 0), 16777619);
      return Math.imul(h ^ (((v % 1) * 4294967296) | 0), 16777619);
    case 'string':
      for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 16777619);
      return Math.imul(h ^ 0x22, 16777619);
    case 'boolean':
      return Math.imul(h ^ (v ? 0x74 : 0x66), 16777619);
    case 'object':
      if (v === null) return Math.imul(h ^ 0x6e, 16777619);
      for (const k in v) h = mix(h, (v as Record<string, unknown>)[k]);
      return Math.imul(h ^ (Array.isArray(v) ? 0x5d : 0x7d), 16777619);
    default:
      return Math.imul(h ^ 0x75, 16777619);
  }
}

/**
 * A hash of a layer's cost input, from the fields that tell layers apart (operator, precision,
 * counts and bytes; a few numbers, where the other fields are objects to walk): equal inputs, equal
 * hashes. Inputs that differ only in the other fields share a bucket, where sameCostInput compares
 * every field.
 */
function costInputHash(layer: CostInput): number {
  let h = mix(2166136261, layer.op);
  h = mix(h, layer.precision);
  h = mix(h, layer.ops);
  h = mix(h, layer.macs);
  const b = layer.bytes;
  if (b === undefined || b === null) return mix(h, b);
  h = mix(h, b.input);
  h = mix(h, b.weight);
  h = mix(h, b.output);
  return mix(h, b.cache);
}

/** True when two layers' cost inputs are equal, field by field (as READ reads them; the fields that
 *  are strings or numbers first, compared directly: this runs for every layer of every costing). */
function sameCostInput(a: CostInput, b: CostInput): boolean {
  if (a.op !== b.op || a.precision !== b.precision || a.counted !== b.counted || !sameData(a.ops, b.ops) || !sameData(a.macs, b.macs)) return false;
  for (const read of OBJECT_READERS) if (!sameData(read(a), read(b))) return false;
  return true;
}

/** A copy of a cost input as the cost models read it, which no later change of the layer reaches. */
function snapshot(layer: CostInput): CostInput {
  const copy = {} as Record<string, unknown>;
  for (const f of COST_INPUT_FIELDS) copy[f] = structuredCopy(READ[f](layer));
  // `part` is kept as whether there is one: a stand-in object when there is.
  copy.part = layer.part !== undefined ? {} : undefined;
  return copy as unknown as CostInput;
}

function structuredCopy(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(structuredCopy);
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = structuredCopy((v as Record<string, unknown>)[k]);
  return out;
}

/** The key of a target, every field but the places in a file its figures were read from. */
function targetKey(target: Target): string {
  return JSON.stringify(target, (k, v: unknown) => (k === 'span' ? undefined : v));
}

const TARGET_KEYS = new WeakMap<Target, string>();

/** The key of a cost context: the target and the options that reach a layer. */
function costContextKey(target: Target, options: CostOptions): string {
  let t = TARGET_KEYS.get(target);
  if (t === undefined) {
    t = targetKey(target);
    TARGET_KEYS.set(target, t);
  }
  return JSON.stringify(CONTEXT_OPTIONS.map((o) => options[o] ?? null)) + t;
}

/** A layer's own CostedLayer of the memo's figures for its input: a copy with its index and name. */
export function ownFigures(figures: CostedLayer, layer: Pick<Layer, 'index' | 'name'>): CostedLayer {
  return { ...figures, index: layer.index, name: layer.name };
}

/** Freezes every object `v` holds (deepFreeze) but those of the fields in `except`; not `v` itself. */
export function freezeParts(v: object, except?: ReadonlySet<string>): void {
  const parts = v as Record<string, unknown>;
  for (const k in parts) if (!except?.has(k)) deepFreeze(parts[k]);
}

/** Freezes an object and every object it holds (those frozen already are not entered). */
export function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const k in v) deepFreeze((v as Record<string, unknown>)[k]);
}

interface Entry extends LayerCost {
  input: CostInput;
  /** Its number in its context: equal numbers, equal cost input and figures (a group's content key). */
  id: number;
}

/** What a memo that remembers layers keeps of a layer object: the CostedLayer it handed out, and its entry. */
interface Remembered {
  costed: CostedLayer;
  entry: Entry;
}

/** A layer as costed: its cost input, and its place and name. */
type CostedInput = CostInput & Pick<Layer, 'index' | 'name'>;

/** A model as last costed in a context, by a memo that remembers layers. */
interface RememberedModel {
  /** Its layer objects, in order (a copy of the array). */
  layers: readonly Layer[];
  /** The options that reach the whole model and not single layers (the execution, fusion, attention). */
  key: string;
  cost: CostedModel;
  parts: ModelParts;
}

/** What a costing keeps for the next costing of a model that differs in a few layer objects. */
export interface ModelParts {
  /** Every layer costed on its own (before fusion), by index. */
  alone: readonly CostedLayer[];
  /** Bytes of each tiled layer's output-tile stores, by index. */
  tiledOutput: ReadonlyMap<number, number>;
  graph: FusionGraph;
  /** The fusion plan, before the groups that could not be costed were left out. */
  planned: readonly FusionGroup[];
  /** The groups costed (those of the plan whose layers all have figures). */
  groups: readonly FusionGroup[];
  /** Every layer as costed (after fusion), by index, and what the execution totals read of each. */
  post: readonly CostedLayer[];
  figures: LayerFigures;
}

/** What a memo counts of its re-use (tests and the editor's update statistics read them). */
export interface MemoCounts {
  /** Models whose costing was handed out whole (sameModel). */
  modelHits: number;
  /** Models costed again with the fusion plan of before (planKept). */
  plansKept: number;
}

/** The costing of a model before, and which of its layer objects are not those of now. */
export interface NearModel {
  layers: readonly Layer[];
  parts: ModelParts;
  /** Indices of the layers that are other objects than before, ascending. */
  changed: number[];
  cost: CostedModel;
}

/** A fused group as last costed, by a memo that remembers layers (keyed on its producer's layer object). */
interface RememberedGroup {
  kind: string;
  /** The members' layer objects and roles, in order. */
  members: readonly Layer[];
  roles: readonly string[];
  /** Whether each layer of the group (producer first) has a reader outside the group, or none. */
  crossing: readonly boolean[];
  figures: GroupFigures;
}

/** What costing a fused group gives: the producer's CostedLayer (the group's figures) and each member's. */
export interface GroupFigures {
  producer: CostedLayer;
  members: CostedLayer[];
}

/** A fused group as the group memo reads it: its kind, and each layer's object, role and whether its output leaves the group. */
export interface GroupKey {
  kind: string;
  producer: Layer;
  members: readonly Layer[];
  roles: readonly string[];
  crossing: readonly boolean[];
}

function sameGroup(a: RememberedGroup, b: GroupKey): boolean {
  if (a.kind !== b.kind || a.members.length !== b.members.length) return false;
  for (let i = 0; i < a.members.length; i++) if (a.members[i] !== b.members[i] || a.roles[i] !== b.roles[i]) return false;
  for (let i = 0; i < a.crossing.length; i++) if (a.crossing[i] !== b.crossing[i]) return false;
  return true;
}

/** The memoised figures of one cost context. */
export class ContextCosts {
  /** Entries by the hash of their input (several when hashes collide). */
  private readonly byHash = new Map<number, Entry[]>();
  /** The CostedLayer handed out for each layer object (a memo that remembers layers). */
  private readonly byLayer: WeakMap<CostInput, Remembered> | undefined;
  /** Tile searches by problem (their keys hold all their answer depends on), shared by the costings. */
  readonly searches = new Map<string, TileSearchResult>();
  /** The last costing of each model, by name (a memo that remembers layers). */
  private readonly models: Map<string, RememberedModel> | undefined;
  /** Fused groups by their producer's layer object (a memo that remembers layers). */
  private readonly groups: WeakMap<Layer, RememberedGroup> | undefined;
  /** Entries made so far (the next entry's id). */
  private entries = 0;
  hits = 0;
  misses = 0;

  /** Groups handed the figures of a group of equal content in a costing (groupFigures.ts). */
  groupHits = 0;

  constructor(
    rememberLayers: boolean,
    /** The memo's count of models handed out whole. */
    private readonly counts: MemoCounts = { modelHits: 0, plansKept: 0 },
    /** Whether groups of equal content share their figures in a costing (false: each is costed; the twin the test compares with). */
    readonly sharesGroups = true,
  ) {
    this.byLayer = rememberLayers ? new WeakMap() : undefined;
    this.models = rememberLayers ? new Map() : undefined;
    this.groups = rememberLayers ? new WeakMap() : undefined;
  }

  /** Whether groupFigures keeps groups (a memo that remembers layers); else there is no key to make. */
  get remembersGroups(): boolean {
    return this.groups !== undefined;
  }

  /** Whether the memo keeps a costing's layers for the next (remembers layers): else what a costing
   *  hands out is read by that costing alone, and `costed` may hand out shared figures. */
  get remembersLayers(): boolean {
    return this.byLayer !== undefined;
  }

  /**
   * A fused group's figures: those made last time for a group of the very same layer objects, kinds
   * and roles whose outputs leave the group at the same layers (all a group's cost function reads of
   * the model besides the context: fusion.ts, groupCost.ts), else `make`'s. Every memo that does
   * not remember layers makes them each time.
   */
  groupFigures(key: GroupKey, make: () => GroupFigures): GroupFigures {
    const before = this.groups?.get(key.producer);
    if (before && sameGroup(before, key)) return before.figures;
    const figures = make();
    this.groups?.set(key.producer, { kind: key.kind, members: key.members, roles: key.roles, crossing: key.crossing, figures });
    return figures;
  }

  /**
   * The costing before of a model of as many layers under the same model-wide options (`key`), of
   * which at most a quarter are other objects now: the costing, what it keeps (ModelParts) and which
   * layers changed. None changed: that costing is this one (sameModel); a layer object is never
   * changed once evaluated (an editor's re-used layers only have their spans moved, which no cost
   * figure reads). Undefined otherwise.
   */
  nearModel(model: ModelResult, key: string): NearModel | undefined {
    const before = this.models?.get(model.name);
    if (!before || before.key !== key || before.layers.length !== model.layers.length) return undefined;
    const most = Math.floor(model.layers.length / 4);
    const changed: number[] = [];
    for (let i = 0; i < before.layers.length; i++) {
      if (before.layers[i] === model.layers[i]) continue;
      if (changed.length >= most) return undefined;
      changed.push(i);
    }
    return { layers: before.layers, parts: before.parts, changed, cost: before.cost };
  }

  /** The costing of a model made of the very layer objects of its costing before (nearModel, none changed). */
  sameModel(near: NearModel): CostedModel {
    this.counts.modelHits++;
    return near.cost;
  }

  /** Counts a costing that kept the fusion plan of before. */
  planKept(): void {
    this.counts.plansKept++;
  }

  /** Keeps a model's costing for sameModel and nearModel (a memo that remembers layers; not one a limit cut short). */
  rememberModel(model: ModelResult, key: string, cost: CostedModel, parts: ModelParts): void {
    if (!this.models) return;
    // A layer stopped or failed has no figures: it is among the missing (no need to look otherwise).
    if (cost.totals.missing > 0 && parts.alone.some((l) => l.status === 'stopped' || l.status === 'error')) {
      this.models.delete(model.name);
      return;
    }
    this.models.set(model.name, { layers: model.layers.slice(), key, cost, parts });
  }

  /**
   * The CostedLayer of `layer`: its figures (from the memo, or from `cost` on a miss) with its index
   * and name; `heard` hears of the number of its figures (equal for equal inputs) and of the bytes
   * its output tiles store, when they are known. A layer object costed before in this context gets
   * the object it got then (its share, slack and critical are the model's to set again). `shared`,
   * in a memo that does not remember layers: the figures of every layer of this input, not a copy
   * (their index and name are those of the layer first costed; the caller reads neither, and makes
   * the layer's own, ownFigures, before they are a model's).
   */
  costed(layer: CostedInput, cost: (layer: CostInput) => LayerCost, heard: (index: number, figuresId: number, tiledOutput: number | undefined) => void, shared = false): CostedLayer {
    const known = this.byLayer?.get(layer);
    let out: CostedLayer;
    let entry: Entry;
    if (known && known.costed.index === layer.index && known.costed.name === layer.name) {
      this.hits++;
      out = known.costed;
      entry = known.entry;
    } else if (shared && !this.byLayer) {
      entry = this.entry(layer, cost);
      out = entry.figures;
    } else {
      entry = this.entry(layer, cost);
      out = ownFigures(entry.figures, layer);
      this.byLayer?.set(layer, { costed: out, entry });
    }
    heard(layer.index, entry.id, entry.tiledOutput);
    return out;
  }

  /** The memo's entry for `layer`'s input, made by `cost` on a miss. */
  private entry(layer: CostInput, cost: (layer: CostInput) => LayerCost): Entry {
    const hash = costInputHash(layer);
    let bucket = this.byHash.get(hash);
    // A loop, not find with a closure: this runs for every layer of every costing.
    if (bucket) {
      for (const e of bucket) {
        if (!sameCostInput(e.input, layer)) continue;
        this.hits++;
        return e;
      }
    }
    this.misses++;
    const made = cost(layer);
    // The figures are shared by every layer of this input: what they hold is frozen. The object
    // itself is not: each layer's own CostedLayer is a spread of it, which the engine makes 10
    // times slower from a frozen object (100k layers: 1.84 -> 1.80 s).
    freezeParts(made.figures);
    const entry: Entry = { input: snapshot(layer), figures: made.figures, tiledOutput: made.tiledOutput, id: this.entries++ };
    if (!bucket) this.byHash.set(hash, (bucket = []));
    bucket.push(entry);
    return entry;
  }
}

/** How many cost contexts a memo keeps (a target switched back and forth stays warm). */
const CONTEXTS_KEPT = 4;

/** Per-layer figures by cost context. One per editor document (remembering its layers), or one per costing. */
export class CostMemo {
  private readonly contexts = new Map<string, ContextCosts>();
  /** Models whose costing was handed out whole (ContextCosts.sameModel), over all contexts. */
  readonly counts: MemoCounts = { modelHits: 0, plansKept: 0 };

  constructor(
    private readonly rememberLayers = false,
    /** Whether groups of equal content share their figures in a costing (ContextCosts); false only to test that they are those costed anew. */
    private readonly shareGroups = true,
  ) {}

  /** The memo of a target and options, created when new (the least recently used one dropped). */
  context(target: Target, options: CostOptions): ContextCosts {
    const key = costContextKey(target, options);
    let c = this.contexts.get(key);
    if (c) this.contexts.delete(key);
    else c = new ContextCosts(this.rememberLayers, this.counts, this.shareGroups);
    this.contexts.set(key, c);
    if (this.contexts.size > CONTEXTS_KEPT) this.contexts.delete(this.contexts.keys().next().value as string);
    return c;
  }
}
