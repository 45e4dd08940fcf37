// Turns the `roofline.target` setting into what the analysis takes: a catalog or hardware-block
// name as it is, or a `*.target.json` file or a SCALE-Sim config read from disk. A target path is resolved inside the
// workspace folder (relative to the first one; an absolute path, or a symbolic link, must land in
// one of them too), so that a workspace's settings cannot make the server read
// `../../../../etc/passwd.json`; with no workspace folder, only an absolute path (the user's own
// setting) is read. The file is read through the safe reader (formats-node/safeRead.ts): a regular
// file of at most LIMITS.targetFileBytes, never a pipe, a device or a directory. A target file that
// cannot be read or has errors is reported once in the log and the name is passed on, so that the
// status bar says the target is unknown.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTarget, LIMITS, type Target, targetFromFileText } from '../core';
import { FileReadError, readTextFile } from '../formats-node/safeRead';

/** The workspace folders as paths on disk (folders that are not `file:` URIs are left out). */
function folderPaths(workspaceFolders: string[]): string[] {
  const out: string[] = [];
  for (const f of workspaceFolders) {
    if (!f.startsWith('file:')) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(f)) out.push(f);
      continue;
    }
    try {
      out.push(fileURLToPath(f));
    } catch {
      // Not a path on this platform: no file can be resolved in it.
    }
  }
  return out;
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The file a target path names, checked to lie inside a workspace folder (after following
 * symbolic links); or why it is not read.
 */
export function targetFilePath(value: string, workspaceFolders: string[]): { file: string } | { error: string } {
  const folders = folderPaths(workspaceFolders);
  if (folders.length === 0) {
    if (path.isAbsolute(value)) return { file: value };
    return { error: `target file '${value}': a relative path needs a workspace folder to be resolved in` };
  }
  const file = path.isAbsolute(value) ? path.resolve(value) : path.resolve(folders[0], value);
  const real = realPath(file);
  if (!folders.some((f) => isInside(file, path.resolve(f)) && isInside(real, realPath(f)))) {
    return { error: `target file '${value}' is outside the workspace folder: it is not read` };
  }
  return { file };
}

export function resolveTargetSetting(value: string, workspaceFolders: string[], log: (m: string) => void): Target | string {
  if (!/\.(json|cfg)$/i.test(value)) return value;
  const where = targetFilePath(value, workspaceFolders);
  if ('error' in where) {
    log(where.error);
    return value;
  }
  const file = where.file;
  try {
    const r = targetFromFileText(readTextFile(file, LIMITS.targetFileBytes, value), path.basename(file), findTarget);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (r.target && errors.length === 0) return r.target;
    log(`target file ${file}: ${errors.map((d) => `${d.code} ${d.message}`).join('; ') || 'no target'}`);
  } catch (e) {
    log(e instanceof FileReadError ? `target file: ${e.message}` : `target file ${file} cannot be read: ${String(e)}`);
  }
  return value;
}
