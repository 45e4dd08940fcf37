// The one way the command line and the language server read a file from disk (model files of every
// format, target files, the panel's files): only a regular file, of at most a given size, is read.
// A directory, a named pipe (FIFO, which would block the reader until a writer comes), a device
// (/dev/zero never ends), a socket, a symbolic link loop, a missing file and a file past its size
// limit are each a clear one-line error (`FileReadError`), never a hang, an endless read or a stack
// trace. The file is checked before it is opened, opened without blocking, and checked again on the
// open descriptor (the same file, still regular), so a file swapped in between cannot slip through.
import * as fs from 'node:fs';
import { formatBytes } from '../protocol/format';

/** A file that cannot be read: the message is one line, `cannot read <file>: <why>`. */
export class FileReadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** The node error code, when there is one (ENOENT, ELOOP...). */
    readonly code?: string,
  ) {
    super(`cannot read ${file}: ${reason}`);
    this.name = 'FileReadError';
  }
}

/** A regular file open for reading. */
export interface OpenFile {
  fd: number;
  size: number;
  close(): void;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file (ENOENT)',
  ENOTDIR: 'a part of its path is not a folder (ENOTDIR)',
  ELOOP: 'a loop of symbolic links (ELOOP)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'permission denied (EPERM)',
  ENAMETOOLONG: 'the path is too long (ENAMETOOLONG)',
  EISDIR: 'it is a directory',
  ENOSPC: 'no space left on the device (ENOSPC)',
  EDQUOT: 'the disk quota is used up (EDQUOT)',
  EFBIG: 'the file is too large for its file system (EFBIG)',
  EIO: 'an input/output error of the device (EIO)',
  EROFS: 'a read-only file system (EROFS)',
};

/** Why a file could not be read or written, in words ('permission denied (EACCES)'), from node's error; `missing` words ENOENT (a write: its folder is missing). */
export function systemReason(e: unknown, missing = REASONS.ENOENT): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return missing;
  return (code && REASONS[code]) ?? code ?? (e instanceof Error ? e.message : String(e));
}

function systemError(file: string, e: unknown): FileReadError {
  return new FileReadError(file, systemReason(e), (e as NodeJS.ErrnoException).code);
}

/** Why a file of `size` bytes is not read when it may have `maxBytes` ('for this kind of file', or for the kind named). */
export function tooLargeReason(size: number, maxBytes: number, kind = 'this kind of file'): string {
  return `it is ${formatBytes(size)}, beyond the limit of ${formatBytes(maxBytes)} for ${kind}`;
}

/** Why a file of these stats is not read, or undefined for a regular file within `maxBytes`. */
function refusal(st: fs.Stats, maxBytes: number): string | undefined {
  if (st.isDirectory()) return 'it is a directory';
  if (st.isFIFO()) return 'it is a named pipe (FIFO), not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'it is a device, not a regular file';
  if (st.isSocket()) return 'it is a socket, not a regular file';
  if (!st.isFile()) return 'it is not a regular file';
  if (st.size > maxBytes) return tooLargeReason(st.size, maxBytes);
  return undefined;
}

/** Flags that open without blocking (a FIFO swapped in after the check) where the platform has them. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Opens `file` if it is a regular file of at most `maxBytes` (symbolic links followed); throws a
 * FileReadError otherwise. `display` names the file in the message (a base name, or the path as
 * the user wrote it).
 */
export function openRegularFile(file: string, maxBytes: number, display: string = file): OpenFile {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw systemError(display, e);
  }
  const before = refusal(st, maxBytes);
  if (before) throw new FileReadError(display, before);
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    throw systemError(display, e);
  }
  try {
    const now = fs.fstatSync(fd);
    const after = now.dev !== st.dev || now.ino !== st.ino ? 'it changed while it was being opened' : refusal(now, maxBytes);
    if (after) throw new FileReadError(display, after);
    return { fd, size: now.size, close: () => fs.closeSync(fd) };
  } catch (e) {
    fs.closeSync(fd);
    throw e instanceof FileReadError ? e : systemError(display, e);
  }
}

/** The bytes of a regular file of at most `maxBytes` (read to the size it had when opened, never past `maxBytes`). */
export function readRegularFile(file: string, maxBytes: number, display: string = file): Uint8Array {
  const f = openRegularFile(file, maxBytes, display);
  try {
    const buf = new Uint8Array(Math.min(f.size, maxBytes));
    let done = 0;
    while (done < buf.length) {
      const n = fs.readSync(f.fd, buf, done, buf.length - done, done);
      if (n <= 0) break;
      done += n;
    }
    return done === buf.length ? buf : buf.subarray(0, done);
  } catch (e) {
    throw e instanceof FileReadError ? e : systemError(display, e);
  } finally {
    f.close();
  }
}

/**
 * All of a stream's bytes (standard input: fd 0), at most `maxBytes`: past them, a FileReadError, so
 * that `roofline analyze - < /dev/zero` ends with one line instead of exhausting the memory.
 */
export function readStream(fd: number, maxBytes: number, display: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const chunk = new Uint8Array(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe with nothing yet: wait a little (synchronously) and read again.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break;
      throw systemError(display, e);
    }
    if (n <= 0) break;
    total += n;
    if (total > maxBytes) throw new FileReadError(display, `it is more than ${formatBytes(maxBytes)}, the limit of standard input (give the file's path instead)`);
    chunks.push(chunk.slice(0, n));
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The text (UTF-8) of a regular file of at most `maxBytes`. */
export function readTextFile(file: string, maxBytes: number, display: string = file): string {
  return new TextDecoder('utf-8').decode(readRegularFile(file, maxBytes, display));
}
