// How a model's totals are said in hovers and on the command line when they are not plain: why
// they are incomplete (layers not counted, counts rounded past 2^53 - 1, an analysis stopped), and a
// total given exactly by its digits when it passed 2^53 - 1 (core/semantics/layerBuilder.ts sums it
// in BigInt then), so that a rounded figure is never shown as if it were exact.
import type { Totals } from '../core';
import { formatCount, formatCountExact, formatDigits, formatNoun, formatSI } from '../protocol/format';

/** Why the totals are incomplete: '2 layers not counted, left out of the totals; 1 layer counted past 2^53 - 1, rounded'. */
export function incompleteWords(t: Totals): string {
  const parts: string[] = [];
  if (t.uncounted > 0) parts.push(`${formatNoun(t.uncounted, 'layer')} not counted, left out of the totals`);
  if (t.inexact) parts.push(`${formatNoun(t.inexact, 'layer')} counted past 2^53 - 1, rounded`);
  if (parts.length === 0 && t.notes?.length) parts.push(t.notes.join(' '));
  return parts.join('; ') || 'incomplete';
}

/** A total for a line of text: its exact digits when it passed 2^53 - 1, 'about 1.2 E (rounded)' when
 *  it is rounded, else the count with thousands separators. */
export function totalCount(t: Totals, key: 'macs' | 'ops' | 'params'): string {
  const exact = t.exact?.[key];
  if (exact !== undefined) return formatDigits(exact);
  if (Math.abs(t[key]) > Number.MAX_SAFE_INTEGER) return `about ${formatSI(t[key])} (rounded)`;
  return formatCount(t[key]);
}

/** A total for a hover: the same, with the SI form beside an exact count. */
export function totalText(t: Totals, key: 'macs' | 'ops' | 'params'): string {
  const exact = t.exact?.[key];
  if (exact !== undefined) return `${formatDigits(exact)} (${formatSI(t[key])})`;
  if (Math.abs(t[key]) > Number.MAX_SAFE_INTEGER) return totalCount(t, key);
  return formatCountExact(t[key]);
}
