// One build script, one esbuild context per bundle: the extension client, the language server,
// the command line, the webview page, the analysis core of standalone reports, and the core alone
// (for benchmarks, with `--bench` only). `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

/** package.json's version, which the command line prints (`roofline --version`), however the build is run. */
const version = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version;

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const bench = process.argv.includes('--bench');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
  define: { ROOFLINE_VERSION: JSON.stringify(version) },
};

const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  // `module` first: jsonc-parser's UMD entry requires its parts dynamically, its ESM entry bundles.
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', mainFields: ['module', 'main'] },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', mainFields: ['module', 'main'] },
  { entryPoints: ['webview/src/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife' },
  // The analysis core alone, bundled as the server and the command line bundle it: for the
  // benchmarks (bench/bundledCore.ts; `npm run bench` passes --bench); in no package.
  ...(bench ? [{ entryPoints: ['server/src/core/index.ts'], outfile: 'dist/core.js', platform: 'node', format: 'cjs', mainFields: ['module', 'main'] }] : []),
  // The analysis core for standalone reports: always minified (it is inlined into every report).
  { entryPoints: ['server/src/report/reportEngine.ts'], outfile: 'dist/reportEngine.js', platform: 'browser', format: 'iife', minify: true, sourcemap: false },
];

const contexts = await Promise.all(bundles.map((b) => esbuild.context({ ...common, ...b })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
