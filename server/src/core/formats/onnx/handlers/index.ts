// The ONNX operators the importer maps onto the operator table, by op type (default domain).
// A handler reads its node through NodeCtx, adds layers and sets the node's outputs; it throws
// NotInferred when it cannot, and the node becomes an uncounted layer with a warning.
import { NotInferred, type NodeCtx } from '../context';
import { conv, convTranspose, globalPool, pool } from './conv';
import { concat, expand, flatten, gather, identity, pad, reduce, reshape, resize, slice, split, squeeze, transpose, unsqueeze, cast } from './data';
import { BINARY, UNARY, binary, clip, prelu, softmax, unary } from './elementwise';
import { gemm, matmul } from './gemm';
import { batchnorm, instancenorm, layernorm, lrn } from './norm';

export type Handler = (c: NodeCtx) => void;

function subgraphs(c: NodeCtx): void {
  const parts: string[] = [];
  for (const [name, v] of c.node.attributes) {
    if (v.kind === 'graph') parts.push(`'${name}' (${v.value.nodes} node${v.value.nodes === 1 ? '' : 's'})`);
    if (v.kind === 'graphs') for (const g of v.value) parts.push(`'${name}' (${g.nodes} node${g.nodes === 1 ? '' : 's'})`);
  }
  c.uncounted(`${c.where()}: its subgraph${parts.length === 1 ? '' : 's'} ${parts.join(', ') || '(none read)'} ${parts.length === 1 ? 'is' : 'are'} not analysed; its work is left out of the totals, which are incomplete, and its outputs take the shapes the file declares, if any`, [], 'RL603');
}

export const HANDLERS: Record<string, Handler> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: (c) => pool(c, 'maxpool'),
  AveragePool: (c) => pool(c, 'avgpool'),
  GlobalAveragePool: (c) => globalPool(c, 'global_avgpool'),
  GlobalMaxPool: (c) => globalPool(c, 'global_maxpool'),
  Gemm: gemm,
  MatMul: matmul,
  BatchNormalization: batchnorm,
  InstanceNormalization: instancenorm,
  LayerNormalization: layernorm,
  LRN: lrn,
  LeakyRelu: (c) => unary(c, 'leaky_relu', { slope: c.float('alpha', 0.01) }),
  Elu: (c) => unary(c, 'elu', { alpha: c.float('alpha', 1) }),
  Clip: clip,
  Where: (c) => c.setTensor(0, c.layer('where', [c.tensor(0), c.tensor(1), c.tensor(2)])[0], c.input(1)?.elemType),
  PRelu: prelu,
  Softmax: softmax,
  LogSoftmax: softmax,
  Reshape: reshape,
  Flatten: flatten,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Transpose: transpose,
  Concat: concat,
  Split: split,
  Slice: slice,
  Gather: gather,
  Pad: pad,
  Resize: resize,
  Upsample: resize,
  Expand: expand,
  Cast: cast,
  Identity: identity,
  Dropout: identity,
  ReduceMean: (c) => reduce(c, 'reduce_mean'),
  ReduceSum: (c) => reduce(c, 'reduce_sum'),
  ReduceMax: (c) => reduce(c, 'reduce_max'),
  If: subgraphs,
  Loop: subgraphs,
  Scan: subgraphs,
  // Nodes whose constant inputs were not known, so that folding could not run.
  Constant: (c) => c.setConst(0, null, 0),
  ConstantOfShape: () => {
    throw new NotInferred('its shape input is not a constant the importer could compute');
  },
  Shape: (c) => c.setConst(0, null, 7),
  Size: (c) => c.setConst(0, [], 7),
};

for (const [onnx, op] of Object.entries(UNARY)) HANDLERS[onnx] = (c) => unary(c, op);
for (const [onnx, op] of Object.entries(BINARY)) HANDLERS[onnx] = (c) => binary(c, op);
