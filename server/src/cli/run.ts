// Dispatches `roofline <command> ...` and maps failures to exit statuses: 0 success,
// 1 the model has errors, 2 bad usage, 3 a `--fail-on` threshold crossed.
import { runAnalyze, ANALYZE_USAGE } from './analyzeCommand';
import { UsageError } from './args';
import type { CliIO } from './io';

declare const ROOFLINE_VERSION: string | undefined;

export const USAGE = `Roofline Lens: layer-by-layer roofline analysis of neural-network models.

${ANALYZE_USAGE}

  FILE              a model file (.nnm)
  --param N=V       override a model parameter (repeatable), e.g. --param batch=8
  --format F        table (default) or json (schema: docs/cli-json.md)
  --model NAME      which model of the file (default: the first)
  --precision P     default precision when the file has no 'use precision'

Exit status: 0 success, 1 the file has errors, 2 bad usage.`;

export function run(argv: string[], io: CliIO): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'analyze':
        return runAnalyze(rest, io);
      case '--version':
      case 'version':
        io.out(typeof ROOFLINE_VERSION === 'string' ? ROOFLINE_VERSION : 'dev');
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`roofline: ${e.message}`);
      if (!e.message.startsWith('usage:')) io.err("run 'roofline --help' for usage");
      return 2;
    }
    io.err(`roofline: internal error: ${e instanceof Error ? e.message : String(e)}`);
    return 70;
  }
}
