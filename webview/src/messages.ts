// Checks what arrives at the page before it is drawn: a HostMessage from the extension (or from a
// parent frame, or the data embedded in a standalone report) must have the shape of the protocol,
// so that a malformed message is ignored instead of breaking the page. Pure.
import type { HostMessage, PanelData, PanelLayer } from '../../server/src/protocol/panel';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number';
const isStr = (v: unknown): v is string => typeof v === 'string';

function isLayer(v: unknown): v is PanelLayer {
  if (!isRec(v)) return false;
  return (
    Number.isInteger(v.index) &&
    isStr(v.name) &&
    isStr(v.op) &&
    isStr(v.bound) &&
    typeof v.counted === 'boolean' &&
    isNum(v.ctc) &&
    isNum(v.attainable) &&
    isNum(v.time) &&
    isNum(v.share) &&
    isNum(v.bufferNeed) &&
    isNum(v.line) &&
    isNum(v.character)
  );
}

/** True when `v` has the fields of PanelData that the page reads, with their types. */
export function isPanelData(v: unknown): v is PanelData {
  if (!isRec(v)) return false;
  if (!isStr(v.fileName) || !isStr(v.model) || !isStr(v.precision) || !isRec(v.target) || !isRec(v.totals)) return false;
  if (v.trafficMode !== 'tiled' && v.trafficMode !== 'compulsory') return false;
  for (const k of ['params', 'targets', 'precisions', 'roofs', 'ridges', 'layers', 'approximations']) if (!Array.isArray(v[k])) return false;
  if (!(v.roofs as unknown[]).every((r) => isRec(r) && (r.kind === 'compute' || r.kind === 'memory' || r.kind === 'link') && isNum(r.value) && isStr(r.label))) return false;
  if (!(v.ridges as unknown[]).every((r) => isRec(r) && isNum(r.ctc) && isNum(r.performance) && isStr(r.label))) return false;
  if (!(v.params as unknown[]).every((p) => isRec(p) && isStr(p.name) && isNum(p.value))) return false;
  if (!(v.targets as unknown[]).every((t) => isRec(t) && isStr(t.name) && isStr(t.title))) return false;
  if (!(v.precisions as unknown[]).every(isStr)) return false;
  return (v.layers as unknown[]).every(isLayer);
}

/** A message from the host, or undefined when it does not conform to HostMessage. */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isRec(raw)) return undefined;
  switch (raw.type) {
    case 'update':
      return isPanelData(raw.data) ? { type: 'update', data: raw.data } : undefined;
    case 'select':
      return Number.isInteger(raw.layer) ? { type: 'select', layer: raw.layer as number } : undefined;
    case 'error':
      return isStr(raw.message) ? { type: 'error', message: raw.message } : undefined;
    default:
      return undefined;
  }
}
