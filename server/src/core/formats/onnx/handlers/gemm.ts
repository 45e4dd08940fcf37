// ONNX Gemm and MatMul. A product with a constant right operand (an initializer or a constant
// node: a learned weight) is a `linear` layer, whose parameters (K x N, plus the bias C) the
// entry counts and the importer checks against the file; a product of two activations is a
// `matmul`, and Gemm's C is then a separate `add`. transA/transB swap the operand shapes (the
// elements are the same, so are the bytes); alpha and beta are scalings that are not counted.
import { fmtShape, numel, type Shape } from '../../../ops/types';
import type { GraphTensor } from '../../../semantics/graphBuilder';
import { NotInferred, type NodeCtx } from '../context';

function swapLast(s: Shape): Shape {
  const out = s.slice();
  const n = s.length;
  [out[n - 2], out[n - 1]] = [s[n - 1], s[n - 2]];
  return out;
}

export function gemm(c: NodeCtx): void {
  const aShape = c.shape(0);
  const bShape = c.shape(1);
  const transA = c.int('transA', 0) === 1;
  const transB = c.int('transB', 0) === 1;
  if (aShape && aShape.length !== 2) throw new NotInferred(`Gemm needs a 2-D A, got ${fmtShape(aShape)}`);
  if (bShape && bShape.length !== 2) throw new NotInferred(`Gemm needs a 2-D B, got ${fmtShape(bShape)}`);
  let a = c.tensor(0);
  if (transA && aShape) a = c.reshaped(a, swapLast(aShape));
  const notes = transA ? ['transA: A is read as its transpose.'] : [];
  if (c.isConstant(1) && bShape) {
    const [k, n] = transB ? [bShape[1], bShape[0]] : bShape;
    const aK = a.shape ? a.shape[1] : k;
    if (aK !== k) c.warn('RL605', `B ${fmtShape(bShape)}${transB ? ' (transB)' : ''} expects ${k} input features, A ${fmtShape(aShape)}${transA ? ' (transA)' : ''} has ${aK}`);
    const cShape = c.shape(2);
    const biasIsVector = c.has(2) && c.isConstant(2) && cShape !== null && numel(cShape) === n;
    const [y] = c.layer('linear', [a], { out: n, bias: biasIsVector }, { notes });
    c.checkParams(y, biasIsVector ? [1, 2] : [1]);
    c.setTensor(0, c.has(2) && !biasIsVector ? addBias(c, y) : y);
    return;
  }
  let b = c.tensor(1);
  if (transB && bShape) b = c.reshaped(b, swapLast(bShape));
  const [y] = c.layer('matmul', [a, b], {}, { notes });
  c.setTensor(0, c.has(2) ? addBias(c, y) : y);
}

function addBias(c: NodeCtx, y: GraphTensor): GraphTensor {
  return c.layer('add', [y, c.tensor(2)], {}, { suffix: 'bias', notes: ["Gemm's C, added after the product."] })[0];
}

export function matmul(c: NodeCtx): void {
  const aShape = c.shape(0);
  const bShape = c.shape(1);
  let a = c.tensor(0);
  let b = c.tensor(1);
  // NumPy's 1-D operands: a vector on the left is a row, on the right a column; removed after.
  const aVec = aShape?.length === 1;
  const bVec = bShape?.length === 1;
  if (aVec && aShape) a = c.reshaped(a, [1, aShape[0]]);
  if (bVec && bShape) b = c.reshaped(b, [bShape[0], 1]);
  if (aShape?.length === 0 || bShape?.length === 0) throw new NotInferred('MatMul of a scalar');
  const fix = (y: GraphTensor): GraphTensor => {
    if (!y.shape || (!aVec && !bVec)) return y;
    const s = y.shape.slice();
    if (bVec) s.pop();
    if (aVec) s.splice(s.length - (bVec ? 1 : 2), 1);
    return c.reshaped(y, s);
  };
  if (c.isConstant(1) && b.shape && b.shape.length === 2 && a.shape && a.shape[a.shape.length - 1] === b.shape[0]) {
    const [y] = c.layer('linear', [a], { out: b.shape[1], bias: false }, { notes: ['MatMul by a constant (a learned weight): counted as a linear layer without bias.'] });
    c.checkParams(y, [1]);
    c.setTensor(0, fix(y));
    return;
  }
  const [y] = c.layer('matmul', [a, b]);
  c.setTensor(0, fix(y));
}
