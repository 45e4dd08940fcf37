// Runs an operator table entry on bound arguments and fills a layer's outputs, counts and bytes.
// The one place where counts become a layer: the model language's evaluator and the importers of
// other formats (graphBuilder.ts) both go through it. Throws only OpFailure, which callers turn
// into a located diagnostic. It also holds the analysis to its limits (core/limits.ts): an output
// dimension past LIMITS.dimension or a count that is not a finite number fails the layer (it is
// then not counted), and a count past 2^53 - 1 is kept but flagged (`countsExact`), because
// doubles round beyond it.
import { dimensionTooLarge, isDimension, LIMITS } from '../limits';
import { BoundArgs, fmtShape, numel, OpFailure, type ArgValue, type OpSpec, type Shape } from '../ops/types';
import { bytesOf, type Precision } from '../precision';
import type { Layer } from './model';

export interface CountedInput {
  shape: Shape;
  precision: Precision;
}

/** Fails unless every output has at most LIMITS.rank dimensions, each a whole number within LIMITS.dimension. */
function checkOutputs(op: string, outputs: Shape[]): void {
  for (const o of outputs) {
    if (o.length > LIMITS.rank) throw new OpFailure(undefined, `${op}: an output of ${o.length} dimensions is beyond the limit of ${LIMITS.rank}`, 'RL218');
    for (const d of o) {
      if (isDimension(d)) continue;
      if (d > LIMITS.dimension) throw new OpFailure(undefined, `${op}: output ${fmtShape(o)}: ${dimensionTooLarge(d)}`, 'RL218');
      throw new OpFailure(undefined, `${op}: output ${fmtShape(o)} has the dimension ${d}, which is not a whole number of at least 0`, 'RL306');
    }
  }
}

/** True when every count of a layer is within 2^53 - 1, where doubles are exact. */
export function countsExact(l: Pick<Layer, 'macs' | 'ops' | 'params' | 'bytes'>): boolean {
  const b = l.bytes;
  return [l.macs, l.ops, l.params, b.input, b.weight, b.output, b.cache].every((x) => Math.abs(x) <= Number.MAX_SAFE_INTEGER);
}

/** The message of RL216: which count of the layer passed 2^53 - 1. */
export function inexactMessage(l: Pick<Layer, 'name' | 'macs' | 'ops' | 'params' | 'bytes'>): string {
  const b = l.bytes;
  const figures: [string, number][] = [['MACs', l.macs], ['ops', l.ops], ['params', l.params], ['bytes', b.input + b.weight + b.output + b.cache]];
  const [what, value] = figures.find(([, v]) => Math.abs(v) > Number.MAX_SAFE_INTEGER) ?? figures[0];
  return `layer '${l.name}': ${value.toPrecision(6)} ${what} is beyond 2^53 - 1 (${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}), past which counts are rounded: the model's totals are marked incomplete`;
}

/** The note of a layer whose counts are not exact. */
export const INEXACT_NOTE = 'Counts exceed 2^53 - 1 and are rounded: the totals are marked incomplete.';

export function countLayer(spec: OpSpec, values: Map<string, ArgValue>, inputs: CountedInput[], layer: Layer): Shape[] {
  const out = spec.infer(new BoundArgs(spec.name, values));
  checkOutputs(spec.name, out.outputs);
  const bytes = bytesOf(layer.precision);
  const inputBytes = out.inputElemsRead !== undefined ? out.inputElemsRead * bytesOf(inputs[0]?.precision ?? layer.precision) : inputs.reduce((s, t) => s + numel(t.shape) * bytesOf(t.precision), 0);
  const counted = {
    input: out.view ? 0 : inputBytes,
    weight: out.weightElems * bytes,
    output: out.view ? 0 : out.outputs.reduce((s, o) => s + numel(o) * bytes, 0),
    cache: (out.cacheElems ?? 0) * bytes,
  };
  if (![out.macs, out.ops, out.params, counted.input, counted.weight, counted.output, counted.cache].every(Number.isFinite)) {
    throw new OpFailure(undefined, `${spec.name}: its counts overflow (they are not finite numbers), so the layer is not counted`, 'RL219');
  }
  layer.outputs = out.outputs;
  layer.macs = out.macs;
  layer.ops = out.ops;
  layer.params = out.params;
  layer.counted = true;
  layer.view = out.view;
  layer.bytes = counted;
  if (out.dims) layer.dims = out.dims;
  if (out.notes) layer.notes.push(...out.notes);
  if (!countsExact(layer)) layer.notes.push(INEXACT_NOTE);
  return out.outputs;
}
