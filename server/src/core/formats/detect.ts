// Which format a model file is in: by its extension first, then by its content (an ONNX file is
// binary protobuf; a Darknet cfg starts with a [net] section; a Caffe prototxt has layer { } or
// input_dim; a SCALE-Sim topology is a CSV with a 'Layer name' header).
import type { ModelFormat } from './common';

export function formatByName(fileName: string): ModelFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.nnm')) return 'nnm';
  if (lower.endsWith('.onnx')) return 'onnx';
  if (lower.endsWith('.prototxt')) return 'caffe';
  if (lower.endsWith('.cfg')) return 'darknet';
  if (lower.endsWith('.csv')) return 'scalesim';
  return undefined;
}

/** Characters of a file's start that the content checks read. */
const HEAD_CHARS = 4096;

/**
 * True when a line of `text` (its first `limit` characters) starts, after white space, with what
 * `test` accepts (given the line's first 64 characters). One pass over the lines: no regular
 * expression spans lines, so white space cannot make a check backtrack over the whole text.
 */
function someLineStarts(text: string, test: RegExp, limit = HEAD_CHARS): boolean {
  const n = Math.min(text.length, limit);
  let i = 0;
  while (i < n) {
    let end = text.indexOf('\n', i);
    if (end < 0 || end > n) end = n;
    let k = i;
    while (k < end && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r' || text[k] === '\f' || text[k] === '\v')) k++;
    if (k < end && test.test(text.slice(k, Math.min(end, k + 64)))) return true;
    i = end + 1;
  }
  return false;
}

/** True when a line of the text is a Darknet `[net]` (or `[network]`) section header. */
export function hasNetSection(text: string, limit = HEAD_CHARS): boolean {
  return someLineStarts(text, /^\[(net|network)\]/, limit);
}

/** Guesses the format of a file's first bytes (decoded as Latin-1 when not text). */
export function formatByContent(head: string): ModelFormat {
  const text = head.slice(head.charCodeAt(0) === 0xfeff ? 1 : 0, HEAD_CHARS + 1);
  if (hasNetSection(text)) return 'darknet';
  if (someLineStarts(text, /^(layers?\s*\{|input_dim\s*:|input\s*:\s*"|name\s*:\s*")/)) return 'caffe';
  if (someLineStarts(text, /^layer\s*name\s*[,\t]/i)) return 'scalesim';
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
