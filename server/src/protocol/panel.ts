// The data the Roofline panel draws and the messages between the extension and the panel's page.
// Defined once here; the client, the server and the webview import these types, and every
// message from the page is checked by `parsePageMessage` before the extension acts on it.
import { isAttentionMode, type AttentionMode } from './attention';
import { isPhaseChoice, type PhaseChoice } from './phases';

export interface PanelRoof {
  /** 'link': an interconnect under a parallel plan (NVLink, InfiniBand), drawn like a memory roof: bytes/s x op/B. */
  kind: 'compute' | 'memory' | 'link';
  /** Label drawn on the roof: 'fp16 peak', 'HBM3 3.35 TB/s'. */
  label: string;
  /** Compute roofs: the precision. */
  precision?: string;
  /** Memory roofs: the level name; link roofs: the link's ('NVLink'). */
  level?: string;
  /** ops/s for a compute roof, bytes/s for a memory roof. */
  value: number;
}

export interface PanelRidge {
  /** 'fp16 / HBM3' */
  label: string;
  /** Operational intensity of the ridge point, ops per byte. */
  ctc: number;
  /** Performance at the ridge, ops/s. */
  performance: number;
}

/** 'fused': a member of a fused group, which runs in its producer's kernel (no point of its own);
 *  'link': a collective of a parallel plan, bound by the interconnect. */
export type Bound = 'compute' | 'memory' | 'buffer' | 'utilization' | 'link' | 'fused' | 'uncounted';

export interface PanelLayer {
  index: number;
  name: string;
  op: string;
  /** Zero-based line and character of the layer's call, to reveal it in the editor. */
  line: number;
  character: number;
  precision: string;
  counted: boolean;
  ops: number;
  macs: number;
  /** Off-chip traffic in bytes: compulsory (every operand once) and under the chosen tiling. */
  trafficCompulsory: number;
  trafficTiled: number;
  /** Operations per byte of the traffic in use (tiled or compulsory, per `trafficMode`). */
  ctc: number;
  /** Attainable performance, ops/s. */
  attainable: number;
  bound: Bound;
  /** The named roof that bounds the layer: 'fp16 peak', 'HBM3', 'buffer'. */
  boundLabel: string;
  /** Seconds. */
  time: number;
  /** Share of the model's time, 0..1. */
  share: number;
  /** On-chip buffer needed by the tile, bytes (0 when the layer is not tiled). */
  bufferNeed: number;
  /** The tile in words, 'm=64 n=7 r=13 c=13', and where it came from. */
  tile?: string;
  tileSource?: 'file' | 'search';
  utilization?: number;
  /** Engines with a clock: cycles (compute + memory stalls) and the stalls among them. */
  cycles?: number;
  stallCycles?: number;
  /** Joules, and by level ('MAC', 'RF', 'array', 'buffer', memory levels), when the target has an energy table. */
  energy?: number;
  energyByLevel?: Record<string, number>;
  /** Operations per joule. */
  opsPerJoule?: number;
  /** Producer of a fused group: its members' names (the figures above are the group's), and its kind. */
  fused?: string[];
  fusionKind?: string;
  /** Member of a fused group: the producer's name (time and share 0, not plotted), and how it joined. */
  fusedInto?: string;
  fusionRole?: string;
}

