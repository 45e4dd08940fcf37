// The hardware catalog: real targets, every figure with its public source (catalog/*.ts, one file a
// family), and the lookup by name. Names are lower-case with dashes ('h100-sxm'); the lookup ignores
// case, accepts underscores or spaces for dashes (a model file writes `h100_sxm`, since a dash does
// not lex inside an identifier) and each entry's aliases ('h100', 'vc707').
import { FPGA } from './catalog/fpga';
import { GOOGLE } from './catalog/google';
import { NVIDIA } from './catalog/nvidia';
import { OTHER } from './catalog/other';
import type { Target } from './types';

export const CATALOG: readonly Target[] = Object.freeze([...NVIDIA, ...GOOGLE, ...FPGA, ...OTHER]);

/** Lower-case, with dashes, underscores, dots and spaces removed: 'H100_SXM' -> 'h100sxm'. */
export function targetKey(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.\s]+/g, '');
}

const BY_KEY = new Map<string, Target>();
for (const t of CATALOG) BY_KEY.set(targetKey(t.name), t);
for (const t of CATALOG) for (const a of t.aliases ?? []) if (!BY_KEY.has(targetKey(a))) BY_KEY.set(targetKey(a), t);

/** The catalog entry of that name or alias, ignoring case and dashes versus underscores. */
export function findTarget(name: string): Target | undefined {
  if (typeof name !== 'string') return undefined;
  return BY_KEY.get(targetKey(name));
}

/** Catalog names, for messages and completion. */
export function targetNames(): string[] {
  return CATALOG.map((t) => t.name);
}
