// `roofline analyze --format sarif`: the log validates against the OASIS SARIF 2.1.0 schema
// (vendored under test/fixtures/sarif/, validated with ajv), meets what GitHub code scanning
// documents for uploads (rule ids and descriptors with help, a relative artifact URI and a region
// with startLine >= 1 per result, partial fingerprints, its limits), has one result per bottleneck
// diagnostic and per diagnostic of the file, each at its layer's line.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { renderSarifRuleHelp } from '../scripts/sarif-rule-help';
import type { SarifLog } from '../server/src/cli/analyzeSarif';
import { MAX_RESULTS } from '../server/src/cli/analyzeSarif';
import type { JsonReport } from '../server/src/core/report/jsonReport';
import { cli } from './cli-run';

const root = path.join(__dirname, '..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function sarif(argv: string[]): { status: number; log: SarifLog; err: string } {
  const r = cli(['analyze', ...argv, '--format', 'sarif']);
  return { status: r.status, log: JSON.parse(r.out) as SarifLog, err: r.err };
}

/** What GitHub code scanning documents for an uploaded SARIF file; the problems found. */
function githubProblems(log: SarifLog): string[] {
  const out: string[] = [];
  if (log.version !== '2.1.0') out.push('version is not 2.1.0');
  if (log.runs.length > 20) out.push('more than 20 runs');
  for (const run of log.runs) {
    const rules = run.tool.driver.rules;
    if (!run.tool.driver.name) out.push('no tool.driver.name');
    if (rules.length > 25_000) out.push('more than 25,000 rules');
    for (const r of rules) {
      if (!r.id) out.push('a rule without id');
      for (const k of ['shortDescription', 'fullDescription', 'help'] as const) if (!r[k]?.text) out.push(`${r.id}: no ${k}.text`);
      if ((r.properties?.tags?.length ?? 0) > 20) out.push(`${r.id}: more than 20 tags`);
    }
    if (run.results.length > MAX_RESULTS) out.push(`more than ${MAX_RESULTS} results`);
    for (const res of run.results) {
      if (!res.ruleId) out.push('a result without ruleId');
      if (rules[res.ruleIndex]?.id !== res.ruleId) out.push(`${res.ruleId}: ruleIndex ${res.ruleIndex} names another rule`);
      if (!res.message?.text) out.push(`${res.ruleId}: no message.text`);
      if (!res.partialFingerprints || Object.keys(res.partialFingerprints).length === 0) out.push(`${res.ruleId}: no partialFingerprints`);
      if (res.locations.length < 1 || res.locations.length > 1000) out.push(`${res.ruleId}: ${res.locations.length} locations`);
      for (const loc of [...res.locations, ...(res.relatedLocations ?? [])]) {
        const uri = loc.physicalLocation?.artifactLocation?.uri;
        if (!uri) out.push(`${res.ruleId}: no artifactLocation.uri`);
        else if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) out.push(`${res.ruleId}: ${uri} is not relative to the repository`);
        const region = loc.physicalLocation?.region;
        if (!region || !(region.startLine >= 1)) out.push(`${res.ruleId}: region.startLine missing or below 1`);
        else if (region.startColumn < 1 || region.endLine < region.startLine || (region.endLine === region.startLine && region.endColumn < region.startColumn)) out.push(`${res.ruleId}: a region that ends before it starts`);
      }
    }
  }
  return out;
}

