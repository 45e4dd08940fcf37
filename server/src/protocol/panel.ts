// The data the Roofline panel draws and the messages between the extension and the panel's page.
// Defined once here; the client, the server and the webview import these types, and every
// message from the page is checked by `parsePageMessage` before the extension acts on it.

export interface PanelRoof {
  kind: 'compute' | 'memory';
  /** Label drawn on the roof: 'fp16 peak', 'HBM3 3.35 TB/s'. */
  label: string;
  /** Compute roofs: the precision. */
  precision?: string;
  /** Memory roofs: the level name. */
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

export type Bound = 'compute' | 'memory' | 'buffer' | 'utilization' | 'uncounted';

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
}

export interface PanelData {
  /** The document the data is for. */
  uri: string;
  fileName: string;
  model: string;
  target: { name: string; title: string };
  precision: string;
  trafficMode: 'tiled' | 'compulsory';
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
      const precision = str('precision', 16);
      return precision && /^[a-z0-9]+$/.test(precision) ? { type: 'setPrecision', precision } : undefined;
    }
    case 'setParam': {
      const name = str('name', 100);
      const value = m.value;
      return name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && typeof value === 'number' && Number.isFinite(value) ? { type: 'setParam', name, value } : undefined;
    }
    case 'setTraffic':
      return m.mode === 'tiled' || m.mode === 'compulsory' ? { type: 'setTraffic', mode: m.mode } : undefined;
    case 'export': {
      const content = str('content', MAX_EXPORT_CHARS);
      return (m.format === 'svg' || m.format === 'png' || m.format === 'csv') && content !== undefined ? { type: 'export', format: m.format, content } : undefined;
    }
    default:
      return undefined;
  }
}
