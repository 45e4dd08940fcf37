// "Convert to model file": writes an analysed model (an import of ONNX, Caffe prototxt, Darknet cfg
// or SCALE-Sim, or a model file's own analysis) as a model-language file (`.nnm`) whose analysis
// gives the same layers, shapes, MACs, ops, params and bytes, for what-if edits. Every layer is
// written from the call it recorded (Layer.call: the non-tensor arguments given and where each
// tensor operand came from): `name = op(inputs, kw=value, ...)`, keyword arguments for everything
// that is not the operator's default, `a, b = split(...)` for several outputs, `@precision(...)`
// where a layer's datatype is not the file's.
//
// What the model language cannot say directly, and how it is written so that the counts stay equal:
// - symbolic dimensions (ONNX dim_param, Caffe's and Darknet's batch, width, height) are `param`s;
// - constant operands (ONNX initializers read as tensors, e.g. the scale of a Mul) are inputs of
//   their shape and datatype, so the layer reads the same bytes;
// - an operand read with another shape than its producer gave (Caffe's InnerProduct flattens its
//   input; ONNX's Gemm transA, 1-D Conv) goes through a nested `flatten` or `reshape`: a view, one
//   more layer with no ops and no bytes (the only difference from the source's layer list);
// - a layer that was not counted (an operator the tool does not know) is a call of that name, which
//   the analysis reports as unknown, so the totals are incomplete as they were; when the source knew
//   its output shape, the layers it feeds read a stand-in input of that shape and are counted, as
//   they were. Every such adaptation is said in `warnings`.
// Layers named `<name>.<op>` that feed only the layer `<name>` right after them (nested calls of a
// model file) are written nested again, so that converting the analysis of a generated file gives
// the same text. A call taken apart (attention's q_proj ... o_proj) is written as the one call it
// was, with `@attention(...)` when its statement had one; datatypes by role are written
// `use precision W/A/KV` and `@precision(W/A/KV)`. Pure; imports nothing of node; never throws.
import { joinParts } from '../semantics/layerParts';
import { formatTile } from '../fixes/tileEdit';
import { operator } from '../ops/table';
import type { OpSpec, Shape } from '../ops/types';
import { isRolesProblem, parsePrecisionRoles, rolesOf, rolesText, type Precision } from '../precision';
import type { Layer, ModelInput, ModelResult, PlainArg, TensorSource } from '../semantics/model';
import { BUILTINS } from '../semantics/builtins';
import { sameData } from '../semantics/sameData';
import { KEYWORDS } from '../syntax/tokens';

export interface ToNnmOptions {
  /** The file's precision (`use precision`, one datatype or W/A/KV); by default the layers' most common. */
  precision?: string;
  /** What the model was converted from (a file name), for the header comment. */
  title?: string;
}

export interface ToNnmResult {
  text: string;
  /** What could not be written as it was, and how it was written instead. */
  warnings: string[];
}


const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A model-language name for any string: characters other than letters, digits and `_` become `_`,
 * a leading digit gets a `t` (`245` -> `t245`), a reserved word a trailing `_`. A safe name is
 * returned unchanged.
 */
export function safeName(raw: string): string {
  let s = raw.replace(/[^A-Za-z0-9_]+/g, '_');
  if (s === '') s = 'layer';
  if (/^[0-9]/.test(s)) s = `t${s}`;
  if (KEYWORDS.has(s)) s = `${s}_`;
  return s;
}

/** Unique safe names: a taken one gets `_2`, `_3`... */
class NameTable {
  private readonly taken = new Set<string>();

  take(raw: string): string {
    const base = safeName(raw);
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }
}

function fmtNumber(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  return Object.is(n, -0) ? '0' : String(n);
}

/** The precision most layers have, as `use precision` writes it (the first of equals); the inputs' when there are no layers. */
function commonPrecision(model: ModelResult): string {
  const count = new Map<string, number>();
  for (const l of model.layers) {
    const p = rolesText(rolesOf(l));
    count.set(p, (count.get(p) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [p, n] of count) if (best === undefined || n > (count.get(best) ?? 0)) best = p;
  return best ?? model.inputs[0]?.precision ?? 'fp32';
}

/** A layer written as the call of an unknown operator (it is not counted, as in the source). */
function isUnknownCall(l: Layer): boolean {
  return !operator(l.op) || l.call?.notCounted === true;
}

/** Where a layer's outputs are read: consumers[layer][output] = number of operands reading it. */
function consumerCounts(layers: Layer[]): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const l of layers) {
    for (const s of l.call?.inputs ?? []) {
      if (s.kind !== 'layer') continue;
      const m = out.get(s.layer) ?? new Map<number, number>();
      m.set(s.output, (m.get(s.output) ?? 0) + 1);
      out.set(s.layer, m);
    }
  }
  return out;
}

