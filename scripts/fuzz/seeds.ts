// The fuzz suite's seeds: every model and target file under test/fixtures, by format (the model
// language, ONNX, Caffe prototxt, Darknet cfg, SCALE-Sim CSV, target JSON). Expected-output files
// (goldens: .diagnostics, .tokens, .tree) are not seeds. Sorted by path, so runs are reproducible.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type FuzzFormat = 'nnm' | 'onnx' | 'caffe' | 'darknet' | 'scalesim' | 'target';

export const FUZZ_FORMATS: readonly FuzzFormat[] = ['nnm', 'onnx', 'caffe', 'darknet', 'scalesim', 'target'];

export interface Seed {
  format: FuzzFormat;
  /** Path relative to the repository. */
  name: string;
  bytes: Uint8Array;
}

/** The format of a fixture by its name; undefined for files that are not seeds. */
function formatOfFile(name: string): FuzzFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.target.json')) return 'target';
  if (lower.endsWith('.nnm')) return 'nnm';
  if (lower.endsWith('.onnx')) return 'onnx';
  if (lower.endsWith('.prototxt')) return 'caffe';
  if (lower.endsWith('.cfg')) return 'darknet';
  if (lower.endsWith('.csv')) return 'scalesim';
  return undefined;
}

/** The file extension a format's reproducers are written with. */
export const EXTENSION: Record<FuzzFormat, string> = { nnm: '.nnm', onnx: '.onnx', caffe: '.prototxt', darknet: '.cfg', scalesim: '.csv', target: '.target.json' };

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** Every seed under `root`/test/fixtures, at most `maxBytes` each. */
export function loadSeeds(root: string, maxBytes = Infinity): Seed[] {
  const files: string[] = [];
  walk(path.join(root, 'test', 'fixtures'), files);
  files.sort();
  const seeds: Seed[] = [];
  for (const f of files) {
    const format = formatOfFile(f);
    if (!format) continue;
    const bytes = new Uint8Array(fs.readFileSync(f));
    if (bytes.length > maxBytes) continue;
    seeds.push({ format, name: path.relative(root, f).split(path.sep).join('/'), bytes });
  }
  return seeds;
}
