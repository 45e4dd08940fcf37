// A ByteSource over a file descriptor (node only, outside the core): the ONNX reader asks for small
// windows around the fields it reads and skips weight payloads by offset, so a model with a
// gigabyte of weights is read in a few hundred kilobytes. `analyzeOnnxFile` opens, analyses and
// closes a file; `analyzeModelFile` does the same for a model file of any format (the core
// detects the format from the first bytes and decodes a text format as UTF-8). Files are opened
// through safeRead.ts only: a regular file within its size limit, never a pipe or a device.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, detectSourceFormat, formatEntry, formatFileWords, LIMITS, type AnalysisOptions, type ByteSource, type ModelFormat, type RooflineAnalysis } from '../core';
import { FileReadError, openRegularFile, tooLargeReason } from './safeRead';

export class FileSource implements ByteSource {
  readonly size: number;
  /** Bytes read so far (a measure of how much of the file the reader touched). */
  bytesRead = 0;
  private buf: Uint8Array;

  constructor(
    private readonly fd: number,
    readonly window = 64 * 1024,
  ) {
    this.size = fs.fstatSync(fd).size;
    this.buf = new Uint8Array(window);
  }

  read(offset: number, length: number): Uint8Array {
    if (length > this.buf.length) this.buf = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, this.buf, done, length - done, offset + done);
      if (n <= 0) break;
      done += n;
    }
    this.bytesRead += done;
    return this.buf.subarray(0, done);
  }
}

/** Bytes a text model file may have: the characters of LIMITS.textChars at up to 4 bytes each in UTF-8
 *  (the core then counts the characters and reports RL107 past the limit). */
export const TEXT_FILE_BYTES = 4 * LIMITS.textChars;

/**
 * Bytes a model file of `format` may have: a text file TEXT_FILE_BYTES; an ONNX file
 * LIMITS.onnxFileBytes (its weights are skipped, never read); a GGUF file any size (only its header
 * is read, within the limits of the header reader: a 70B model quantised to 4 bits is 39 GB).
 */
function fileBytesLimit(format: ModelFormat): number {
  if (formatEntry(format).kind === 'text') return TEXT_FILE_BYTES;
  return format === 'onnx' ? LIMITS.onnxFileBytes : Number.MAX_SAFE_INTEGER;
}

/**
 * Opens a model file of any format through the safe reader (safeRead.ts: a regular file only): its
 * format from the name or the first bytes, and a source over it, within the size its format may
 * have (fileBytesLimit). Throws a FileReadError (one line) when the file cannot or must not be read.
 */
export function openModelFile(file: string, format?: ModelFormat, display: string = file): { source: FileSource; format: ModelFormat; close: () => void } {
  const f = openRegularFile(file, Number.MAX_SAFE_INTEGER, display);
  try {
    const source = new FileSource(f.fd);
    const detected = format ?? detectSourceFormat(path.basename(file), source);
    const limit = fileBytesLimit(detected);
    if (source.size > limit) {
      const kind = formatEntry(detected).kind === 'text' ? 'a text model file' : formatFileWords(detected);
      throw new FileReadError(display, tooLargeReason(source.size, limit, kind));
    }
    return { source, format: detected, close: f.close };
  } catch (e) {
    f.close();
    throw e;
  }
}

/** Analyses a model file of any format (costed when the options give a target), reading only what
 *  it needs of an ONNX file; the format is detected from the first bytes unless given. Throws a
 *  FileReadError (one line) if the file cannot or must not be read (safeRead.ts). */
export function analyzeModelFile(file: string, options: AnalysisOptions = {}, format?: ModelFormat): RooflineAnalysis & { bytesRead: number } {
  const opened = openModelFile(file, format, options.fileName ?? file);
  try {
    const analysis = analyze({ source: opened.source, format: opened.format }, { fileName: path.basename(file), ...options });
    return Object.assign(analysis, { bytesRead: opened.source.bytesRead });
  } finally {
    opened.close();
  }
}

/** Analyses an ONNX file by reading only what it needs. Throws only if the file cannot be opened. */
export function analyzeOnnxFile(file: string, options: AnalysisOptions = {}): RooflineAnalysis & { bytesRead: number } {
  return analyzeModelFile(file, options, 'onnx');
}
