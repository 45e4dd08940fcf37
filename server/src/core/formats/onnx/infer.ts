// Shape inference and counting of an ONNX graph: the graph inputs (symbolic dimensions become model
// parameters the user can set), the initializers (constants: shapes, and values when small), then
// every node in order: folded when it is a constant computation (fold.ts), otherwise mapped onto
// operator-table layers through GraphBuilder (handlers/), or listed as an uncounted layer with a
// warning. Outputs the importer cannot infer take the shapes the file declares (value_info), and
// an inferred shape that disagrees with a declared one is a warning. Finally, every weighted
// layer's counted parameters are checked against the elements of the file's weight tensors.
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic } from '../../diagnostics/types';
import { fmtShape, type Shape } from '../../ops/types';
import { toRoles, type Precision, type PrecisionOption } from '../../precision';
import { isDimension, moreThanLayers, quoted } from '../../limits';
import { GraphBuilder } from '../../semantics/graphBuilder';
import type { ModelResult } from '../../semantics/model';
import { Importer, NodeCtx, NotInferred } from './context';
import { dataTypeName, weightPrecision } from './dataTypes';
import { tryFold } from './fold';
import { HANDLERS } from './handlers/index';
import type { OnnxDim, OnnxGraph, OnnxModel, OnnxNode, OnnxValueInfo } from './model';
import { formatCount } from '../../../protocol/format';
import { noParameterMessage } from '../../semantics/paramOverrides';

const NO_SPAN = { start: 0, end: 0 };

/** An out-of-range dimension as the message shows it (its exact digits), with why it is out of range. */
function outOfRange(d: OnnxDim): string {
  const digits = d.exact ?? String(d.value);
  return (d.value ?? 0) < 0 ? `${digits} (negative)` : `${digits} (beyond the limit of 2^53 - 1)`;
}

/** At most this many RL606 warnings for disagreeing shapes (then one summary). */
const MAX_SHAPE_WARNINGS = 10;

export interface InferOptions {
  fileName?: string;
  /** Values of symbolic dimensions (dim_param), by name; default 1. */
  params?: Record<string, number>;
  precision?: PrecisionOption;
}

export interface InferResult {
  model: ModelResult;
  diagnostics: Diagnostic[];
}

/** The precision the weights imply: the type holding most weight bytes (fp32 when none says). */
export function modelPrecision(graph: OnnxGraph): Precision | undefined {
  const bytes = new Map<Precision, number>();
  const vote = (type: number, n: number) => {
    const p = weightPrecision(type);
    if (p) bytes.set(p, (bytes.get(p) ?? 0) + n);
  };
  for (const t of graph.initializers) vote(t.dataType, Math.max(1, t.byteSize));
  if (!bytes.size) {
    for (const n of graph.nodes) {
      const v = n.attributes.get('value');
      if ((n.opType === 'Constant' || n.opType === 'ConstantOfShape') && v?.kind === 'tensor') vote(v.value.dataType, 1);
    }
  }
  let best: Precision | undefined;
  for (const [p, n] of bytes) if (best === undefined || n > (bytes.get(best) ?? 0)) best = p;
  return best;
}

/**
 * The nodes in an order where every input is produced before it is used (ONNX requires the file
 * to be so ordered; a file that is not is reordered, stably). Nodes in a cycle keep file order.
 */
export function topologicalOrder(nodes: OnnxNode[]): OnnxNode[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.outputs.forEach((o) => o && !producer.has(o) && producer.set(o, i)));
  if (nodes.every((n, i) => n.inputs.every((x) => (producer.get(x) ?? -1) < i))) return nodes;
  const done = new Array<boolean>(nodes.length).fill(false);
  const out: OnnxNode[] = [];
  // Depth-first over producers, iterative (no recursion limit), in file order.
  for (let root = 0; root < nodes.length; root++) {
    if (done[root]) continue;
    const stack: [number, number][] = [[root, 0]];
    const onStack = new Set<number>([root]);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [i, k] = top;
      const inputs = nodes[i].inputs;
      if (k < inputs.length) {
        top[1]++;
        const p = producer.get(inputs[k]);
        if (p !== undefined && p !== i && !done[p] && !onStack.has(p)) {
          stack.push([p, 0]);
          onStack.add(p);
        }
        continue;
      }
      stack.pop();
      onStack.delete(i);
      done[i] = true;
      out.push(nodes[i]);
    }
  }
  return out;
}

