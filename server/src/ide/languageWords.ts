// Words of the model language that the editor features describe: annotations with their docs and
// the tile factors' meanings. (The keywords that start statements are the core's STATEMENT_KEYWORDS.)
import { TILE_FACTORS } from '../core';

export interface AnnotationDoc {
  name: string;
  /** Snippet body after the `@` (in LSP snippet syntax). */
  snippet: string;
  doc: string;
}

export const ANNOTATION_DOCS: readonly AnnotationDoc[] = [
  {
    name: 'tile',
    snippet: 'tile($1)',
    doc: `Loop tile sizes of this layer: \`${TILE_FACTORS.join(', ')}\` (conv: output maps m, input maps n, rows r, columns c; GEMM: m, n, k). Omitted factors are chosen by the analysis.`,
  },
  { name: 'precision', snippet: 'precision($1)', doc: "This layer's datatype, overriding `use precision` (e.g. `@precision(int8)`)." },
  { name: 'fuse', snippet: 'fuse', doc: "This layer runs fused into its producer's kernel, whatever the fusion policy (`roofline.fusion`): its input stays on chip." },
  { name: 'nofuse', snippet: 'nofuse', doc: 'The layers of this statement run as kernels of their own, whatever the fusion policy (`roofline.fusion`): nothing fuses into them.' },
];

export const TILE_FACTOR_DOCS: Readonly<Record<(typeof TILE_FACTORS)[number], string>> = {
  m: 'output feature maps per tile (Tm); GEMM: rows of the output',
  n: 'input feature maps per tile (Tn); GEMM: columns of the output',
  r: 'output rows per tile (Tr)',
  c: 'output columns per tile (Tc)',
  k: 'GEMM: the inner (reduction) dimension per tile',
};

