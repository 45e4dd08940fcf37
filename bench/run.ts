// `npm run bench`: runs every benchmark of the project and prints its figures. Benchmarks measure;
// they do not pass or fail (timed assertions do not belong in tests). Each benchmark file runs in a
// process of its own (`--only FILE`), so that what one leaves on the heap (a generated 1 GB model,
// thousands of analyses) does not slow the garbage collection of the next.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

async function runFile(file: string): Promise<void> {
  const mod = (await import(path.join(__dirname, file))) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(mod)) {
    if (typeof fn !== 'function' || !name.startsWith('bench')) continue;
    console.log(`\n## ${file}: ${name}`);
    const lines = (await (fn as () => Promise<string[]>)()) ?? [];
    for (const line of lines) console.log(line);
  }
}

async function main(): Promise<void> {
  const only = process.argv.indexOf('--only');
  if (only >= 0) return runFile(process.argv[only + 1]);
  const benches = fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts')).sort();
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const file of benches) {
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--only', file], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