function baseName(file: string | undefined): string {
  if (!file) return '';
  const base = file.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.onnx$/i, '');
}

/** Declares the graph inputs (not the initializers that IR < 4 files also list as inputs). */
function declareInputs(imp: Importer, graph: OnnxGraph, options: InferOptions, modelName: string): void {
  const overrides = options.params ?? {};
  const symbol = (name: string): number => {
    const known = imp.symbols.get(name);
    if (known !== undefined) return known;
    const given = Object.hasOwn(overrides, name) ? overrides[name] : undefined;
    const ok = given !== undefined && Number.isSafeInteger(given) && given >= 1;
    if (given !== undefined && !ok) imp.diagnostics.push(diag('RL209', NO_SPAN, `the value of '${name}' must be a positive whole number, got ${given}; 1 is used`));
    const value = ok ? given : 1;
    imp.symbols.set(name, value);
    imp.b.param(name, value, NO_SPAN, ok);
    return value;
  };
  const initializers = new Set(graph.initializers.map((t) => t.name));
  for (const v of graph.inputs) {
    if (initializers.has(v.name) || imp.known.has(v.name)) continue;
    let shape: Shape | null = null;
    // The dimensions as written: symbolic ones by the name of their parameter.
    let dims: (number | string)[] | undefined;
    const bad = v.dims?.find((d) => d.value !== undefined && !isDimension(d.value));
    if (bad?.value !== undefined) {
      imp.report('RL609', `graph input '${quoted(v.name)}' (byte ${v.offset}) has the dimension ${outOfRange(bad)}: the layers that depend on it are not counted`);
    } else if (v.dims) {
      dims = v.dims.map((d, i) => (d.value !== undefined && Number.isSafeInteger(d.value) && d.value >= 0 ? d.value : d.param || `${v.name}_dim${i}`));
      shape = dims.map((d) => (typeof d === 'number' ? d : symbol(d)));
    } else imp.report('RL607', `graph input '${v.name}' (byte ${v.offset}) has no shape in the file: the layers that depend on it are not counted`);
    const t = imp.b.input(v.name, shape, imp.precisionOf(v.elemType), NO_SPAN, dims && dims.some((d) => typeof d === 'string') ? dims : undefined);
    imp.known.set(v.name, { shape, elemType: v.elemType, tensor: t });
  }
  // An override that names no symbolic dimension of the inputs: RL209, in every format's words.
  const names = [...imp.symbols.keys()];
  for (const name of Object.keys(overrides)) if (!imp.symbols.has(name)) imp.diagnostics.push(diag('RL209', NO_SPAN, noParameterMessage(modelName, name, names)));
}

