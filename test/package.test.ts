// The packaged extension: `vsce ls` (what `npm run package` puts in the .vsix, with the same
// README) equals the expected list: the manifest, the Marketplace README and its images, the
// grammar, schema, icon, walkthrough, example models and the three bundles the extension loads,
// and nothing else (no sources, tests, node_modules, nor the command line's dist/cli.js and bin/:
// .vscodeignore is an allow-list). Also checks the manifest: the walkthrough's steps, commands and
// media, the examples command, the settings that differ per folder. And the npm package, which is
// the `roofline` command: `npm pack` holds the command and what it reads (.npmignore is an
// allow-list too), and the command installed from the packed file runs with nothing beside it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..');

const EXAMPLES = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.nnm') || f.endsWith('.target.json'));
const WALKTHROUGH_MEDIA = fs.readdirSync(path.join(root, 'media', 'walkthrough')).map((f) => `media/walkthrough/${f}`);

const EXPECTED = [
  'CHANGELOG.md',
  'LICENSE',
  'dist/client.js',
  'dist/server.js',
  'dist/webview.css',
  'dist/webview.js',
  'docs/images/editor-hover.png',
  'docs/images/panel.png',
  ...EXAMPLES.map((f) => `examples/${f}`),
  'language-configuration-formats.json',
  'language-configuration.json',
  'media/icon.png',
  'media/marketplace/README.md',
  ...WALKTHROUGH_MEDIA,
  'package.json',
  'schemas/target.schema.json',
  'syntaxes/darknet.tmLanguage.json',
  'syntaxes/nnm.tmLanguage.json',
  'syntaxes/prototxt.tmLanguage.json',
];

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents: string[];
}

interface Manifest {
  version: string;
  engines: { vscode: string };
  icon: string;
  categories: string[];
  keywords: string[];
  repository: { url: string };
  license: string;
  capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[] } };
  activationEvents: string[];
  contributes: {
    languages: { id: string; extensions: string[] }[];
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, { scope?: string }> };
    walkthroughs: { id: string; title: string; steps: Step[] }[];
  };
  scripts: Record<string, string>;
}

const manifest = (): Manifest => JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

/** The README the package script gives vsce (`--readme-path`). */
function marketplaceReadme(): string {
  const m = /--readme-path (\S+)/.exec(manifest().scripts.package);
  assert.ok(m, 'npm run package names the Marketplace README');
  return m[1];
}

