// How attention runs, the one list and its default: the analysis core costs each mode
// (core/cost/flashAttention.ts), and the `roofline.attention` setting, the `@attention(...)`
// annotation, the command line's --attention, the panel's messages and its dropdown offer them.
// No imports, so that the core, the server, the client and the webview may all import it
// (test/helpers/importRules.ts).

/** FlashAttention's fused kernel for QK^T, softmax and scores x V, or each part on its own. */
export const ATTENTION_MODES = ['flash', 'unfused'] as const;
export type AttentionMode = (typeof ATTENTION_MODES)[number];

/** How attention runs when neither the call, the analysis nor the setting says (serving stacks run FlashAttention). */
export const DEFAULT_ATTENTION: AttentionMode = 'flash';

export function isAttentionMode(v: unknown): v is AttentionMode {
  return typeof v === 'string' && (ATTENTION_MODES as readonly string[]).includes(v);
}
