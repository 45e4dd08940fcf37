// Evaluation that re-uses the statements of a model an edit left alone. Every statement of a model
// body is evaluated with a record of what it read and what it did: the names it looked up in the
// model's scope and the values it found (or that it found none there), the layers, inputs,
// parameters and block-call prefixes it made, the names it bound, and the diagnostics it reported.
// After an edit, a statement that is the same syntax object (incremental/reparse.ts keeps the ones
// the edit did not touch) is not evaluated again when the evaluation has reached the same state:
// every name it reads holds the very value it read before, the same number of layers and inputs
// came before it (so the indices its layers and values hold are right), and its layers' names are
// still free. Its record is replayed instead: its layers and values are the ones from before.
//
// A statement evaluated again binds a value equal to the one it bound before (the same shape,
// precision, producer): the value from before is bound instead, so that the statements reading it
// find the very value they read before, and an edit that changes one layer but not what it passes
// on re-evaluates that statement only. Likewise a layer it makes that equals, but for its place in
// the text, the layer made at that index before is that very layer object with its spans moved to
// the new place: the costs memoised on layer objects (cost/costMemo.ts) then hold for it, and a
// model whose layers are all the objects of before is not costed again (a comment typed in a body).
//
// The file's other items (blocks, top-level parameters) and the options must be those of the
// evaluation before (session.ts checks that): a name that the model's scope does not hold comes
// from them. Records are per model, in file order, and only the last evaluation's are kept.
import type { Diagnostic } from '../diagnostics/types';
import type { PrecisionRoles } from '../precision';
import type * as A from '../syntax/ast';
import { keptStatements } from '../syntax/keptStatements';
import { type Ctx, type EvalOptions } from '../semantics/evaluation';
import { layerLimit, LIMITS } from '../limits';
import { Evaluator } from '../semantics/evaluator';
import type { Layer, ModelInput, ModelParam } from '../semantics/model';
import { evalStatement } from '../semantics/statements';
import { sameData } from '../semantics/sameData';
import { LAYER_PLACES } from '../semantics/layerPlaces';
import { Scope, type Value } from '../semantics/values';
import type { SpanMover } from './shift';

/** What a name was in the model's scope: its value, or undefined (not bound there: it came from the
 *  file's scope, or was not bound at all). */
type Read = Value | undefined;

interface StatementRecord {
  /** Names read from the model's scope and what each was: name, read, name, read... */
  reads: (string | Read)[];
  /** Names bound and their values: name, value, name, value... */
  binds: (string | Value)[];
  /** Diagnostics reported, in order (the same one may have been reported before: replay reports them again). */
  reports: Diagnostic[];
  firstLayer: number;
  layers: Layer[];
  firstInput: number;
  inputs: ModelInput[];
  params: ModelParam[];
  prefixes: string[];
  /** Never replayed: the evaluation stopped in this statement (a limit), or a name of its layers or
   *  prefixes was made unique with '#' (which depends on what came before). */
  fixed: boolean;
  /** Evaluation steps (layers and block calls, core/limits.ts) the statement took. */
  steps: number;
}

interface ModelMemo {
  name: string;
  /** The body's statements, and the record of each evaluated (syntax/keptStatements.ts matches them after an edit). */
  statements: readonly A.Statement[];
  records: StatementRecord[];
  /** The model scope's bindings at the end. */
  bindings: ReadonlyMap<string, Value>;
  /** The model's layers at the end. */
  layers: readonly Layer[];
}

const PLACES: ReadonlySet<string> = new Set(LAYER_PLACES);

/** Equal layers but for their places in the text (LAYER_PLACES). */
function sameLayerElsewhere(a: Layer, b: Layer): boolean {
  return sameData(a, b, BY_IDENTITY, PLACES);
}

/** `before` given the places of `now` (it stands for `now` from here on). */
function movePlaces(before: Layer, now: Layer): Layer {
  const b = before as unknown as Record<string, unknown>;
  const n = now as unknown as Record<string, unknown>;
  for (const k of LAYER_PLACES) {
    if (k in n) b[k] = n[k];
    else delete b[k];
  }
  return before;
}

/** What one evaluation of a file leaves for the next: per model, in file order. */
export interface FileMemo {
  models: ModelMemo[];
}

/** A value's fields compared by identity: the block declaration a block value stands for. */
const BY_IDENTITY: ReadonlySet<string> = new Set(['decl']);

/** Equal values: the same kind and fields, shapes and lists item by item, blocks the same declaration. */
function sameValue(a: unknown, b: unknown): boolean {
  return sameData(a, b, BY_IDENTITY);
}

/** The model's scope, recording what the statement being evaluated reads and binds. */
class RecordingScope extends Scope {
  record: StatementRecord | undefined;

  constructor(
    global: Scope,
    private readonly before: ReadonlyMap<string, Value> | undefined,
  ) {
    super(global);
  }

  /** What a name is in this scope itself. */
  read(name: string): Read {
    return this.names.get(name);
  }

  override get(name: string): Value | undefined {
    const own = this.names.get(name);
    if (this.record) this.record.reads.push(name, own);
    return own ?? this.parent?.get(name);
  }

  override set(name: string, value: Value): void {
    // A value equal to the one bound before is bound as that very value (see the header).
    const before = this.before?.get(name);
    const v = before !== undefined && before !== value && sameValue(before, value) ? before : value;
    if (this.record) this.record.binds.push(name, v);
    this.names.set(name, v);
  }

  /** Binds a value replayed from a record (it is the value from before already). */
  bind(name: string, value: Value): void {
    this.names.set(name, value);
  }

