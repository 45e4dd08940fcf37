// Model files the editor does not hold as text documents (ONNX, shown by a custom editor) are read
// from disk here, by their file: URI: text formats as text, ONNX through a file descriptor so its
// weights are skipped, never read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileAnalysis } from '../core/analyze';
import { detectFormat } from '../core/formats/detect';
import { analyzeDocument } from '../core/formats/analyzeDocument';
import type { AnalyzeOptions } from '../core/analyze';
import { analyzeOnnxFile } from '../formats-node/fileSource';

/** The analysis of a model file on disk; an error message when it cannot be read. */
export function analyzeFileUri(uri: string, options: AnalyzeOptions = {}): FileAnalysis | { error: string } {
  if (!uri.startsWith('file:')) return { error: `only files on disk can be read (${uri})` };
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch (e) {
    return { error: `not a file path: ${uri}` };
  }
  const fileName = path.basename(file);
  try {
    const fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(4096);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    const format = detectFormat(fileName, head.subarray(0, n).toString('latin1'));
    if (format === 'onnx') return analyzeOnnxFile(file, { ...options, fileName });
    return analyzeDocument({ format, text: fs.readFileSync(file, 'utf8') }, { ...options, fileName });
  } catch (e) {
    return { error: `cannot read ${fileName}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
}
