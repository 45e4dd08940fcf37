// `--target NAME|FILE`: a target by name (a `hardware` block of the model file, or the catalog),
// or a `*.target.json` file read from disk (errors in it printed as file:line:col diagnostics).
import * as path from 'node:path';
import { findTarget, LIMITS, LineIndex, type Target, targetFromJson } from '../core';
import { FileReadError, readTextFile } from '../formats-node/safeRead';
import { UsageError } from './args';
import type { CliIO } from './io';

/** What `--target` names: a Target read from a file, or a name to look up later. */
export function targetOption(value: string | undefined, io: CliIO): Target | string | undefined {
  if (value === undefined) return undefined;
  const looksLikeFile = value.endsWith('.json') || value.includes('/') || value.includes(path.sep);
  if (!looksLikeFile) return value;
  let text: string;
  try {
    text = readTextFile(value, LIMITS.targetFileBytes);
  } catch (e) {
    throw new UsageError(e instanceof FileReadError ? `target file: ${e.message}` : `cannot read target file ${value}: ${String(e)}`);
  }
  const r = targetFromJson(text, { file: path.basename(value), findBase: findTarget });
  const lines = new LineIndex(text);
  for (const d of r.diagnostics) {
    const p = lines.position(d.span.start);
    io.err(`${value}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  }
  if (!r.target || r.diagnostics.some((d) => d.severity === 'error')) throw new UsageError(`target file ${value} has errors`);
  return r.target;
}
