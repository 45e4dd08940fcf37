// Standard output and error as the command line writes them: synchronously, to their file
// descriptors, each write whole before the next returns (a partial write goes on; a descriptor
// that would block is waited on). Node's streams keep in memory what a pipe has not taken yet (a
// pipe does not block on Linux and macOS): a 100,000-layer JSON report (137 MB) was queued whole, and a
// write cut short (its reader gone mid-write, a signal) left the stream queueing for the rest of
// the run. Here nothing is ever queued, and the streams are never made (making one turns its pipe
// to non-blocking). The first failure of a descriptor is kept and what is written after it is
// dropped; cli/main.ts says it once the run ends (a reader that stops early, as `| head` does, is
// no error). A Windows console takes its text through the stream (it converts the characters).
import * as fs from 'node:fs';
import * as tty from 'node:tty';

/** What a wait of 1 ms blocks on (Atomics.wait: the one synchronous sleep). */
const WAIT = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `data` to `fd`, synchronously; throws the system error of a failed write. */
export function writeAllSync(fd: number, data: Uint8Array): void {
  let done = 0;
  while (done < data.length) {
    try {
      done += fs.writeSync(fd, data, done, data.length - done);
    } catch (e) {
      // A descriptor another process left non-blocking, its pipe full: wait for the reader.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(WAIT, 0, 0, 1);
    }
  }
}

/** One of the standard descriptors, written synchronously. */
export class StdioWriter {
  /** The first failed write (none yet: undefined); later writes are dropped. */
  failure: NodeJS.ErrnoException | undefined;
  /** A terminal (colour is for terminals only). */
  readonly isTTY: boolean;
  /** Whether the stream's errors are listened to (a Windows console). */
  private listening = false;

  constructor(
    private readonly fd: 1 | 2,
    private readonly stream: () => NodeJS.WriteStream,
  ) {
    this.isTTY = tty.isatty(fd);
  }

  write(data: string | Uint8Array): void {
    if (this.failure) return;
    if (process.platform === 'win32' && this.isTTY) return this.toConsole(data);
    try {
      writeAllSync(this.fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    } catch (e) {
      this.failure = e as NodeJS.ErrnoException;
    }
  }

  /** A Windows console: through Node's stream (which may write later: bytes are copied, as the
   *  caller may fill its array again); its first error is kept as a failed write's, not thrown. */
  private toConsole(data: string | Uint8Array): void {
    const stream = this.stream();
    if (!this.listening) {
      this.listening = true;
      stream.on('error', (e: NodeJS.ErrnoException) => (this.failure ??= e));
    }
    stream.write(typeof data === 'string' ? data : Buffer.from(data));
  }
}

export const stdout = new StdioWriter(1, () => process.stdout);
export const stderr = new StdioWriter(2, () => process.stderr);