class Writer {
  readonly warnings: string[] = [];
  private readonly layers: Layer[];
  private readonly names = new NameTable();
  private readonly paramNames = new Map<string, string>();
  /** Names of the model inputs, by position (a source may give two inputs one name). */
  private readonly inputNames: string[] = [];
  /** Output names of the layers written as statements. */
  private readonly bindings = new Map<number, string[]>();
  /** Layers written nested in the call of another layer (a model file's nested calls). */
  private readonly nested = new Set<number>();
  /** Inputs added for constant operands and stand-ins: name, shape, precision, in order of first use. */
  private readonly extraInputs: { name: string; shape: Shape; precision: Precision; what: 'constant' | 'stand-in'; note: string }[] = [];
  private readonly constants = new Map<string, string>();
  /** Stand-in inputs for outputs of layers written as unknown calls, by `layer:output`. */
  private readonly standIns = new Map<string, string>();
  private readonly consumers: Map<number, Map<number, number>>;
  /** The file's precision as `use precision` writes it: `fp16`, or `int4/fp16/int8`. */
  private readonly precision: string;
  private readonly model: ModelResult;

  constructor(
    model: ModelResult,
    private readonly options: ToNnmOptions,
  ) {
    this.model = joinParts(model);
    this.layers = this.model.layers;
    this.consumers = consumerCounts(this.layers);
    const given = options.precision !== undefined ? parsePrecisionRoles(options.precision) : undefined;
    if (given && isRolesProblem(given)) this.warnings.push(`'${options.precision}' is not a precision: the layers' most common one is used`);
    this.precision = given && !isRolesProblem(given) ? rolesText(given) : commonPrecision(this.model);
  }

  write(): string {
    this.planNames();
    const body: string[] = [];
    for (const p of this.model.params) {
      const v = fmtNumber(p.value);
      body.push(`param ${this.paramNames.get(p.name) ?? safeName(p.name)} = ${v ?? 1}`);
    }
    this.model.inputs.forEach((input, k) => body.push(this.inputLine(input, this.inputNames[k])));
    // The statements find the extra inputs (constants, stand-ins), declared before them. They are
    // made twice: the second time every name of the file is known, so that a bare word that could
    // be read as a name is quoted (the first time's text and warnings are dropped).
    const before = this.warnings.length;
    for (const l of this.layers) if (!this.nested.has(l.index)) this.statement(l);
    this.warnings.length = before;
    const statements: string[] = [];
    for (const l of this.layers) if (!this.nested.has(l.index)) statements.push(this.statement(l));
    for (const e of this.extraInputs) body.push(`input ${e.name}: [${e.shape.join(', ')}] ${e.precision}`);
    body.push(...statements);
    for (const e of this.extraInputs) if (e.what === 'stand-in') this.warnings.push(e.note);
    if (this.extraInputs.some((e) => e.what === 'constant')) {
      const n = this.extraInputs.filter((e) => e.what === 'constant').length;
      this.warnings.push(`${n} constant operand${n === 1 ? ' is' : 's are'} declared as input${n === 1 ? '' : 's'} of ${n === 1 ? 'its' : 'their'} shape and datatype (the model language has no constant tensors), so that the layers read the same bytes`);
    }
    const packed = (this.model.weights?.types ?? []).filter((t) => ![4, 8, 16, 32].includes(t.bitsPerWeight));
    if (packed.length > 0) {
      this.warnings.push(`the file stores weights block-quantised (${packed.map((t) => `${t.type}: ${t.bitsPerWeight} bits per weight`).join(', ')}); the model file gives each layer's weights a datatype (int4, int8...), so its weight bytes are not the file's`);
    }
    return [...this.header(), '', `use precision ${this.precision}`, '', `model ${safeName(this.model.name || 'model')} {`, ...body.map((s) => `  ${s}`), '}', ''].join('\n');
  }

  private header(): string[] {
    // The model's name as written below (the source's may not be a name), so that converting the
    // analysis of this file again gives the same header.
    const model = `model '${safeName(this.model.name || 'model')}'`;
    const title = this.options.title ? `${this.options.title.replace(/[\r\n]+/g, ' ')}: ${model}` : model.replace(/^m/, 'M');
    const lines = [
      `# ${title}, converted to the model language by Roofline Lens.`,
      '# Generated: one line per layer of the analysis it was made from, with the same shapes, MACs,',
      '# ops, params and bytes. Edit it for what-if studies (a param, an argument, @precision(...)).',
    ];
    if (this.layers.some((l) => !this.nested.has(l.index) && isUnknownCall(l))) {
      lines.push("# Layers marked 'not counted' call operators the tool does not know: the totals are incomplete.");
    }
    return lines;
  }

