// Runs an operator table entry on bound arguments and fills a layer's outputs, counts and bytes.
// The one place where counts become a layer: the model language's evaluator and the importers of
// other formats (graphBuilder.ts) both go through it. Throws only OpFailure, which callers turn
// into a located diagnostic.
import { BoundArgs, numel, type ArgValue, type OpSpec, type Shape } from '../ops/types';
import { bytesOf, rolesOf, type Precision } from '../precision';
import type { Layer } from './model';

export interface CountedInput {
  shape: Shape;
  precision: Precision;
}

export function countLayer(spec: OpSpec, values: Map<string, ArgValue>, inputs: CountedInput[], layer: Layer): Shape[] {
  const out = spec.infer(new BoundArgs(spec.name, values));
  // Bytes follow each role: weights at the weights' datatype, outputs at the activations', the KV
  // cache at its own; inputs at the datatype of the tensors read.
  const roles = rolesOf(layer);
  const bytes = bytesOf(roles.activations);
  layer.outputs = out.outputs;
  layer.macs = out.macs;
  layer.ops = out.ops;
  layer.params = out.params;
  if (out.activeParams !== undefined) layer.activeParams = out.activeParams;
  layer.counted = true;
  layer.view = out.view;
  const inputBytes = out.inputElemsRead !== undefined ? out.inputElemsRead * bytesOf(inputs[0]?.precision ?? layer.precision) : inputs.reduce((s, t) => s + numel(t.shape) * bytesOf(t.precision), 0);
  layer.bytes = {
    input: out.view ? 0 : inputBytes,
    weight: out.weightElems * bytesOf(roles.weights),
    output: out.view ? 0 : out.outputs.reduce((s, o) => s + numel(o) * bytes, 0),
    cache: (out.cacheElems ?? 0) * bytesOf(roles.kv),
  };
  if (out.dims) layer.dims = out.dims;
  if (out.notes) layer.notes.push(...out.notes);
  if (!Number.isSafeInteger(out.macs) || !Number.isSafeInteger(out.ops)) layer.notes.push('Counts exceed 2^53 and are no longer exact.');
  return out.outputs;
}
