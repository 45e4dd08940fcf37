// ONNX normalisations: BatchNormalization (the scale and bias are learnable, 2C; the running mean
// and variance are weights read at inference but not learnable, as PyTorch counts), Instance and
// Layer normalisation, and LRN. The scale and bias tensors of the file are checked against the
// counted parameters.
import { fmtShape, numel } from '../../../ops/types';
import { NotInferred, type NodeCtx } from '../context';
import { normAxis } from '../shapes';

export function batchnorm(c: NodeCtx): void {
  const x = c.shape(0);
  if (c.opset < 9 && c.int('spatial', 1) === 0) throw new NotInferred('spatial=0 (statistics per position, not per channel) is not in the operator table');
  if (x && x.length >= 2) {
    for (const i of [1, 2, 3, 4]) {
      const s = c.shape(i);
      if (s && numel(s) !== x[1]) c.warn('RL605', `'${c.node.inputs[i]}' ${fmtShape(s)} does not have one value per channel of ${fmtShape(x)} (${x[1]})`);
    }
  }
  const [y] = c.layer('batchnorm', [c.tensor(0)], { affine: true });
  c.checkParams(y, [1, 2]);
  c.setTensor(0, y);
}

export function instancenorm(c: NodeCtx): void {
  const [y] = c.layer('instancenorm', [c.tensor(0)], { affine: true });
  c.checkParams(y, [1, 2]);
  c.setTensor(0, y);
}

export function layernorm(c: NodeCtx): void {
  const x = c.shape(0);
  const axis = c.int('axis', -1);
  if (x && normAxis(axis, x.length) !== x.length - 1) throw new NotInferred(`it normalises from axis ${axis} of ${fmtShape(x)}; the table's layernorm normalises the last dimension only`, [x]);
  const notes = c.has(2) ? [] : ['The file has a scale but no bias: the table counts both (2 per feature).'];
  const [y] = c.layer('layernorm', [c.tensor(0)], { affine: c.has(1) }, { notes });
  if (c.has(2)) c.checkParams(y, [1, 2]);
  c.setTensor(0, y);
  // Training outputs (mean, inverse standard deviation) are not produced at inference.
}

export function lrn(c: NodeCtx): void {
  const [y] = c.layer('lrn', [c.tensor(0)], { size: c.int('size', 5) });
  c.setTensor(0, y);
}
