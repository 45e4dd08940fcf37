// `roofline analyze --format markdown`: a summary fit for a pull-request comment. Per file: the
// totals (time per run, runs/s and samples/s, counts, traffic, energy), the bound mix (share of time
// and layers per bound), the top 10 layers by share of time, and the diagnostics counted by severity.
import { boundLabel, targetOriginWords } from './analyzeTable';
import { batchOf, formatBytes, formatCount, formatNoun, formatPercent, formatRatio, formatSeconds, formatSI, perRunWords, throughputWords, type CostedLayer } from './core';
import type { LoadedModel } from './loadModel';
import { mdCell, mdCode, mdTable } from './markdown';

const TOP = 10;

function boundMix(layers: CostedLayer[], shares: Record<string, number>): string {
  const counts = new Map<string, number>();
  for (const c of layers) {
    if (c.status !== 'ok') continue;
    const b = boundLabel(c);
    if (b === 'view' || b === '') continue;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const rows = Object.entries(shares)
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([b, s]) => [mdCell(b), formatPercent(s), formatCount(counts.get(b) ?? 0)]);
  return mdTable(['bound', 'share of time', 'layers'], ['l', 'r', 'r'], rows);
}

function topLayers(layers: CostedLayer[]): string {
  const ranked = layers.filter((c) => c.status === 'ok' && (c.share ?? 0) > 0).sort((a, b) => (b.share ?? 0) - (a.share ?? 0)).slice(0, TOP);
  const rows = ranked.map((c, i) => [
    String(i + 1),
    mdCode(c.name),
    mdCell(c.op),
    mdCell(boundLabel(c)),
    c.time !== undefined ? formatSeconds(c.time) : '',
    formatPercent(c.share ?? 0),
    c.ctc !== undefined ? formatRatio(c.ctc) : '',
    c.traffic ? formatBytes(c.traffic.used) : '',
  ]);
  return mdTable(['#', 'layer', 'op', 'bound', 'time', 'share', 'CTC (op/B)', 'traffic'], ['r', 'l', 'l', 'l', 'r', 'r', 'r', 'r'], rows);
}

function diagnosticsLine(loaded: LoadedModel): string | undefined {
  const by = new Map<string, number>();
  for (const d of loaded.analysis.diagnostics) by.set(d.severity, (by.get(d.severity) ?? 0) + 1);
  if (by.size === 0) return undefined;
  return `**Diagnostics:** ${[...by].map(([s, n]) => formatNoun(n, s)).join(', ')} (run \`roofline analyze ${loaded.display}\` for the list).`;
}

/** The Markdown summary of one file. */
export function analyzeMarkdown(loaded: LoadedModel): string {
  const { model, cost, analysis } = loaded;
  const chosen = analysis.chosen;
  const out: string[] = [];
  if (!model) return `### Roofline: ${mdCode(loaded.display)}\n\nNo model in this file.\n`;
  const batch = batchOf(model);
  const t = model.totals;
  out.push(chosen && cost ? `### Roofline: ${mdCode(model.name)} on ${mdCode(chosen.target.name)}` : `### Roofline: ${mdCode(model.name)}`);
  out.push('');
  const where = [mdCode(loaded.display)];
  if (chosen && cost) where.push(`${mdCell(chosen.target.title)} (${mdCell(targetOriginWords(chosen.origin))})`, `${cost.execution} execution`);
  where.push(`batch ${batch}`);
  out.push(where.join(' · '));
  out.push('');
  const rows: string[][] = [];
  if (chosen && cost) {
    const c = cost.totals;
    rows.push([`time ${perRunWords(batch)}`, formatSeconds(c.time)], ['throughput', throughputWords(c.throughput, batch)]);
    if (c.bound !== undefined) rows.push(['mostly', `${mdCell(c.bound)}-bound (${formatPercent(c.boundShare ?? 0)} of time)`]);
    rows.push(['off-chip traffic', formatBytes(c.traffic)]);
    if (c.energy !== undefined) rows.push(['energy per run', formatSI(c.energy, 'J')]);
  }
  rows.push(
    ['layers', `${formatCount(t.layers)}${t.complete ? '' : ` (${formatCount(t.uncounted)} not counted: totals incomplete)`}`],
    ['MACs', formatCount(t.macs)],
    ['ops', formatCount(t.ops)],
    ['params', formatCount(t.params)],
  );
  out.push(mdTable(['', ''], ['l', 'r'], rows));
  if (chosen && cost) {
    out.push('', '**Bound mix**', '', boundMix(cost.layers, cost.totals.shares));
    out.push('', `**Top ${TOP} layers by share of time**`, '', topLayers(cost.layers));
  } else {
    out.push('', `No target (${mdCell(analysis.targetProblem ?? 'none')}): give \`--target NAME\` for the roofline figures.`);
  }
  const diags = diagnosticsLine(loaded);
  if (diags) out.push('', diags);
  return out.join('\n') + '\n';
}
