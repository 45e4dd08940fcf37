// Where the tests find real model files: `test/fixtures/models/`, copies of public files with their
// sources and licences in SOURCES.md there. The tests need nothing outside the repository. When a
// folder `shared/models` sits beside the checkout (a developer's wider corpus), `extraModels` lists
// the files of it that the fixtures do not hold, so a test may run over them too; without it the
// list is empty and the core tests are the same.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The committed corpus: test/fixtures/models. */
export const MODELS = path.join(__dirname, '..', 'fixtures', 'models');

/** The optional corpus beside the checkout (absent in a fresh clone). */
export const EXTRA_MODELS_DIR = path.join(__dirname, '..', '..', '..', 'shared', 'models');

/** A committed model file by its path under test/fixtures/models. */
export function modelPath(relative: string): string {
  return path.join(MODELS, relative);
}

export function readModel(relative: string, encoding: BufferEncoding = 'utf8'): string {
  return fs.readFileSync(modelPath(relative), encoding);
}

function walk(dir: string, base: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = base ? `${base}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(path.join(dir, entry.name), rel, out);
    else if (entry.isFile()) out.push(rel);
  }
}

/**
 * Files of the optional corpus (paths relative to it) with one of `extensions`, that
 * test/fixtures/models does not already hold. Empty when the corpus is absent.
 */
export function extraModels(extensions: string[]): { relative: string; file: string }[] {
  if (!fs.existsSync(EXTRA_MODELS_DIR)) return [];
  const files: string[] = [];
  walk(EXTRA_MODELS_DIR, '', files);
  return files
    .filter((f) => extensions.some((e) => f.toLowerCase().endsWith(e)))
    .filter((f) => !fs.existsSync(path.join(MODELS, f)))
    .sort()
    .map((relative) => ({ relative, file: path.join(EXTRA_MODELS_DIR, relative) }));
}
