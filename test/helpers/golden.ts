// Golden files: compare produced text with a committed expected file. `UPDATE_GOLDEN=1` rewrites
// the expected files; a missing expected file is written on a developer's machine but fails under
// `CI=true`, so that CI never passes on a golden nobody looked at.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function expectGolden(file: string, actual: string): void {
  const update = process.env.UPDATE_GOLDEN === '1';
  const exists = fs.existsSync(file);
  if (update || (!exists && process.env.CI !== 'true')) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!exists) assert.fail(`missing golden file ${file} (run the tests with UPDATE_GOLDEN=1 and review it)`);
  const expected = fs.readFileSync(file, 'utf8');
  assert.equal(actual, expected, `${file} differs (UPDATE_GOLDEN=1 rewrites it after review)`);
}
