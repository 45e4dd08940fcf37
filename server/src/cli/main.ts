// Entry point of the `roofline` command (bundled to dist/cli.js).
import { processIO } from './io';
import { run } from './run';

// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = run(process.argv.slice(2), processIO);
