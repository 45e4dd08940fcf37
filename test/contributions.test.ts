// What is written outside the code but must follow the server's registries, checked against them:
// package.json's settings of the bottleneck rules (rules/registry.ts), its languages, grammars,
// activation events, menus and custom editors (formats/registry.ts), the default target
// (protocol/settings.ts, which the catalog must hold), the phases (protocol/phases.ts), and the lists of rules in
// docs/diagnostics.md and docs/language.md. Adding a rule or a format without these fails here,
// saying what to write. Each check is a function of the manifest, so a test feeds it a broken one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORMATS } from '../server/src/core/formats/registry';
import { findTarget } from '../server/src/core/hardware/catalog';
import { RULE_SEVERITIES, RULES } from '../server/src/core/rules';
import { PHASE_CHOICES } from '../server/src/protocol/phases';
import { ATTENTION_MODES, DEFAULT_ATTENTION } from '../server/src/protocol/attention';
import { DEFAULT_TARGET } from '../server/src/protocol/settings';

const root = path.join(__dirname, '..');

interface Manifest {
  activationEvents: string[];
  contributes: {
    languages: { id: string; extensions?: string[]; firstLine?: string }[];
    grammars: { language: string }[];
    configuration: { properties: Record<string, Record<string, unknown>> };
    menus: Record<string, { command: string; when?: string }[]>;
    customEditors: { viewType: string; selector: { filenamePattern: string }[] }[];
  };
}

function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
}

/** 'Memory-bound layer' -> 'memory-bound layer'. */
function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The setting package.json must contribute for a rule, from its registry entry. */
function ruleSetting(rule: (typeof RULES)[number]): Record<string, unknown> {
  return {
    type: 'string',
    enum: [...RULE_SEVERITIES],
    default: 'default',
    // Per workspace folder, as every setting of the analysis (test/package.test.ts).
    scope: 'resource',
    markdownDescription: `Severity of ${rule.code}: ${rule.setting}. \`default\` keeps the severity of the diagnostics catalogue; \`off\` hides it.`,
  };
}

/** What package.json's rule settings lack or have too many, against the rule registry. */
function ruleSettingProblems(m: Manifest): string[] {
  const properties = m.contributes.configuration.properties;
  const out: string[] = [];
  for (const rule of RULES) {
    const key = `roofline.rules.${rule.name}.severity`;
    const want = ruleSetting(rule);
    if (JSON.stringify(properties[key]) !== JSON.stringify(want)) out.push(`"${key}" should be ${JSON.stringify(want)}`);
  }
  const known = new Set(RULES.map((r) => `roofline.rules.${r.name}.severity`));
  for (const k of Object.keys(properties)) if (k.startsWith('roofline.rules.') && !known.has(k)) out.push(`"${k}" is no rule of the registry`);
  return out;
}

/** What package.json's languages, grammars, activation events, menus and custom editors lack or
 *  have too many, against the format registry. */
function formatProblems(m: Manifest): string[] {
  const out: string[] = [];
  const c = m.contributes;
  const withLanguage = FORMATS.filter((f) => f.languageId);
  const ids = withLanguage.map((f) => f.languageId as string);
  for (const l of c.languages) if (!ids.includes(l.id)) out.push(`language '${l.id}' is no format of the registry`);
  for (const f of withLanguage) {
    const id = f.languageId as string;
    const lang = c.languages.find((l) => l.id === id);
    if (!lang) out.push(`${f.id}: no language '${id}'`);
    else {
      if (JSON.stringify(lang.extensions) !== JSON.stringify(f.extensions)) out.push(`${f.id}: the language's extensions should be ${JSON.stringify(f.extensions)}`);
      // A shared extension (.cfg) is claimed by content: VS Code needs a first line to tell.
      if ((lang.firstLine !== undefined) !== (f.contentRequired === true)) out.push(`${f.id}: firstLine ${f.contentRequired ? 'missing' : 'not wanted'}`);
    }
    if (!c.grammars.some((g) => g.language === id)) out.push(`${f.id}: no grammar for '${id}'`);
    if (!m.activationEvents.includes(`onLanguage:${id}`)) out.push(`${f.id}: no activation event onLanguage:${id}`);
  }
  for (const e of m.activationEvents) if (e.startsWith('onLanguage:') && !ids.includes(e.slice('onLanguage:'.length))) out.push(`activation event ${e} is no format's language`);
  const clauses = Object.values(c.menus)
    .flat()
    .filter((x) => x.command === 'roofline.showPanel' && x.when?.includes('editorLangId'));
  if (clauses.length < 2) out.push('roofline.showPanel: the command palette and the editor title menus');
  for (const x of clauses) {
    const listed = /editorLangId =~ \/\^\(([^)]*)\)\$\//.exec(x.when ?? '')?.[1]?.split('|') ?? [];
    if (JSON.stringify([...listed].sort()) !== JSON.stringify([...ids].sort())) out.push(`menu clause '${x.when}' should list ${ids.join('|')}`);
  }
  const custom = FORMATS.filter((f) => f.customEditor);
  for (const e of c.customEditors) if (!custom.some((f) => f.customEditor === e.viewType)) out.push(`custom editor ${e.viewType} is no format's`);
  for (const f of custom) {
    const editor = c.customEditors.find((e) => e.viewType === f.customEditor);
    // A custom editor may serve several binary formats (ONNX and GGUF): its selector lists them all.
    const patterns = custom.filter((g) => g.customEditor === f.customEditor).flatMap((g) => g.extensions.map((e) => `*${e}`));
    if (JSON.stringify(editor?.selector.map((s) => s.filenamePattern)) !== JSON.stringify(patterns)) out.push(`${f.id}: custom editor ${f.customEditor} for ${patterns.join(', ')}`);
    if (!m.activationEvents.includes(`onCustomEditor:${f.customEditor}`)) out.push(`${f.id}: no activation event onCustomEditor:${f.customEditor}`);
  }
  return out;
}

