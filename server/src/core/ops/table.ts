// The operator table: the single source of truth for every operator's arguments, output shape,
// MACs, ops, params and operand bytes. Shape inference, counting, hovers, completion, the docs and
// the grammar's operator list all read this table. The entries live in one file per operator
// family (activation, attention, conv, data, elementwise, embedding, gemm, norm, pool, reduce);
// adding an operator is one entry in its family's file, its line here, and its tests.
import { clip, elu, gelu, hardsigmoid, hardswish, leakyRelu, mish, prelu, relu, relu6, sigmoid, silu, softplus, tanh } from './activation';
import { attention } from './attention';
import { convTranspose2d, conv2d } from './conv';
import { cast, concat, expand, flatten, gather, identity, pad, reshape, slice, split, transpose, upsample } from './data';
import { abs, add, darknetShortcut, div, erf, exp, log, maximum, minimum, mul, neg, pow, reciprocal, softmax, sqrt, sub, where } from './elementwise';
import { embedding } from './embedding';
import { linear, matmul } from './gemm';
import { moe } from './moe';
import { batchnorm, instancenorm, layernorm, lrn, rmsnorm, scale } from './norm';
import { adaptiveAvgpool, avgpool, darknetMaxpool, globalAvgpool, globalMaxpool, maxpool } from './pool';
import { reduceMax, reduceMean, reduceSum } from './reduce';
import type { OpSpec } from './types';
import { didYouMean } from '../text/suggest';

// The order is the order of docs/operators.md and of completion lists.
const ENTRIES: OpSpec[] = [
  conv2d, convTranspose2d, linear, matmul, attention, moe,
  batchnorm, layernorm, rmsnorm, lrn,
  relu, gelu, silu, sigmoid, tanh, softmax, add, mul,
  maxpool, avgpool, globalAvgpool, adaptiveAvgpool,
  concat, split, flatten, reshape, transpose, slice, upsample,
  embedding,
  leakyRelu, mish, relu6, scale, maximum, identity, darknetMaxpool, darknetShortcut,
  sub, div, pow, minimum, where,
  clip, elu, hardsigmoid, hardswish, softplus, prelu,
  sqrt, exp, log, erf, abs, neg, reciprocal,
  instancenorm, reduceMean, reduceSum, reduceMax, globalMaxpool,
  pad, gather, expand, cast,
];

export const OPERATORS: ReadonlyMap<string, OpSpec> = new Map(ENTRIES.map((e) => [e.name, e]));

export function operator(name: string): OpSpec | undefined {
  return OPERATORS.get(name);
}

/** The "did you mean" of names that are no operator, by name: the table is constant, and a file
 *  repeats its misspelt names (50,000 calls of one took 1.3 s to suggest for). At most 1,000 kept. */
const SUGGESTIONS = new Map<string, string>();

/** " (did you mean 'conv2d'?)" for a name that is no operator, or '' when none is close. */
export function operatorSuggestion(name: string): string {
  let s = SUGGESTIONS.get(name);
  if (s === undefined) {
    if (SUGGESTIONS.size >= 1_000) SUGGESTIONS.clear();
    SUGGESTIONS.set(name, (s = didYouMean(name, OPERATORS.keys())));
  }
  return s;
}

/** Categories whose MACs count towards `macs` (conv, linear, matmul, attention). */
export const MAC_CATEGORIES = new Set(['conv', 'gemm', 'attention']);