export function inferGraph(model: OnnxModel, graph: OnnxGraph, options: InferOptions): InferResult {
  const roles = toRoles(options.precision ?? modelPrecision(graph) ?? 'fp32');
  const precision = roles.activations;
  const modelName = graph.name || baseName(options.fileName) || 'onnx';
  const b = new GraphBuilder(modelName, roles);
  const imp = new Importer(b, model.opsets.get('') ?? 1, precision);
  const declare = (v: OnnxValueInfo) => {
    if (v.name && !imp.declared.has(v.name)) imp.declared.set(v.name, v);
  };
  graph.valueInfo.forEach(declare);
  graph.outputs.forEach(declare);
  graph.inputs.forEach(declare);
  let external = 0;
  let externalBytes = 0;
  let externalFile = '';
  for (const t of graph.initializers) {
    imp.known.set(t.name, imp.constantFrom(t, 'initializer'));
    if (t.external) {
      external++;
      externalBytes += t.byteSize;
      externalFile ||= t.external.location;
    }
    if (t.sizeMismatch) imp.report('RL605', `initializer '${t.name}' (byte ${t.offset}): ${t.sizeMismatch}`);
  }
  if (external) imp.report('RL604', `${external} initializer${external === 1 ? '' : 's'} (${formatCount(externalBytes)} bytes) keep their data in external files (such as '${externalFile}'), which are not opened: only their shapes are needed, and those are in the model file`);
  if (graph.sparseInitializers) imp.report('RL602', `${graph.sparseInitializers} sparse initializer${graph.sparseInitializers === 1 ? ' is' : 's are'} not read: the layers that use them are not counted`);
  declareInputs(imp, graph, options, modelName);
  // Declared shapes of other values with a dimension out of range: errors (their shapes are unknown).
  let badDeclared = 0;
  for (const v of [...graph.valueInfo, ...graph.outputs]) {
    const bad = v.dims?.find((d) => d.value !== undefined && !isDimension(d.value));
    if (bad?.value === undefined) continue;
    if (++badDeclared <= MAX_SHAPE_WARNINGS) imp.report('RL609', `value '${quoted(v.name)}' (byte ${v.offset}) is declared with the dimension ${outOfRange(bad)}: that shape is not used`);
  }
  const skipped = graph.skipped;
  if (skipped.nodes > 0 || skipped.others > 0) {
    imp.report('RL610', `the graph has ${moreThanLayers('nodes, initializers or values of a kind')}: ${formatCount(skipped.nodes + skipped.others)} were not read, and the model stops at the limit (its totals are incomplete)`);
  }
  const functions = new Set(model.functions);
  let shapeWarnings = 0;
  const undefinedNames = new Set<string>();
  for (const [i, node] of topologicalOrder(graph.nodes).entries()) {
    if (b.full()) break;
    const c = new NodeCtx(imp, node, i);
    for (const name of node.inputs) {
      if (name === '' || imp.known.has(name) || undefinedNames.has(name)) continue;
      undefinedNames.add(name);
      c.warn('RL608', `its input '${name}' is not produced by any node, initializer or graph input: the layers that depend on it are not counted`);
    }
    try {
      const domain = node.domain === 'ai.onnx' ? '' : node.domain;
      if (domain && domain !== '') {
        c.uncounted(`${c.where()}: operator '${domain}.${node.opType}' of a custom domain is not inferred; it is left out of the totals, which are incomplete`);
      } else if (!tryFold(c)) {
        const handler = Object.hasOwn(HANDLERS, node.opType) ? HANDLERS[node.opType] : undefined;
        if (handler) handler(c);
        else c.uncounted(`${c.where()}: operator '${node.opType}'${functions.has(node.opType) ? ' (a function of the model)' : ''} is not inferred; it is left out of the totals, which are incomplete${node.outputs.some((o) => imp.declaredShape(o)) ? ', and its outputs take the shapes the file declares' : ''}`);
      }
    } catch (e) {
      const reason = e instanceof NotInferred ? e.reason : `internal error while inferring (${String(e)})`;
      c.uncounted(`${c.where()}: ${reason}; it is left out of the totals, which are incomplete`, e instanceof NotInferred ? e.shapes : []);
    }
    node.outputs.forEach((o) => {
      if (!o) return;
      const k = imp.known.get(o);
      if (!k) {
        imp.known.set(o, { shape: imp.declaredShape(o), elemType: imp.declared.get(o)?.elemType ?? 0 });
        return;
      }
      const declared = imp.declaredShape(o);
      if (k.shape && declared && k.shape.join() !== declared.join()) {
        shapeWarnings++;
        if (shapeWarnings <= MAX_SHAPE_WARNINGS) c.warn('RL606', `output '${o}' is inferred as ${fmtShape(k.shape)}, the file declares ${fmtShape(declared)}`);
      }
    });
  }
  if (shapeWarnings > MAX_SHAPE_WARNINGS) imp.report('RL606', `${shapeWarnings - MAX_SHAPE_WARNINGS} more inferred shapes disagree with the file's`);
  const result = b.finish();
  for (const pc of imp.paramChecks) {
    const l = result.layers[pc.layer];
    if (l && l.counted && l.params !== pc.fileParams) imp.report('RL605', `${pc.where}: the layer counts ${formatCount(l.params)} parameters from its shape, the file's weights ${pc.weights} hold ${formatCount(pc.fileParams)}`);
  }
  for (const o of graph.outputs) {
    if (o.name && !imp.known.has(o.name)) imp.report('RL606', `graph output '${o.name}' (${dataTypeName(o.elemType)}) is not produced by any node`);
  }
  return { model: result, diagnostics: [...b.diagnostics, ...imp.diagnostics] };
}
