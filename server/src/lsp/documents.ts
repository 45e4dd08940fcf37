// Open documents and their analyses, one cached result per document version. Each document has an
// analysis session (core/incremental/session.ts) that re-uses what an edit did not change. An edit
// schedules a re-analysis after an adaptive debounce (debounceDelay below); opening analyses at
// once. A result is stored only when no newer one is stored already, so a stale analysis never
// overwrites a fresher one. Requests ask `current()`, which answers from the last result, first
// finishing an analysis still waiting on its debounce so that positions always match the text the
// client has.
//
// The debounce gathers a burst of edits: an edit that comes at least as long after the document's
// previous edit, or the end of its last analysis if later, as its last analysis took (the user
// types slower than the analysis runs) is analysed at once; one that comes sooner waits
// (debounceDelay), and the next edit of the burst waits again. Counting from the end of the
// analysis matters: the server handles one message at a time, so an edit sent while an analysis
// runs is handled after it, and would otherwise always look like one after a pause. Analyses are
// timed on `clock` (tests fake it); edits and the ends of analyses are stamped on the real clock.
import { TextDocuments, type Connection, type Disposable } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisSession, documentFormat, type FileAnalysis, type FusionPolicy, importedAnalysis, LIMITS, LineIndex, type RooflineAnalysis, type RuleSettings, type Target } from '../core';
import type { LlmSettings } from './settings';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  analysis: RooflineAnalysis;
  index: LineIndex;
  /** Increases whenever the target setting changes, so results under an old target are stale. */
  generation: number;
}

export interface DocumentsOptions {
  /** The most an edit waits before its re-analysis (`roofline.analysis.debounceMs`); 0: never waits. */
  debounceMs: number;
  log: (message: string) => void;
  /** What the settings of a document's folder say of its analysis, looked up once per analysis. */
  settings: (uri: string) => DocumentSettings;
  /** Milliseconds, to time analyses (tests give a fake one); performance.now by default. */
  clock?: () => number;
}

/** The settings an analysis of a document runs under (those of its workspace folder, else the window's); the panel's what-ifs start from them. */
export interface DocumentSettings extends LlmSettings {
  /** The target of files that say none (the `roofline.target` setting, resolved). */
  fallbackTarget: Target | string;
  /** Milliseconds one analysis may run (`roofline.analysis.timeBudgetMs`). */
  timeBudgetMs: number;
  /** The bottleneck rules' settings; their diagnostics join the file's. */
  rules: RuleSettings;
  /** The fusion policy (`roofline.fusion`). */
  fusion: FusionPolicy;
}

type Listener<T> = (value: T) => void;

/** An analysis this fast runs on every edit. */
export const NO_DEBOUNCE_BELOW_MS = 10;

/**
 * How long an edit waits before its re-analysis: nothing when the document's last analysis took
 * under NO_DEBOUNCE_BELOW_MS, or when the edit came at least that long after the previous edit
 * (`sinceLastEditMs`: the user types slower than the analysis runs); else as long as that analysis
 * took (so that a burst of edits does not queue analyses that the next keystroke makes stale),
 * never more than the `roofline.analysis.debounceMs` setting (`cap`; 0 analyses every edit at once).
 */
export function debounceDelay(lastAnalysisMs: number | undefined, cap: number, sinceLastEditMs?: number): number {
  if (lastAnalysisMs === undefined || lastAnalysisMs < NO_DEBOUNCE_BELOW_MS) return 0;
  if (sinceLastEditMs !== undefined && sinceLastEditMs >= lastAnalysisMs) return 0;
  return Math.min(cap, Math.ceil(lastAnalysisMs));
}

/** An analysis of nothing, standing in when the analysis itself fails (a bug, reported as a diagnostic). */
function failedAnalysis(text: string, error: unknown): RooflineAnalysis {
  const analysis: FileAnalysis = {
    text,
    file: { kind: 'file', items: [], start: 0, end: text.length },
    models: [],
    settings: {},
    references: [],
    hardware: new Map(),
    diagnostics: [{ code: 'internal', severity: 'error', message: `internal error in the analysis (please report it): ${String(error)}`, span: { start: 0, end: 0 } }],
  };
  return { ...analysis, costs: [], targetProblem: 'the analysis failed' };
}

/** The analysis of a file that is not a model of a format we read: nothing to show. */
function notAModel(text: string): RooflineAnalysis {
  return { ...importedAnalysis(text, [], []), costs: [], targetProblem: 'not a model file' };
}

