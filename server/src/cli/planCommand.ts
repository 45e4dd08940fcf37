// `roofline plan FILE [--target T] [--devices N] [--prompt P] [--new N]`: every parallel plan of up
// to N devices (tensor x pipeline x expert parallel for a language model; tensor x pipeline x data
// parallel otherwise, powers of two), each with one device's memory against its capacity, and for a
// language model its time to first token, time per output token and tokens/s over a generation
// (otherwise its run time and samples/s); then the smallest plan that fits, and the fastest that
// fits for prefill and for decode (core: parallel/search.ts, parallel/planPhases.ts).
import { choiceOption, countOption, parseCommand, UsageError, type CommandSpec } from './args';
import { formatNoun, formatPercent, formatSeconds, formatSI, MAX_DEGREE, planSearch, type PlanReport } from './core';
import { inputFiles } from './inputs';
import type { CliIO } from './io';
import { writeJson } from './jsonStream';
import { loadModel, MODEL_OPTIONS, modelOptions, openDocument } from './loadModel';
import { renderTable } from './table';

export const PLAN_COMMAND: CommandSpec = {
  name: 'plan',
  usage: 'usage: roofline plan FILE [--target NAME|FILE] [--devices N] [--prompt P] [--new N] [--format table|json] [options]',
  summary:
    "Every parallel plan of up to --devices devices (tp x pp x ep for a language model, tp x pp x dp otherwise): one device's memory (weights + KV cache + activations) against the target's, and the time to first token, time per output token and tokens/s of a generation (a run's time and samples/s for other models); the smallest plan that fits, and the fastest that fits for prefill and for decode.",
  options: [
    ...MODEL_OPTIONS.filter((o) => !['phase', 'tp', 'pp', 'ep', 'dp', 'micro'].includes(o.name)),
    { name: 'devices', value: true, placeholder: 'N', help: 'the most devices a plan may use (default 8)' },
    { name: 'format', value: true, placeholder: 'F', help: 'table (default) or json' },
    { name: 'pretty', value: false, help: 'indent the JSON (default: compact)' },
  ],
  details: 'A language model is judged on a generation of --prompt tokens (default: its context) and --new more (default 128), as --phase generate runs it. Exit status: 0 success, 1 the file has errors, 2 bad usage.',
};

const size = (n: number) => formatSI(n, 'B');

function candidateRow(r: PlanReport, i: number): string[] {
  const c = r.search.candidates[i];
  const f = r.figures[i];
  const m = c.memory;
  const mem = `${size(m.weightBytes)} + ${size(m.kvCacheBytes)} + ${size(m.activationBytes)} = ${size(m.total)}`;
  const fits = c.warnings.length > 0 ? 'uneven' : m.capacity === undefined ? '?' : m.fits ? 'yes' : 'no';
  if (r.language) {
    return [c.text, String(c.devices), mem, fits, formatSeconds(f.ttft ?? NaN), formatSeconds(f.tpot ?? NaN), formatSI(f.tokensPerSecond ?? 0), formatPercent(f.communication.decode ?? 0)];
  }
  return [c.text, String(c.devices), mem, fits, formatSeconds(f.time ?? NaN), formatSI(f.samplesPerSecond ?? 0), formatPercent(f.communication.run ?? 0)];
}

