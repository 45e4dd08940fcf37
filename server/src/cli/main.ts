// Entry point of the `roofline` command (bundled to dist/cli.js).
import { processIO } from './io';
import { run } from './run';

process.exitCode = run(process.argv.slice(2), processIO);
