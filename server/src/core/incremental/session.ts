// An editor's document analysed again and again: each update gives what `analyze` would give for
// the new text and options, re-using what the change did not touch.
//   - Syntax: after an edit inside a model or block body, only the statements it touched are read
//     again (reparse.ts); elsewhere the whole text is parsed. The same text is never parsed again
//     (a change of target, precision or parameters re-costs or re-evaluates the same tree).
//   - Evaluation: after an edit inside a model body, the statements the edit did not reach are
//     replayed from their records rather than evaluated (statementMemo.ts).
//   - Costs: per-layer figures are memoised by cost input and context (cost/costMemo.ts); a layer
//     object re-used from the analysis before finds its figures without building its key, and a
//     model made of the very layer objects of its costing before (an edit of a comment, or of
//     another model) is that costing: its groups, execution and totals are not made again. A model
//     that differs in a few layer objects keeps the others' figures, and its dataflow and fusion
//     plan when the changed layers have the producers and plan input of before.
//   - Names: a statement the edit did not touch whose names find the same definitions keeps its
//     references (semantics/resolve.ts ResolveMemo); the others are resolved again.
// The rules run in full on every update.
//
// The objects an update re-uses are the ones the update before handed out, and their offsets are
// moved in place: an analysis from an earlier update must not be read once a later update is made
// (the language server keeps only the latest). Formats other than the model language are analysed
// in full every time (their per-layer figures still come from the memo). Pure; never throws
// (a defect of the re-use falls back to a full analysis). A text past the size limit, and an
// analysis cut by the time budget or the layer limit, are not re-used (core/limits.ts).
import { analyzeParsed, type FileAnalysis } from '../analyze';
import { resolveMemo, type ResolveMemo } from '../semantics/resolve';
import { CostMemo } from '../cost/costMemo';
import { analyzeInput, finishAnalysis, type AnalysisOptions } from '../finishAnalysis';
import type { ModelFormat } from '../formats/registry';
import { textLimitDiagnostic } from '../diagnostics/limitDiagnostics';
import { withinBudget, type RooflineAnalysis } from '../roofline';
import { parse, type ParseResult } from '../syntax/parser';
import { reparse } from './reparse';
import { SpanMover } from './shift';
import { MemoEvaluator, type FileMemo } from './statementMemo';
import { textChange } from './textChange';

/** What the last update re-used (tests and benchmarks read it). */
export interface UpdateStats {
  /** 'none': the same text; 'statements': some statements read again; 'full': the whole text. */
  parse: 'none' | 'statements' | 'full';
  /** Model statements replayed, and evaluated (both 0 when the evaluation itself was re-used). */
  replayed: number;
  evaluated: number;
  /** Statements of bodies whose references were kept, and statements resolved again (both 0 when the evaluation itself was re-used). */
  namesKept: number;
  namesResolved: number;
  /** Models whose costing was re-used whole (made of the very layer objects costed before). */
  costsReused: number;
  /** Models costed again with the dataflow and fusion plan of before (an edit of a few layers that left them). */
  plansKept: number;
}

/** What an update re-used of the syntax, the names and the evaluation (the costs' re-use comes from the memo). */
type SyntaxReuse = Pick<UpdateStats, 'parse' | 'replayed' | 'evaluated' | 'namesKept' | 'namesResolved'>;

/** An update that replayed and kept nothing (parsed in full, or not analysed again at all). */
function nothingReused(parse: UpdateStats['parse']): SyntaxReuse {
  return { parse, replayed: 0, evaluated: 0, namesKept: 0, namesResolved: 0 };
}

interface State {
  text: string;
  parsed: ParseResult;
  file: FileAnalysis;
  memo: FileMemo;
  /** The options the evaluation depends on, as a key. */
  key: string;
}

/** The options that reach the evaluation of a model file (the rest reach only its costs). */
function evaluationKey(options: AnalysisOptions): string {
  return JSON.stringify([options.fileName ?? null, options.params ?? null, options.precision ?? null, options.maxLayers ?? null]);
}