export interface PanelData {
  /** The document the data is for. */
  uri: string;
  fileName: string;
  model: string;
  target: { name: string; title: string };
  precision: string;
  trafficMode: 'tiled' | 'compulsory';
  /** The fusion policy in use, and the policies to choose from (absent in data from before fusion). */
  fusion?: string;
  fusionPolicies?: string[];
  /** How attention runs where a statement does not say (flash or unfused), when the model has attention. */
  attention?: AttentionMode;
  /** The phase of a language model analysed ('model': the params as written), with its prompt and new tokens; present for a model with `seq` and `context` params. */
  phase?: { phase: PhaseChoice; prompt?: number; newTokens?: number };
  /** The generate phase's figures, seconds: time to first token, per output token, total; tokens/s. */
  generation?: { prompt: number; new: number; ttft: number; tpot: number; total: number; tokensPerSecond: number };
  /** The parallel plan in force ('tp=8 pp=2'; absent: one device), one device's memory against its capacity, and the collectives' share of the time by link. */
  parallel?: PanelParallel;
  /** The model's params with their current values (after overrides). */
  params: { name: string; value: number; overridden: boolean }[];
  /** Choices for the controls. */
  targets: { name: string; title: string }[];
  precisions: string[];
  roofs: PanelRoof[];
  ridges: PanelRidge[];
  /** On-chip buffer capacity in bytes, when the target has one. */
  bufferCapacity?: number;
  layers: PanelLayer[];
  /** time: seconds per run; throughput: runs per second; batch: samples per run (the model's `batch`). */
  totals: { time: number; throughput: number; batch?: number; energy?: number; opsPerJoule?: number; dominant: string; ops: number; macs: number; complete: boolean };
  /** Approximations behind the numbers, one sentence each. */
  approximations: string[];
}

export interface PanelParallel {
  plan: string;
  devices: number;
  /** Bytes one device holds: its weights, KV cache and activations, and their sum. */
  weightBytes: number;
  kvCacheBytes: number;
  activationBytes: number;
  total: number;
  /** The target's device memory, and whether the device's bytes fit it (both absent when the target gives none). */
  capacity?: number;
  fits?: boolean;
  /** Seconds in collectives on one micro-batch's way, their share of the layers' time, by link. */
  communication: { time: number; share: number; byLink: Record<string, number> };
  /** A pipeline's stages and bubble (1 stage: no pipeline). */
  stages: number;
  bubble: number;
}

/** What-ifs from the panel's controls; absent: as the file and the settings say. */
export interface WhatIf {
  target?: string;
  precision?: string;
  params?: Record<string, number>;
  traffic?: 'tiled' | 'compulsory';
  /** The fusion policy: 'none', 'epilogue' or 'aggressive'. */
  fusion?: string;
  /** How attention runs (protocol/attention.ts); checked by the server. */
  attention?: string;
  /** A language model's phase ('model': the params as written), its prompt and new tokens. */
  phase?: string;
  prompt?: number;
  newTokens?: number;
  /** A parallel plan, 'tp=8 pp=2' (parallel/plan.ts); '' for one device; absent: the file's own. */
  parallel?: string;
}

/** The what-ifs after a page message that sets one; undefined for a message that sets none. */
export function applyWhatIf(whatIf: WhatIf, m: PageMessage): WhatIf | undefined {
  switch (m.type) {
    case 'setTarget':
      return { ...whatIf, target: m.target };
    case 'setPrecision':
      return { ...whatIf, precision: m.precision };
    case 'setParam':
      return { ...whatIf, params: { ...whatIf.params, [m.name]: m.value } };
    case 'setTraffic':
      return { ...whatIf, traffic: m.mode };
    case 'setFusion':
      return { ...whatIf, fusion: m.policy };
    case 'setAttention':
      return { ...whatIf, attention: m.mode };
    case 'setPhase': {
      // A phase sets the params seq and context: the panel's own values of those give way.
      const { seq: _seq, context: _context, ...params } = whatIf.params ?? {};
      const out: WhatIf = { ...whatIf, params, phase: m.phase };
      delete out.prompt;
      delete out.newTokens;
      if (m.prompt !== undefined) out.prompt = m.prompt;
      if (m.newTokens !== undefined) out.newTokens = m.newTokens;
      return out;
    }
    case 'setParallel':
      return { ...whatIf, parallel: m.plan };
    default:
      return undefined;
  }
}

/** Which what-if controls can work where the page runs (a control that cannot is hidden). */
export interface WhatIfControls {
  target: boolean;
  precision: boolean;
  params: boolean;
  fusion: boolean;
  traffic: boolean;
  attention: boolean;
  phase: boolean;
  parallel: boolean;
}

export const ALL_CONTROLS: Readonly<WhatIfControls> = { target: true, precision: true, params: true, fusion: true, traffic: true, attention: true, phase: true, parallel: true };
export const NO_CONTROLS: Readonly<WhatIfControls> = { target: false, precision: false, params: false, fusion: false, traffic: false, attention: false, phase: false, parallel: false };

