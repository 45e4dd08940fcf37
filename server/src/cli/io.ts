// Where the command line reads and writes: standard input, output and error, replaceable in tests.
// Colour is for a terminal only: none when the output is piped or NO_COLOR is set (no-color.org).
import { LIMITS } from './core';
import * as fs from 'node:fs';
import { readStream, systemReason } from '../formats-node/safeRead';
import { stderr, stdout } from './stdio';

export interface CliIO {
  /** One line on standard output. */
  out(line: string): void;
  /** One line on standard error. */
  err(line: string): void;
  /** Text as is on standard output (a JSON stream writes in chunks). */
  write(chunk: string): void;
  /**
   * Bytes (UTF-8) as they are on standard output, when the IO takes them: a JSON stream then never
   * joins its chunks into strings. True when the bytes are written out and the caller may fill the
   * same array again; false while the IO still holds them (a queue of writes not yet taken).
   */
  writeBytes?(chunk: Uint8Array): boolean;
  /** Colour allowed on standard output / standard error. Default: none. */
  color?: boolean;
  errColor?: boolean;
  /** All of standard input. */
  readStdin?(): Uint8Array;
}

/** Exit status when the output (standard output, or a file such as `report -o`) cannot be written (sysexits' EX_IOERR). */
export const OUTPUT_FAILED = 74;

/** An output file that cannot be written: one line (`cannot write FILE: why`), exit status OUTPUT_FAILED (run.ts). */
export class OutputError extends Error {}

/** Writes an output file, or throws an OutputError that says why not ('its folder does not exist (ENOENT)'). */
export function writeOutputFile(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new OutputError(`cannot write ${file}: ${systemReason(e, 'its folder does not exist (ENOENT)')}`);
  }
}

/**
 * What a failure to write standard output means (none: undefined): a reader that closed its end
 * early (`| head`) is no error (the status stays the run's); any other (a full disk) is one line
 * and OUTPUT_FAILED.
 */
export function outputFailure(e: NodeJS.ErrnoException | undefined): { status?: number; message?: string } {
  if (!e || e.code === 'EPIPE') return {};
  return { status: OUTPUT_FAILED, message: `roofline: cannot write the output: ${systemReason(e)}` };
}

/** Colour on a terminal unless NO_COLOR is set to anything but the empty string. */
export function colorAllowed(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/** Standard output and error, written synchronously to their descriptors (cli/stdio.ts). */
export const processIO: CliIO = {
  out: (line) => stdout.write(line + '\n'),
  err: (line) => stderr.write(line + '\n'),
  write: (chunk) => stdout.write(chunk),
  // Written out (or dropped after a failure) before the call returns: the chunk may be filled again.
  writeBytes: (chunk) => {
    stdout.write(chunk);
    return true;
  },
  color: colorAllowed(stdout, process.env),
  errColor: colorAllowed(stderr, process.env),
  // At most LIMITS.stdinBytes (formats-node/safeRead.ts): `roofline analyze - < /dev/zero` ends.
  readStdin: () => readStream(0, LIMITS.stdinBytes, '<stdin>'),
};
