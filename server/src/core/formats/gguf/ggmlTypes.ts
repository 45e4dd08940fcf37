// The ggml tensor types a GGUF file can store, with their block sizes: a tensor of type T holds its
// elements in blocks of `blockSize` elements, each `typeSize` bytes, so its data takes
// elements / blockSize * typeSize bytes and its bits per weight are typeSize * 8 / blockSize.
// Block-quantised types pack a block of weights with its scales (Q4_0: 32 weights in 18 bytes, a
// fp16 scale and 16 bytes of 4-bit values, 4.5 bits per weight); the K-quants work on super-blocks
// of QK_K = 256 weights.
//
// Source: ggml (github.com/ggml-org/ggml, commit aa9d2226490f4e5fb10ef564a903054deb8ecf29):
// the enum ggml_type in include/ggml.h (the ids, as in docs/gguf.md), the block structs and their
// static_asserts in src/ggml-common.h (the bytes of each block), and type_traits in src/ggml.c
// (blck_size, type_size). Ids 4, 5 (Q4_2, Q4_3) and 31-33, 36-38 (repacked Q4_0 / IQ4_NL) are no
// longer stored in GGUF files and are not listed.

import type { Precision } from '../../precision';

export interface GgmlType {
  id: number;
  name: string;
  /** Elements per block (1 for the plain types). */
  blockSize: number;
  /** Bytes per block. */
  typeSize: number;
}

const T = (id: number, name: string, blockSize: number, typeSize: number): GgmlType => ({ id, name, blockSize, typeSize });

/** QK_K in ggml-common.h: the super-block of the K-quants, IQ and TQ types. */
const QK_K = 256;

export const GGML_TYPES: readonly GgmlType[] = [
  T(0, 'F32', 1, 4),
  T(1, 'F16', 1, 2),
  T(2, 'Q4_0', 32, 18), // fp16 d + 16 bytes of nibbles
  T(3, 'Q4_1', 32, 20), // fp16 d, m + 16
  T(6, 'Q5_0', 32, 22), // fp16 d + 4 bytes of 5th bits + 16
  T(7, 'Q5_1', 32, 24), // fp16 d, m + 4 + 16
  T(8, 'Q8_0', 32, 34), // fp16 d + 32 bytes
  T(9, 'Q8_1', 32, 36), // fp16 d, s + 32
  T(10, 'Q2_K', QK_K, 84), // 2 fp16 + QK_K/16 scales + QK_K/4 quants
  T(11, 'Q3_K', QK_K, 110), // fp16 + QK_K/4 + QK_K/8 + 12
  T(12, 'Q4_K', QK_K, 144), // 2 fp16 + K_SCALE_SIZE (12) + QK_K/2
  T(13, 'Q5_K', QK_K, 176), // 2 fp16 + 12 + QK_K/2 + QK_K/8
  T(14, 'Q6_K', QK_K, 210), // fp16 + QK_K/16 + 3 QK_K/4
  T(15, 'Q8_K', QK_K, 292), // f32 + QK_K + QK_K/16 int16
  T(16, 'IQ2_XXS', QK_K, 66), // fp16 + QK_K/8 uint16
  T(17, 'IQ2_XS', QK_K, 74), // fp16 + QK_K/8 uint16 + QK_K/32
  T(18, 'IQ3_XXS', QK_K, 98), // fp16 + 3 (QK_K/8)
  T(19, 'IQ1_S', QK_K, 50), // fp16 + QK_K/8 + QK_K/16
  T(20, 'IQ4_NL', 32, 18), // fp16 + 16
  T(21, 'IQ3_S', QK_K, 110), // fp16 + 13 (QK_K/32) + IQ3S_N_SCALE (QK_K/64)
  T(22, 'IQ2_S', QK_K, 82), // fp16 + QK_K/4 + QK_K/16
  T(23, 'IQ4_XS', QK_K, 136), // fp16 + uint16 + QK_K/64 + QK_K/2
  T(24, 'I8', 1, 1),
  T(25, 'I16', 1, 2),
  T(26, 'I32', 1, 4),
  T(27, 'I64', 1, 8),
  T(28, 'F64', 1, 8),
  T(29, 'IQ1_M', QK_K, 56), // QK_K/8 + QK_K/16 + QK_K/32
  T(30, 'BF16', 1, 2),
  T(34, 'TQ1_0', QK_K, 54), // fp16 + QK_K/64 + (QK_K - 4 QK_K/64) / 5
  T(35, 'TQ2_0', QK_K, 66), // fp16 + QK_K/4
  T(39, 'MXFP4', 32, 17), // uint8 e + 16
  T(40, 'NVFP4', 64, 36), // 4 uint8 scales (QK_NVFP4/QK_NVFP4_SUB) + 32
  T(41, 'Q1_0', 128, 18), // fp16 + QK1_0/8
  T(42, 'Q2_0', 64, 18), // fp16 + QK2_0/4
];

const BY_ID = new Map(GGML_TYPES.map((t) => [t.id, t]));

export function ggmlType(id: number): GgmlType | undefined {
  return BY_ID.get(id);
}

/** Bits per weight of a type (4.5 for Q4_0, 4.5 for Q4_K, 6.5625 for Q6_K). */
export function bitsPerWeight(t: GgmlType): number {
  return (t.typeSize * 8) / t.blockSize;
}

/** The datatype that names a type's weights for the roofline (their bytes are the type's own):
 *  F32, F16, BF16 as they are; up to 6 bits per weight int4, up to 12 int8. */
export function nearestPrecision(t: GgmlType): Precision {
  if (t.name === 'F16' || t.name === 'BF16') return t.name === 'F16' ? 'fp16' : 'bf16';
  const bits = bitsPerWeight(t);
  return bits <= 6 ? 'int4' : bits <= 12 ? 'int8' : bits <= 16 ? 'fp16' : 'fp32';
}

/** Bytes of `elements` elements of the type; undefined when they do not fill whole blocks. */
export function tensorBytes(t: GgmlType, elements: number): number | undefined {
  if (elements % t.blockSize !== 0) return undefined;
  return (elements / t.blockSize) * t.typeSize;
}
