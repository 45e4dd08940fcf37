// The GGUF importer: analyzeGgufSource(source, options) -> FileAnalysis, reading only the header
// through a random-access ByteSource (analyzeGguf.ts); looksLikeGguf tells a GGUF file by its magic.
export { analyzeGgufSource, type GgufOptions } from './analyzeGguf';

/** The first bytes (as Latin-1 text) start with the GGUF magic. */
export function looksLikeGguf(head: string): boolean {
  return head.startsWith('GGUF');
}
