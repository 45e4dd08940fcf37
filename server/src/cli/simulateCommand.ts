// `roofline simulate FILE --target T [--format table|csv|json]`: per layer, cycles (compute + memory
// stalls), utilisation, mapping efficiency, compute utilisation, SRAM and DRAM words per operand and
// energy, as a SCALE-Sim-style report (core/cost/simulationReport.ts); `--format csv` uses SCALE-Sim's
// column names, so the output can be compared with a SCALE-Sim run. The target must be an engine with
// a clock: a systolic array (a catalog TPU, a SCALE-Sim .cfg, a hardware block) or an unrolled engine.
import { choiceOption, parseCommand, UsageError, type CommandSpec } from './args';
import { formatCount, formatJoules, formatPercent, formatSI, simulationCsv, simulationReport } from './core';
import type { CliIO } from './io';
import { writeJson } from './jsonStream';
import { loadOneModel, MODEL_OPTIONS } from './loadModel';
import { renderTable } from './table';

export const SIMULATE_COMMAND: CommandSpec = {
  name: 'simulate',
  usage: 'usage: roofline simulate FILE --target NAME|FILE|scale.cfg [--format table|csv|json] [--exact] [options]',
  summary:
    "Per layer of a systolic array or unrolled engine, SCALE-Sim's figures: cycles (compute + memory stalls), utilisation, mapping efficiency, compute utilisation, SRAM and DRAM words per operand, energy and GOP/J. --format csv uses SCALE-Sim's column names; a SCALE-Sim .cfg is a target.",
  options: [...MODEL_OPTIONS, { name: 'format', value: true, placeholder: 'F', help: "table (default), csv (SCALE-Sim's columns) or json" }, { name: 'pretty', value: false, help: 'indent the JSON' }, { name: 'exact', value: false, help: "replay SCALE-Sim's buffers on every layer, however large (default: layers of up to 500,000 entries of demand and prefetch streams; larger ones in closed form)" }],
};
export const SIMULATE_USAGE = SIMULATE_COMMAND.usage;

export function runSimulate(argv: string[], io: CliIO): number {
  const args = parseCommand(argv, SIMULATE_COMMAND, io.out);
  if (!args) return 0;
  const format = choiceOption(args, 'format', ['table', 'csv', 'json'] as const, 'table');
  const loaded = loadOneModel(args, io, SIMULATE_USAGE, true, args.flags.has('exact') ? { replayLimit: Infinity } : {});
  const target = loaded.analysis.chosen!.target;
  if (!target.clock || (!target.systolic && !target.unroll)) {
    throw new UsageError(`${target.name} has no engine with a clock to simulate (a systolic array or an unroll, and a clock): 'roofline analyze' gives its roofline`);
  }
  const s = target.systolic;
  const pes = s ? s.rows * s.cols * (s.arrays ?? 1) : target.unroll ? target.unroll.m * target.unroll.n : undefined;
  const report = simulationReport(loaded.cost!, pes);
  if (format === 'json') writeJson(io, { file: loaded.file, ...report, target: { name: target.name, title: target.title } }, args.flags.has('pretty'));
  else if (format === 'csv') io.out(simulationCsv(report));
  else {
    const rows = report.layers.map((l) => [
      String(l.layerId),
      l.name,
      formatCount(l.cycles),
      formatCount(l.stallCycles),
      l.overallUtilization !== undefined ? formatPercent(l.overallUtilization) : '',
      l.mappingEfficiency !== undefined ? formatPercent(l.mappingEfficiency) : '',
      l.accesses ? formatCount(l.accesses.sram.ifmap.reads + l.accesses.sram.filter.reads + l.accesses.sram.ofmap.writes) : '',
      l.accesses ? formatCount(l.accesses.dram.ifmap.reads + l.accesses.dram.filter.reads + l.accesses.dram.ofmap.writes) : '',
      l.energy !== undefined ? formatJoules(l.energy) : '',
      l.opsPerJoule !== undefined ? formatSI(l.opsPerJoule, 'OP/J') : '',
    ]);
    io.out(
      renderTable(
        [
          { title: 'id', align: 'right' },
          { title: 'layer', align: 'left' },
          { title: 'cycles', align: 'right' },
          { title: 'stalls', align: 'right' },
          { title: 'util', align: 'right' },
          { title: 'mapping', align: 'right' },
          { title: 'SRAM words', align: 'right' },
          { title: 'DRAM words', align: 'right' },
          { title: 'energy', align: 'right' },
          { title: 'efficiency', align: 'right' },
        ],
        rows,
      ),
    );
    const t = report.totals;
    io.out('');
    io.out(`on ${target.name} (${target.title}): ${formatCount(t.cycles)} cycles (${formatCount(t.computeCycles)} compute + ${formatCount(t.stallCycles)} stalls)${t.energy !== undefined ? `, energy ${formatJoules(t.energy)}` : ''}`);
    io.out("SRAM words: ifmap and filter reads + ofmap writes by the array. DRAM words: ifmap and filter reads + ofmap writes. --format csv gives every column with SCALE-Sim's names.");
  }
  return loaded.errors > 0 ? 1 : 0;
}
