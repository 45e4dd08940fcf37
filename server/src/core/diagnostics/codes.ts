// Every diagnostic code with its default severity and title: the catalogue's (catalogue.ts) and the
// bottleneck rules' (rules/registry.ts, each declared in its rule's file), for everything that
// lists codes (the docs, the command line's reports, tests). Raising a code goes through `diag()`
// or the rule's own diagnostic, never through this table.
import { RULES } from '../rules/registry';
import { CATALOGUE } from './catalogue';
import type { Severity } from './types';

export interface CodeInfo {
  severity: Severity;
  title: string;
  /** The rule's name (`roofline.rules.<name>.severity`), for a bottleneck rule's code. */
  rule?: string;
}

export const DIAGNOSTIC_CODES: ReadonlyMap<string, CodeInfo> = new Map<string, CodeInfo>([
  ...Object.entries(CATALOGUE).map(([code, e]): [string, CodeInfo] => [code, { severity: e.severity, title: e.title }]),
  ...RULES.map((r): [string, CodeInfo] => [r.code, { severity: r.severity, title: r.title, rule: r.name }]),
].sort(([a], [b]) => a.localeCompare(b)));