describe('cli: analyze --format sarif', () => {
  const resnet = sarif(['examples/resnet50.nnm', '--target', 'zcu102-int8']);
  const run = resnet.log.runs[0];

  it('validates against the SARIF 2.1.0 schema (OASIS errata 01) and GitHub code scanning\'s requirements', () => {
    assert.equal(resnet.status, 0, resnet.err);
    const ok = validate(resnet.log);
    assert.equal(ok, true, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.deepEqual(githubProblems(resnet.log), []);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(run.artifacts, [{ location: { uri: 'examples/resnet50.nnm' } }]);
  });

  it('the checks can fail: a broken log is rejected by the schema and by the GitHub checks', () => {
    const broken = JSON.parse(JSON.stringify(resnet.log)) as SarifLog;
    const loc = broken.runs[0].results[0].locations[0].physicalLocation;
    loc.region.startLine = 0;
    loc.artifactLocation.uri = 'file:///home/someone/resnet50.nnm';
    broken.runs[0].tool.driver.rules[0].help = { text: '', markdown: '' };
    assert.equal(validate(broken), false, 'startLine 0 is below the schema minimum');
    const problems = githubProblems(broken);
    assert.ok(problems.some((p) => p.includes('not relative')));
    assert.ok(problems.some((p) => p.includes('startLine')));
    assert.ok(problems.some((p) => p.includes('no help.text')));
  });

  it('one result per bottleneck diagnostic (RL5xx), at the line of its layer, with the catalogue\'s rule', () => {
    // The figures of each layer from the JSON report, whose ranges are zero-based.
    const j = JSON.parse(cli(['analyze', 'examples/resnet50.nnm', '--target', 'zcu102-int8', '--format', 'json']).out) as JsonReport;
    const byName = new Map(j.layers.map((l) => [l.name, l]));
    assert.ok(run.results.length > 0);
    const codes = new Set(run.results.map((r) => r.ruleId));
    assert.deepEqual([...codes].sort(), run.tool.driver.rules.map((r) => r.id), 'a descriptor for each rule used, sorted');
    for (const r of run.results) {
      assert.match(r.ruleId, /^RL5\d\d$/, 'resnet50 has no error: only bottleneck results');
      const layer = r.locations[0].logicalLocations?.[0].name;
      assert.ok(layer && byName.has(layer), `${r.ruleId} names a layer of the model`);
      const range = byName.get(layer)!.range;
      assert.deepEqual(r.locations[0].physicalLocation.region, { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 });
      assert.equal(r.locations[0].logicalLocations?.[0].fullyQualifiedName, `resnet50.${layer}`);
    }
    const rl501 = run.results.filter((r) => r.ruleId === 'RL501');
    // Under the default fusion 'epilogue': the 1 x 1 conv groups, the stem's pooling, the classifier.
    assert.ok(rl501.length >= 3, `${rl501.length} RL501 results`);
    assert.equal(rl501[0].level, 'warning');
    assert.match(rl501[0].message.text, /memory-bound on zcu102-int8: CTC [\d.]+( to [\d.]+)? op\/B below the ridge at [\d.]+ op\/B \(DDR4 \(PS\)\); [\d.]+% of model time/);
    const rule = run.tool.driver.rules.find((x) => x.id === 'RL501')!;
    assert.equal(rule.shortDescription.text, 'Memory-bound layer');
    assert.match(rule.help.markdown, /\*\*How to fix:\*\*/);
    assert.equal(rule.defaultConfiguration.level, 'warning');
  });

  it('--min-share is the share under which the bottleneck rules stay silent', () => {
    const all = sarif(['examples/resnet50.nnm', '--target', 'zcu102-int8', '--min-share', '0']).log.runs[0].results.length;
    const some = sarif(['examples/resnet50.nnm', '--target', 'zcu102-int8', '--min-share', '0.03']).log.runs[0].results.length;
    assert.ok(all > run.results.length && run.results.length > some, `${all} > ${run.results.length} > ${some}`);
  });

  it('a file with errors: one result per error, level error, exit status 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-sarif-'));
    const file = path.join(dir, 'bad model.nnm');
    fs.writeFileSync(file, 'model m {\n  input x: [1, 4]\n  y = relu(z)\n  w = conv3d(y)\n}\n');
    const r = cli(['analyze', file, '--format', 'sarif']);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.out) as SarifLog;
    assert.equal(validate(log), true, JSON.stringify(validate.errors?.slice(0, 3)));
    const results = log.runs[0].results;
    const rl201 = results.find((x) => x.ruleId === 'RL201')!;
    assert.equal(rl201.level, 'error');
    assert.deepEqual(rl201.locations[0].physicalLocation.region, { startLine: 3, startColumn: 12, endLine: 3, endColumn: 13 });
    assert.ok(results.some((x) => x.ruleId === 'RL301'));
    // Outside the working directory: an absolute file URI, percent-encoded.
    assert.match(rl201.locations[0].physicalLocation.artifactLocation.uri, /^file:\/\/\/.*\/bad%20model\.nnm$/);
  });

  it('partial fingerprints follow the layer, not the line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-sarif-'));
    try {
      const text = fs.readFileSync(path.join(root, 'examples', 'resnet50.nnm'), 'utf8');
      const a = path.join(dir, 'a.nnm');
      fs.writeFileSync(a, text);
      const before = sarif([a, '--target', 'zcu102-int8']).log.runs[0].results;
      fs.writeFileSync(a, `# a new first line\n${text}`);
      const after = sarif([a, '--target', 'zcu102-int8']).log.runs[0].results;
      assert.equal(after.length, before.length);
      assert.deepEqual(after.map((r) => r.partialFingerprints), before.map((r) => r.partialFingerprints));
      assert.deepEqual(after.map((r) => r.locations[0].physicalLocation.region.startLine), before.map((r) => r.locations[0].physicalLocation.region.startLine + 1));
      assert.equal(new Set(before.map((r) => r.partialFingerprints['rooflineLayer/v1'])).size, before.length, 'one fingerprint per result');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('several files of any format: one run, one artifact each (a binary ONNX file at line 1)', () => {
    const onnx = 'test/fixtures/models/onnx/light/light_resnet50.onnx';
    const { log, status } = sarif(['examples/resnet50.nnm', 'examples/alexnet_zhang15.nnm', onnx, '--target', 'zcu102-int8']);
    assert.equal(status, 0);
    assert.equal(validate(log), true, JSON.stringify(validate.errors?.slice(0, 3)));
    assert.deepEqual(githubProblems(log), []);
    assert.deepEqual(log.runs[0].artifacts.map((x) => x.location.uri), ['examples/resnet50.nnm', 'examples/alexnet_zhang15.nnm', onnx]);
    const files = new Set(log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.index));
    assert.deepEqual([...files].sort(), [0, 1, 2]);
    const inOnnx = log.runs[0].results.filter((r) => r.locations[0].physicalLocation.artifactLocation.index === 2);
    assert.ok(inOnnx.every((r) => r.locations[0].physicalLocation.region.startLine === 1 && r.locations[0].logicalLocations?.[0].name));
  });

  it('the rules\' help is docs/diagnostics.md (server/src/cli/sarifRuleHelp.ts is generated from it)', () => {
    const committed = fs.readFileSync(path.join(root, 'server', 'src', 'cli', 'sarifRuleHelp.ts'), 'utf8');
    assert.equal(committed, renderSarifRuleHelp(fs.readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8')), 'stale: npx tsx scripts/sarif-rule-help.ts > server/src/cli/sarifRuleHelp.ts');
  });
});