/** What the npm package holds (`npm pack`): the command, the bundles it runs and reads, the examples, README, licence and changelog. */
const NPM_EXPECTED = ['CHANGELOG.md', 'LICENSE', 'README.md', 'bin/roofline.js', 'dist/cli.js', 'dist/reportEngine.js', 'dist/webview.css', 'dist/webview.js', ...EXAMPLES.map((f) => `examples/${f}`), 'package.json'];

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('package', () => {
  it('vsce ls lists exactly the expected files', function () {
    this.timeout(120_000);
    if (!fs.existsSync(path.join(root, 'dist', 'webview.js'))) {
      const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
      assert.equal(b.status, 0, b.stderr);
    }
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies', '--readme-path', marketplaceReadme()], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    assert.deepEqual(files, [...EXPECTED].sort());
    assert.ok(!files.includes('dist/cli.js') && !files.some((f) => f.startsWith('bin/')), 'the extension does not run the command line');
  });

  it('the npm package is the command: npm pack holds exactly its files, and the command installed from it runs', function () {
    this.timeout(120_000);
    if (!fs.existsSync(path.join(root, 'dist', 'cli.js')) || !fs.existsSync(path.join(root, 'dist', 'reportEngine.js'))) {
      const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
      assert.equal(b.status, 0, b.stderr);
    }
    // The bundles as built (--ignore-scripts: no production build, which `npm pack` runs first).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-npm-'));
    try {
      const pack = spawnSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
      assert.equal(pack.status, 0, pack.stderr);
      const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      assert.deepEqual(packed.files.map((f) => f.path).sort(), [...NPM_EXPECTED].sort());
      assert.equal(manifest().scripts.prepack, 'npm run vscode:prepublish', 'npm pack builds the production bundles first, as vsce does');
      // Installed from the packed file alone (no dependency to fetch: everything is bundled).
      const project = path.join(dir, 'project');
      fs.mkdirSync(project);
      fs.writeFileSync(path.join(project, 'package.json'), '{"name":"try-roofline","version":"1.0.0","private":true}\n');
      const install = spawnSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(dir, packed.filename)], { cwd: project, encoding: 'utf8', shell: process.platform === 'win32' });
      assert.equal(install.status, 0, install.stderr);
      const installed = path.join(project, 'node_modules', 'roofline-lens');
      const bin = path.join(installed, 'bin', 'roofline.js');
      const version = spawnSync(process.execPath, [bin, '--version'], { cwd: project, encoding: 'utf8' });
      assert.equal(version.status, 0, version.stderr);
      assert.equal(version.stdout.trim(), manifest().version);
      const analyze = spawnSync(process.execPath, [bin, 'analyze', path.join(installed, 'examples', 'resnet50.nnm'), '--format', 'json'], { cwd: project, encoding: 'utf8' });
      assert.equal(analyze.status, 0, analyze.stderr);
      assert.equal((JSON.parse(analyze.stdout) as { layers: unknown[] }).layers.length, 175);
      const out = path.join(project, 'report.html');
      const report = spawnSync(process.execPath, [bin, 'report', path.join(installed, 'examples', 'resnet50.nnm'), '-o', out], { cwd: project, encoding: 'utf8' });
      assert.equal(report.status, 0, report.stderr);
      assert.ok(fs.statSync(out).size > 100_000, 'the report with its page and analysis core inlined');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the Marketplace README is the user\'s, and its images resolve from the package', () => {
    const readme = fs.readFileSync(path.join(root, marketplaceReadme()), 'utf8');
    assert.notEqual(readme, fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
    assert.doesNotMatch(readme, /npm (ci|test|run)|mocha|git clone/, 'no developer instructions');
    // vsce packs it as the extension's readme.md, at the root: image paths are from there, and are
    // not rewritten (--no-rewrite-relative-links).
    assert.match(manifest().scripts.package, /--no-rewrite-relative-links/);
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 2);
    for (const image of images) {
      assert.doesNotMatch(image, /^[a-z]+:/i, `${image} is a path in the package`);
      assert.ok(EXPECTED.includes(image), `${image} is packaged`);
      assert.ok(fs.existsSync(path.join(root, image)), `${image} exists`);
    }
  });

  it('the Get Started walkthrough: open an example, pick a target, read a hover, apply a tile fix, open the panel', () => {
    const m = manifest();
    const [walkthrough] = m.contributes.walkthroughs;
    assert.equal(walkthrough.title, 'Get Started with Roofline Lens');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['openExample', 'pickTarget', 'readHover', 'tileFix', 'showPanel']);
    const commands = new Set(m.contributes.commands.map((c) => c.command));
    for (const step of walkthrough.steps) {
      assert.ok(step.media.markdown && EXPECTED.includes(step.media.markdown), `${step.id}: its media is packaged`);
      for (const e of step.completionEvents) {
        const command = /^onCommand:(.+)$/.exec(e)?.[1];
        if (command) assert.ok(commands.has(command), `${step.id} completes on a contributed command (${command})`);
        else assert.match(e, /^onContext:roofline\.\w+$/, `${step.id}: ${e}`);
      }
      for (const link of step.description.matchAll(/\(command:([\w.]+)(?:\?([^)]*))?\)/g)) {
        assert.ok(commands.has(link[1]), `${step.id} links to ${link[1]}`);
        if (link[2]) {
          const [file] = JSON.parse(decodeURIComponent(link[2])) as string[];
          assert.ok(EXAMPLES.includes(file), `${step.id} opens ${file}, a shipped example`);
        }
      }
    }
    assert.ok(commands.has('roofline.openExample'));
  });

  it('settings that can differ per workspace folder have scope resource', () => {
    const props = manifest().contributes.configuration.properties;
    const perFolder = Object.keys(props).filter((k) => props[k].scope === 'resource').sort();
    assert.deepEqual(perFolder, ['roofline.attention', 'roofline.diagnostics.minShare', 'roofline.diagnostics.utilizationThreshold', 'roofline.fusion', 'roofline.generation.new', 'roofline.generation.prompt', 'roofline.parallel', 'roofline.phase', ...Object.keys(props).filter((k) => k.startsWith('roofline.rules.')), 'roofline.target'].sort());
  });

  it('the manifest is complete', () => {
    const m = manifest();
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
