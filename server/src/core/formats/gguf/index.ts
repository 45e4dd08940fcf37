// The GGUF importer: analyzeGgufSource(source, options) -> FileAnalysis, reading only the header
// through a random-access ByteSource (analyzeGguf.ts); looksLikeGguf tells a GGUF file by its magic;
// the format's registry entry.
import type { BinaryFormat } from '../format';
import { analyzeGgufSource } from './analyzeGguf';

export { analyzeGgufSource, type GgufOptions } from './analyzeGguf';

/** The first bytes (as Latin-1 text) start with the GGUF magic. */
export function looksLikeGguf(head: string): boolean {
  return head.startsWith('GGUF');
}

/** GGUF (llama.cpp / ggml): binary, its header read through a source; shown in the editor by the
 *  panel's custom editor, as ONNX. */
export const ggufFormat: BinaryFormat<'gguf'> = {
  id: 'gguf',
  kind: 'binary',
  title: 'GGUF',
  extensions: ['.gguf'],
  customEditor: 'roofline.onnx',
  sniff: looksLikeGguf,
  analyze: (source, options) => analyzeGgufSource(source, options),
};