  // ---- names ---------------------------------------------------------------------------

  private planNames(): void {
    for (const p of this.model.params) if (!this.paramNames.has(p.name)) this.paramNames.set(p.name, this.names.take(p.name));
    for (const i of this.model.inputs) this.inputNames.push(this.names.take(i.name));
    for (let k = this.layers.length - 1; k >= 0; k--) if (!this.nested.has(k)) this.planNesting(this.layers[k]);
    for (const l of this.layers) {
      if (this.nested.has(l.index)) continue;
      const n = this.outputCount(l);
      const parts = l.name.split(',');
      if (n > 1) this.bindings.set(l.index, parts.length === n ? parts.map((p) => this.names.take(p)) : Array.from({ length: n }, (_, k) => this.names.take(`${l.name}_${k}`)));
      else this.bindings.set(l.index, [this.names.take(l.name)]);
    }
  }

  /** Outputs written for a layer: several for a multi-output operator, one for everything else. */
  private outputCount(l: Layer): number {
    if (isUnknownCall(l) || !operator(l.op)?.multiOutput) return 1;
    let n = l.outputs.length;
    for (const k of this.consumers.get(l.index)?.keys() ?? []) n = Math.max(n, k + 1);
    return n;
  }

  /**
   * Marks as nested the layers named `<top>.<op>` (or `<top>.<op>#k`) that feed only `top`'s
   * call, when they are exactly the layers evaluated just before it (a model file's nested calls).
   */
  private planNesting(top: Layer): void {
    const order: number[] = [];
    const visit = (l: Layer): void => {
      for (const s of l.call?.inputs ?? []) {
        if (s.kind !== 'layer' || s.layer >= l.index || s.layer < 0) continue;
        const p = this.layers[s.layer];
        if (!p || !this.nestable(p, top)) continue;
        visit(p);
        order.push(p.index);
      }
    };
    visit(top);
    if (order.length === 0 || !order.every((idx, i) => idx === top.index - order.length + i)) return;
    for (const idx of order) this.nested.add(idx);
  }

  private nestable(p: Layer, top: Layer): boolean {
    const prefix = `${top.name}.${p.op}`;
    if (p.name !== prefix && !(p.name.startsWith(`${prefix}#`) && /^\d+$/.test(p.name.slice(prefix.length + 1)))) return false;
    const uses = this.consumers.get(p.index);
    const total = [...(uses?.values() ?? [])].reduce((s, n) => s + n, 0);
    if (total !== 1 || [...(uses?.keys() ?? [])].some((k) => k !== 0) || p.outputs.length > 1) return false;
    if (!p.call || p.call.notCounted || rolesText(rolesOf(p)) !== rolesText(rolesOf(top)) || p.fuse || p.tile || p.split || p.part) return false;
    return !(isUnknownCall(p) && p.outputs[0]);
  }

  // ---- inputs --------------------------------------------------------------------------

  private inputLine(i: ModelInput, name: string): string {
    if (!i.shape) {
      this.warnings.push(`input '${i.name}' has no shape in the source: it is written as a comment (give it a shape); the layers that read it are not counted, as they were not`);
      return `# input ${name}: [?] ${i.precision}    (the source gives no shape)`;
    }
    const shape = i.shape;
    const dims = shape.map((d, k) => {
      const sym = i.dims?.[k];
      if (typeof sym === 'string') {
        const p = this.model.params.find((q) => q.name === sym);
        if (p && p.value === d) return this.paramNames.get(sym) ?? String(d);
      }
      return String(d);
    });
    return `input ${name}: [${dims.join(', ')}] ${i.precision}`;
  }

  private extraInput(raw: string, shape: Shape, precision: Precision, what: 'constant' | 'stand-in', note = ''): string {
    const name = this.names.take(raw);
    this.extraInputs.push({ name, shape: shape.slice(), precision, what, note: note.replace('$name', name) });
    return name;
  }

  // ---- statements ----------------------------------------------------------------------

