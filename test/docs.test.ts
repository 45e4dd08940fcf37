// Generated documentation stays true to the code: docs/approximations.md and docs/operators.md
// equal what their scripts make from the cost models' approximations and the operator table.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderApproximationsDoc } from '../scripts/approximations-doc';
import { renderOperatorsDoc } from '../scripts/operators-doc';

describe('docs', () => {
  it('docs/approximations.md equals the output of scripts/approximations-doc.ts', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', 'docs', 'approximations.md'), 'utf8');
    assert.equal(committed, renderApproximationsDoc(), 'stale: npx tsx scripts/approximations-doc.ts > docs/approximations.md');
  });

  it('docs/operators.md equals the output of scripts/operators-doc.ts', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', 'docs', 'operators.md'), 'utf8');
    assert.equal(committed, renderOperatorsDoc(), 'stale: npx tsx scripts/operators-doc.ts > docs/operators.md');
  });
});
