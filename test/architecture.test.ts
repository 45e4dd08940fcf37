// Architecture rules that code review alone would let slip: the analysis core imports nothing of
// editors or of node (so the CLI, the server and the webview can all run it); the front ends reach
// the core through its façade (core/index.ts) only; the client imports only protocol/ and ide/ and
// bundles no core code; the webview imports only protocol/ (the rules: test/helpers/importRules.ts);
// and every source file starts with a header comment saying what it is for.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';
import { CORE_PACKAGES, importsOf, importViolations, type SourceImports } from './helpers/importRules';

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
  return importsOf(fs.readFileSync(file, 'utf8')).map((i) => i.spec);
}

/** Every source file of the shipped parts with its imports, by repository-relative path. */
function projectImports(): SourceImports[] {
  const out: SourceImports[] = [];
  for (const dir of ['server/src', 'client/src', 'webview/src']) {
    for (const f of sourceFiles(path.join(root, dir))) {
      out.push({ file: path.relative(root, f).split(path.sep).join('/'), imports: importsOf(fs.readFileSync(f, 'utf8')) });
    }
  }
  return out;
}

const existsInRepo = (file: string) => fs.existsSync(path.join(root, file)) && fs.statSync(path.join(root, file)).isFile();

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
        const bad = spec === 'vscode' || spec.startsWith('vscode-languageserver') || spec.startsWith('vscode-languageclient') || spec.startsWith('node:') || nodeModules.has(spec) || (!spec.startsWith('.') && !CORE_PACKAGES.has(spec));
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

  it('the parts import each other as ARCHITECTURE.md says: the core through its façade, the client and the webview never the core nor the server', () => {
    const sources = projectImports();
    assert.ok(sources.some((s) => s.file === 'client/src/statusText.ts' && s.imports.some((i) => i.spec.includes('ide/boundWords'))), 'the client files are read');
    assert.deepEqual(importViolations(sources, existsInRepo), []);
  });

  it('the import checker refuses what the rules forbid (a synthetic list of imports)', () => {
    const files = new Set(['server/src/core/index.ts', 'server/src/core/text/lineIndex.ts', 'server/src/core/cost/types.ts', 'server/src/lsp/hover.ts', 'server/src/ide/words.ts', 'server/src/ide/typesOnly.ts', 'server/src/protocol/format.ts', 'server/src/protocol/panel.ts']);
    const exists = (f: string) => files.has(f);
    const value = (spec: string) => ({ spec, typeOnly: false });
    const type = (spec: string) => ({ spec, typeOnly: true });
    const sources: SourceImports[] = [
      { file: 'client/src/a.ts', imports: [value('../../server/src/core/text/lineIndex'), value('../../server/src/protocol/panel'), type('../../server/src/ide/typesOnly')] },
      { file: 'client/src/b.ts', imports: [value('../../server/src/lsp/hover'), value('../../server/src/ide/words')] },
      { file: 'server/src/ide/words.ts', imports: [value('../core')] },
      { file: 'server/src/ide/typesOnly.ts', imports: [type('../core')] },
      { file: 'webview/src/c.ts', imports: [type('../../server/src/protocol/panel'), type('../../server/src/core/cost/types'), value('../../server/src/ide/words')] },
      { file: 'server/src/lsp/hover.ts', imports: [type('../core/cost/types'), value('../core'), value('../ide/words'), value('vscode-languageserver')] },
      { file: 'server/src/cli/d.ts', imports: [value('../core/index'), value('../core/text/lineIndex')] },
      { file: 'server/src/core/e.ts', imports: [value('./index'), value('../protocol/format'), value('../protocol/panel'), value('node:fs'), value('./text/lineIndex')] },
    ];
    assert.deepEqual(importViolations(sources, exists), [
      'client/src/a.ts imports server/src/core/text/lineIndex.ts (client may import protocol, ide, client)',
      'client/src/b.ts imports server/src/lsp/hover.ts (client may import protocol, ide, client)',
      'webview/src/c.ts imports server/src/core/cost/types.ts (webview may import protocol, webview)',
      'webview/src/c.ts imports server/src/ide/words.ts (webview may import protocol, webview)',
      'server/src/lsp/hover.ts imports server/src/core/cost/types.ts (lsp may import core-facade, protocol, ide, lsp, cli, report, formats-node)',
      'server/src/cli/d.ts imports server/src/core/text/lineIndex.ts (cli may import core-facade, protocol, ide, lsp, cli, report, formats-node)',
      'server/src/core/e.ts imports server/src/core/index.ts (core may import core)',
      'server/src/core/e.ts imports server/src/protocol/panel.ts (core may import core)',
      "server/src/core/e.ts imports the package 'node:fs'",
      'client/src/a.ts bundles the core: client/src/a.ts -> server/src/core/text/lineIndex.ts',
      'client/src/b.ts bundles the core: client/src/b.ts -> server/src/lsp/hover.ts -> server/src/core/index.ts',
    ]);
  });

  it('reads type-only imports apart from value imports', () => {
    assert.deepEqual(importsOf("import type { A } from './a';\nimport { type B, type C } from './b';\nimport { D, type E } from './d';\nexport type * as F from './f';\nexport { G } from './g';\nconst h = require('./h');\nimport {\n  I,\n} from './i';"), [
      { spec: './a', typeOnly: true },
      { spec: './b', typeOnly: true },
      { spec: './d', typeOnly: false },
      { spec: './f', typeOnly: true },
      { spec: './g', typeOnly: false },
      { spec: './h', typeOnly: false },
      { spec: './i', typeOnly: false },
    ]);
  });

  it('numbers are printed by the one formatter (protocol/format.ts): no other module calls toFixed, toPrecision or toLocaleString', () => {
    // scale.ts and energy.ts round tick values (numbers, not text) to 12 digits, to drop float noise.
    const allowed = new Set(['server/src/protocol/format.ts', 'webview/src/chart/scale.ts', 'webview/src/chart/energy.ts']);
    const offenders: string[] = [];
    for (const dir of ['server/src', 'client/src', 'webview/src']) {
      for (const f of sourceFiles(path.join(root, dir))) {
        const rel = path.relative(root, f).split(path.sep).join('/');
        if (!allowed.has(rel) && /\.(toFixed|toPrecision|toLocaleString)\(|Intl\.NumberFormat/.test(fs.readFileSync(f, 'utf8'))) offenders.push(rel);
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
