// The ONNX importer's entry points: `analyzeOnnx(bytes, options)` for a file in memory and
// `analyzeOnnxSource(source, options)` for any random-access ByteSource (a file descriptor, so
// that weight payloads are skipped by seeking and never read). Both return a FileAnalysis like the
// model language's (text '', every diagnostic at span 0..0, naming the node and its byte offset)
// and never throw: a corrupt or truncated file is one RL601 error with the offset where reading
// failed.
import type { FileAnalysis } from '../../analyze';
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic } from '../../diagnostics/types';
import type { Precision } from '../../precision';
import { importedAnalysis } from '../common';
import { looksBinary, type BinaryFormat } from '../format';
import { MemorySource, type ByteSource } from './byteSource';
import { inferGraph } from './infer';
import { readModel } from './model';
import { WireError, WireReader } from './wire';

export type { ByteSource } from './byteSource';
export { MemorySource } from './byteSource';

export interface OnnxOptions {
  /** The file's name (names the model when its graph has no name). */
  fileName?: string;
  /** Values of the symbolic dimensions (dim_param: batch, sequence...); default 1. */
  params?: Record<string, number>;
  /** Overrides the precision the weights imply (float fp32, float16 fp16, int8 int8...). */
  precision?: Precision;
}

const NO_SPAN = { start: 0, end: 0 };

function corrupt(message: string, offset: number, size: number): Diagnostic {
  // Failing within the first bytes on anything but a cut-off file suggests another format.
  const hint = offset < 16 && !message.includes('past the end of the file') ? ' (is this an ONNX model file?)' : '';
  return diag('RL601', NO_SPAN, `${message} (at byte ${offset} of ${size})${hint}`);
}

export function analyzeOnnxSource(source: ByteSource, options: OnnxOptions = {}): FileAnalysis {
  try {
    const r = new WireReader(source);
    const model = readModel(r);
    if (!model.graph) return importedAnalysis('', [], [corrupt('the file has no graph', source.size, source.size)]);
    const { model: result, diagnostics } = inferGraph(model, model.graph, options);
    return importedAnalysis('', [result], diagnostics);
  } catch (e) {
    if (e instanceof WireError) return importedAnalysis('', [], [corrupt(e.message, e.offset, source.size)]);
    // Not expected: a bug, reported rather than thrown (the core never throws on bad input).
    return importedAnalysis('', [], [diag('RL601', NO_SPAN, `internal error while reading the file: ${String(e)}`)]);
  }
}

export function analyzeOnnx(bytes: Uint8Array, options: OnnxOptions = {}): FileAnalysis {
  return analyzeOnnxSource(new MemorySource(bytes), options);
}

/** ONNX: binary protobuf, shown in the editor by the panel's custom editor. */
export const onnxFormat: BinaryFormat<'onnx'> = {
  id: 'onnx',
  kind: 'binary',
  title: 'ONNX',
  extensions: ['.onnx'],
  customEditor: 'roofline.onnx',
  sniff: looksBinary,
  analyze: (source, options) => analyzeOnnxSource(source, options),
};
