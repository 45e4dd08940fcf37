// The phases of a language model, the one list: the analysis core runs them (core/phases.ts: the
// params seq and context they set), and the `roofline.phase` setting, the panel's messages and the
// panel's dropdown offer them after 'model' (the params as written). No imports, so that the core,
// the server, the client and the webview may all import it (test/helpers/importRules.ts).

export const PHASES = ['prefill', 'decode', 'generate'] as const;
export type Phase = (typeof PHASES)[number];

export function isPhase(v: unknown): v is Phase {
  return typeof v === 'string' && (PHASES as readonly string[]).includes(v);
}

/** What a user chooses from: 'model' (no phase: the params as written) or a phase. */
export const PHASE_CHOICES = ['model', ...PHASES] as const;
export type PhaseChoice = (typeof PHASE_CHOICES)[number];

export function isPhaseChoice(v: unknown): v is PhaseChoice {
  return v === 'model' || isPhase(v);
}