/**
 * The analysis core bundled into a standalone report (server/src/report/reportEngine.ts sets it on
 * `window.rooflineEngine`): it answers the what-ifs in the browser, with no server.
 */
export interface OfflineEngine {
  readonly controls: WhatIfControls;
  run(whatIf: WhatIf): { data: PanelData } | { error: string };
}

export const ENGINE_GLOBAL = 'rooflineEngine';
/** The id of the <script type="application/json"> that holds a standalone report's source. */
export const SOURCE_ELEMENT_ID = 'roofline-source';

/** Extension -> page. */
export type HostMessage =
  | { type: 'update'; data: PanelData }
  | { type: 'select'; layer: number }
  | { type: 'error'; message: string };

/** Page -> extension. */
export type PageMessage =
  | { type: 'ready' }
  | { type: 'reveal'; layer: number }
  | { type: 'setTarget'; target: string }
  | { type: 'setPrecision'; precision: string }
  | { type: 'setParam'; name: string; value: number }
  | { type: 'setTraffic'; mode: 'tiled' | 'compulsory' }
  | { type: 'setFusion'; policy: string }
  /** A parallel plan, 'tp=8 pp=2' ('' for the file's own, or one device). */
  | { type: 'setParallel'; plan: string }
  | { type: 'setAttention'; mode: AttentionMode }
  | { type: 'setPhase'; phase: PhaseChoice; prompt?: number; newTokens?: number }
  | { type: 'export'; format: 'svg' | 'png' | 'csv'; content: string };

const MAX_EXPORT_CHARS = 50_000_000;

/** Checks a message from the page against the protocol; undefined when it does not conform. */
export function parsePageMessage(raw: unknown): PageMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  const str = (k: string, max = 200) => (typeof m[k] === 'string' && (m[k] as string).length <= max ? (m[k] as string) : undefined);
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal':
      return Number.isInteger(m.layer) && (m.layer as number) >= 0 ? { type: 'reveal', layer: m.layer as number } : undefined;
    case 'setTarget': {
      const target = str('target');
      return target && /^[\w.\-/ :\\]+$/.test(target) ? { type: 'setTarget', target } : undefined;
    }
    case 'setPrecision': {
      // One datatype, or three: weights/activations/kv.
      const precision = str('precision', 40);
      return precision && /^[a-z0-9]+(\/[a-z0-9]+\/[a-z0-9]+)?$/.test(precision) ? { type: 'setPrecision', precision } : undefined;
    }
    case 'setAttention':
      return isAttentionMode(m.mode) ? { type: 'setAttention', mode: m.mode } : undefined;
    case 'setPhase': {
      const phase = m.phase;
      if (!isPhaseChoice(phase)) return undefined;
      const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1e9 ? v : undefined);
      const out: PageMessage = { type: 'setPhase', phase };
      const prompt = count(m.prompt);
      const newTokens = count(m.newTokens);
      if (prompt !== undefined) out.prompt = prompt;
      if (newTokens !== undefined) out.newTokens = newTokens;
      return out;
    }
    case 'setParam': {
      const name = str('name', 100);
      const value = m.value;
      return name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && typeof value === 'number' && Number.isFinite(value) ? { type: 'setParam', name, value } : undefined;
    }
    case 'setTraffic':
      return m.mode === 'tiled' || m.mode === 'compulsory' ? { type: 'setTraffic', mode: m.mode } : undefined;
    case 'setFusion': {
      const policy = str('policy', 16);
      return policy && /^[a-z]+$/.test(policy) ? { type: 'setFusion', policy } : undefined;
    }
    case 'setParallel': {
      const plan = str('plan', 100);
      return plan !== undefined && /^[a-z0-9=,\s]*$/.test(plan) ? { type: 'setParallel', plan } : undefined;
    }
    case 'export': {
      const content = str('content', MAX_EXPORT_CHARS);
      return (m.format === 'svg' || m.format === 'png' || m.format === 'csv') && content !== undefined ? { type: 'export', format: m.format, content } : undefined;
    }
    default:
      return undefined;
  }
}
