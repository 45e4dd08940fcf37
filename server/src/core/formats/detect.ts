// Which format a model file is in (formats in registry.ts): by its extension first, then by its
// content (each format's `sniff`, in the registry's order). And whether an editor's text document
// is a model at all (a binary format is not; a .cfg without a [net] section is no Darknet network).
import type { ByteSource } from './onnx/byteSource';
import { formatEntry, FORMATS, type ModelFormat, type TextFormatId } from './registry';

export function formatByName(fileName: string): ModelFormat | undefined {
  const lower = fileName.toLowerCase();
  return FORMATS.find((f) => f.extensions.some((e) => lower.endsWith(e)))?.id;
}

/** Characters of a file's start that the content checks read. */
const HEAD_CHARS = 4096;

/** Guesses the format of a file's first bytes (decoded as Latin-1 when not text): its first 4 KB. */
export function formatByContent(head: string): ModelFormat {
  const text = head.slice(head.charCodeAt(0) === 0xfeff ? 1 : 0, HEAD_CHARS + 1);
  return FORMATS.find((f) => f.sniff(text))?.id ?? 'onnx';
}

export function detectFormat(fileName: string, head: string): ModelFormat {
  return formatByName(fileName) ?? formatByContent(head);
}

/** The first bytes of a source as Latin-1 text, enough to recognise a format. */
function headOf(source: ByteSource): string {
  const bytes = source.read(0, Math.min(source.size, HEAD_CHARS));
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

/** The format of a file read through a random-access source: by its name, else by its first bytes. */
export function detectSourceFormat(fileName: string, source: ByteSource): ModelFormat {
  return formatByName(fileName) ?? formatByContent(headOf(source));
}

/** The format of an editor's text document, or undefined when it is no model of a format we read
 *  as text (a binary format, or a file whose shared extension its content does not confirm). */
export function documentFormat(fileName: string, text: string): TextFormatId | undefined {
  const entry = formatEntry(detectFormat(fileName, text));
  if (entry.kind !== 'text') return undefined;
  if (entry.contentRequired && !entry.sniff(text.replace(/^\uFEFF/, ''))) return undefined;
  return entry.id;
}
