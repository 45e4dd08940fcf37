// ONNX element-wise operators: activations and math functions (one table entry each), binary
// operators with broadcasting (Add, Sub, Mul, Div, Pow, Max, Min; opset < 7's `broadcast`/`axis`
// legacy alignment included), the variadic Sum / Max / Min / Mean as chains of binary layers,
// Clip (bounds as attributes before opset 11, as inputs from 11), PRelu and Softmax.
// An operand that is a constant of the file (a per-channel scale or shift) is an input of the
// element-wise layer like any other: counted as element-wise work, not as learned parameters.
import type { Shape } from '../../../ops/types';
import type { GraphTensor, PlainArg } from '../../../semantics/graphBuilder';
import { NotInferred, type NodeCtx } from '../context';
import { normAxis } from '../shapes';

/** ONNX activations and math functions with a table entry of the same meaning. */
export const UNARY: Record<string, string> = {
  Relu: 'relu',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  Gelu: 'gelu',
  Mish: 'mish',
  HardSigmoid: 'hardsigmoid',
  HardSwish: 'hardswish',
  Softplus: 'softplus',
  Sqrt: 'sqrt',
  Exp: 'exp',
  Log: 'log',
  Erf: 'erf',
  Abs: 'abs',
  Neg: 'neg',
  Reciprocal: 'reciprocal',
};

export const BINARY: Record<string, string> = {
  Add: 'add',
  Sub: 'sub',
  Mul: 'mul',
  Div: 'div',
  Pow: 'pow',
  Max: 'maximum',
  Min: 'minimum',
  Sum: 'add',
  Mean: 'add',
};

function constantNote(c: NodeCtx, indices: number[]): string[] {
  const consts = indices.filter((i) => c.isConstant(i)).map((i) => `'${c.node.inputs[i]}'`);
  return consts.length ? [`${consts.join(' and ')} ${consts.length > 1 ? 'are constants' : 'is a constant'} of the file (a per-channel parameter op): counted as element-wise work, not as learned parameters.`] : [];
}

export function unary(c: NodeCtx, op: string, args: Record<string, PlainArg> = {}): void {
  const [y] = c.layer(op, [c.tensor(0)], args);
  c.setTensor(0, y);
}

/** The second operand of a binary node, aligned by opset < 7's legacy `broadcast`/`axis`. */
function legacyAligned(c: NodeCtx, b: GraphTensor, aShape: Shape | null): GraphTensor {
  if (c.opset >= 7 || c.int('broadcast', 0) !== 1 || !aShape || !b.shape) return b;
  const axis = c.attr('axis') ? normAxis(c.int('axis', 0), aShape.length) : aShape.length - b.shape.length;
  if (axis === undefined || axis + b.shape.length > aShape.length) throw new NotInferred(`its legacy broadcast of ${b.shape.length}-D B at axis ${c.int('axis', 0)} does not fit A`);
  return c.reshaped(b, [...new Array<number>(axis).fill(1), ...b.shape, ...new Array<number>(aShape.length - axis - b.shape.length).fill(1)]);
}

export function binary(c: NodeCtx, op: string): void {
  const inputs: number[] = [];
  for (let i = 0; i < c.node.inputs.length; i++) if (c.has(i)) inputs.push(i);
  if (!inputs.length) throw new NotInferred('it has no inputs');
  const notes = constantNote(c, inputs);
  if (inputs.length === 1) {
    const [y] = c.layer('identity', [c.tensor(inputs[0])], {}, { notes: [`${c.op} of a single input: passes it through.`] });
    c.setTensor(0, y);
    return;
  }
  let acc = c.tensor(inputs[0]);
  for (let k = 1; k < inputs.length; k++) {
    const b = legacyAligned(c, c.tensor(inputs[k]), acc.shape);
    const suffix = k === 1 ? undefined : `${k}`;
    [acc] = c.layer(op, [acc, b], {}, { ...(suffix ? { suffix } : {}), notes: k === 1 ? notes : [] });
  }
  if (c.op === 'Mean') {
    const n = inputs.length;
    [acc] = c.layer('div', [acc, { shape: [], precision: acc.precision, producer: -1 }], {}, { suffix: 'mean', notes: [`Mean: the sum divided by ${n}.`] });
  }
  c.setTensor(0, acc);
}

export function clip(c: NodeCtx): void {
  const args: Record<string, PlainArg> = {};
  const lo = c.opset >= 11 ? c.values(1)?.[0] : c.attr('min') ? c.float('min', 0) : undefined;
  const hi = c.opset >= 11 ? c.values(2)?.[0] : c.attr('max') ? c.float('max', 0) : undefined;
  // An infinite bound is no bound (and no Infinity is recorded in a layer's call).
  if (lo !== undefined && Number.isFinite(lo)) args.min = lo;
  if (hi !== undefined && Number.isFinite(hi)) args.max = hi;
  const [y] = c.layer('clip', [c.tensor(0)], args);
  c.setTensor(0, y);
}

export function prelu(c: NodeCtx): void {
  const slope = c.shape(1);
  if (!slope) throw new NotInferred("the shape of its slope is not known");
  const n = slope.reduce((p, d) => p * d, 1);
  const [y] = c.layer('prelu', [c.tensor(0)], { slopes: n });
  if (c.isConstant(1)) c.checkParams(y, [1]);
  c.setTensor(0, y);
}

export function softmax(c: NodeCtx): void {
  const x = c.shape(0);
  // Before opset 13, Softmax flattens to 2-D at `axis` (default 1): the same count.
  const axis = c.int('axis', c.opset >= 13 ? -1 : 1);
  const notes = c.op === 'LogSoftmax' ? ['LogSoftmax, counted as a softmax (its logarithm is not counted).'] : [];
  const dim = x ? (normAxis(axis, Math.max(1, x.length)) ?? -1) : -1;
  const [y] = c.layer('softmax', [c.tensor(0)], { dim }, { notes });
  c.setTensor(0, y);
}
