// Activations: one tensor in, the same shape out, a fixed number of ops per element (1 for every
// activation of the table; a learned slope per channel for prelu): relu, gelu, silu, sigmoid,
// tanh, leaky_relu (Darknet 'leaky'), relu6, mish, clip, elu, hardsigmoid, hardswish, softplus.
import { unary } from './elementwise';
import { type OpSpec, numel } from './types';

export const relu = unary('relu', 'activation', 'Rectified linear unit, max(x, 0).');
export const gelu = unary('gelu', 'activation', 'Gaussian error linear unit.');
export const silu = unary('silu', 'activation', 'Sigmoid linear unit (swish), x * sigmoid(x).');
export const sigmoid = unary('sigmoid', 'activation', 'Logistic sigmoid.');
export const tanh = unary('tanh', 'activation', 'Hyperbolic tangent.');
export const leakyRelu = unary('leaky_relu', 'activation', 'Leaky ReLU, x if x > 0 else slope x (Darknet "leaky": slope 0.1).', [
  { name: 'slope', kind: 'number', doc: 'slope for negative inputs', default: 0.1 },
]);
export const relu6 = unary('relu6', 'activation', 'ReLU clipped at 6, min(max(x, 0), 6).');
export const mish = unary('mish', 'activation', 'Mish, x tanh(softplus(x)) (YOLOv4).');
export const clip = unary('clip', 'activation', 'Clamps every element to [min, max] (ReLU6 is clip(x, min=0, max=6)).', [
  { name: 'min', kind: 'number', doc: 'lower bound', optional: true },
  { name: 'max', kind: 'number', doc: 'upper bound', optional: true },
]);
export const elu = unary('elu', 'activation', 'Exponential linear unit, x if x > 0 else alpha (e^x - 1).', [{ name: 'alpha', kind: 'number', doc: 'scale of the negative part', default: 1 }]);
export const hardsigmoid = unary('hardsigmoid', 'activation', 'Hard sigmoid, max(0, min(1, alpha x + beta)).');
export const hardswish = unary('hardswish', 'activation', 'Hard swish, x hardsigmoid(x) (MobileNetV3).');
export const softplus = unary('softplus', 'activation', 'Softplus, log(1 + e^x).');

export const prelu: OpSpec = {
  name: 'prelu',
  category: 'activation',
  summary: 'Parametric ReLU: x if x > 0 else slope x, with learned slopes (one per channel, or one shared).',
  opsRule: '1 op per element.',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [N, C, ...]' },
    { name: 'slopes', kind: 'int', doc: 'number of learned slopes (the channels, or 1)', default: 1 },
  ],
  infer(a) {
    const x = a.tensor('x');
    const slopes = a.int('slopes');
    if (!Number.isInteger(slopes) || slopes < 1) a.fail('slopes', `prelu: 'slopes' must be a positive whole number, got ${slopes}`);
    return { outputs: [x], macs: 0, ops: numel(x), params: slopes, weightElems: slopes };
  },
};
