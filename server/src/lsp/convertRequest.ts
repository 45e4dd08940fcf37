// roofline/convertToModelFile: an equivalent .nnm of a model of another format (an ONNX file read
// from disk, or an open prototxt / cfg), for what-if edits; its counts equal the import's.
import { toNnm } from '../core';
import type { ConvertParams, ConvertResult } from '../protocol/lsp';
import type { AnalysedDocuments } from './documents';
import { analyzeFileUri } from './fileDocuments';

export function convertToModelFile(documents: AnalysedDocuments, p: ConvertParams): ConvertResult {
  const open = documents.current(p.uri)?.analysis;
  const analysis = open ?? analyzeFileUri(p.uri);
  if ('error' in analysis) return { error: analysis.error };
  const model = analysis.models[0];
  if (!model) return { error: analysis.diagnostics.find((d) => d.severity === 'error')?.message ?? 'the file has no model' };
  const fileName = decodeURIComponent(p.uri.slice(p.uri.lastIndexOf('/') + 1));
  return toNnm(model, { title: `converted from ${fileName}` });
}
