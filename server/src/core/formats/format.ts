// What a model format is to the rest of the tool: its name, its file extensions, how its content is
// recognised, the editor's language id for its documents, and how it is analysed (text, or bytes
// through a random-access source) into a FileAnalysis of the same model graph as the model
// language's. Each format's folder exports one such entry; registry.ts lists them.
import type { FileAnalysis } from '../analyze';
import type { PrecisionOption } from '../precision';
import type { ByteSource } from './onnx/byteSource';

export interface FormatOptions {
  /** The file's name (sources of figures, and the model's name when the file gives none). */
  fileName?: string;
  /** Values of the file's parameters (symbolic dimensions), by name. */
  params?: Record<string, number>;
  /** Overrides the file's precision: one datatype, or one per role (weights, activations, kv). */
  precision?: PrecisionOption;
}

interface FormatBase<Id extends string> {
  id: Id;
  /** The name users know it by: 'Caffe prototxt'. */
  title: string;
  /** File name endings, lower case, with the dot: ['.prototxt']. */
  extensions: readonly string[];
  /** Recognises the format by the first bytes of a file (as Latin-1 text), when its name does not
   *  say. Formats are tried in the registry's order. */
  sniff: (head: string) => boolean;
  /** The extension is shared with other kinds of file (.cfg): a document of that name is this
   *  format only when `sniff` says so too (the editor leaves the others alone). */
  contentRequired?: boolean;
  /** The editor's language id for documents of this format (package.json `contributes.languages`). */
  languageId?: string;
  /** The view type of the editor's custom editor for files of this format (binary formats). */
  customEditor?: string;
}

/** A format read from text. */
export interface TextFormat<Id extends string = string> extends FormatBase<Id> {
  kind: 'text';
  /** The analysis of a text within the size limits (analyzeDocument checks them first: RL107, RL108). */
  analyze: (text: string, options: FormatOptions) => FileAnalysis;
}

/** A binary format, read through a random-access source (so that weights can be skipped). */
export interface BinaryFormat<Id extends string = string> extends FormatBase<Id> {
  kind: 'binary';
  analyze: (source: ByteSource, options: FormatOptions) => FileAnalysis;
}

export type FormatEntry<Id extends string = string> = TextFormat<Id> | BinaryFormat<Id>;

/** True when a file's first bytes hold a control character other than tab and line breaks. */
export function looksBinary(head: string): boolean {
  const sample = head.slice(0, 512);
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) return true;
  }
  return false;
}
