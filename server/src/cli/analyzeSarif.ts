// `roofline analyze --format sarif`: a SARIF 2.1.0 log (OASIS) that GitHub code scanning accepts.
// One run; one result per bottleneck diagnostic (RL5xx, server/src/core/rules/) and per diagnostic
// of the file (syntax, names, operators, hardware, importers), each at the layer's line: an
// artifact URI relative to the working directory (run from the repository's root), a region with
// 1-based lines and columns (UTF-16 code units, as SARIF's default columnKind), the layer as a
// logical location, and a partial fingerprint from the rule, file and layer, so an alert keeps its
// identity when lines move. Rule descriptors carry the code's title (diagnostics/codes.ts: the
// catalogue and the rules' registry) and, for RL5xx, the help
// of docs/diagnostics.md (sarifRuleHelp.ts, generated). GitHub's limits: 25,000 results per run
// (the rest are left out with a notification), 1,000 locations per result (one here).
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bottleneckDiagnostics, DIAGNOSTIC_CODES, type Diagnostic, type RuleSettings, type Severity } from './core';
import type { LoadedModel } from './loadModel';
import { SARIF_RULE_HELP } from './sarifRuleHelp';
import { cliVersion } from './version';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** GitHub code scanning rejects a run with more results. */
export const MAX_RESULTS = 25_000;
const FINGERPRINT = 'rooflineLayer/v1';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifLocation {
  id?: number;
  physicalLocation: { artifactLocation: { uri: string; index: number }; region: SarifRegion };
  logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
  message?: { text: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
  properties: { tags: string[] };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; rules: SarifRule[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { level: Level; message: { text: string } }[] }[];
    columnKind: 'utf16CodeUnits';
    artifacts: { location: { uri: string } }[];
    results: SarifResult[];
  }[];
}

/** A file's URI in the log: relative to the working directory, '/'-separated and percent-encoded. */
export function artifactUri(loaded: Pick<LoadedModel, 'file' | 'stdin'>, cwd: string): string {
  if (loaded.stdin) return 'stdin';
  const abs = path.resolve(cwd, loaded.file);
  const rel = path.relative(cwd, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return pathToFileURL(abs).href;
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

function ruleName(title: string): string {
  return title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());
}

function ruleDescriptor(code: string): SarifRule {
  const entry = DIAGNOSTIC_CODES.get(code) ?? { severity: 'warning', title: code };
  const help = SARIF_RULE_HELP[code];
  const bottleneck = code.startsWith('RL5');
  const see = bottleneck ? 'docs/diagnostics.md' : 'docs/language.md (Diagnostics)';
  return {
    id: code,
    name: ruleName(entry.title),
    shortDescription: { text: entry.title },
    fullDescription: { text: help?.fullDescription ?? `${entry.title} (${code}).` },
    help: {
      text: help?.text ?? `${entry.title} (${code}). The message says where and why; ${see} lists every code.`,
      markdown: help?.markdown ?? `**${entry.title}** (${code}). The message says where and why; ${see} lists every code.`,
    },
    defaultConfiguration: { level: LEVEL[entry.severity] },
    properties: { tags: bottleneck ? ['performance', 'roofline'] : ['correctness'] },
  };
}

function fingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** The SARIF log of every file analysed. */
export function analyzeSarif(files: LoadedModel[], settings: RuleSettings, cwd: string): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const indexOf = (code: string): number => {
    let i = ruleIndex.get(code);
    if (i === undefined) {
      i = rules.length;
      ruleIndex.set(code, i);
      rules.push(ruleDescriptor(code));
    }
    return i;
  };
  const artifacts: { location: { uri: string } }[] = [];
  const results: SarifResult[] = [];
  let total = 0;
  for (const loaded of files) {
    const uri = artifactUri(loaded, cwd);
    const artifact = artifacts.length;
    artifacts.push({ location: { uri } });
    const region = (start: number, end: number): SarifRegion => {
      const r = loaded.lines.range(start, end);
      return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
    };
    const at = (start: number, end: number) => ({ artifactLocation: { uri, index: artifact }, region: region(start, end) });
    // The model a layer belongs to: the file's only model, else the first that has a layer of that name.
    const models = loaded.analysis.models;
    const modelOf = (layer: string) => (models.length === 1 ? models[0].name : (models.find((m) => m.layers.some((l) => l.name === layer))?.name ?? ''));
    const diagnostics: Diagnostic[] = [...loaded.analysis.diagnostics, ...bottleneckDiagnostics(loaded.analysis, settings)];
    for (const d of diagnostics) {
      total++;
      if (results.length >= MAX_RESULTS) continue;
      const location: SarifLocation = { physicalLocation: at(d.span.start, d.span.end) };
      if (d.layer) {
        const model = modelOf(d.layer);
        location.logicalLocations = [{ name: d.layer, fullyQualifiedName: model ? `${model}.${d.layer}` : d.layer, kind: 'member' }];
      }
      const result: SarifResult = {
        ruleId: d.code,
        ruleIndex: indexOf(d.code),
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [location],
        // The layer names the alert; without one, its text in the file (the same mistake on the same words).
        partialFingerprints: { [FINGERPRINT]: fingerprint([d.code, uri, d.layer ?? loaded.analysis.text.slice(d.span.start, d.span.end)]) },
      };
      if (d.related && d.related.length > 0) {
        result.relatedLocations = d.related.map((r, i) => ({ id: i + 1, physicalLocation: at(r.span.start, r.span.end), message: { text: r.message } }));
      }
      results.push(result);
    }
  }
  rules.sort((a, b) => a.id.localeCompare(b.id));
  const order = new Map(rules.map((r, i) => [r.id, i]));
  for (const r of results) r.ruleIndex = order.get(r.ruleId)!;
  const invocation: SarifLog['runs'][0]['invocations'][0] = { executionSuccessful: true };
  if (total > results.length) {
    invocation.toolExecutionNotifications = [{ level: 'warning', message: { text: `${total - results.length} of ${total} results left out: GitHub code scanning takes at most ${MAX_RESULTS} per run` } }];
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Roofline Lens', version: cliVersion(), rules } },
        invocations: [invocation],
        columnKind: 'utf16CodeUnits',
        artifacts,
        results,
      },
    ],
  };
}
