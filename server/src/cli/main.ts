// Entry point of the `roofline` command (bundled to dist/cli.js).
import { outputFailure, processIO } from './io';
import { run } from './run';

// Output piped into `head` and closed early is not an error; any other failure to write (a full
// disk) is one line and exit status 74.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  const failed = outputFailure(e);
  if (failed.message) process.stderr.write(failed.message + '\n');
  process.exit(failed.status ?? process.exitCode ?? 0);
});

// Standard output and error block when they are pipes, as Node makes them block for a terminal on
// POSIX (and for a pipe on Windows): each write returns once the pipe has taken it, as a file's
// does. Otherwise a pipe queues what its reader has not taken yet, in memory: a 100,000-layer JSON
// report (137 MB) was queued whole, and the run's peak memory grew by as much as the queue
// (docs/limits.md); so were large lists of diagnostics on standard error. Both streams are made
// first, then both set: with `2>&1` they share one pipe, and making a stream sets its pipe back to
// non-blocking. `_handle` is Node's own stream handle (the one tty.WriteStream sets blocking);
// where there is none (a file), nothing changes.
for (const stream of [process.stdout, process.stderr]) {
  (stream as unknown as { _handle?: { setBlocking?: (blocking: boolean) => unknown } })._handle?.setBlocking?.(true);
}

process.exitCode = run(process.argv.slice(2), processIO);
