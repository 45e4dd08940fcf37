// The import rules between the project's parts, as a pure checker over a list of files and their
// imports (so a test can feed it a synthetic list and see it fail). The parts and what each may
// import from the others:
//   core          core itself (never its own façade, index.ts), protocol/format.ts, protocol/phases.ts and
//                 protocol/attention.ts; of
//                 packages, only CORE_PACKAGES (pure JavaScript: jsonc-parser)
//   protocol      protocol only
//   ide           the core through its façade, protocol, ide
//   lsp, cli, report, formats-node, server.ts
//                 the core through its façade only, and the other server parts
//   client        protocol and ide only, and the core's values not even through ide (type imports
//                 only), so that the extension does not bundle the analysis core
//   webview       protocol only
// Specifiers that do not start with '.' are packages; only the core's are checked here (the vscode
// rule has its own test).
import * as path from 'node:path';

export interface ImportRecord {
  /** The specifier as written. */
  spec: string;
  /** `import type` / `export type`: erased from the bundle. */
  typeOnly: boolean;
}

export interface SourceImports {
  /** Repository-relative path with '/' separators, e.g. 'server/src/lsp/hover.ts'. */
  file: string;
  imports: ImportRecord[];
}

export type Part = 'core' | 'core-facade' | 'protocol' | 'ide' | 'lsp' | 'cli' | 'report' | 'formats-node' | 'server' | 'client' | 'webview' | 'other';

const FACADE = 'server/src/core/index.ts';

/** The part a repository-relative file (with its extension) belongs to. */
export function partOf(file: string): Part {
  if (file === FACADE) return 'core-facade';
  const m = /^server\/src\/([^/]+)(\/|\.ts$)/.exec(file);
  if (m) {
    const top = m[1];
    if (top === 'server') return 'server';
    if (['core', 'protocol', 'ide', 'lsp', 'cli', 'report', 'formats-node'].includes(top)) return top as Part;
    return 'other';
  }
  if (file.startsWith('client/')) return 'client';
  if (file.startsWith('webview/')) return 'webview';
  return 'other';
}

const SERVER_FRONT: Part[] = ['core-facade', 'protocol', 'ide', 'lsp', 'cli', 'report', 'formats-node'];

/** What each part may import, by part. */
const ALLOWED: Partial<Record<Part, readonly Part[]>> = {
  core: ['core'],
  protocol: ['protocol'],
  ide: ['core-facade', 'protocol', 'ide'],
  lsp: SERVER_FRONT,
  cli: SERVER_FRONT,
  report: SERVER_FRONT,
  'formats-node': SERVER_FRONT,
  server: SERVER_FRONT,
  client: ['protocol', 'ide', 'client'],
  webview: ['protocol', 'webview'],
};

/** The files outside the core that the core may import, all without imports: the number formatter, the list of phases and the attention modes. */
const CORE_MAY_ALSO = new Set(['server/src/protocol/format.ts', 'server/src/protocol/phases.ts', 'server/src/protocol/attention.ts']);

/** The packages the core may import: pure JavaScript with no node or editor import of its own
 *  (jsonc-parser, VS Code's JSON reader, reads target files). */
export const CORE_PACKAGES: ReadonlySet<string> = new Set(['jsonc-parser']);

/** A relative specifier resolved to a repository-relative file (a folder means its index.ts). */
export function resolveSpec(from: string, spec: string, exists: (file: string) => boolean): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) if (exists(candidate)) return candidate;
  return `${base}.ts`;
}

/** Every broken rule, one line each ('client/src/x.ts imports server/src/core/y.ts'). */
export function importViolations(sources: readonly SourceImports[], exists: (file: string) => boolean): string[] {
  const out: string[] = [];
  const byFile = new Map(sources.map((s) => [s.file, s]));
  for (const s of sources) {
    const from = partOf(s.file);
    const allowed = ALLOWED[from];
    if (!allowed) continue;
    for (const imp of s.imports) {
      if (!imp.spec.startsWith('.')) {
        if (from === 'core' && !CORE_PACKAGES.has(imp.spec)) out.push(`${s.file} imports the package '${imp.spec}'`);
        continue;
      }
      const target = resolveSpec(s.file, imp.spec, exists);
      const to = partOf(target);
      if (from === 'core' && CORE_MAY_ALSO.has(target)) continue;
      if (!allowed.includes(to)) out.push(`${s.file} imports ${target} (${from} may import ${allowed.join(', ')})`);
    }
  }
  // The client may name core types through ide/, but no core value may reach its bundle.
  for (const s of sources) {
    if (partOf(s.file) !== 'client') continue;
    const seen = new Set<string>();
    const walk = (file: string, via: string[]) => {
      if (seen.has(file)) return;
      seen.add(file);
      const part = partOf(file);
      if (part === 'core' || part === 'core-facade') {
        out.push(`${s.file} bundles the core: ${[...via, file].join(' -> ')}`);
        return;
      }
      for (const imp of byFile.get(file)?.imports ?? []) {
        if (imp.typeOnly || !imp.spec.startsWith('.')) continue;
        walk(resolveSpec(file, imp.spec, exists), [...via, file]);
      }
    };
    walk(s.file, []);
  }
  return out;
}

/** The imports of a source text: static imports and re-exports (statements that start a line),
 *  dynamic import() and require(); comments are skipped. */
export function importsOf(source: string): ImportRecord[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: ImportRecord[] = [];
  const re = /^\s*(import|export)\b(\s+type\b)?([^'";]*?)from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    if (m[4] !== undefined) {
      // `import type { A }`, `export type * as A`, or every named import written `type X` (and no default import).
      const named = /^\s*\{([^}]*)\}\s*$/.exec(m[3]);
      const allNamedTypes = named !== null && named[1].split(',').map((x) => x.trim()).filter(Boolean).every((x) => x.startsWith('type '));
      found.push({ spec: m[4], typeOnly: m[2] !== undefined || allNamedTypes });
    } else {
      found.push({ spec: (m[5] ?? m[6]) as string, typeOnly: false });
    }
  }
  return found;
}
