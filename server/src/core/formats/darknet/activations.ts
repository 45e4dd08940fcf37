// Darknet activation names -> operators of the table. 'linear' is no layer at all. Names Darknet
// knows that the table has no entry for are listed but not counted (their output keeps the input's
// shape); a name Darknet does not know makes it fall back to ReLU ("Couldn't find activation
// function"), and so does this importer, with a warning.
import type { PlainArg } from '../../semantics/graphBuilder';

export type ActivationPlan =
  | { kind: 'none' }
  | { kind: 'op'; op: string; args?: Record<string, PlainArg> }
  | { kind: 'uncounted' }
  | { kind: 'unknown' };

const COUNTED: Record<string, { op: string; args?: Record<string, PlainArg> }> = {
  leaky: { op: 'leaky_relu', args: { slope: 0.1 } },
  relu: { op: 'relu' },
  logistic: { op: 'sigmoid' },
  tanh: { op: 'tanh' },
  swish: { op: 'silu' },
  mish: { op: 'mish' },
  relu6: { op: 'relu6' },
  gelu: { op: 'gelu' },
  elu: { op: 'elu' },
};

const NOT_IN_TABLE = new Set([
  'selu', 'relie', 'ramp', 'plse', 'hardtan', 'lhtan', 'loggy', 'stair', 'hard_mish', 'revleaky',
  'normalize_channels', 'normalize_channels_softmax', 'normalize_channels_softmax_maxval',
]);

export function activationPlan(name: string): ActivationPlan {
  if (name === 'linear') return { kind: 'none' };
  if (Object.prototype.hasOwnProperty.call(COUNTED, name)) return { kind: 'op', ...COUNTED[name] };
  if (NOT_IN_TABLE.has(name)) return { kind: 'uncounted' };
  return { kind: 'unknown' };
}
