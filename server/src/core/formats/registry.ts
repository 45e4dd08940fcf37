// The model formats, one line each: a new format is its folder (exporting its entry, see
// format.ts) and its line here. Detection (detect.ts), the one entry for all formats
// (analyzeDocument.ts), the editor's documents (lsp/documents.ts) and, checked by
// test/contributions.test.ts, package.json's languages, activation events, menus and custom
// editors follow from this list.
//
// The order is the order in which a file's content is tried when its name does not say: the text
// formats that recognise a header first (a Hugging Face config by its keys), then the model
// language for any other printable text, then GGUF by its magic, then ONNX for anything binary.
import { caffeFormat } from './caffe';
import { darknetFormat } from './darknet';
import type { FormatEntry } from './format';
import { ggufFormat } from './gguf';
import { hfFormat } from './hf';
import { nnmFormat } from './nnm';
import { onnxFormat } from './onnx';
import { scalesimFormat } from './scalesim';

export const FORMATS = [darknetFormat, caffeFormat, scalesimFormat, hfFormat, nnmFormat, ggufFormat, onnxFormat] as const;

type Entries = (typeof FORMATS)[number];
export type ModelFormat = Entries['id'];
export type TextFormatId = Extract<Entries, { kind: 'text' }>['id'];

const BY_ID = new Map<string, FormatEntry>(FORMATS.map((f) => [f.id, f]));

/** The registry's entry of a format. */
export function formatEntry(id: ModelFormat): Entries {
  return BY_ID.get(id) as Entries;
}

/** 'an ONNX file', 'a GGUF file': a file of the format, named by its title. */
export function formatFileWords(id: ModelFormat): string {
  const title = formatEntry(id).title;
  return `${/^[AEIOU]/.test(title) ? 'an' : 'a'} ${title} file`;
}
