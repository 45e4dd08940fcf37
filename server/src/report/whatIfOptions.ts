// The page's what-ifs (protocol/panel.ts WhatIf) over the options an analysis starts from, as
// analysis options: for the editor's panel (lsp/panelRequest.ts, over the folder's settings) and for
// a standalone report (reportSource.ts, over the options it was made with). Every what-if is
// checked: an unknown precision, fusion policy, attention mode or phase, or a malformed parallel
// plan, is an error. A plan of '' is one device, whatever the file says. Pure: no node, no editor.
import {
  ATTENTION_MODES,
  isAttentionMode,
  FUSION_POLICIES,
  isFusionPolicy,
  isPhase,
  isRolesProblem,
  parsePlan,
  parsePrecisionRoles,
  PHASES,
  rolesProblemText,
  SINGLE_DEVICE,
  type AnalysisOptions,
  type AttentionMode,
  type FusionPolicy,
  type ParallelPlan,
  type PhaseOptions,
  type Target,
  type TrafficModel,
} from '../core';
import type { WhatIf } from '../protocol/panel';

/** What the analysis does without a what-if. */
export interface WhatIfBase {
  target?: Target | string;
  /** One datatype, or weights/activations/kv (`int4/fp16/int8`). */
  precision?: string;
  params?: Record<string, number>;
  traffic?: TrafficModel;
  fusion?: FusionPolicy;
  attention?: AttentionMode;
  phase?: PhaseOptions;
  parallel?: ParallelPlan;
}

/** The options, with the precision and attention mode in force (as the page shows them); or why the what-ifs cannot apply. */
export function whatIfOptions(w: WhatIf, base: WhatIfBase): { options: AnalysisOptions; precision?: string; attention?: AttentionMode } | { error: string } {
  const precision = w.precision ?? base.precision;
  const roles = precision !== undefined ? parsePrecisionRoles(precision) : undefined;
  if (precision !== undefined && roles && isRolesProblem(roles)) return { error: rolesProblemText(precision, roles) };
  const fusion = w.fusion ?? base.fusion;
  if (fusion !== undefined && !isFusionPolicy(fusion)) return { error: `unknown fusion policy '${fusion}' (${FUSION_POLICIES.join(', ')})` };
  const attention = w.attention ?? base.attention;
  if (attention !== undefined && !isAttentionMode(attention)) return { error: `unknown attention mode '${attention}' (${ATTENTION_MODES.join(', ')})` };
  let phase = base.phase;
  if (w.phase === 'model') phase = undefined;
  else if (isPhase(w.phase)) phase = { phase: w.phase, ...(w.prompt !== undefined ? { prompt: w.prompt } : {}), ...(w.phase === 'generate' && w.newTokens !== undefined ? { newTokens: w.newTokens } : {}) };
  else if (w.phase !== undefined) return { error: `unknown phase '${w.phase}' (model, ${PHASES.join(', ')})` };
  let parallel = base.parallel;
  if (w.parallel !== undefined) {
    const plan = w.parallel.trim() !== '' ? parsePlan(w.parallel) : undefined;
    if (plan && plan.problems.length > 0) return { error: plan.problems[0].message };
    parallel = plan?.plan ?? SINGLE_DEVICE;
  }
  const target = w.target || base.target;
  const params = { ...base.params, ...w.params };
  const traffic = w.traffic ?? base.traffic;
  const options: AnalysisOptions = {
    ...(target !== undefined ? { target } : {}),
    ...(roles && !isRolesProblem(roles) ? { precision: roles } : {}),
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(traffic !== undefined ? { traffic } : {}),
    ...(fusion !== undefined ? { fusion } : {}),
    ...(attention !== undefined ? { attention } : {}),
    ...(phase ? { phase } : {}),
    ...(parallel ? { parallel } : {}),
  };
  return { options, ...(precision !== undefined ? { precision } : {}), ...(attention !== undefined ? { attention } : {}) };
}
