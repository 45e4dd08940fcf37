// ONNX tensor element types (TensorProto.DataType): their names, sizes in bytes and the precision
// of the operator table they map to.
import type { Precision } from '../../precision';

interface DataTypeInfo {
  name: string;
  /** Bytes per element (0.5 for 4-bit types; 0 for strings, which have no fixed size). */
  bytes: number;
  precision: Precision;
  /** Holds whole numbers (shape arithmetic folds these). */
  integer: boolean;
}

const TYPES: Record<number, DataTypeInfo> = {
  1: { name: 'float', bytes: 4, precision: 'fp32', integer: false },
  2: { name: 'uint8', bytes: 1, precision: 'int8', integer: true },
  3: { name: 'int8', bytes: 1, precision: 'int8', integer: true },
  4: { name: 'uint16', bytes: 2, precision: 'int16', integer: true },
  5: { name: 'int16', bytes: 2, precision: 'int16', integer: true },
  6: { name: 'int32', bytes: 4, precision: 'int32', integer: true },
  7: { name: 'int64', bytes: 8, precision: 'int64', integer: true },
  8: { name: 'string', bytes: 0, precision: 'int8', integer: false },
  9: { name: 'bool', bytes: 1, precision: 'bool', integer: true },
  10: { name: 'float16', bytes: 2, precision: 'fp16', integer: false },
  // The precisions have no fp64: 8-byte types count their bytes as int64 does.
  11: { name: 'double', bytes: 8, precision: 'int64', integer: false },
  12: { name: 'uint32', bytes: 4, precision: 'int32', integer: true },
  13: { name: 'uint64', bytes: 8, precision: 'int64', integer: true },
  14: { name: 'complex64', bytes: 8, precision: 'int64', integer: false },
  15: { name: 'complex128', bytes: 16, precision: 'int64', integer: false },
  16: { name: 'bfloat16', bytes: 2, precision: 'bf16', integer: false },
  17: { name: 'float8e4m3fn', bytes: 1, precision: 'fp8', integer: false },
  18: { name: 'float8e4m3fnuz', bytes: 1, precision: 'fp8', integer: false },
  19: { name: 'float8e5m2', bytes: 1, precision: 'fp8', integer: false },
  20: { name: 'float8e5m2fnuz', bytes: 1, precision: 'fp8', integer: false },
  21: { name: 'uint4', bytes: 0.5, precision: 'int4', integer: true },
  22: { name: 'int4', bytes: 0.5, precision: 'int4', integer: true },
};

export const FLOAT = 1;
export const INT32 = 6;
export const INT64 = 7;
export const DOUBLE = 11;

export function dataTypeInfo(t: number): DataTypeInfo | undefined {
  return TYPES[t];
}

export function dataTypeName(t: number): string {
  return TYPES[t]?.name ?? `type ${t}`;
}

/**
 * The precision a model's weights imply: float -> fp32, float16 -> fp16, bfloat16 -> bf16,
 * (u)int8 -> int8, float8 -> fp8, (u)int4 -> int4; other types (int64 shapes, bool) say nothing.
 */
export function weightPrecision(t: number): Precision | undefined {
  const p = TYPES[t]?.precision;
  return p === 'fp32' || p === 'fp16' || p === 'bf16' || p === 'int8' || p === 'fp8' || p === 'int4' ? p : undefined;
}
