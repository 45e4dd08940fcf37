// The best single unroll (Tm, Tn) of a `hardware` block for the file's model (Zhang et al., FPGA
// 2015: one engine serves every conv layer): the unroll search (cost/unrollSearch.ts) within the
// block's lanes (its `lanes`, or its base target's; else the unroll's own m x n as the budget), the
// conv cycles at the unroll written and at the best, and the edit when the best takes fewer cycles.
// Pure; never throws.
import { nestCycles } from '../cost/compute';
import { convNestsOf, unrollSearch } from '../cost/unrollSearch';
import type { FileAnalysis } from '../analyze';
import type * as A from '../syntax/ast';
import type { TextEdit } from './edits';
import { unrollEdit, writtenUnroll } from './unrollEdit';

export interface UnrollPlan {
  hardware: string;
  model: string;
  current: { m: number; n: number };
  best: { m: number; n: number };
  /** The lane budget searched, and where it comes from. */
  lanes: number;
  lanesFrom: 'lanes' | 'unroll';
  /** Conv cycles of the model at the current and at the best unroll. */
  before: number;
  after: number;
  /** Empty when the unroll written is already the best (no fewer cycles to gain). */
  edits: TextEdit[];
}

/** The unroll plan of a hardware block that writes `unroll = (m: .., n: ..)`, for model `modelIndex`. */
export function planUnroll(text: string, analysis: FileAnalysis, decl: A.HardwareDecl, modelIndex = 0): UnrollPlan | undefined {
  try {
    const current = writtenUnroll(decl);
    const model = analysis.models[modelIndex];
    if (!current || !model || !(current.m >= 1 && current.n >= 1)) return undefined;
    const nests = convNestsOf(model);
    const declared = analysis.hardware.get(decl.name.text)?.lanes?.value;
    const lanes = declared !== undefined && declared >= 1 ? declared : current.m * current.n;
    const r = unrollSearch(nests, lanes);
    if (!r) return undefined;
    const before = nests.reduce((sum, n) => sum + nestCycles(n, current), 0);
    const best = { m: r.best.unroll.m, n: r.best.unroll.n };
    const edits = r.best.cycles < before ? unrollEdit(text, decl, best.m, best.n) : [];
    return { hardware: decl.name.text, model: model.name, current, best, lanes, lanesFrom: declared !== undefined && declared >= 1 ? 'lanes' : 'unroll', before, after: r.best.cycles, edits };
  } catch {
    return undefined;
  }
}
