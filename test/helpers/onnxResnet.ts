// Generates the ONNX spec of a ResNet-50 (torchvision layout: stride on the 3x3, projection
// shortcuts, batch norms, a Gemm classifier) of any base width, its weights as zero-filled
// raw_data initializers that the encoder streams without materialising. Width 64 is ResNet-50
// itself; width 208 has ~254 M parameters, about a gigabyte of fp32 weights (the benchmark's file).
import { DT, type GraphSpec, type ModelSpec, type NodeSpec, type TensorSpec } from './onnxEncode';

export function resnet50Spec(width = 64, batch: number | string = 'N'): ModelSpec {
  const nodes: NodeSpec[] = [];
  const initializers: TensorSpec[] = [];
  let n = 0;
  const weight = (dims: number[]): string => {
    const name = `w${initializers.length}`;
    initializers.push({ name, dims, dataType: DT.float, zeros: true });
    return name;
  };
  const node = (opType: string, inputs: string[], attrs: NodeSpec['attrs'] = []): string => {
    const out = `t${n++}`;
    nodes.push({ opType, inputs, outputs: [out], name: `${opType.toLowerCase()}${n}`, attrs });
    return out;
  };
  const conv = (x: string, cin: number, cout: number, k: number, stride: number): string =>
    node('Conv', [x, weight([cout, cin, k, k])], [
      { name: 'kernel_shape', kind: 'ints', value: [k, k] },
      { name: 'strides', kind: 'ints', value: [stride, stride] },
      { name: 'pads', kind: 'ints', value: new Array(4).fill((k - 1) / 2) },
    ]);
  const bn = (x: string, c: number): string => node('BatchNormalization', [x, weight([c]), weight([c]), weight([c]), weight([c])], [{ name: 'epsilon', kind: 'float', value: 1e-5 }]);
  const relu = (x: string): string => node('Relu', [x]);

  let x = relu(bn(conv('input', 3, width, 7, 2), width));
  x = node('MaxPool', [x], [
    { name: 'kernel_shape', kind: 'ints', value: [3, 3] },
    { name: 'strides', kind: 'ints', value: [2, 2] },
    { name: 'pads', kind: 'ints', value: [1, 1, 1, 1] },
  ]);
  let cin = width;
  for (const [blocks, mid, stride] of [[3, width, 1], [4, 2 * width, 2], [6, 4 * width, 2], [3, 8 * width, 2]]) {
    for (let b = 0; b < blocks; b++) {
      const s = b === 0 ? stride : 1;
      let y = relu(bn(conv(x, cin, mid, 1, 1), mid));
      y = relu(bn(conv(y, mid, mid, 3, s), mid));
      y = bn(conv(y, mid, 4 * mid, 1, 1), 4 * mid);
      const shortcut = b === 0 ? bn(conv(x, cin, 4 * mid, 1, s), 4 * mid) : x;
      x = relu(node('Add', [y, shortcut]));
      cin = 4 * mid;
    }
  }
  x = node('Flatten', [node('GlobalAveragePool', [x])]);
  const out = node('Gemm', [x, weight([1000, cin]), weight([1000])], [{ name: 'transB', kind: 'int', value: 1 }]);
  const graph: GraphSpec = {
    name: `resnet50_w${width}`,
    nodes,
    initializers,
    inputs: [{ name: 'input', elemType: DT.float, dims: [batch, 3, 224, 224] }],
    outputs: [{ name: out, elemType: DT.float, dims: [batch, 1000] }],
  };
  return { irVersion: 8, opsets: [{ domain: '', version: 13 }], producer: 'roofline-lens test', graph };
}
