// Dispatches `roofline <command> ...` and maps failures to exit statuses: 0 success,
// 1 a file has errors, 2 bad usage, 3 a `--fail-on` threshold crossed. `roofline --help` lists
// the commands; `roofline COMMAND --help` (or `roofline help COMMAND`) gives a command's options.
import { ANALYZE_COMMAND, runAnalyze } from './analyzeCommand';
import { commandHelp, FileError, UsageError, type CommandSpec } from './args';
import { didYouMean } from './core';
import { DIFF_COMMAND, runDiff } from './diffCommand';
import { OUTPUT_FAILED, OutputError, type CliIO } from './io';
import { PLAN_COMMAND, runPlan } from './planCommand';
import { REPORT_COMMAND, runReport } from './reportCommand';
import { runSimulate, SIMULATE_COMMAND } from './simulateCommand';
import { runTargets, TARGETS_COMMAND } from './targetsCommand';
import { runTiles, TILES_COMMAND } from './tilesCommand';
import { runUnroll, UNROLL_COMMAND } from './unrollCommand';
import { cliVersion } from './version';

export const COMMANDS: { spec: CommandSpec; run: (argv: string[], io: CliIO) => number }[] = [
  { spec: ANALYZE_COMMAND, run: runAnalyze },
  { spec: DIFF_COMMAND, run: runDiff },
  { spec: TARGETS_COMMAND, run: runTargets },
  { spec: TILES_COMMAND, run: runTiles },
  { spec: UNROLL_COMMAND, run: runUnroll },
  { spec: REPORT_COMMAND, run: runReport },
  { spec: PLAN_COMMAND, run: runPlan },
  { spec: SIMULATE_COMMAND, run: runSimulate },
];

/** The exit statuses every command shares, in words (the usage and docs/cli.md). */
export const EXIT_STATUSES = `0 success, 1 a file has errors, 2 bad usage, 3 a --fail-on threshold crossed, ${OUTPUT_FAILED} the output could not be written (a full disk, a missing folder)`;

export const USAGE = `Roofline Lens: layer-by-layer roofline analysis of neural-network models.

usage: roofline COMMAND [FILE...] [options]

commands:
${COMMANDS.map((c) => `  ${c.spec.name.padEnd(8)}  ${c.spec.usage.replace(/^usage: /, '')}`).join('\n')}

'roofline COMMAND --help' lists a command's options. Without --target, a file's 'use target'
is used, else the editor's default target (the output names it); '--target none' gives the
counts alone.

Exit status: ${EXIT_STATUSES}.`;

export function run(argv: string[], given: CliIO): number {
  const [command, ...rest] = argv;
  // Standard input is a stream: read once, however many times a command loads `-` (diff, plan).
  let stdin: Uint8Array | undefined;
  const read = given.readStdin;
  const io: CliIO = read ? { ...given, readStdin: () => (stdin ??= read()) } : given;
  try {
    const found = COMMANDS.find((c) => c.spec.name === command);
    if (found) return found.run(rest, io);
    switch (command) {
      case '--version':
      case 'version':
        io.out(cliVersion());
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help': {
        const about = command === 'help' ? COMMANDS.find((c) => c.spec.name === rest[0]) : undefined;
        io.out(about ? commandHelp(about.spec) : USAGE);
        return command === undefined ? 2 : 0;
      }
      default:
        throw new UsageError(`unknown command '${command}'${didYouMean(command, COMMANDS.map((c) => c.spec.name))}`);
    }
  } catch (e) {
    if (e instanceof OutputError) {
      io.err(`roofline: ${e.message}`);
      return OUTPUT_FAILED;
    }
    if (e instanceof UsageError) {
      io.err(`roofline: ${e.message}`);
      if (!e.message.startsWith('usage:') && !(e instanceof FileError)) io.err(`run 'roofline ${COMMANDS.some((c) => c.spec.name === command) ? `${command} ` : ''}--help' for usage`);
      return 2;
    }
    io.err(`roofline: internal error: ${e instanceof Error ? e.message : String(e)}`);
    return 70;
  }
}
