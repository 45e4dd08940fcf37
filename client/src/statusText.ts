// What the status bar item says about the active model file, from the server's roofline/didAnalyse
// notification: "$(pulse) zhang15-vc707 · fp32", and a tooltip with the target's title, where the
// target came from, the model time and its bound. Pure (no vscode import), so tests run it in Node.
// The first tooltip line stays "Roofline ready": end-to-end tests wait on it.
import type { DidAnalyseParams } from '../../server/src/protocol/lsp';
import { boundAdjective } from '../../server/src/ide/boundWords';
import { formatNoun, formatSeconds } from '../../server/src/protocol/format';

export const READY_TOOLTIP = 'Roofline ready';

export interface StatusLook {
  text: string;
  tooltip: string;
}

const ORIGINS: Record<NonNullable<DidAnalyseParams['target']>['origin'], string> = {
  file: 'from `use target` in this file',
  fallback: 'from the roofline.target setting',
  option: 'given to the server explicitly',
};

export function analysisLook(p: DidAnalyseParams): StatusLook {
  const lines = [READY_TOOLTIP];
  let text: string;
  if (p.target) {
    text = `$(pulse) ${p.target.name} · ${p.precision}`;
    lines.push(`Target: ${p.target.title} (${p.target.name}), ${ORIGINS[p.target.origin]}`);
  } else {
    text = `$(warning) no target · ${p.precision}`;
    lines.push(`No target: ${p.problem ?? 'none given'}. Set one with \`use target NAME\` or the roofline.target setting.`);
  }
  lines.push(`Precision: ${p.precision}`);
  if (p.time !== undefined) lines.push(`Model: ${formatSeconds(p.time)}${p.bound ? `, mostly ${boundAdjective(p.bound)}` : ''}`);
  if (p.errors > 0) lines.push(`${formatNoun(p.errors, 'error')} in this file`);
  lines.push('', 'Click to select the target.');
  return { text, tooltip: lines.join('\n') };
}
