// The server's settings and where they come from: `initializationOptions` at start, then the
// client's `roofline` configuration section (pushed with didChangeConfiguration, or pulled with
// workspace/configuration). Values are checked; anything malformed falls back to the default.
import { isAttentionMode, type AttentionMode, DEFAULT_ATTENTION, DEFAULT_FUSION, DEFAULT_NEW_TOKENS, DEFAULT_RULE_SETTINGS, isFusionPolicy, LIMITS, type FusionPolicy, type ParallelPlan, parsePlan, type PhaseOptions, type RuleSettings, ruleSettingsFromSection } from '../core';
import { isPhaseChoice, type PhaseChoice } from '../protocol/phases';
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
  /** How attention runs where a statement does not say (`roofline.attention`). */
  attention: AttentionMode;
  /** The phase of a language model analysed (`roofline.phase`); 'model': the params as written. */
  phase: PhaseSetting;
  /** A generation's prompt tokens (0: the model's context) and new tokens (`roofline.generation.*`). */
  prompt: number;
  newTokens: number;
  /** A parallel plan over the files' own `use parallel` (`roofline.parallel`, 'tp=8 pp=2'); undefined: the file's. */
  parallel?: ParallelPlan;
  /** The bottleneck rules: severities, share and utilisation thresholds (`roofline.rules.*`, `roofline.diagnostics.*`). */
  rules: RuleSettings;
}


/** `roofline.phase`: the model's params as written, or a phase (protocol/phases.ts). */
export type PhaseSetting = PhaseChoice;

export const DEFAULT_SETTINGS: ServerSettings = {
  debounceMs: 75,
  timeBudgetMs: LIMITS.serverAnalysisMs,
  target: DEFAULT_TARGET,
  inlayHints: true,
  codeLens: true,
  fusion: DEFAULT_FUSION,
  attention: DEFAULT_ATTENTION,
  phase: 'model',
  prompt: 0,
  newTokens: DEFAULT_NEW_TOKENS,
  rules: DEFAULT_RULE_SETTINGS,
};

/** The analysis options the phase settings give: none for 'model'. */
function phaseOptions(s: Pick<ServerSettings, 'phase' | 'prompt' | 'newTokens'>): PhaseOptions | undefined {
  if (s.phase === 'model') return undefined;
  const out: PhaseOptions = { phase: s.phase };
  if (s.prompt > 0) out.prompt = s.prompt;
  if (s.phase === 'generate') out.newTokens = s.newTokens;
  return out;
}

/** The language-model settings as analysis options (`roofline.attention`, `roofline.phase`, `roofline.generation`, `roofline.parallel`). */
export interface LlmSettings {
  attention: AttentionMode;
  /** The phase, unless 'model' (the params as written). */
  phase?: PhaseOptions;
  /** The `roofline.parallel` setting's plan, if set. */
  parallel?: ParallelPlan;
}

/** The analysis options of the language-model settings: the attention mode, the phase unless 'model', the parallel plan if set. */
export function llmOptions(s: ServerSettings): LlmSettings {
  const phase = phaseOptions(s);
  const out: LlmSettings = { attention: s.attention };
  if (phase) out.phase = phase;
  if (s.parallel) out.parallel = s.parallel;
  return out;
}

/** `roofline.parallel`: '' for none, else a plan ('tp=8 pp=2') without problems; undefined when malformed. */
function parallelSetting(v: unknown): { plan?: ParallelPlan } | undefined {
  if (typeof v !== 'string') return undefined;
  if (v.trim() === '') return {};
  const r = parsePlan(v);
  return r.problems.length === 0 ? { plan: r.plan } : undefined;
}

/** A whole number of at least `min`, or undefined. */
function count(v: unknown, min: number): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= 1e9 ? v : undefined;
}

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
 * `{ analysis: { debounceMs, timeBudgetMs }, target, fusion, attention, phase, generation: { prompt, new },
 * parallel, inlayHints: { enabled }, codeLens: { enabled } }`.
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
  if (isAttentionMode(section.attention)) next = { ...next, attention: section.attention };
  if (isPhaseChoice(section.phase)) next = { ...next, phase: section.phase };
  const parallel = parallelSetting(section.parallel);
  if (parallel) {
    const { parallel: _old, ...rest } = next;
    next = parallel.plan ? { ...rest, parallel: parallel.plan } : rest;
  }
  if (isRecord(section.generation)) {
    const prompt = count(section.generation.prompt, 0);
    if (prompt !== undefined) next = { ...next, prompt };
    const newTokens = count(section.generation.new, 1);
    if (newTokens !== undefined) next = { ...next, newTokens };
  }
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
