// A full garbage collection on demand, for the command line's large files. The core evaluates a
// model, then costs it; with `syntax: false` (what the command line asks) the file's syntax tree is
// garbage from then on, but it has lived through the whole evaluation, so it sits in the engine's
// old generation until its next full collection, and V8 lets the heap grow to several times the
// live size before it runs one. On a 100,000-layer file that garbage is about 90 MB; a collection
// between evaluation and costing (AnalysisOptions.evaluated) brought the run's peak from 495-501
// to 386-390 MB (its JSON written to a file, four runs each), at about 0.1 s (docs/limits.md).
//
// Node exposes `gc` only under --expose-gc; the flag set at run time applies to contexts made
// after it, so a new context hands over its `gc` (what test runners use for leak detection).
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Text files from this size are collected after evaluation (about 30,000 layers of the model language; below it the collection costs more than the memory it saves is worth: 11 MB at 10,000 layers, for 30-50 ms). */
export const COLLECT_FROM_BYTES = 1024 * 1024;

let gc: (() => void) | undefined | null = null;

/** Runs a full collection; false when the engine gives no way to (nothing happens then). */
export function collectGarbage(): boolean {
  if (gc === null) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const found: unknown = vm.runInNewContext('typeof gc === "function" ? gc : undefined');
      gc = typeof found === 'function' ? (found as () => void) : undefined;
    } catch {
      gc = undefined;
    }
  }
  if (!gc) return false;
  gc();
  return true;
}
