// `--target NAME|FILE|none`: a target by name (a `hardware` block of the model file, or the
// catalog), a file read from disk, a `*.target.json` file or a SCALE-Sim config (errors in it
// printed as file:line:col diagnostics), or `none` (counts only). Without the option, a file's `use target`, else the
// editor's default target: the CLI and the editor show the same figures for the same file.
import * as path from 'node:path';
import { findTarget, LIMITS, LineIndex, looksLikeTargetFile, targetFromFileText, type Target } from './core';
import { FileReadError, readTextFile } from '../formats-node/safeRead';
import { UsageError } from './args';
import type { CliIO } from './io';
import { DEFAULT_TARGET } from '../protocol/settings';

export { DEFAULT_TARGET };

/** `--target none`: no target, counts only. */
export const NO_TARGET = 'none';

/** What `--target` names: a Target read from a file, or a name to look up later. */
export function targetOption(value: string | undefined, io: CliIO): Target | string | undefined {
  if (value === undefined || value === NO_TARGET) return value;
  if (!looksLikeTargetFile(value) && !value.includes(path.sep)) return value;
  let text: string;
  try {
    // Through the safe reader: a regular file of at most LIMITS.targetFileBytes (never a pipe or a device).
    text = readTextFile(value, LIMITS.targetFileBytes);
  } catch (e) {
    throw new UsageError(e instanceof FileReadError ? `target file: ${e.message}` : `cannot read target file ${value}: ${String(e)}`);
  }
  const r = targetFromFileText(text, path.basename(value), findTarget);
  const lines = new LineIndex(text);
  for (const d of r.diagnostics) {
    const p = lines.position(d.span.start);
    io.err(`${value}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  }
  if (!r.target || r.diagnostics.some((d) => d.severity === 'error')) throw new UsageError(`target file ${value} has errors`);
  return r.target;
}