  private statement(l: Layer): string {
    const names = this.bindings.get(l.index) ?? [safeName(l.name)];
    const call = this.callExpr(l, names[0]);
    const notes: string[] = [];
    const roles = rolesText(rolesOf(l));
    if (roles !== this.precision) notes.push(`@precision(${roles})`);
    if (l.part?.mode) notes.push(`@attention(${l.part.mode})`);
    if (l.tile && Object.keys(l.tile).length) notes.push(formatTile(l.tile, l.tileOrder));
    if (l.split) notes.push(`@split(m=${l.split})`);
    if (l.fuse) notes.push('@fuse');
    const comment = isUnknownCall(l) ? '    # not counted (an operator the tool does not know)' : '';
    return `${names.join(', ')} = ${call}${notes.length ? ` ${notes.join(' ')}` : ''}${comment}`;
  }

  /** The call of a layer: `op(operands, kw=value, ...)`. */
  private callExpr(l: Layer, name: string): string {
    const spec = isUnknownCall(l) ? undefined : operator(l.op);
    if (!l.call) {
      this.warnings.push(`layer '${l.name}' (${l.op}) did not record its arguments: written with its producers only, its counts may differ`);
      const operands = l.producers.map((p) => this.bindings.get(p)?.[0] ?? `missing_${p}`);
      return `${spec ? spec.name : this.unknownCallee(l)}(${operands.join(', ')})`;
    }
    const operands = l.call.inputs.map((s, k) => this.operand(l, k, s, name));
    if (!spec) return `${this.unknownCallee(l)}(${[...operands, ...this.keywords(l, undefined)].join(', ')})`;
    const parts: string[] = [];
    let next = 0;
    let positional = true;
    for (const a of spec.args) {
      if (a.kind !== 'tensor' && a.kind !== 'tensors') {
        if (!a.keywordOnly) positional = false;
        continue;
      }
      if (next >= operands.length) {
        positional = false;
        continue;
      }
      const take = a.kind === 'tensors' ? operands.slice(next) : [operands[next]];
      next += take.length;
      if (positional && !a.keywordOnly) parts.push(...take);
      else parts.push(`${a.name}=${a.kind === 'tensors' ? `[${take.join(', ')}]` : take[0]}`);
    }
    if (next < operands.length) {
      this.warnings.push(`layer '${l.name}' (${l.op}) reads ${operands.length} tensors, the operator takes ${next}: the others are left out, so its input bytes may differ`);
    }
    return `${spec.name}(${[...parts, ...this.keywords(l, spec)].join(', ')})`;
  }

  /** Callee of a layer written as an unknown operator: its name, made a name that is no operator. */
  private unknownCallee(l: Layer): string {
    let callee = safeName(l.op);
    // A builtin's name would not make an unknown layer either.
    if (operator(callee) || BUILTINS.has(callee)) callee = `${callee}_not_counted`;
    if (callee !== l.op) this.warnings.push(`layer '${l.name}': '${l.op}' is written '${callee}', a call the tool does not know, so that it stays uncounted as it was`);
    else this.warnings.push(`layer '${l.name}' calls '${l.op}', which the tool does not know: it is not counted, and the totals are incomplete, as they were`);
    return callee;
  }

  /** `kw=value` for every non-tensor argument given that is not the operator's default. */
  private keywords(l: Layer, spec: OpSpec | undefined): string[] {
    const args = l.call?.args ?? {};
    const out: string[] = [];
    const order = spec ? spec.args.filter((a) => a.kind !== 'tensor' && a.kind !== 'tensors').map((a) => a.name) : Object.keys(args);
    if (spec) {
      const ignored = Object.keys(args).filter((k) => !order.includes(k));
      if (ignored.length) this.warnings.push(`layer '${l.name}' (${l.op}): argument${ignored.length === 1 ? '' : 's'} ${ignored.map((k) => `'${k}'`).join(', ')} of no meaning to the operator left out`);
    }
    for (const name of order) {
      if (!Object.hasOwn(args, name)) continue;
      let v = args[name];
      const argSpec = spec?.args.find((a) => a.name === name);
      // A pair argument (`kernel=3` means [3, 3]): [a, a] is written `a`.
      if (argSpec?.pair && Array.isArray(v) && (v.length === 1 || (v.length === 2 && v[0] === v[1]))) v = v[0];
      const def = argSpec?.default;
      if (def !== undefined && sameData(v, def)) continue;
      const text = this.value(v);
      if (text === undefined) {
        this.warnings.push(`layer '${l.name}' (${l.op}): the value of '${name}' (${String(v)}) cannot be written: left out`);
        continue;
      }
      out.push(`${name}=${text}`);
    }
    return out;
  }