export class AnalysedDocuments {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly results = new Map<string, DocumentAnalysis>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly sessions = new Map<string, AnalysisSession>();
  /** Milliseconds the last analysis of each document took. */
  private readonly lastMs = new Map<string, number>();
  /** When each document's last edit came, or its last analysis ended if later (performance.now):
   *  the pause before the next edit is counted from there. */
  private readonly lastBusy = new Map<string, number>();
  private readonly analysedListeners: Listener<DocumentAnalysis>[] = [];
  private readonly closedListeners: Listener<string>[] = [];
  private debounceMs: number;
  private generation = 0;

  constructor(private readonly options: DocumentsOptions) {
    this.debounceMs = options.debounceMs;
    this.documents.onDidChangeContent((e) => this.changed(e.document.uri));
    this.documents.onDidClose((e) => this.closed(e.document.uri));
  }

  listen(connection: Connection): Disposable {
    return this.documents.listen(connection);
  }

  setDebounce(ms: number): void {
    this.debounceMs = ms;
  }

  /** Re-analyses every open document (after the target setting changed). */
  reanalyseAll(): void {
    this.generation++;
    for (const doc of this.documents.all()) this.analyse(doc.uri);
  }

  /** The open documents' URIs. */
  uris(): string[] {
    return this.documents.all().map((d) => d.uri);
  }

  /** Called after every stored analysis, in version order per document. */
  onDidAnalyse(listener: Listener<DocumentAnalysis>): void {
    this.analysedListeners.push(listener);
  }

  onDidClose(listener: Listener<string>): void {
    this.closedListeners.push(listener);
  }

  /** The analysis of the document's current version (finishing a debounced one first). */
  current(uri: string): DocumentAnalysis | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const last = this.results.get(uri);
    if (last && last.version >= doc.version && last.generation === this.generation) return last;
    return this.analyse(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private changed(uri: string): void {
    // The first version of a document is analysed at once; an edit waits for the debounce unless
    // it comes after a pause as long as the last analysis took (see the header).
    const now = performance.now();
    const previous = this.lastBusy.get(uri);
    this.lastBusy.set(uri, now);
    const delay = this.results.has(uri) ? debounceDelay(this.lastMs.get(uri), this.debounceMs, previous === undefined ? undefined : now - previous) : 0;
    if (delay <= 0) {
      this.analyse(uri);
      return;
    }
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.analyse(uri);
      }, delay),
    );
  }

  private closed(uri: string): void {
    this.cancel(uri);
    this.results.delete(uri);
    this.sessions.delete(uri);
    this.lastMs.delete(uri);
    this.lastBusy.delete(uri);
    for (const l of this.closedListeners) l(uri);
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private analyse(uri: string): DocumentAnalysis | undefined {
    this.cancel(uri);
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const version = doc.version;
    const text = doc.getText();
    let analysis: RooflineAnalysis;
    const clock = this.options.clock ?? (() => performance.now());
    const started = clock();
    try {
      const fileName = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
      // A .cfg that is not a Darknet network (no [net] section) is not ours: no analysis, no noise.
      const format = documentFormat(fileName, text);
      analysis = format ? this.session(uri).update(text, format, { ...this.options.settings(uri), fileName, maxLayers: LIMITS.editorLayers }) : notAModel(text);
    } catch (error) {
      this.options.log(`analysis of ${uri} (version ${version}) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      analysis = failedAnalysis(text, error);
      // The session's state may be half-way through this update: the next analysis starts afresh.
      this.sessions.delete(uri);
    }
    this.lastMs.set(uri, clock() - started);
    const stored = this.store({ uri, version, analysis, index: new LineIndex(text), generation: this.generation });
    this.lastBusy.set(uri, performance.now());
    return stored;
  }

  private session(uri: string): AnalysisSession {
    let s = this.sessions.get(uri);
    if (!s) this.sessions.set(uri, (s = new AnalysisSession()));
    return s;
  }

  /** Stores a result unless a newer one is stored already; returns the one that stays. */
  private store(result: DocumentAnalysis): DocumentAnalysis {
    const stored = this.results.get(result.uri);
    if (stored && (stored.generation > result.generation || (stored.generation === result.generation && stored.version >= result.version))) return stored;
    if (!this.documents.get(result.uri)) return result;
    this.results.set(result.uri, result);
    for (const l of this.analysedListeners) l(result);
    return result;
  }
}
