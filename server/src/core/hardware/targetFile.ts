// A target read from a file, whatever its form: a SCALE-Sim config (recognised by its
// [architecture_presets] section, scaleSimConfig.ts) or a `*.target.json` file (fromJson.ts). A
// Darknet `.cfg` is a model, not a target: it is named as such. Used wherever a target is taken from
// a file (the CLI's --target, the editor's roofline.target setting). Never throws.
import { someLineStarts } from '../formats/sniff';
import { diag } from '../diagnostics/catalogue';
import type { FindBase, TargetResult } from './targetSpec';
import { targetFromJson } from './fromJson';
import { isScaleSimConfig, targetFromScaleSimConfig } from './scaleSimConfig';

/** True when a `--target` value names a file rather than a catalog entry or a hardware block. */
export function looksLikeTargetFile(value: string): boolean {
  return /\.(json|cfg)$/i.test(value) || value.includes('/') || value.includes('\\');
}

export function targetFromFileText(text: string, file: string, findBase: FindBase): TargetResult {
  if (isScaleSimConfig(text)) return targetFromScaleSimConfig(text, { file });
  if (someLineStarts(text, /^\[(net|network)\]/)) {
    return { diagnostics: [diag('RL407', { start: 0, end: Math.min(text.length, 5) }, `${file} is a Darknet model (a [net] section), not a target: a SCALE-Sim config has an [architecture_presets] section`)] };
  }
  const r = targetFromJson(text, { file, findBase });
  if (r.target) r.target.file = file;
  return r;
}
