// What the client's status bar shows for a document, sent after every analysis (roofline/didAnalyse),
// and the targets the client's quick pick offers (roofline/listTargets).
import { CATALOG, type Target } from '../core';
import { formatOpsPerSecond, formatSI } from '../protocol/format';
import type { DidAnalyseParams, TargetChoice } from '../protocol/lsp';
import type { DocumentAnalysis } from './documents';

export function didAnalyseParams(r: DocumentAnalysis): DidAnalyseParams {
  const a = r.analysis;
  const params: DidAnalyseParams = {
    uri: r.uri,
    version: r.version,
    precision: a.settings.precision?.name ?? 'fp32',
    errors: a.diagnostics.filter((d) => d.severity === 'error').length,
  };
  if (a.chosen) params.target = { name: a.chosen.target.name, title: a.chosen.target.title, origin: a.chosen.origin };
  if (a.targetProblem) params.problem = a.targetProblem;
  const cost = a.costs[0];
  if (cost) {
    params.time = cost.totals.time;
    if (cost.totals.bound) params.bound = cost.totals.bound;
  }
  return params;
}

function detail(t: Target): string {
  const peak = t.peak[t.defaultPrecision];
  const off = t.memory.find((m) => m.offChip);
  return [peak ? `${t.defaultPrecision} ${formatOpsPerSecond(peak.value)}` : '', off ? formatSI(off.bandwidth.value, 'B/s') : ''].filter(Boolean).join(' · ');
}

export function targetChoices(r: DocumentAnalysis | undefined): TargetChoice[] {
  const out: TargetChoice[] = [];
  for (const [name, t] of r?.analysis.hardware ?? new Map<string, Target>()) out.push({ name, title: t.title || name, kind: t.kind, from: 'file', detail: detail(t) });
  for (const t of CATALOG) out.push({ name: t.name, title: t.title, kind: t.kind, from: 'catalog', detail: detail(t) });
  return out;
}
