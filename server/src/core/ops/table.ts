// The operator table: the single source of truth for every operator's arguments, output shape,
// MACs, ops, params and operand bytes. Shape inference, counting, hovers, completion and the
// docs all read this table. Adding an operator is one entry here plus its tests.
import { attention } from './attention';
import { convTranspose2d, conv2d } from './conv';
import { concat, flatten, reshape, slice, split, transpose, upsample } from './data';
import { add, gelu, mul, relu, sigmoid, silu, softmax, tanh } from './elementwise';
import { embedding } from './embedding';
import { CAFFE_DARKNET_OPS } from './extraCaffeDarknet';
import { ONNX_OPS } from './extra';
import { linear, matmul } from './gemm';
import { moe } from './moe';
import { batchnorm, layernorm, lrn, rmsnorm } from './norm';
import { adaptiveAvgpool, avgpool, globalAvgpool, maxpool } from './pool';
import type { OpSpec } from './types';

const ENTRIES: OpSpec[] = [
  conv2d, convTranspose2d, linear, matmul, attention, moe,
  batchnorm, layernorm, rmsnorm, lrn,
  relu, gelu, silu, sigmoid, tanh, softmax, add, mul,
  maxpool, avgpool, globalAvgpool, adaptiveAvgpool,
  concat, split, flatten, reshape, transpose, slice, upsample,
  embedding,
  ...CAFFE_DARKNET_OPS,
  ...ONNX_OPS,
];

export const OPERATORS: ReadonlyMap<string, OpSpec> = new Map(ENTRIES.map((e) => [e.name, e]));

export function operator(name: string): OpSpec | undefined {
  return OPERATORS.get(name);
}

/** Categories whose MACs count towards `macs` (conv, linear, matmul, attention). */
export const MAC_CATEGORIES = new Set(['conv', 'gemm', 'attention']);
