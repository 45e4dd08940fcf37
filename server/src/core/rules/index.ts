// The bottleneck diagnostics (RL5xx): every rule of the registry (registry.ts; one file per rule,
// each saying what triggers it and why it matters) run over every model of a costed file, with the
// user's settings.
// Settings: a severity per rule ('default' keeps the rule's own, 'off' removes the rule); `minShare`
// (rules about time fire only for layers, block instances merged, with at least this share of model
// time: RL501, RL503, RL504, RL505); `utilizationThreshold` (RL503). `ruleSettingsFromSection` reads
// them from the editor's `roofline` configuration section, checked, defaults for anything malformed.
// Results are sorted by position. Pure: imports nothing of node or editors; never throws.
import type { Diagnostic, Severity } from '../diagnostics/types';
import type { RooflineAnalysis } from '../roofline';
import { RULES, type RuleName } from './registry';
import { runRule, type ModelContext } from './shared';

export { RULES, type RuleName } from './registry';

/** The rules' names, in the registry's order (the settings `roofline.rules.<name>.severity`). */
export const RULE_NAMES: readonly RuleName[] = RULES.map((r) => r.name);

/** A rule's severity: one of the editor's, 'off' (the rule does not run), 'default' (the rule's own). */
export type RuleSeverity = Severity | 'off' | 'default';
export const RULE_SEVERITIES: readonly RuleSeverity[] = ['default', 'error', 'warning', 'information', 'hint', 'off'];

export interface RuleSettings {
  /** Per rule; 'default' keeps the rule's own severity (RL502: error for a file's tile, warning for the smallest). */
  severity: Record<RuleName, RuleSeverity>;
  /** Only layers (block instances merged) with at least this share of model time, 0..1. Default 0.01. */
  minShare: number;
  /** RL503 below this compute-array utilisation, 0..1. Default 0.5. */
  utilizationThreshold: number;
}

export const DEFAULT_RULE_SETTINGS: Readonly<RuleSettings> = Object.freeze({
  severity: Object.freeze(Object.fromEntries(RULE_NAMES.map((name) => [name, 'default']))) as Record<RuleName, RuleSeverity>,
  minShare: 0.01,
  utilizationThreshold: 0.5,
});

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fraction(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1 ? v : undefined;
}

function ruleSeverity(v: unknown): RuleSeverity | undefined {
  return typeof v === 'string' && (RULE_SEVERITIES as readonly string[]).includes(v) ? (v as RuleSeverity) : undefined;
}

/**
 * Rule settings from the editor's `roofline` configuration section:
 *   roofline.diagnostics.minShare               number 0..1, default 0.01
 *   roofline.diagnostics.utilizationThreshold   number 0..1, default 0.5
 *   roofline.rules.<ruleName>.severity          'default' | 'error' | 'warning' | 'information' | 'hint' | 'off'
 * i.e. `{ diagnostics: { minShare, utilizationThreshold }, rules: { memoryBound: { severity } } }`.
 * Anything missing or malformed keeps the value of `base`.
 */
export function ruleSettingsFromSection(section: unknown, base: Readonly<RuleSettings> = DEFAULT_RULE_SETTINGS): RuleSettings {
  const out: RuleSettings = { severity: { ...base.severity }, minShare: base.minShare, utilizationThreshold: base.utilizationThreshold };
  if (!isRecord(section)) return out;
  if (isRecord(section.diagnostics)) {
    out.minShare = fraction(section.diagnostics.minShare) ?? out.minShare;
    out.utilizationThreshold = fraction(section.diagnostics.utilizationThreshold) ?? out.utilizationThreshold;
  }
  if (isRecord(section.rules)) {
    for (const name of RULE_NAMES) {
      const r = section.rules[name];
      const s = isRecord(r) ? ruleSeverity(r.severity) : undefined;
      if (s) out.severity[name] = s;
    }
  }
  return out;
}

/** Every bottleneck diagnostic of the file's models, sorted by position. Never throws. */
export function bottleneckDiagnostics(analysis: RooflineAnalysis, settings: Readonly<RuleSettings> = DEFAULT_RULE_SETTINGS): Diagnostic[] {
  const out: Diagnostic[] = [];
  const thresholds = {
    minShare: fraction(settings?.minShare) ?? DEFAULT_RULE_SETTINGS.minShare,
    utilizationThreshold: fraction(settings?.utilizationThreshold) ?? DEFAULT_RULE_SETTINGS.utilizationThreshold,
  };
  const models = analysis?.models ?? [];
  for (let i = 0; i < models.length; i++) {
    const cost = analysis.costs?.[i];
    const ctx: ModelContext = { analysis, model: models[i], thresholds };
    if (cost && analysis.chosen && cost.model === models[i].name) {
      ctx.cost = cost;
      ctx.target = analysis.chosen.target;
    }
    for (const rule of RULES) {
      const severity = ruleSeverity(settings?.severity?.[rule.name]) ?? 'default';
      if (severity === 'off') continue;
      let found: Diagnostic[];
      try {
        found = runRule(rule, ctx);
      } catch {
        // A rule that fails on an unexpected analysis gives nothing rather than taking the others down.
        continue;
      }
      for (const d of found) {
        if (severity !== 'default') d.severity = severity;
        out.push(d);
      }
    }
  }
  out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  return out;
}
