// Architecture rules that code review alone would let slip: the analysis core imports nothing of
// editors or of node (so the CLI, the server and the webview can all run it), and every source
// file starts with a header comment saying what it is for.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';

const root = path.join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

describe('architecture', () => {
  const coreFiles = sourceFiles(path.join(root, 'server', 'src', 'core'));
  const nodeModules = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

  it('finds the core and reads its imports', () => {
    assert.ok(coreFiles.length > 20, 'the core has its files');
    assert.ok(imports(path.join(root, 'server', 'src', 'core', 'analyze.ts')).includes('./syntax/parser'), 'the import reader works');
  });

  it('the analysis core imports nothing of vscode, the language server or node', () => {
    const offenders: string[] = [];
    for (const f of coreFiles) {
      for (const spec of imports(f)) {
        const bad = spec === 'vscode' || spec.startsWith('vscode-languageserver') || spec.startsWith('vscode-languageclient') || spec.startsWith('node:') || nodeModules.has(spec) || !spec.startsWith('.');
        if (bad) offenders.push(`${path.relative(root, f)} imports '${spec}'`);
      }
      const text = fs.readFileSync(f, 'utf8');
      if (/\bprocess\.|\brequire\(|\b__dirname\b|\bBuffer\./.test(text)) offenders.push(`${path.relative(root, f)} uses a node global`);
    }
    assert.deepEqual(offenders, []);
  });

  it('the core stays out of the editor: only client/ imports vscode', () => {
    const offenders: string[] = [];
    for (const dir of ['server', 'webview']) {
      for (const f of sourceFiles(path.join(root, dir))) {
        if (imports(f).includes('vscode')) offenders.push(path.relative(root, f));
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('every source file starts with a header comment', () => {
    const missing: string[] = [];
    for (const dir of ['server/src', 'client/src', 'webview/src', 'test', 'bench']) {
      const abs = path.join(root, dir);
      if (!fs.existsSync(abs)) continue;
      for (const f of sourceFiles(abs)) {
        if (f.includes(`${path.sep}fixtures${path.sep}`)) continue;
        const first = fs.readFileSync(f, 'utf8').trimStart();
        if (!first.startsWith('//') && !first.startsWith('/*')) missing.push(path.relative(root, f));
      }
    }
    assert.deepEqual(missing, []);
  });
});
