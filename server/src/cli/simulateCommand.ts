// `roofline simulate FILE --target T [--format table|csv|json]`: per layer, cycles (compute + memory
// stalls), utilisation, mapping efficiency, compute utilisation, SRAM and DRAM words per operand and
// energy, as a SCALE-Sim-style report (core/cost/simulationReport.ts); `--format csv` uses SCALE-Sim's
// column names, so the output can be compared with a SCALE-Sim run. The target must be an engine with
// a clock: a systolic array (a catalog TPU, a SCALE-Sim .cfg, a hardware block) or an unrolled engine.
import { simulationCsv, simulationReport } from '../core';
import { formatJoules, formatPercent, formatSI } from '../protocol/format';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';
import { formatOption, loadModel, MODEL_OPTIONS } from './loadModel';
import { renderTable, thousands } from './table';

export const SIMULATE_USAGE = 'usage: roofline simulate FILE --target NAME|FILE|scale.cfg [--param NAME=VALUE]... [--precision P] [--format table|csv|json] [--model NAME]';

export function runSimulate(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, MODEL_OPTIONS);
  const format = formatOption(args, ['table', 'csv', 'json']);
  const loaded = loadModel(args, io, SIMULATE_USAGE, true);
  const target = loaded.analysis.chosen!.target;
  if (!target.clock || (!target.systolic && !target.unroll)) {
    throw new UsageError(`${target.name} has no engine with a clock to simulate (a systolic array or an unroll, and a clock): 'roofline analyze' gives its roofline`);
  }
  const s = target.systolic;
  const pes = s ? s.rows * s.cols * (s.arrays ?? 1) : target.unroll ? target.unroll.m * target.unroll.n : undefined;
  const report = simulationReport(loaded.cost!, pes);
  if (format === 'json') io.out(JSON.stringify({ file: loaded.file, ...report, target: { name: target.name, title: target.title } }, null, 2));
  else if (format === 'csv') io.out(simulationCsv(report));
  else {
    const rows = report.layers.map((l) => [
      String(l.layerId),
      l.name,
      thousands(l.cycles),
      thousands(l.stallCycles),
      l.overallUtilization !== undefined ? formatPercent(l.overallUtilization) : '',
      l.mappingEfficiency !== undefined ? formatPercent(l.mappingEfficiency) : '',
      l.accesses ? thousands(l.accesses.sram.ifmap.reads + l.accesses.sram.filter.reads + l.accesses.sram.ofmap.writes) : '',
      l.accesses ? thousands(l.accesses.dram.ifmap.reads + l.accesses.dram.filter.reads + l.accesses.dram.ofmap.writes) : '',
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
    io.out(`on ${target.name} (${target.title}): ${thousands(t.cycles)} cycles (${thousands(t.computeCycles)} compute + ${thousands(t.stallCycles)} stalls)${t.energy !== undefined ? `, energy ${formatJoules(t.energy)}` : ''}`);
    io.out('SRAM words: ifmap and filter reads + ofmap writes by the array. DRAM words: ifmap and filter reads + ofmap writes. --format csv gives every column with SCALE-Sim\'s names.');
  }
  return loaded.errors > 0 ? 1 : 0;
}
