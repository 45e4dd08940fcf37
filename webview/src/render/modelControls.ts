// The panel's controls of how the model runs: its datatypes by role (weights, activations and,
// with attention, the KV cache: `int4/fp16/int8`), how attention runs (flash or unfused), and for a
// language model its phase (the params as written, prefill, decode, or a whole generation) with the
// prompt and the new tokens. Built once, updated in place; a control reports a change only when its
// value differs from the data's (no echo of the host's update).
import { ATTENTION_MODES, isAttentionMode, type AttentionMode } from '../../../server/src/protocol/attention';
import type { PanelData, WhatIfControls } from '../../../server/src/protocol/panel';
import { isPhaseChoice, PHASE_CHOICES, type PhaseChoice } from '../../../server/src/protocol/phases';
import type { Toolkit } from '../toolkit';
import { numberField } from './numberField';

export interface ModelControlActions {
  /** One datatype, or weights/activations/kv. */
  setPrecision(precision: string): void;
  setAttention(mode: AttentionMode): void;
  setPhase(phase: PhaseChoice, prompt?: number, newTokens?: number): void;
}

/** The datatypes a role can take in the panel (the list), besides the target's peaks. */
const ROLE_PRECISIONS = ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'];


/** `fp16` -> [fp16, fp16, fp16]; `int4/fp16/int8` -> its three roles. */
function rolesOf(precision: string): [string, string, string] {
  const p = precision.split('/');
  return p.length === 3 ? [p[0], p[1], p[2]] : [precision, precision, precision];
}

/** One name when the three roles agree, else weights/activations/kv. */
function rolesText(w: string, a: string, kv: string): string {
  return w === a && kv === a ? a : `${w}/${a}/${kv}`;
}

/** `works`: the what-if controls that can work where the page runs (the others are hidden). */
export function createModelControls(doc: Document, toolkit: Toolkit, actions: ModelControlActions, works: WhatIfControls): { elements: HTMLElement[]; update(data: PanelData): void } {
  let current: PanelData | undefined;
  const roles = () => rolesOf(current?.precision ?? '');
  // `precision` sets every role (as one name always did); `weights` and `KV cache` set their own.
  const setRole = (i: 0 | 1 | 2 | 'all', v: string) => {
    if (!current || !v) return;
    const r = roles();
    if (i === 'all') r.fill(v);
    else r[i] = v;
    const text = rolesText(r[0], r[1], r[2]);
    if (text !== current.precision) actions.setPrecision(text);
  };
  const weights = toolkit.select({ name: 'precision-weights', label: 'weights', options: [], value: '', onChange: (v) => setRole(0, v) });
  const activations = toolkit.select({ name: 'precision', label: 'precision', options: [], value: '', onChange: (v) => setRole('all', v) });
  const kv = toolkit.select({ name: 'precision-kv', label: 'KV cache', options: [], value: '', onChange: (v) => setRole(2, v) });
  activations.title = 'the datatype of every role; with weights and KV cache set apart, the activations\' (the math type, whose peak the layers run at)';
  weights.title = 'the weights\' datatype (int4 with fp16 activations: weight-only quantisation)';
  kv.title = 'the KV cache\'s datatype';
  const attention = toolkit.select({
    name: 'attention',
    label: 'attention',
    options: [],
    value: '',
    onChange: (v) => {
      if (current?.attention !== undefined && isAttentionMode(v) && v !== current.attention) actions.setAttention(v);
    },
  });
  attention.title = 'flash: QK^T, softmax and scores x V as one FlashAttention kernel; unfused: the scores written to memory and read back';

  // The phase: a dropdown, and the prompt and new tokens of a phase.
  const prompt = numberField(doc, 'prompt', 'prompt', { title: 'prompt tokens (empty: the model\'s context)' });
  const fresh = numberField(doc, 'new', 'new', { title: 'tokens generated' });
  const sendPhase = (phase: PhaseChoice) => {
    const p = prompt.input.valueAsNumber;
    const n = fresh.input.valueAsNumber;
    actions.setPhase(phase, Number.isInteger(p) && p >= 1 ? p : undefined, phase === 'generate' && Number.isInteger(n) && n >= 1 ? n : undefined);
  };
  const phase = toolkit.select({
    name: 'phase',
    label: 'phase',
    options: [],
    value: '',
    onChange: (v) => {
      if (current?.phase && isPhaseChoice(v) && v !== current.phase.phase) sendPhase(v);
    },
  });
  phase.title = 'model: the params as written; prefill: the prompt at once; decode: one new token; generate: the prefill, then the new tokens (TTFT, TPOT, tokens/s)';
  for (const f of [prompt, fresh]) {
    f.input.addEventListener('change', () => {
      const p = current?.phase?.phase;
      if (p && p !== 'model' && isPhaseChoice(p)) sendPhase(p);
    });
  }
  const elements = [activations, weights, kv, attention, phase, prompt.field, fresh.field];

  return {
    elements,
    update(data) {
      current = data;
      const [w, a, k] = rolesOf(data.precision);
      const options = (value: string) => [...new Set([value, ...data.precisions, ...ROLE_PRECISIONS])].map((p) => ({ value: p, label: p }));
      toolkit.setSelect(weights, options(w), w);
      toolkit.setSelect(activations, options(a), a);
      toolkit.setSelect(kv, options(k), k);
      activations.hidden = !works.precision;
      weights.hidden = !works.precision;
      kv.hidden = !works.precision || data.attention === undefined;
      attention.hidden = !works.attention || data.attention === undefined;
      if (data.attention !== undefined) toolkit.setSelect(attention, ATTENTION_MODES.map((m) => ({ value: m, label: m })), data.attention);
      const ph = data.phase;
      phase.hidden = !works.phase || ph === undefined;
      prompt.field.hidden = phase.hidden || ph?.phase === 'model';
      fresh.field.hidden = phase.hidden || ph?.phase !== 'generate';
      if (ph) {
        toolkit.setSelect(phase, PHASE_CHOICES.map((p) => ({ value: p, label: p })), ph.phase);
        if (doc.activeElement !== prompt.input) prompt.input.value = ph.prompt !== undefined ? String(ph.prompt) : '';
        if (doc.activeElement !== fresh.input) fresh.input.value = ph.newTokens !== undefined ? String(ph.newTokens) : '';
      }
    },
  };
}
