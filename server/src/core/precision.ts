// Datatypes and their sizes in bytes: fp32 4, fp16/bf16 2, fp8/int8 1, int4 0.5 (cost-model.md);
// int16 2 (16-bit fixed point, as in Eyeriss and many FPGA engines).

export const PRECISION_BYTES = {
  fp32: 4,
  tf32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  int8: 1,
  int16: 2,
  int4: 0.5,
  int32: 4,
  int64: 8,
  bool: 1,
} as const;

export type Precision = keyof typeof PRECISION_BYTES;

export const PRECISIONS = Object.keys(PRECISION_BYTES) as Precision[];

export function isPrecision(s: string): s is Precision {
  return Object.prototype.hasOwnProperty.call(PRECISION_BYTES, s);
}

export function bytesOf(p: Precision): number {
  return PRECISION_BYTES[p];
}
