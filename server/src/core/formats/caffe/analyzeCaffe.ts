// Caffe prototxt -> FileAnalysis. Reads the net's inputs (Input layers, or the legacy top-level
// `input:` with four `input_dim:` or an `input_shape`), then every `layer { }` (and V1 `layers { }`)
// in order, following blobs by name (an in-place layer, bottom == top, rebinds the name), and counts
// each through the operator table (layers.ts). Layers of the TRAIN phase are left out. The model
// parameter `batch` is dimension 0 of the inputs (`--param batch=N` overrides it). Never throws.
import type { FileAnalysis } from '../../analyze';
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic, Span } from '../../diagnostics/types';
import { toRoles, type PrecisionOption } from '../../precision';
import { GraphBuilder } from '../../semantics/graphBuilder';
import { checkParamOverrides, importedAnalysis, modelNameFromFile } from '../common';
import { CaffeContext, type CaffeLayer } from './context';
import { Fields } from './fields';
import { CONVERTERS, DATA_TYPES, SHAPE_KEEPING, TRAINING_TYPES, V1_TYPES } from './layers';
import { parsePrototxt, type PField } from './prototxt';

export interface CaffeOptions {
  fileName?: string;
  /** Model parameters to override: `batch`. */
  params?: Record<string, number>;
  precision?: PrecisionOption;
}

interface PendingInput {
  name: string;
  span: Span;
  dims: { value: number; span: Span }[];
}

/** `record[key]` for the record's own keys only (a layer type 'constructor' is not a converter). */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** The model name for a file: its `name:`, else the file's base name. */
/** The end of the line holding `offset` (before any \r). */
function lineEnd(text: string, offset: number): number {
  let i = text.indexOf('\n', offset);
  if (i < 0) i = text.length;
  return text[i - 1] === '\r' ? i - 1 : i;
}

function dimsOf(shape: Fields): { value: number; span: Span }[] {
  const out: { value: number; span: Span }[] = [];
  for (const f of shape.all('dim')) {
    const v = shape.numberOf(f, true, 0);
    if (v !== undefined && f.value.kind === 'scalar') out.push({ value: v, span: f.value.span });
  }
  return out;
}

/** True when an include/exclude rule leaves the layer out of the TEST (inference) phase. */
function trainOnly(f: Fields): boolean {
  if (f.subs('include').some((r) => (r.word('phase') ?? 'TEST') === 'TRAIN')) return true;
  return f.subs('exclude').some((r) => (r.word('phase') ?? '') === 'TEST');
}

