// Which format a model file is in: by its extension first, then by its content (an ONNX file is
// binary protobuf; a GGUF file starts with 'GGUF'; a Darknet cfg starts with a [net] section; a
// Caffe prototxt has layer { } or input_dim; a SCALE-Sim topology is a CSV with a 'Layer name'
// header; a Hugging Face config is a JSON object with model_type / architectures: by content only,
// so other JSON files are not claimed).
import type { ModelFormat } from './common';
import { looksLikeGguf } from './gguf';
import { looksLikeHfConfig } from './hf';

export function formatByName(fileName: string): ModelFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.nnm')) return 'nnm';
  if (lower.endsWith('.onnx')) return 'onnx';
  if (lower.endsWith('.prototxt')) return 'caffe';
  if (lower.endsWith('.cfg')) return 'darknet';
  if (lower.endsWith('.csv')) return 'scalesim';
  if (lower.endsWith('.gguf')) return 'gguf';
  return undefined;
}

/** Guesses the format of a file's first bytes (decoded as Latin-1 when not text). */
export function formatByContent(head: string): ModelFormat {
  const text = head.replace(/^\uFEFF/, '');
  if (looksLikeGguf(text)) return 'gguf';
  if (looksLikeHfConfig(text)) return 'hf';
  if (/^\s*\[(net|network)\]/m.test(text)) return 'darknet';
  if (/^\s*(layers?\s*\{|input_dim\s*:|input\s*:\s*"|name\s*:\s*")/m.test(text)) return 'caffe';
  if (/^\s*layer\s*name\s*[,\t]/im.test(text)) return 'scalesim';
  // Printable text is taken for the model language; anything else for binary ONNX.
  const sample = text.slice(0, 512);
  let binary = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) binary++;
  }
  return binary > 0 ? 'onnx' : 'nnm';
}

export function detectFormat(fileName: string, head: string): ModelFormat {
  return formatByName(fileName) ?? formatByContent(head);
}