function writePlanTable(r: PlanReport, io: CliIO): void {
  const capacity = r.capacity !== undefined ? `${size(r.capacity)} a device` : 'device memory not given';
  const what = r.language ? `a generation of ${r.prompt} + ${r.newTokens} tokens` : 'one run';
  io.out(`plans for ${r.model} on ${r.target} (${capacity}), ${what}, batch ${r.batch}, up to ${formatNoun(r.budget, 'device')}`);
  io.out('');
  const head = r.language
    ? ['plan', 'devices', 'memory a device (weights + KV cache + activations)', 'fits', 'TTFT', 'TPOT', 'tokens/s', 'comm. (decode)']
    : ['plan', 'devices', 'memory a device (weights + KV cache + activations)', 'fits', 'time', 'samples/s', 'comm.'];
  const picks: [string, number | undefined][] = [
    ['smallest that fits', r.search.smallest ? r.search.candidates.indexOf(r.search.smallest) : undefined],
    ...(r.language
      ? ([
          ['fastest prefill (TTFT)', r.search.fastest.prefill],
          ['fastest decode (TPOT)', r.search.fastest.decode],
        ] as const)
      : ([['fastest run', r.search.fastest.run]] as const)
    ).map(([label, c]): [string, number | undefined] => [label, c ? r.search.candidates.indexOf(c) : undefined]),
  ];
  const columns = head.map((title, k) => ({ title, align: k < 1 || k === 2 || k === 3 ? ('left' as const) : ('right' as const) }));
  const found = picks.filter(([, i]) => i !== undefined) as [string, number][];
  if (found.length === 0) io.out(`no plan of up to ${r.budget} devices fits`);
  else {
    io.out(
      renderTable(
        [{ title: '', align: 'left' }, ...columns],
        found.map(([label, i]) => [label, ...candidateRow(r, i)]),
      ),
    );
  }
  io.out('');
  io.out('every plan:');
  io.out(renderTable(columns, r.search.candidates.map((_, i) => candidateRow(r, i))));
  for (const p of r.problems) io.out(`not searched: ${p}`);
  if (r.search.candidates.some((c) => c.warnings.length > 0)) io.out("uneven: the plan does not split the heads, experts or widths evenly (RL415); it is never picked.");
  if (r.language) io.out(`TTFT: the prefill of the prompt; TPOT: the mean decode step (one step at context ${(r.prompt ?? 0) + Math.floor((r.newTokens ?? 0) / 2)}, the generation's mean); tokens/s: batch x new / (TTFT + (new - 1) x TPOT). Memory: the KV cache at the last step's context.`);
}

function planJson(r: PlanReport): unknown {
  const at = (c: PlanReport['search']['smallest']) => (c ? c.text : null);
  return {
    model: r.model,
    target: r.target,
    capacity: r.capacity ?? null,
    batch: r.batch,
    budget: r.budget,
    ...(r.language ? { prompt: r.prompt, new: r.newTokens } : {}),
    smallest: at(r.search.smallest),
    fastest: Object.fromEntries(Object.entries(r.search.fastest).map(([k, c]) => [k, at(c)])),
    candidates: r.search.candidates.map((c, i) => ({ plan: c.text, ...c.plan, devices: c.devices, memory: c.memory, fits: c.memory.fits && c.warnings.length === 0, warnings: c.warnings, ...r.figures[i], phases: c.phases })),
    problems: r.problems,
  };
}

export function runPlan(argv: string[], io: CliIO): number {
  const args = parseCommand(argv, PLAN_COMMAND, io.out);
  if (!args) return 0;
  const format = choiceOption(args, 'format', ['table', 'json'] as const, 'table');
  const files = inputFiles(args.positionals, PLAN_COMMAND.usage);
  if (files.length !== 1) throw new UsageError(`${PLAN_COMMAND.usage}\n(one model file)`);
  // --prompt and --new are this command's own (elsewhere they go with --phase).
  const opts = modelOptions({ ...args, options: new Map([...args.options].filter(([k]) => k !== 'prompt' && k !== 'new')) }, io);
  const budget = countOption(args, 'devices') ?? 8;
  if (budget > MAX_DEGREE) throw new UsageError(`--devices ${budget} is more than ${MAX_DEGREE}`);
  const prompt = countOption(args, 'prompt');
  const newTokens = countOption(args, 'new');
  // The file as written first: its diagnostics, the target, the model; the search starts from this
  // analysis. (The command takes no --phase nor plan options: the file is analysed as written.)
  const loaded = loadModel(files[0], opts, io, true);
  if (loaded.errors > 0) return 1;
  if (!loaded.model) throw new UsageError(`${loaded.display} has no model`);
  const { input, close } = openDocument(files[0], io, opts.inputFormat);
  let report: ReturnType<typeof planSearch>;
  try {
    report = planSearch(input, loaded.options, { model: loaded.model.name, budget, ...(prompt ? { prompt } : {}), ...(newTokens ? { newTokens } : {}) }, loaded.analysis);
  } finally {
    close();
  }
  if ('error' in report) throw new UsageError(`${loaded.display}: ${report.error}`);
  if (format === 'json') writeJson(io, planJson(report), args.flags.has('pretty'));
  else writePlanTable(report, io);
  return 0;
}
