// Dispatches `roofline <command> ...` and maps failures to exit statuses: 0 success,
// 1 the model has errors, 2 bad usage, 3 a `--fail-on` threshold crossed.
import { runAnalyze, ANALYZE_USAGE } from './analyzeCommand';
import { UsageError } from './args';
import type { CliIO } from './io';
import { REPORT_USAGE, runReport } from './reportCommand';
import { runTargets, TARGETS_USAGE } from './targetsCommand';
import { runTiles, TILES_USAGE } from './tilesCommand';
import { runUnroll, UNROLL_USAGE } from './unrollCommand';

declare const ROOFLINE_VERSION: string | undefined;

export const USAGE = `Roofline Lens: layer-by-layer roofline analysis of neural-network models.

${ANALYZE_USAGE}
${TARGETS_USAGE}
${TILES_USAGE}
${UNROLL_USAGE}
${REPORT_USAGE}

  FILE              a model file (.nnm)
  --target T        a catalog target (roofline targets), a hardware block of the file, or a
                    *.target.json file; default: the file's 'use target'
  --precision P     datatype of every layer (overrides 'use precision'; @precision still wins),
                    or one per role, weights/activations/kv: --precision int4/fp16/int8
  --param N=V       override a model parameter (repeatable), e.g. --param batch=8
  --format F        table (default) or json (schema: docs/cli-json.md)
  --model NAME      which model of the file (default: the first)
  --traffic M       off-chip traffic model: tiled (default) or compulsory
  --fail-on R       exit 3 when a layer is memory-bound, overflows the buffer (buffer), or uses
                    less than X of the compute array (utilization<0.5); repeatable
  --lanes N         multiply-accumulate lanes for the unroll search (default: the target's)
  -o, --output F    the report's HTML file (one self-contained page: charts and table, offline)

Exit status: 0 success, 1 the file has errors, 2 bad usage, 3 a --fail-on threshold crossed.`;

export function run(argv: string[], io: CliIO): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'analyze':
        return runAnalyze(rest, io);
      case 'targets':
        return runTargets(rest, io);
      case 'tiles':
        return runTiles(rest, io);
      case 'unroll':
        return runUnroll(rest, io);
      case 'report':
        return runReport(rest, io);
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
