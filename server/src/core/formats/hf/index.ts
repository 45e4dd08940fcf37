// The Hugging Face config.json importer: analyzeHfConfig(text, options) -> FileAnalysis
// (analyzeHfConfig.ts), and the content test that recognises a model config among JSON files.
export { analyzeHfConfig, type HfOptions } from './analyzeHfConfig';

/**
 * A JSON object that names a model_type or its architectures near its start: a model config. Only
 * the content decides (a .json file is not claimed for its extension); the importer then checks
 * both keys.
 */
export function looksLikeHfConfig(head: string): boolean {
  return /^\uFEFF?\s*\{/.test(head) && /"(model_type|architectures)"\s*:/.test(head);
}
