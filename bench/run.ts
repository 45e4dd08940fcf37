// `npm run bench`: runs every benchmark of the project and prints its figures. Benchmarks measure;
// they do not pass or fail (timed assertions do not belong in tests).
import * as fs from 'node:fs';
import * as path from 'node:path';

async function main(): Promise<void> {
  const benches = fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts')).sort();
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const file of benches) {
    const mod = (await import(path.join(__dirname, file))) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      if (typeof fn !== 'function' || !name.startsWith('bench')) continue;
      console.log(`\n## ${file}: ${name}`);
      const lines = (await (fn as () => Promise<string[]>)()) ?? [];
      for (const line of lines) console.log(line);
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