  private value(v: PlainArg): string | undefined {
    if (typeof v === 'number') return fmtNumber(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (Array.isArray(v)) {
      const items = v.map(fmtNumber);
      return items.every((s) => s !== undefined) ? `[${items.join(', ')}]` : undefined;
    }
    // A word: bare unless it could be read as a name of this file.
    if (IDENT.test(v) && !KEYWORDS.has(v) && !this.names.has(v)) return v;
    if (/[\r\n]/.test(v) || (v.includes('"') && v.includes("'"))) return undefined;
    return v.includes('"') ? `'${v}'` : `"${v}"`;
  }

  /** The expression of operand `k` of `l`, through a view when it is read with another shape. */
  private operand(l: Layer, k: number, s: TensorSource, name: string): string {
    let expr: string;
    let from: Shape | null = null;
    switch (s.kind) {
      case 'layer': {
        const p = s.layer >= 0 && s.layer < l.index ? this.layers[s.layer] : undefined;
        if (!p) {
          expr = this.missing(l, k);
          break;
        }
        from = p.outputs[s.output] ?? null;
        const standIn = from && isUnknownCall(p) ? this.standIn(p, s.output, from) : undefined;
        if (this.nested.has(p.index)) expr = this.callExpr(p, name);
        else expr = standIn ?? this.bindings.get(p.index)?.[s.output] ?? this.bindings.get(p.index)?.[0] ?? this.missing(l, k);
        break;
      }
      case 'input': {
        // By position; by name when the position does not hold that input.
        const at = this.model.inputs[s.index]?.name === s.name ? s.index : this.model.inputs.findIndex((i) => i.name === s.name);
        expr = at >= 0 ? this.inputNames[at] : this.missing(l, k);
        from = at >= 0 ? this.model.inputs[at].shape : null;
        break;
      }
      case 'constant': {
        const seen = l.inputs[k];
        if (!seen) {
          expr = this.missing(l, k);
          break;
        }
        const key = `${s.name ?? `#${l.index}:${k}`}|${seen.join(',')}|${s.precision}`;
        expr = this.constants.get(key) ?? this.extraInput(s.name ?? `${name}_in${k}`, seen, s.precision, 'constant');
        this.constants.set(key, expr);
        from = seen;
        break;
      }
      case 'missing':
        expr = this.missing(l, k);
        break;
    }
    const seen = l.inputs[k];
    if (!seen || !from || sameData(seen, from)) return expr;
    // flatten(x, start=s) when the shape seen is the source's with dimensions s.. flattened.
    const start = seen.length - 1;
    const flat = start < from.length && sameData(seen, [...from.slice(0, start), from.slice(start).reduce((a, b) => a * b, 1)]);
    // A reshape keeps an unchanged leading (batch) dimension as -1, so that it follows the params.
    const target = seen.map((d, i) => (i === 0 && seen.length > 1 && d === from[0] ? -1 : d));
    const view = flat ? `flatten(${expr}${start === 1 ? '' : `, start=${start}`})` : `reshape(${expr}, shape=[${target.join(', ')}])`;
    this.warnings.push(`layer '${l.name}' (${l.op}) reads [${from.join(', ')}] as [${seen.join(', ')}]: written through ${view.startsWith('flatten') ? 'flatten' : 'reshape'}, one more layer (a view: no ops, no bytes)`);
    return view;
  }

  /** The stand-in input for output `k` of a layer written as an unknown call (its shape is known). */
  private standIn(p: Layer, k: number, shape: Shape): string {
    const key = `${p.index}:${k}`;
    let name = this.standIns.get(key);
    if (!name) {
      const base = this.bindings.get(p.index)?.[0] ?? p.name;
      const note = `the layers reading output ${k} of '${p.name}' (not counted) read the input '$name' of its shape [${shape.join(', ')}] instead, so that they are counted as they were`;
      name = this.extraInput(k === 0 ? `${base}_out` : `${base}_out${k}`, shape, p.precision, 'stand-in', note);
      this.standIns.set(key, name);
    }
    return name;
  }

  private missing(l: Layer, k: number): string {
    const name = `missing_${safeName(l.name)}_${k}`;
    this.warnings.push(`layer '${l.name}': tensor ${k} comes from nowhere the file can name (an unresolved or unshaped source): written '${name}', an undefined name, so the layer is not counted, as it was not`);
    return name;
  }
}

/** Writes `model` as a model-language file whose analysis gives the same layers and counts. */
export function toNnm(model: ModelResult, options: ToNnmOptions = {}): ToNnmResult {
  try {
    const w = new Writer(model, options);
    const text = w.write();
    return { text, warnings: w.warnings };
  } catch (e) {
    // Not expected (the writer reads plain data): reported rather than thrown.
    const message = `internal error while converting: ${String(e)}`;
    return { text: `# ${message.replace(/[\r\n]+/g, ' ')}\n`, warnings: [message] };
  }
}
