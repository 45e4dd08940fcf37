// The bottleneck rules (RL5xx), one line each: a new rule is its file (see shared.ts,
// `defineRule`) and its line here. Everything else follows from this list: the settings
// (index.ts), the diagnostic codes (diagnostics/codes.ts), and, checked by test/contributions.test.ts,
// package.json's `roofline.rules.<name>.severity` settings and the lists of docs/diagnostics.md and
// docs/language.md.
import { fusion } from './fusion';
import { lowUtilization } from './lowUtilization';
import { memoryBound } from './memoryBound';
import { slack } from './slack';
import { tileOverflow } from './tileOverflow';
import { uncounted } from './uncounted';

export const RULES = [memoryBound, tileOverflow, lowUtilization, slack, fusion, uncounted] as const;

export type RuleName = (typeof RULES)[number]['name'];
