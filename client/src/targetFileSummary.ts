// A one-line summary of a `*.target.json` file for the target quick pick (title, kind, peaks and
// bandwidth as the file writes them). Reads the JSON loosely: the server checks the file for real
// when it is chosen. Pure (no vscode import).

export interface TargetFileSummary {
  title?: string;
  detail: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A figure as a target file writes it: "4.5 GB/s", or { value: "4.5 GB/s", source }. */
function figure(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return isRecord(v) ? figure(v.value) : undefined;
}

export function summariseTargetFile(text: string): TargetFileSummary {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { detail: 'target file (not valid JSON)' };
  }
  if (!isRecord(json)) return { detail: 'target file' };
  const parts: string[] = [typeof json.kind === 'string' ? json.kind : 'target file'];
  if (typeof json.base === 'string') parts.push(`based on ${json.base}`);
  if (isRecord(json.peak)) {
    for (const [precision, v] of Object.entries(json.peak).slice(0, 2)) {
      const f = figure(v);
      if (f) parts.push(`${precision} ${f}`);
    }
  } else if (isRecord(json.unroll) && typeof json.unroll.m === 'number' && typeof json.unroll.n === 'number') {
    parts.push(`unroll ${json.unroll.m} x ${json.unroll.n}${figure(json.clock) ? ` at ${figure(json.clock)}` : ''}`);
  }
  const bandwidth = figure(json.bandwidth);
  if (bandwidth) parts.push(bandwidth);
  return { title: typeof json.title === 'string' ? json.title : undefined, detail: parts.join(' · ') };
}
