// The weights a GGUF file stores, summed from its tensor infos alone: elements (params) and bytes
// of every tensor at its ggml type (block-quantised types by whole blocks, ggmlTypes.ts), by type.
// These are the file's own figures, exact whatever the model built from the metadata says.
import type { StoredWeights } from '../../semantics/model';
import { ggmlType, bitsPerWeight, tensorBytes, type GgmlType } from './ggmlTypes';
import type { GgufTensorInfo } from './header';

type StoredType = StoredWeights['types'][number];

export interface TensorSize {
  info: GgufTensorInfo;
  elements: number;
  /** Its ggml type, looked up once here; undefined when this reader does not know it. */
  type?: GgmlType;
  /** Undefined when the type is unknown or the elements do not fill whole blocks. */
  bytes?: number;
  problem?: string;
}

export function tensorSize(info: GgufTensorInfo): TensorSize {
  const elements = info.dims.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(elements)) return { info, elements, problem: `tensor '${info.name}' has ${info.dims.join(' x ')} elements, beyond 2^53` };
  const type = ggmlType(info.type);
  if (!type) return { info, elements, problem: `tensor '${info.name}' has ggml type ${info.type}, which this reader does not know: its bytes are not counted` };
  const bytes = tensorBytes(type, elements);
  if (bytes === undefined) return { info, elements, type, problem: `tensor '${info.name}' (${type.name}) has ${elements} elements, not whole blocks of ${type.blockSize}: its bytes are not counted` };
  return { info, elements, type, bytes };
}

export function storedWeights(sizes: TensorSize[]): StoredWeights {
  const byType = new Map<string, StoredType>();
  let params = 0;
  let bytes = 0;
  let complete = true;
  for (const s of sizes) {
    const type = s.type;
    if (s.bytes === undefined || !type) {
      complete = false;
      continue;
    }
    params += s.elements;
    bytes += s.bytes;
    const t = byType.get(type.name) ?? { type: type.name, tensors: 0, params: 0, bytes: 0, bitsPerWeight: bitsPerWeight(type) };
    t.tensors++;
    t.params += s.elements;
    t.bytes += s.bytes;
    byType.set(type.name, t);
  }
  const types = [...byType.values()].sort((a, b) => b.bytes - a.bytes || a.type.localeCompare(b.type));
  return { tensors: sizes.length, params, bytes, types, complete };
}
