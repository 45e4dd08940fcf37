// The analysis core as the server and the command line bundle it: dist/core.js, the façade bundled
// by esbuild.mjs (`node esbuild.mjs --bench`, which `npm run bench` runs first). Benchmarks of the core's speed time
// it rather than the sources run through tsx, which compiles each module with keepNames (a
// property defined on every named function a hot loop makes) and calls across modules through
// getters: 20 to 40% slower on the same code.
import * as path from 'node:path';

type Core = typeof import('../server/src/core/index');

let core: Core | undefined;

export function bundledCore(): Core {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle built at run time, not a module of the sources
  core ??= require(path.join(__dirname, '..', 'dist', 'core.js')) as Core;
  return core;
}
