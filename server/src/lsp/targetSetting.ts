// Turns the `roofline.target` setting into what the analysis takes: a catalog or hardware-block
// name as it is, or a `*.target.json` file read from disk (relative to the first workspace
// folder). A target file that cannot be read or has errors is reported once in the log and the
// name is passed on, so that the status bar says the target is unknown.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTarget, type Target, targetFromJson } from '../core';

export function resolveTargetSetting(value: string, workspaceFolders: string[], log: (m: string) => void): Target | string {
  if (!value.endsWith('.json')) return value;
  const base = workspaceFolders[0] ? (workspaceFolders[0].startsWith('file:') ? fileURLToPath(workspaceFolders[0]) : workspaceFolders[0]) : process.cwd();
  const file = path.isAbsolute(value) ? value : path.join(base, value);
  try {
    const r = targetFromJson(fs.readFileSync(file, 'utf8'), { file: path.basename(file), findBase: findTarget });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (r.target && errors.length === 0) return r.target;
    log(`target file ${file}: ${errors.map((d) => `${d.code} ${d.message}`).join('; ') || 'no target'}`);
  } catch (e) {
    log(`target file ${file} cannot be read: ${String(e)}`);
  }
  return value;
}
