// Generated documentation stays true to the code: docs/approximations.md equals what the script
// makes from the cost models' catalogue of approximations.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderApproximationsDoc } from '../scripts/approximations-doc';

describe('docs', () => {
  it('docs/approximations.md equals the output of scripts/approximations-doc.ts', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', 'docs', 'approximations.md'), 'utf8');
    assert.equal(committed, renderApproximationsDoc(), 'stale: npx tsx scripts/approximations-doc.ts > docs/approximations.md');
  });
});