export class AnalysisSession {
  private state: State | undefined;
  private readonly costs = new CostMemo(true);
  /** What each statement's names resolved to, for the statements an edit leaves alone. */
  private readonly names: ResolveMemo = resolveMemo();
  stats: UpdateStats = { ...nothingReused('full'), costsReused: 0, plansKept: 0 };
  /** What the last update re-used of the syntax and the evaluation (the costs' re-use comes from the memo). */
  private reused: SyntaxReuse = nothingReused('full');

  /** The analysis of `text` (a file of `format`) with `options`, as `analyze` gives it. */
  update(text: string, format: ModelFormat, options: AnalysisOptions): RooflineAnalysis {
    const withMemo: AnalysisOptions = { ...options, costMemo: this.costs };
    const reusedBefore = this.costs.counts.modelHits;
    const keptBefore = this.costs.counts.plansKept;
    // Under the time budget and layer limit of the options (core/limits.ts), as `analyze` runs.
    const result = withinBudget(withMemo, () => this.analysis(text, format, withMemo));
    this.stats = { ...this.reused, costsReused: this.costs.counts.modelHits - reusedBefore, plansKept: this.costs.counts.plansKept - keptBefore };
    // An analysis a limit cut short (RL215, RL217) is not re-used: the next update starts afresh.
    if (result.diagnostics.some((d) => d.code === 'RL215' || d.code === 'RL217')) this.state = undefined;
    return result;
  }

  private analysis(text: string, format: ModelFormat, options: AnalysisOptions): RooflineAnalysis {
    if (format !== 'nnm' || options.phase || textLimitDiagnostic(text)) {
      // Another format, a language model's phase (several evaluations), or a text past the size
      // limit (which analyzeDocument reports): analysed in full (and the names of before let go).
      this.state = undefined;
      this.names.bodies.clear();
      this.reused = nothingReused('full');
      return analyzeInput({ format, text }, options);
    }
    let file: FileAnalysis;
    try {
      file = this.fileAnalysis(text, options);
    } catch {
      // A defect of the re-use: the analysis from scratch (what the re-use must equal).
      this.state = undefined;
      file = this.fileAnalysis(text, options);
    }
    return finishAnalysis(file, options);
  }

  private fileAnalysis(text: string, options: AnalysisOptions): FileAnalysis {
    const key = evaluationKey(options);
    const prev = this.state;
    if (prev && prev.text === text && prev.key === key) {
      this.reused = nothingReused('none');
      return prev.file;
    }
    let parsed: ParseResult | undefined;
    let previous: FileMemo | undefined;
    let mover: SpanMover | undefined;
    let how: UpdateStats['parse'] = 'full';
    if (prev) {
      const change = textChange(prev.text, text);
      if (!change) {
        parsed = prev.parsed;
        how = 'none';
      } else {
        const re = reparse(prev.text, prev.parsed, text, change);
        if (re) {
          parsed = re.parsed;
          how = 'statements';
          // Statements are replayed when the file's blocks, parameters and precision, which a model's
          // statements read besides its own names, are unchanged: after an edit inside a model
          // body, or of top-level lines that hold only models and hardware blocks.
          if (prev.key === key && (re.edited ? re.edited.kind === 'model' : [...re.replaced, ...re.read].every((i) => i.kind === 'model' || i.kind === 'hardware'))) {
            previous = prev.memo;
            if (change.delta !== 0) mover = new SpanMover(change.endBefore, change.delta);
          }
        }
      }
    }
    // From here on the state before is spent (its offsets may have moved).
    this.state = undefined;
    parsed ??= parse(text);
    const made: MemoEvaluator[] = [];
    const file = analyzeParsed(
      text,
      parsed,
      options,
      (global, o, precision) => {
        const ev = new MemoEvaluator(global, o, precision, previous, mover);
        made.push(ev);
        return ev;
      },
      this.names,
    );
    const ev = made[0];
    this.reused = { parse: how, replayed: ev?.replayed ?? 0, evaluated: ev?.evaluated ?? 0, namesKept: this.names.kept, namesResolved: this.names.walked };
    this.state = { text, parsed, file, memo: ev?.memo ?? { models: [] }, key };
    return file;
  }
}
