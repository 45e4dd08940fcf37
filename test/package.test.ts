// The packaged extension: `vsce ls` (what `npm run package` puts in the .vsix) equals the expected
// list: the manifest, docs, grammar, schema, icon and the four bundles, and nothing else (no
// sources, tests or node_modules: .vscodeignore is an allow-list). Also checks the manifest.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');

const EXPECTED = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'bin/roofline.js',
  'dist/cli.js',
  'dist/client.js',
  'dist/server.js',
  'dist/webview.css',
  'dist/webview.js',
  'language-configuration-formats.json',
  'language-configuration.json',
  'media/icon.png',
  'package.json',
  'schemas/target.schema.json',
  'syntaxes/darknet.tmLanguage.json',
  'syntaxes/nnm.tmLanguage.json',
  'syntaxes/prototxt.tmLanguage.json',
];

interface Manifest {
  engines: { vscode: string };
  icon: string;
  categories: string[];
  keywords: string[];
  repository: { url: string };
  license: string;
  capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[] } };
  activationEvents: string[];
  contributes: { languages: { id: string; extensions: string[] }[]; commands: { command: string; title: string }[]; configuration: { properties: Record<string, unknown> } };
}

describe('package', () => {
  it('vsce ls lists exactly the expected files', function () {
    this.timeout(120_000);
    if (!fs.existsSync(path.join(root, 'dist', 'webview.js'))) {
      const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
      assert.equal(b.status, 0, b.stderr);
    }
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    assert.deepEqual(files, [...EXPECTED].sort());
  });

  it('the manifest is complete', () => {
    const m = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
    assert.equal(m.engines.vscode, '^1.100.0');
    assert.ok(fs.existsSync(path.join(root, m.icon)));
    assert.ok(m.categories.length > 0 && m.keywords.length > 0);
    assert.match(m.repository.url, /^https:\/\//);
    assert.equal(m.license, 'MIT');
    // Limited in untrusted workspaces: a workspace may not make the server read a file it names
    // (roofline.target can be the path of a target file).
    assert.equal(m.capabilities.untrustedWorkspaces.supported, 'limited');
    const restricted = m.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
    assert.ok(restricted.includes('roofline.target'), 'roofline.target names a file: restricted');
    for (const key of restricted) assert.ok(key in m.contributes.configuration.properties, `${key} is a setting`);
    assert.ok(m.activationEvents.includes('onLanguage:nnm'));
    assert.deepEqual(m.contributes.languages.find((l) => l.id === 'nnm')?.extensions, ['.nnm']);
    for (const key of Object.keys(m.contributes.configuration.properties)) assert.match(key, /^roofline\./);
    for (const c of m.contributes.commands) assert.match(c.command, /^roofline\./);
  });
});
