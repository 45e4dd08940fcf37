// The server's settings and where they come from: `initializationOptions` at start, then the
// client's `roofline` configuration section (pushed with didChangeConfiguration, or pulled with
// workspace/configuration). Values are checked; anything malformed falls back to the default.
import { DEFAULT_FUSION, DEFAULT_RULE_SETTINGS, isFusionPolicy, LIMITS, type FusionPolicy, type RuleSettings, ruleSettingsFromSection } from '../core';
import { DEFAULT_TARGET } from '../protocol/settings';

export interface ServerSettings {
  /** Delay between the last edit and the re-analysis; 0 analyses on every change. */
  debounceMs: number;
  /** Milliseconds one analysis may run before it is stopped and reported (RL217; core/limits.ts). */
  timeBudgetMs: number;
  /**
   * The target of files that say none (`use target`): a catalog name, or the path of a
   * `*.target.json` file (relative paths from the first workspace folder).
   */
  target: string;
  /** Inlay hints at the end of every layer line (`roofline.inlayHints.enabled`). */
  inlayHints: boolean;
  /** Code lenses above every model (`roofline.codeLens.enabled`). */
  codeLens: boolean;
  /** Which layers run fused as one kernel (`roofline.fusion`). */
  fusion: FusionPolicy;
  /** The bottleneck rules: severities, share and utilisation thresholds (`roofline.rules.*`, `roofline.diagnostics.*`). */
  rules: RuleSettings;
}


export const DEFAULT_SETTINGS: ServerSettings = { debounceMs: 75, timeBudgetMs: LIMITS.serverAnalysisMs, target: DEFAULT_TARGET, inlayHints: true, codeLens: true, fusion: DEFAULT_FUSION, rules: DEFAULT_RULE_SETTINGS };

const MAX_DEBOUNCE_MS = 2000;
const MAX_TIME_BUDGET_MS = 600_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function debounce(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v, MAX_DEBOUNCE_MS) : undefined;
}

function timeBudget(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.min(v, MAX_TIME_BUDGET_MS) : undefined;
}

/** Settings from `initializationOptions`: `{ debounceMs }`, or the shape of the `roofline` section. */
export function fromInitializationOptions(options: unknown, base: ServerSettings = DEFAULT_SETTINGS): ServerSettings {
  if (!isRecord(options)) return base;
  const next = fromSection(options, base);
  const direct = debounce(options.debounceMs);
  return direct !== undefined ? { ...next, debounceMs: direct } : next;
}

/** `{ enabled: boolean }` -> the flag; anything else -> undefined (keep the current value). */
function enabled(v: unknown): boolean | undefined {
  return isRecord(v) && typeof v.enabled === 'boolean' ? v.enabled : undefined;
}

/**
 * Settings from the `roofline` configuration section:
 * `{ analysis: { debounceMs, timeBudgetMs }, target, fusion, inlayHints: { enabled }, codeLens: { enabled } }`.
 */
export function fromSection(section: unknown, base: ServerSettings = DEFAULT_SETTINGS): ServerSettings {
  if (!isRecord(section)) return base;
  let next = base;
  if (isRecord(section.analysis)) {
    const ms = debounce(section.analysis.debounceMs);
    if (ms !== undefined) next = { ...next, debounceMs: ms };
    const budget = timeBudget(section.analysis.timeBudgetMs);
    if (budget !== undefined) next = { ...next, timeBudgetMs: budget };
  }
  if (typeof section.target === 'string') next = { ...next, target: section.target.trim() || DEFAULT_TARGET };
  if (isFusionPolicy(section.fusion)) next = { ...next, fusion: section.fusion };
  const hints = enabled(section.inlayHints);
  if (hints !== undefined) next = { ...next, inlayHints: hints };
  const lenses = enabled(section.codeLens);
  if (lenses !== undefined) next = { ...next, codeLens: lenses };
  if (isRecord(section.rules) || isRecord(section.diagnostics)) next = { ...next, rules: ruleSettingsFromSection(section, next.rules) };
  return next;
}

/** The `roofline` section out of a didChangeConfiguration payload (`{ roofline: {...} }`), if pushed. */
export function pushedSection(settings: unknown): unknown {
  return isRecord(settings) ? settings.roofline : undefined;
}
