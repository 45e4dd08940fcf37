// The Hugging Face config.json importer: analyzeHfConfig(text, options) -> FileAnalysis
// (analyzeHfConfig.ts), the content test that recognises a model config among JSON files, and the
// format's registry entry (no extension: a .json file is a model only when its content says so).
import type { TextFormat } from '../format';
import { analyzeHfConfig } from './analyzeHfConfig';

export { analyzeHfConfig, type HfOptions } from './analyzeHfConfig';

/**
 * A JSON object that names a model_type or its architectures near its start: a model config. Only
 * the content decides (a .json file is not claimed for its extension); the importer then checks
 * both keys.
 */
export function looksLikeHfConfig(head: string): boolean {
  return /^\uFEFF?\s*\{/.test(head) && /"(model_type|architectures)"\s*:/.test(head);
}

/** A Hugging Face model config: JSON recognised by its content; the editor's JSON documents are
 *  not ours (the command `Roofline: Analyze Model Config` reads the file). */
export const hfFormat: TextFormat<'hf'> = {
  id: 'hf',
  kind: 'text',
  title: 'Hugging Face config.json',
  extensions: [],
  sniff: looksLikeHfConfig,
  analyze: (text, options) => analyzeHfConfig(text, options),
};
