// The command line's documentation stays true to the code: docs/cli.md is generated from the
// commands' declarations (the same text as their --help), and the README's command-line section
// names every command and every analyze format.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ANALYZE_FORMATS } from '../server/src/cli/analyzeCommand';
import { COMMANDS } from '../server/src/cli/run';
import { renderCliDoc } from '../scripts/cli-doc';

const root = path.join(__dirname, '..');

describe('cli: documentation', () => {
  it('docs/cli.md equals the output of scripts/cli-doc.ts', () => {
    const committed = fs.readFileSync(path.join(root, 'docs', 'cli.md'), 'utf8');
    assert.equal(committed, renderCliDoc(), 'stale: npx tsx scripts/cli-doc.ts > docs/cli.md');
  });

  it("the README's command-line section names every command and format", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The command line'), readme.indexOf('## The model language'));
    for (const { spec } of COMMANDS) assert.ok(section.includes(`roofline ${spec.name} `), spec.name);
    assert.ok(section.includes(`--format ${ANALYZE_FORMATS.join('|')}`));
  });
});