  get bindings(): ReadonlyMap<string, Value> {
    return this.names;
  }
}

export class MemoEvaluator extends Evaluator {
  /** This evaluation's records, for the next one. */
  readonly memo: FileMemo = { models: [] };
  private modelIndex = 0;
  private record: StatementRecord | undefined;
  /** Statements replayed and evaluated (for tests and benchmarks). */
  replayed = 0;
  evaluated = 0;

  constructor(
    global: Scope,
    options: EvalOptions,
    precision: PrecisionRoles,
    private readonly previous: FileMemo | undefined,
    /** Moves the spans of what is re-used past the edit (none when no offset moved). */
    private readonly mover: SpanMover | undefined,
  ) {
    super(global, options, precision);
  }

  override report(d: Diagnostic): void {
    this.record?.reports.push(d);
    super.report(d);
  }

  protected override modelBody(model: A.ModelDecl, ctx: Ctx): void {
    const index = this.modelIndex++;
    const before = this.previous?.models[index];
    const previous = before?.name === model.name.text ? before : undefined;
    const scope = new RecordingScope(this.global, previous?.bindings);
    ctx.scope = scope;
    // The records of the body's statements, in order (fewer when the evaluation stopped); the
    // body's own list is kept (reparsing makes a new list for a body it changes, never edits one).
    const records: StatementRecord[] = [];
    const statements = model.body;
    this.memo.models[index] = { name: model.name.text, statements, records, bindings: scope.bindings, layers: this.built.layers };
    const kept = keptStatements(statements, previous?.statements, previous?.records);
    for (let i = 0; i < statements.length; i++) {
      if (this.stopped) break;
      const stmt = statements[i];
      const old = kept[i];
      if (old && this.reusable(old, scope) && this.claimNames(old)) {
        this.replay(old, scope);
        records.push(old);
        this.replayed++;
        continue;
      }
      records.push(this.evaluate(stmt, ctx, scope, previous?.layers));
      this.evaluated++;
    }
  }

  private evaluate(stmt: A.Statement, ctx: Ctx, scope: RecordingScope, layersBefore: readonly Layer[] | undefined): StatementRecord {
    const built = this.built;
    const rec: StatementRecord = { reads: [], binds: [], reports: [], firstLayer: built.layers.length, layers: [], firstInput: built.inputs.length, inputs: [], params: [], prefixes: [], fixed: false, steps: 0 };
    const steps = this.steps;
    const params = built.params.length;
    const prefixes = this.prefixes.size;
    scope.record = rec;
    this.record = rec;
    try {
      evalStatement(this, stmt, ctx, false);
    } finally {
      scope.record = undefined;
      this.record = undefined;
    }
    rec.steps = this.steps - steps;
    if (layersBefore) {
      // A layer equal but for its place to the one made at its index before is that layer (see the header).
      for (let i = rec.firstLayer; i < built.layers.length; i++) {
        const before = layersBefore[i];
        if (before && before !== built.layers[i] && sameLayerElsewhere(before, built.layers[i])) built.layers[i] = movePlaces(before, built.layers[i]);
      }
    }
    rec.layers = built.layers.slice(rec.firstLayer);
    rec.inputs = built.inputs.slice(rec.firstInput);
    rec.params = built.params.slice(params);
    if (this.prefixes.size > prefixes) rec.prefixes = [...this.prefixes].slice(prefixes);
    rec.fixed = this.stopped || rec.layers.some((l) => l.name.includes('#')) || rec.prefixes.some((p) => p.includes('#'));
    return rec;
  }

  /** Whether replaying the record gives what evaluating the statement now would, but for its layers' names being free (claimNames). */
  private reusable(rec: StatementRecord, scope: RecordingScope): boolean {
    const built = this.built;
    if (rec.fixed || rec.firstLayer !== built.layers.length || rec.firstInput !== built.inputs.length) return false;
    // Near the layer and step limits (core/limits.ts) the evaluation counts every layer and call it makes.
    if (rec.firstLayer + rec.layers.length >= layerLimit() || this.steps + rec.steps >= LIMITS.evalSteps) return false;
    for (let i = 0; i < rec.reads.length; i += 2) if (scope.read(rec.reads[i] as string) !== rec.reads[i + 1]) return false;
    for (const p of rec.prefixes) if (this.prefixes.has(p)) return false;
    return true;
  }

  /** Takes the names of the record's layers (one lookup each); false, taking none, when one is taken already. */
  private claimNames(rec: StatementRecord): boolean {
    const built = this.built;
    for (let i = 0; i < rec.layers.length; i++) {
      if (built.claim(rec.layers[i].name)) continue;
      for (let k = 0; k < i; k++) built.release(rec.layers[k].name);
      return false;
    }
    return true;
  }

  private replay(rec: StatementRecord, scope: RecordingScope): void {
    const m = this.mover;
    if (m) {
      m.layers(rec.layers);
      for (const d of rec.reports) m.diagnostic(d);
      for (const i of rec.inputs) m.input(i);
      for (const p of rec.params) m.param(p);
    }
    const built = this.built;
    // (Its layers' names were claimed: claimNames.)
    for (const l of rec.layers) built.layers.push(l);
    for (const i of rec.inputs) built.inputs.push(i);
    for (const p of rec.params) built.params.push(p);
    for (const p of rec.prefixes) this.prefixes.add(p);
    this.steps += rec.steps;
    for (let i = 0; i < rec.binds.length; i += 2) scope.bind(rec.binds[i] as string, rec.binds[i + 1] as Value);
    for (const d of rec.reports) this.report(d);
  }
}
