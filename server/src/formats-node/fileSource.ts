// A ByteSource over a file descriptor (node only, outside the core): the ONNX reader asks for small
// windows around the fields it reads and skips weight payloads by offset, so a model with a
// gigabyte of weights is read in a few hundred kilobytes. `analyzeOnnxFile` opens, analyses and
// closes a file; `analyzeModelFile` does the same for a model file of any format (the core
// detects the format from the first bytes and decodes a text format as UTF-8).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, type AnalysisOptions, type ByteSource, type ModelFormat, type RooflineAnalysis } from '../core';

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

/** Analyses a model file of any format (costed when the options give a target), reading only what
 *  it needs of an ONNX file; the format is detected from the first bytes unless given. Throws only
 *  if the file cannot be opened. */
export function analyzeModelFile(file: string, options: AnalysisOptions = {}, format?: ModelFormat): RooflineAnalysis & { bytesRead: number } {
  const fd = fs.openSync(file, 'r');
  try {
    const source = new FileSource(fd);
    const analysis = analyze(format ? { source, format } : { source }, { fileName: path.basename(file), ...options });
    return Object.assign(analysis, { bytesRead: source.bytesRead });
  } finally {
    fs.closeSync(fd);
  }
}

/** Analyses an ONNX file by reading only what it needs. Throws only if the file cannot be opened. */
export function analyzeOnnxFile(file: string, options: AnalysisOptions = {}): RooflineAnalysis & { bytesRead: number } {
  return analyzeModelFile(file, options, 'onnx');
}