export function analyzeCaffe(text: string, options: CaffeOptions = {}): FileAnalysis {
  const parsed = parsePrototxt(text);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const root = new Fields(parsed.root, diagnostics, { start: 0, end: 0 }, 'the net');
  const nameField = root.field('name');
  const modelName = root.word('name') || modelNameFromFile(options.fileName, 'caffe');
  const roles = toRoles(options.precision ?? 'fp32');
  const precision = roles.activations;
  const b = new GraphBuilder(modelName, roles, { start: 0, end: text.length });
  const ctx = new CaffeContext(b, diagnostics, precision);

  // Legacy inputs: `input: "data"` with `input_dim` x4 (or `input_shape { dim }`) per input.
  const pending: PendingInput[] = [];
  const legacyDims = root.all('input_dim').flatMap((f) => {
    const v = root.numberOf(f, true, 0);
    return v !== undefined && f.value.kind === 'scalar' ? [{ value: v, span: f.value.span }] : [];
  });
  const shapes = root.subs('input_shape');
  root.words('input').forEach((inp, i) => {
    const dims = shapes[i] ? dimsOf(shapes[i]) : legacyDims.slice(4 * i, 4 * i + 4);
    if (dims.length === 0) diagnostics.push(diag('RL703', inp.span, `input '${inp.text}' has no shape (give four input_dim or an input_shape)`));
    pending.push({ name: inp.text, span: inp.span, dims });
  });

  const layerFields: PField[] = parsed.root.fields.filter((f) => (f.name === 'layer' || f.name === 'layers') && f.value.kind === 'message');
  // Input layers first make model inputs, in file order with the legacy ones.
  const layers: CaffeLayer[] = [];
  layerFields.forEach((field, index) => {
    const f = new Fields(field.value.kind === 'message' ? field.value : undefined, diagnostics, field.span, `layer ${index + 1}`);
    const rawType = f.word('type') ?? '';
    const type = field.name === 'layers' ? own(V1_TYPES, rawType) ?? rawType : rawType;
    const name = f.word('name') ?? `${type || 'layer'}${index + 1}`;
    const named = new Fields(f.message, diagnostics, field.span, `'${name}'`);
    if (trainOnly(named)) return;
    const nameAt = named.field('name');
    const statement = { start: field.span.start, end: Math.min(lineEnd(text, field.span.start), field.span.end) };
    const focus = nameAt && nameAt.value.kind === 'scalar' ? nameAt.span : statement;
    const tops = named.words('top').map((t) => ({ name: t.text, span: t.span }));
    if (type === 'Input' || type === 'DummyData') {
      const param = named.sub(type === 'Input' ? 'input_param' : 'dummy_data_param');
      const shapesOf = param.subs('shape');
      tops.forEach((top, i) => {
        const s = shapesOf[Math.min(i, shapesOf.length - 1)];
        const dims = s ? dimsOf(s) : [];
        if (dims.length === 0) diagnostics.push(diag('RL703', top.span, `input '${top.name}' has no shape (input_param { shape { dim: ... } })`));
        pending.push({ name: top.name, span: field.span, dims });
      });
      return;
    }
    layers.push({ name, type, f: named, span: field.span, statement, focus, bottoms: [], tops });
    if (!type) named.fail('type', "has no 'type'");
  });

  // The batch: dimension 0 of the inputs, from the first input that has a shape.
  const withBatch = pending.find((p) => p.dims.length > 0);
  const noSpan = nameField?.value.span ?? { start: 0, end: 0 };
  const override = checkParamOverrides(modelName, options.params ?? {}, withBatch ? ['batch'] : [], noSpan, diagnostics).batch;
  const batch = withBatch ? override ?? withBatch.dims[0].value : undefined;
  if (withBatch && batch !== undefined) b.param('batch', batch, withBatch.dims[0].span, override !== undefined);
  for (const p of pending) {
    const shape = p.dims.length > 0 ? p.dims.map((d, i) => (i === 0 && override !== undefined ? override : d.value)) : null;
    // Dimension 0 is the batch parameter where it has the parameter's value.
    const dims = shape && shape[0] === batch ? ['batch', ...shape.slice(1)] : undefined;
    ctx.blobs.set(p.name, b.input(p.name, shape, undefined, p.span, dims));
  }

  for (const L of layers) convertLayer(ctx, L);

  const model = b.finish();
  model.layers.forEach((l, i) => (l.statement = ctx.statements[i] ?? l.statement));
  if (nameField && nameField.value.kind === 'scalar') model.nameSpan = nameField.value.span;
  if (model.layers.length === 0 && !diagnostics.some((d) => d.severity === 'error')) diagnostics.push(diag('RL210', nameField?.value.span ?? { start: 0, end: 0 }, modelName));
  return importedAnalysis(text, [model], [...diagnostics, ...b.diagnostics]);
}

function convertLayer(ctx: CaffeContext, L: CaffeLayer): void {
  for (const bottom of L.f.words('bottom')) {
    let tensor = ctx.blobs.get(bottom.text);
    if (!tensor) {
      ctx.diagnostics.push(diag('RL705', bottom.span, `bottom '${bottom.text}' of '${L.name}' is not the top of an earlier layer or an input`));
      tensor = { shape: null, precision: ctx.precision, producer: -1 };
    }
    L.bottoms.push({ name: bottom.text, span: bottom.span, tensor });
  }
  if (!L.type) {
    ctx.bindTops(L, [ctx.uncounted(L, 'layer', null, `${L.name}: not counted (no type)`, null)]);
    return;
  }
  if (TRAINING_TYPES.has(L.type)) {
    ctx.diagnostics.push(diag('RL706', L.focus, `${L.type} '${L.name}' is a training layer: it is not part of the inference graph and is left out`));
    return;
  }
  if (DATA_TYPES.has(L.type)) {
    const reason = `${L.type} '${L.name}' reads a dataset whose shape the prototxt does not give: the layers it feeds are not counted (analyse the deploy prototxt, with an Input layer)`;
    ctx.diagnostics.push(diag('RL702', L.focus, reason));
    for (const top of L.tops) ctx.blobs.set(top.name, ctx.b.input(top.name, null, undefined, L.span));
    return;
  }
  const convert = own(CONVERTERS, L.type);
  if (convert && L.bottoms.length === 0) {
    L.f.fail('bottom', `a ${L.type} layer needs a bottom blob`);
    ctx.bindTops(L, [ctx.uncounted(L, L.type, null, `${L.name}: not counted (no bottom)`, null)]);
    return;
  }
  if (convert) {
    ctx.bindTops(L, convert(ctx, L));
    return;
  }
  if (SHAPE_KEEPING.has(L.type) && L.bottoms.length > 0) {
    ctx.bindTops(L, [ctx.uncounted(L, L.type, L.bottoms[0].tensor.shape, `Caffe ${L.type} layer '${L.name}' has no entry in the operator table: it is not counted and the totals are incomplete (its output keeps its input's shape)`)]);
    return;
  }
  const reason = `unknown Caffe layer type '${L.type}' ('${L.name}'): the layer is not counted and the totals are incomplete`;
  ctx.bindTops(L, [ctx.uncounted(L, L.type, null, reason, 'RL702')]);
}
