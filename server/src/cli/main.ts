// Entry point of the `roofline` command (bundled to dist/cli.js). Standard output and error are
// written synchronously to their descriptors (cli/stdio.ts): once the run ends, a failure to write
// standard output is said in one line with exit status 74 (a reader that stopped early, as
// `| head` does, is no error).
import { outputFailure, processIO } from './io';
import { run } from './run';
import { stderr, stdout } from './stdio';

const status = run(process.argv.slice(2), processIO);
const failed = outputFailure(stdout.failure);
if (failed.message) stderr.write(failed.message + '\n');
process.exitCode = failed.status ?? status;
