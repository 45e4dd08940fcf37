// One entry for every format of the registry (registry.ts): a text format from its text, a binary
// one from a random-access byte source (the text of a binary format is read as its Latin-1 bytes;
// the bytes of a text format are decoded as UTF-8, a BOM kept). Each gives the same FileAnalysis
// (the same model graph), so costing, the panel, the language server and the CLI work on all of
// them unchanged. Pure; never throws.
import type { AnalyzeOptions, FileAnalysis } from '../analyze';
import type { FormatOptions } from './format';
import { MemorySource, type ByteSource } from './onnx/byteSource';
import { formatEntry, type ModelFormat } from './registry';
import { importedAnalysis } from './common';
import { textLimitDiagnostic } from '../diagnostics/limitDiagnostics';

export type DocumentInput = { format: ModelFormat; text: string } | { format: ModelFormat; source: ByteSource };

function latin1Bytes(text: string): ByteSource {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return new MemorySource(bytes);
}

function utf8Text(source: ByteSource): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(source.read(0, source.size));
}

/** The analysis without its models' syntax and its references (AnalyzeOptions.syntax false). */
function withoutModelSyntax(a: FileAnalysis): FileAnalysis {
  return { ...a, file: { ...a.file, items: a.file.items.filter((i) => i.kind !== 'model') }, references: [] };
}

export function analyzeDocument(input: DocumentInput, options: AnalyzeOptions = {}): FileAnalysis {
  const o: FormatOptions = { fileName: options.fileName, params: options.params, precision: options.precision };
  const entry = formatEntry(input.format);
  if (entry.kind === 'text') {
    const text = 'text' in input ? input.text : utf8Text(input.source);
    // Text past the limits (core/limits.ts) is not parsed at all: one RL107 or RL108.
    const tooLarge = textLimitDiagnostic(text);
    if (tooLarge) return importedAnalysis(text, [], [tooLarge]);
    const analysis = entry.analyze(text, o);
    return options.syntax === false ? withoutModelSyntax(analysis) : analysis;
  }
  return entry.analyze('source' in input ? input.source : latin1Bytes(input.text), o);
}
