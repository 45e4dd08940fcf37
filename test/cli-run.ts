// The command line run in-process for tests: standard output (lines and streamed chunks, in order),
// standard error, standard input and the exit status; and a CSV reader for its CSV.
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
    // Like a real stream: its bytes once, then nothing.
    readStdin: () => {
      const bytes = typeof options.stdin === 'string' ? Buffer.from(options.stdin) : (options.stdin ?? new Uint8Array());
      options = { ...options, stdin: new Uint8Array() };
      return bytes;
    },
  });
  return { status, out: out.join('').replace(/\n$/, ''), err: err.join('\n') };
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF records). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}
