// Model files the editor does not hold as text documents (ONNX, shown by a custom editor; a model
// config.json, which is not synchronised to the server) are read from disk here, by their file:
// URI, through a file descriptor (an ONNX file's weights are skipped, never read), through the safe
// reader (formats-node/safeRead.ts: regular files only, within their size limit). A JSON file that
// is not a model config is answered as such, not with the model language's syntax errors.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMITS, type AnalysisOptions, type RooflineAnalysis } from '../core';
import { analyzeModelFile } from '../formats-node/fileSource';
import { FileReadError } from '../formats-node/safeRead';

/** The analysis of a model file on disk (costed when the options give a target); an error message
 *  when it cannot be read. */
export function analyzeFileUri(uri: string, options: AnalysisOptions = {}): RooflineAnalysis | { error: string } {
  if (!uri.startsWith('file:')) return { error: `only files on disk can be read (${uri})` };
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch (e) {
    return { error: `not a file path: ${uri}` };
  }
  try {
    const analysis = analyzeModelFile(file, { fileName: path.basename(file), timeBudgetMs: LIMITS.serverAnalysisMs, maxLayers: LIMITS.editorLayers, ...options });
    const name = path.basename(file);
    if (analysis.models.length === 0 && /\.jsonc?$/i.test(name) && !analysis.diagnostics.some((d) => d.code.startsWith('RL81'))) {
      return { error: `${name} is not a model config (a Hugging Face config.json: a JSON object with model_type and architectures)` };
    }
    return analysis;
  } catch (e) {
    // A FileReadError says why in one line (a directory, a pipe, a device, too large...).
    return { error: e instanceof FileReadError ? e.message : `cannot read ${path.basename(file)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
}
