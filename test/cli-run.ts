// The command line run in-process for tests: standard output (lines and streamed chunks, in order),
// standard error, standard input and the exit status.
import { run } from '../server/src/cli/run';

export interface CliResult {
  status: number;
  out: string;
  err: string;
}

export function cli(argv: string[], options: { stdin?: string | Uint8Array; color?: boolean } = {}): CliResult {
  const out: string[] = [];
  const err: string[] = [];
  const status = run(argv, {
    out: (l) => out.push(l + '\n'),
    err: (l) => err.push(l),
    write: (chunk) => out.push(chunk),
    color: options.color ?? false,
    errColor: false,
    readStdin: () => (typeof options.stdin === 'string' ? Buffer.from(options.stdin) : (options.stdin ?? new Uint8Array())),
  });
  return { status, out: out.join('').replace(/\n$/, ''), err: err.join('\n') };
}
