// Writes an ONNX file of a chain of `n` Relu nodes (t0 -> t1 -> ... -> tn) straight to disk, in
// chunks, without building the message in memory (the reproducer of 10^6 nodes is 28 MB),
// for the tests of the layer limit. Every node has the same size (fixed-width tensor names), so the
// graph's length is known before it is written. Field numbers follow onnx/onnx.proto.
import * as fs from 'node:fs';
import { toBytes, encodeModel, varintBytes, DT } from './onnxEncode';

function field(tag: number, payload: Uint8Array): Uint8Array {
  const head = [...varintBytes(BigInt(tag)), ...varintBytes(BigInt(payload.length))];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

const text = (s: string) => new TextEncoder().encode(s);

/** Writes the chain model to `file`; `dims` is the graph input's shape. */
export function writeReluChain(file: string, n: number, dims: number[] = [1, 8]): void {
  const width = String(n).length;
  const name = (i: number) => `t${String(i).padStart(width, '0')}`;
  const node = (i: number) => field(0x0a, new Uint8Array([...field(0x0a, text(name(i))), ...field(0x12, text(name(i + 1))), ...field(0x22, text('Relu'))]));
  const nodeSize = node(0).length;
  // The rest of the graph (name, input, output) and the model around it, from the test encoder.
  const rest = toBytes(encodeModel({ irVersion: 7, opsets: [{ domain: '', version: 13 }], graph: { name: 'chain', nodes: [], initializers: [], inputs: [{ name: name(0), elemType: DT.float, dims }], outputs: [{ name: name(n), elemType: DT.float, dims }] } }));
  // `rest` is: ir_version, graph (tag 0x3a, length, body), opset. Re-frame the graph with the nodes in front.
  let p = 0;
  const readVarint = (): number => {
    let v = 0;
    let s = 0;
    for (;;) {
      const b = rest[p++];
      v += (b & 0x7f) * 2 ** s;
      s += 7;
      if (b < 0x80) return v;
    }
  };
  const irEnd = 2;
  p = irEnd;
  if (rest[p++] !== 0x3a) throw new Error('unexpected encoding');
  const graphLen = readVarint();
  const graphBody = rest.subarray(p, p + graphLen);
  const opset = rest.subarray(p + graphLen);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, rest.subarray(0, irEnd));
    fs.writeSync(fd, new Uint8Array([0x3a, ...varintBytes(BigInt(nodeSize * n + graphBody.length))]));
    const batch = 10_000;
    for (let i = 0; i < n; i += batch) {
      const count = Math.min(batch, n - i);
      const chunk = new Uint8Array(nodeSize * count);
      for (let k = 0; k < count; k++) chunk.set(node(i + k), k * nodeSize);
      fs.writeSync(fd, chunk);
    }
    fs.writeSync(fd, graphBody);
    fs.writeSync(fd, opset);
  } finally {
    fs.closeSync(fd);
  }
}
