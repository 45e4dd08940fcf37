// The parallel plan in the panel, in words and as the plan's text: the degrees the controls show
// ('tp=8 pp=2' -> tp 8, pp 2, ep 1, dp 1), the text a change of a degree sends, and the line under
// the controls (devices, one device's memory against its capacity, the communication share by
// link, the pipeline's bubble). Pure.
import type { PanelParallel } from '../../../server/src/protocol/panel';
import { formatNoun, formatPercent, formatSeconds, formatSI } from '../../../server/src/protocol/format';

/** Decimal bytes (GB = 1e9), as device memory is sold. */
const size = (v: number) => formatSI(v, 'B');

export const PLAN_DEGREES = ['tp', 'pp', 'ep', 'dp'] as const;
export type PlanDegree = (typeof PLAN_DEGREES)[number];

/** The degrees of a plan's text; 1 for those it does not give. */
export function planDegrees(plan: string | undefined): Record<PlanDegree, number> {
  const out: Record<PlanDegree, number> = { tp: 1, pp: 1, ep: 1, dp: 1 };
  for (const m of (plan ?? '').matchAll(/\b(tp|pp|ep|dp)\s*=\s*(\d+)/g)) out[m[1] as PlanDegree] = Number(m[2]);
  return out;
}

/** 'tp=8 pp=2' from degrees (those above 1); '' for one device. */
export function planOf(degrees: Record<PlanDegree, number>): string {
  return PLAN_DEGREES.filter((k) => degrees[k] > 1).map((k) => `${k}=${degrees[k]}`).join(' ');
}

/** '8 devices · 17.3 GB of 80.0 GB a device · communication 10.3% (NVLink 596 µs)' and the bubble of a pipeline. */
export function parallelSummaryText(p: PanelParallel): string {
  const memory = `${size(p.total)}${p.capacity !== undefined ? ` of ${size(p.capacity)}` : ''} a device${p.fits === false ? ' (does not fit)' : ''}`;
  const links = Object.entries(p.communication.byLink).map(([k, v]) => `${k} ${formatSeconds(v)}`).join(', ');
  const parts = [formatNoun(p.devices, 'device'), memory, `communication ${formatPercent(p.communication.share)}${links ? ` (${links})` : ''}`];
  if (p.stages > 1) parts.push(`${p.stages} stages, bubble ${formatPercent(p.bubble)}`);
  return parts.join(' · ');
}