describe('contributions follow the registries', () => {
  it('the default target: package.json says DEFAULT_TARGET, and the catalog holds it', () => {
    assert.equal(readManifest().contributes.configuration.properties['roofline.target']?.default, DEFAULT_TARGET);
    assert.equal(findTarget(DEFAULT_TARGET)?.name, DEFAULT_TARGET);
  });

  it("the phase setting: package.json's choices are the one list (protocol/phases.ts)", () => {
    assert.deepEqual(readManifest().contributes.configuration.properties['roofline.phase']?.enum, [...PHASE_CHOICES]);
  });

  it("the attention setting: package.json's modes are the one list (protocol/attention.ts), its default the core's", () => {
    const setting = readManifest().contributes.configuration.properties['roofline.attention'];
    assert.deepEqual(setting?.enum, [...ATTENTION_MODES]);
    assert.equal(setting?.default, DEFAULT_ATTENTION);
    assert.equal((setting?.enumDescriptions as unknown[] | undefined)?.length, ATTENTION_MODES.length);
  });

  it('package.json has one severity setting per rule of the registry, and no other', () => {
    assert.deepEqual(ruleSettingProblems(readManifest()), []);
  });

  it('package.json has a language, grammar, activation event and menu entry per format with a language id, and the custom editors of the others', () => {
    assert.deepEqual(formatProblems(readManifest()), []);
  });

  it('the checks find a missing rule setting, a stray one, a missing language and a stale menu', () => {
    const m = readManifest();
    const props = m.contributes.configuration.properties;
    delete props[`roofline.rules.${RULES[0].name}.severity`];
    props['roofline.rules.gone.severity'] = { type: 'string' };
    assert.deepEqual(ruleSettingProblems(m).map((p) => p.slice(0, p.indexOf('"', 1) + 1)), [`"roofline.rules.${RULES[0].name}.severity"`, '"roofline.rules.gone.severity"']);
    const dropped = m.contributes.languages.pop();
    const problems = formatProblems(m);
    assert.ok(problems.some((p) => p.includes(`no language '${dropped?.id}'`)), problems.join('\n'));
    m.contributes.languages.push(dropped!);
    for (const list of Object.values(m.contributes.menus)) for (const x of list) if (x.when) x.when = x.when.replace('|darknet-cfg', '');
    assert.ok(formatProblems(m).some((p) => p.startsWith('menu clause')));
  });

  it('every rule of the registry: name and code unique, the code in RL5xx', () => {
    assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
    assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length);
    for (const r of RULES) assert.match(r.code, /^RL5\d\d$/, r.name);
  });

  it('every format of the registry: id and extensions unique, extensions lower case with the dot', () => {
    assert.equal(new Set(FORMATS.map((f) => f.id)).size, FORMATS.length);
    const exts = FORMATS.flatMap((f) => f.extensions);
    assert.equal(new Set(exts).size, exts.length);
    for (const f of FORMATS) for (const e of f.extensions) assert.match(e, /^\.[a-z0-9.]+$/, f.id);
  });

  it('docs/diagnostics.md has a section per rule (code, title, setting name), and no other RL5xx section', () => {
    const doc = fs.readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8');
    const headings = doc.split('\n').filter((l) => /^## RL5\d\d /.test(l));
    assert.deepEqual(
      headings.map((h) => h.replace(/ \([^)]*\)$/, '')),
      RULES.map((r) => `## ${r.code} ${lowerFirst(r.title)} — \`${r.name}\``),
    );
  });

  it("docs/language.md's table of codes names every rule", () => {
    const doc = fs.readFileSync(path.join(root, 'docs', 'language.md'), 'utf8');
    const row = doc.split('\n').find((l) => l.startsWith('| RL5xx |')) ?? '';
    const named = [...row.matchAll(/([a-z][^(),:]*?) \((RL5\d\d)\)/g)].map((m) => `${m[1].trim()} (${m[2]})`);
    assert.deepEqual(named, RULES.map((r) => `${lowerFirst(r.title)} (${r.code})`));
  });
});
