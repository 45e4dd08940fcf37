// End to end in a real VS Code: the packaged extension (`npm run package` -> roofline-lens.vsix)
// installed into code-server 4.100.3 (VS Code 1.100.3 for the Web, from scripts/install-e2e.sh's
// cache) with a fresh HOME, user data and extensions folder, opened on a temporary copy of
// examples/ and driven in Debian's Chromium by playwright-core as a user would: Quick Open, Go to
// Line, the Get Started walkthrough and its example, Open Example Model, hovers, inlay hints, the
// Problems count, the light bulb's quick fix, the Roofline panel (a webview), the target quick pick
// from the status bar, an ONNX model in its editor (its content, and the panel following it), the
// chart labels of three reports clear of the points, and the walkthrough's steps done. Every number is checked
// against the command line's JSON report of the same file on the same target. One code-server and
// one browser serve all the steps (before/after), each step is its own `it`, so that a failure
// names the step; a failed step leaves a screenshot in the artifacts folder (ROOFLINE_ARTIFACTS,
// default .artifacts/e2e/). Every request the browser makes is routed: anything that is not
// 127.0.0.1/localhost is blocked, and the last step fails if there was any.
// Waits are on elements and texts, never fixed sleeps.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, boundPattern, catalogTarget, exactCount, offChipLevel, ratio3, type CliLayer, type CliReport } from './helpers/cli';
import { countBySeverity, expectedDiagnostics } from './helpers/expected';
import { CodeServer, createProfile, installExtension, packageExtension, requireCodeServer } from './helpers/codeServer';
import { artifactsDir, ROOT, tempDir } from './helpers/paths';
import { reportTimingsAtEnd, skipped, timed } from './helpers/timing';
import { launchBrowser, until, Workbench, type Browser, type Problem } from './helpers/workbench';
import { labelOverlaps, type Circle, type Quad } from '../../webview/src/chart/labels';
import { DRAWN_LABELS } from '../helpers/labelsInPage';
import type { Frame } from 'playwright-core';

reportTimingsAtEnd();

const SUITE = 'vscode';
const STATUS_ID = 'roofline-lens.roofline-lens.roofline.status';
const ONNX_MODEL = path.join(ROOT, 'test', 'fixtures', 'models', 'onnx', 'light', 'light_resnet50.onnx');
/** A copy of alexnet_zhang15.nnm whose conv2 carries a tile that overflows the VC707's 2 MiB buffer (RL502). */
const TILE_FIX_FILE = 'tile_fix.nnm';
const OVERFLOWING_TILE = '@tile(m=128, n=48, r=27, c=27)';
const OTHER_TARGET = 'zhang15-vc707';
/** YOLOv3 (pjreddie), for the labels of its report on a Jetson Orin Nano. */
const YOLO = path.join(ROOT, 'test', 'fixtures', 'models', 'darknet', 'pjreddie', 'yolov3.cfg');
const EXAMPLE_MODELS = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.nnm')).sort();

interface Manifest {
  contributes: {
    commands?: { command: string; title: string; category?: string }[];
    customEditors?: { viewType: string; selector: { filenamePattern: string }[] }[];
    configuration?: { properties: Record<string, { default?: unknown }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const DEFAULT_TARGET = String(manifest.contributes.configuration?.properties['roofline.target']?.default ?? 'h100-sxm');

function manifestCommand(id: string): { command: string; title: string; category?: string } | undefined {
  return (manifest.contributes.commands ?? []).find((c) => c.command === id);
}

/** The palette label of a contributed command ("Category: Title"), or `fallback` when it is not contributed. */
function paletteTitle(id: string, fallback: string): string {
  const c = manifestCommand(id);
  return c ? (c.category ? `${c.category}: ${c.title}` : c.title) : fallback;
}

/** A catalog target's title, as the panel's heading names it. */
function catalogTitle(name: string): string {
  return catalogTarget(name).title;
}

function onnxEditorContributed(): boolean {
  return (manifest.contributes.customEditors ?? []).some((e) => e.selector.some((s) => /\.onnx$/i.test(s.filenamePattern)));
}

/** The layer a report names `name`, or a failure that lists what it has. */
function layer(report: CliReport, name: string): CliLayer {
  return report.layers.find((l) => l.name === name) ?? assert.fail(`no layer ${name} in ${report.file}: ${report.layers.map((l) => l.name).join(', ')}`);
}

/** Layers the panel can plot (webview/src/chart/points.ts isPlottable): counted, positive CTC and performance. */
function plottable(report: CliReport): CliLayer[] {
  return report.layers.filter((l) => l.counted && (l.ctc ?? 0) > 0 && Number.isFinite(l.ctc) && (l.attainable ?? 0) > 0);
}

/** `CTC 163 · compute`, `CTC 76.4 · util 32.1%`, `CTC 0.437 · DDR3`: the inlay hint of a layer. */
function hintLabel(l: CliLayer): string {
  const p = (l.utilization ?? 0) * 100;
  const pct = p >= 10 || p === 0 ? `${p.toFixed(p >= 99.95 || Number.isInteger(p) ? 0 : 1)}%` : `${p.toPrecision(2)}%`;
  const mark = l.bound === 'utilization' ? `util ${pct}` : l.bound === 'none' ? 'no work' : (l.bound ?? '?');
  return `CTC ${ratio3(l.ctc ?? Number.NaN)} · ${mark}`;
}

/** Reads a hover card's CTC ("CTC  220 op/B · ridge 295") and bound rows from its rendered text. */
function cardFigures(text: string): { ctc?: string; bound?: string; target?: string } {
  return {
    ctc: /\bCTC\s+([\d.,]+) op\/B/.exec(text)?.[1],
    // The table's row, at the start of a line (a composite line's list says 'compute-bound' too).
    bound: /(?:^|\n)[ \t]*bound[ \t]+([^\n]+)/.exec(text)?.[1]?.trim(),
    target: /Roofline\s+([\w.-]+)/.exec(text)?.[1],
  };
}

describe('e2e: VS Code 1.100 (code-server) in Chromium', function () {
  this.timeout(120_000);
  const artifacts = artifactsDir();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench;
  let ws: string;
  let stepNo = 0;

  before(async function () {
    this.timeout(300_000);
    requireCodeServer();
    fs.mkdirSync(artifacts, { recursive: true });
    const vsix = await timed(SUITE, 'npm run package', () => packageExtension());
    const profile = createProfile();
    await timed(SUITE, 'install the .vsix', () => installExtension(profile, vsix));
    ws = path.join(tempDir('workspace'), 'examples');
    fs.cpSync(path.join(ROOT, 'examples'), ws, { recursive: true });
    const zhang = fs.readFileSync(path.join(ws, 'alexnet_zhang15.nnm'), 'utf8');
    // The paper's pinned tile on conv2 (if any) gives way to one that overflows the buffer.
    const withTile = zhang.replace(/(conv2 = conv2d\(pool1, 256, kernel=5, pad=2, groups=2\)) *(@tile\([^)]*\))? */, `$1 ${OVERFLOWING_TILE} `);
    assert.notEqual(withTile, zhang, 'examples/alexnet_zhang15.nnm changed: the tile_fix copy needs its conv2 line');
    fs.writeFileSync(path.join(ws, TILE_FIX_FILE), withTile);
    if (fs.existsSync(ONNX_MODEL)) fs.copyFileSync(ONNX_MODEL, path.join(ws, path.basename(ONNX_MODEL)));
    fs.copyFileSync(YOLO, path.join(ws, path.basename(YOLO)));
    server = await timed(SUITE, 'code-server start', () => CodeServer.start(profile, ws));
    browser = await timed(SUITE, 'browser launch', () => launchBrowser());
    wb = new Workbench(browser.page);
    await timed(SUITE, 'workbench load', () => wb.open(server!.url));
    console.log(`      code-server ${server.url} on ${ws}; artifacts in ${artifacts}`);
  });

  afterEach(async function () {
    stepNo++;
    if (this.currentTest?.state === 'failed' && browser) {
      const slug = (this.currentTest.title.match(/[a-z0-9]+/gi) ?? []).slice(0, 6).join('-');
      const shot = await wb.screenshot(artifacts, `failed-${String(stepNo).padStart(2, '0')}-${slug}.png`).catch(() => undefined);
      if (shot) console.log(`      screenshot of the failure: ${shot}`);
    }
    // Leave no widget open for the next step.
    await browser?.page.keyboard.press('Escape').catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    await timed(SUITE, 'shutdown', async () => {
      await browser?.context.close();
      await server?.stop();
    });
    console.log(`      artifacts (screenshots, code-server.log, timings): ${artifacts}`);
  });

  /** Runs a step body, timed under the test's title. */
  const step = (title: string, body: (this: Mocha.Context) => Promise<void>) =>
    it(title, async function () {
      await timed(SUITE, title, () => body.call(this));
    });

  /** Chooses a target from the status bar item's quick pick, as a user would. */
  async function pickTarget(name: string): Promise<void> {
    await wb.statusItem(STATUS_ID).click();
    const input = wb.page.locator('.quick-input-widget input');
    try {
      await input.waitFor({ timeout: 10_000 });
    } catch {
      throw new Error(`clicking the Roofline status item should open a quick pick of targets; none opened`);
    }
    // The list is virtual: type the name, as a user would, so that its row is rendered.
    await input.fill(name);
    const row = wb.quickInputRow(name);
    try {
      await row.waitFor({ timeout: 10_000 });
    } catch {
      const shown = await wb.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
      throw new Error(`the status item's quick pick has no target ${name}; typing its name lists ${JSON.stringify(shown)}`);
    }
    await row.click();
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** The Roofline pages shown (the panel, an ONNX editor) whose title matches: their frames. */
  async function rooflineFrames(title: RegExp): Promise<Frame[]> {
    const out: Frame[] = [];
    for (const f of wb.page.frames()) {
      const outer = await f.parentFrame()?.frameElement().catch(() => null);
      if (!outer || !(await outer.isVisible().catch(() => false))) continue;
      const text = await f.locator('.rl-title').first().textContent({ timeout: 500 }).catch(() => null);
      if (text && title.test(text)) out.push(f);
    }
    return out;
  }

  /** Closes the active tab of the active editor group with its close button (Ctrl+W would close
   *  the browser's tab, and F1 does not always reach the palette from a walkthrough). */
  async function closeActiveEditor(): Promise<void> {
    const tab = wb.page.locator('.editor-group-container.active .tab.active').first();
    const label = (await tab.getAttribute('aria-label')) ?? '';
    await tab.hover();
    await tab.locator('.codicon-close').first().click();
    await until(
      () => wb.page.locator('.editor-group-container.active .tab.active').first().getAttribute('aria-label').catch(() => null),
      (now) => now !== label,
      10_000,
      (now) => `the tab "${label}" should close; the active tab is "${now}"`,
    );
  }

  /** Opens the Get Started walkthrough from the palette (Welcome: Open Walkthrough...). */
  async function openWalkthrough(): Promise<void> {
    await wb.page.keyboard.press('F1');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('>Welcome: Open Walkthrough');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Walkthrough' }).first().click();
    const row = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with Roofline Lens' }).first();
    try {
      await row.waitFor({ timeout: 10_000 });
    } catch {
      const shown = await wb.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
      throw new Error(`Welcome: Open Walkthrough lists no "Get Started with Roofline Lens"; it lists ${JSON.stringify(shown)}`);
    }
    await row.click();
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await wb.page.locator('.getting-started-step').first().waitFor({ timeout: 15_000 });
  }

  /** The walkthrough's steps: title and whether VS Code shows it done. */
  const walkthroughSteps = (): Promise<{ title: string; done: boolean }[]> =>
    wb.page.locator('.getting-started-step').evaluateAll((els) => els.map((e) => ({ title: e.querySelector('.step-title')?.textContent?.trim() ?? '', done: !!e.querySelector('.codicon-getting-started-step-checked') })));
  const WALKTHROUGH_STEPS = ['Open an example model', 'Pick the hardware', 'Read a hover', 'Apply a tile quick fix', 'Open the Roofline panel'];

  step('opens resnet50.nnm with Quick Open; the status bar says Roofline ready', async function () {
    await wb.openFile('resnet50.nnm');
    const item = wb.statusItem(STATUS_ID);
    // The status item's accessible label is its text and its tooltip: "pulse Roofline, Roofline ready".
    await until(
      async () => (await item.getAttribute('aria-label', { timeout: 1000 })) ?? '',
      (label) => label.includes('Roofline ready'),
      45_000,
      (label) => `the status item ${STATUS_ID} never said 'Roofline ready' (its label: "${label ?? '(absent)'}"); see ${server?.logFile}`,
    );
    await wb.statusTooltip(item, 'Roofline ready');
    await wb.readLine(1);
  });

  step('the Get Started walkthrough lists its five steps, none done yet', async function () {
    // Opened first, as a new user would: VS Code then follows the steps' completion events.
    await openWalkthrough();
    const steps = await walkthroughSteps();
    assert.deepEqual(steps.map((s) => s.title), WALKTHROUGH_STEPS);
    assert.ok(steps.every((s) => !s.done), JSON.stringify(steps));
    await wb.screenshot(artifacts, 'walkthrough.png');
    await closeActiveEditor();
  });

  step(`hovers conv2 of alexnet.nnm: exact MACs, CTC and bound as the CLI on ${DEFAULT_TARGET}`, async function () {
    const cli = analyze(path.join(ws, 'alexnet.nnm'), DEFAULT_TARGET);
    const conv = layer(cli, 'conv2.conv2d');
    await wb.openFile('alexnet.nnm');
    // `conv2 = relu(conv2d(...))`: the line's hint is the conv's (it carries the fused ReLU), named.
    const hint = `conv2d ${hintLabel(conv)}`;
    await until(
      () => wb.readLine(conv.range.start.line + 1),
      (r) => r.hints.includes(hint),
      20_000,
      (r) => `the conv2 line should end with "${hint}" (the README's screenshot shows it); it shows ${JSON.stringify(r?.hints ?? [])}`,
    );
    await wb.goTo(conv.range.start.line + 1, conv.range.start.character + 2);
    const text = await wb.hoverAtCursor(`MACs: ${exactCount(conv.macs)}`);
    await wb.screenshot(artifacts, 'hover.png');
    const got = cardFigures(text);
    assert.equal(got.target, DEFAULT_TARGET, `the card's roofline table should name ${DEFAULT_TARGET}:\n${text}`);
    assert.equal(got.ctc, ratio3(conv.ctc ?? Number.NaN), `CTC: the card says ${got.ctc}, the CLI ${conv.ctc}:\n${text}`);
    assert.match(got.bound ?? '', boundPattern(conv.bound ?? ''), `bound: the card says "${got.bound}", the CLI ${conv.bound}`);
  });

  step('shows the inline CTC hints of alexnet_zhang15.nnm as the CLI', async function () {
    const cli = analyze(path.join(ws, 'alexnet_zhang15.nnm'));
    // Lines that make one layer only, so that the line's hint is that layer's: conv1, conv2, conv3.
    const lines = new Map<number, CliLayer[]>();
    for (const l of cli.layers) lines.set(l.range.start.line, [...(lines.get(l.range.start.line) ?? []), l]);
    const single = [...lines.values()].filter((ls) => ls.length === 1 && ls[0].op === 'conv2d' && ls[0].ctc !== undefined).map((ls) => ls[0]);
    assert.ok(single.length >= 3, 'alexnet_zhang15.nnm should have conv1..conv3 alone on their lines');
    await wb.openFile('alexnet_zhang15.nnm');
    for (const l of single) {
      const want = hintLabel(l);
      await until(
        () => wb.readLine(l.range.start.line + 1),
        (r) => r.hints.includes(want),
        20_000,
        (r) => `line ${l.range.start.line + 1} (${l.name}) should end with the inlay hint "${want}"; it shows ${JSON.stringify(r?.hints ?? [])}`,
      );
    }
  });

  step('counts the problems of the open models: the CLI\'s diagnostics and the bottleneck rules\'', async function () {
    const files = ['resnet50.nnm', 'alexnet.nnm', 'alexnet_zhang15.nnm'];
    const want = countBySeverity(files.flatMap((f) => expectedDiagnostics(path.join(ws, f), DEFAULT_TARGET)));
    const got = await until(
      () => wb.problemCounts(),
      (c) => c.errors === want.errors && c.warnings === want.warnings && c.infos === want.infos,
      20_000,
      (c) => `the status bar's problems item says "${c?.label}"; expected ${JSON.stringify(want)} over ${files.join(', ')} (the CLI's diagnostics and the RL5xx rules')`,
    );
    console.log(`      problems: "${got.label}"`);
  });

  step('applies the tile quick fix from the light bulb; the overflow diagnostic goes away', async function () {
    const file = path.join(ws, TILE_FIX_FILE);
    const before = analyze(file);
    const conv = layer(before, 'conv2');
    const line = conv.range.start.line + 1;
    assert.equal(conv.tile?.fits, false, `the CLI should find that ${OVERFLOWING_TILE} overflows the buffer of ${OTHER_TARGET}`);
    await wb.openFile(TILE_FIX_FILE);
    const rl502 = (ps: Problem[]) => ps.filter((p) => p.file === TILE_FIX_FILE && p.code === 'RL502' && p.line === line);
    // The diagnostic the fix is for. Without it the step goes on (so that the fix itself is
    // checked) and fails at the end.
    let missing: string | undefined;
    try {
      await until(
        () => wb.problems('RL502'),
        (ps) => rl502(ps).length > 0,
        20_000,
        (ps) => `the Problems panel shows no RL502 (tile overflows the on-chip buffer) on line ${line} of ${TILE_FIX_FILE}; filtered on 'RL502' it lists ${JSON.stringify(ps ?? [])}`,
      );
    } catch (error) {
      missing = error instanceof Error ? error.message : String(error);
    }
    await wb.closePanel();
    await wb.openFile(TILE_FIX_FILE);
    await wb.goTo(line, conv.range.start.character + 2);
    await wb.page.keyboard.press('Control+.');
    const fix = wb.page.locator('.action-widget .monaco-list-row.action[aria-label^="Use tile m="]').first();
    try {
      await fix.waitFor({ timeout: 15_000 });
    } catch {
      const offered = await wb.page.locator('.action-widget .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? (r as HTMLElement).innerText));
      throw new Error(`the light bulb menu (Ctrl+.) on line ${line} offers no "Use tile m=…" quick fix; it offers ${JSON.stringify(offered)}`);
    }
    const title = await wb.chooseAction('Use tile m=');
    const factors = [...title.matchAll(/\b([mnrck]=\d+|order=[a-z]+)/g)].map((m) => m[1]);
    assert.ok(factors.length >= 2, `cannot read the tile in "${title}"`);
    const edited = await until(
      () => wb.readLine(line),
      (r) => r.text.includes('@tile(') && !r.text.includes(OVERFLOWING_TILE),
      10_000,
      (r) => `line ${line} should carry the new tile after "${title}"; it reads "${r?.text}"`,
    );
    const written = /@tile\(([^)]*)\)/.exec(edited.text)?.[1] ?? '';
    assert.deepEqual(written.split(/[,\s]+/).filter(Boolean), factors, `"${title}" wrote @tile(${written})`);
    if (!missing) {
      await until(
        () => wb.problems('RL502'),
        (ps) => rl502(ps).length === 0,
        20_000,
        (ps) => `RL502 is still listed on line ${line} after the quick fix: ${JSON.stringify(ps ?? [])}`,
      );
      await wb.closePanel();
    }
    // Saved, the file on disk is what the CLI reads: the tile now fits.
    await wb.openFile(TILE_FIX_FILE);
    await wb.page.keyboard.press('Control+S');
    await until(
      async () => fs.readFileSync(file, 'utf8'),
      (t) => !t.includes(OVERFLOWING_TILE),
      10_000,
      () => `${TILE_FIX_FILE} was not saved`,
    );
    const after = layer(analyze(file), 'conv2');
    assert.equal(after.tile?.source, 'file');
    assert.equal(after.tile?.fits, true, `the CLI says the new tile ${JSON.stringify(after.tile)} still overflows`);
    if (missing) assert.fail(`the quick fix applied, but: ${missing}`);
  });

  step('opens the Roofline panel: one point per layer, the target roofs; a click moves the cursor to the layer', async function () {
    const cli = analyze(path.join(ws, 'alexnet.nnm'), DEFAULT_TARGET);
    const points = plottable(cli);
    const level = offChipLevel(DEFAULT_TARGET);
    await wb.closePanel();
    await wb.openFile('alexnet.nnm');
    await wb.goTo(1, 1);
    const command = paletteTitle('roofline.showPanel', 'Roofline: Show Panel');
    try {
      await wb.runCommand(command);
    } catch (error) {
      const why = manifestCommand('roofline.showPanel') ? '' : ' (package.json contributes no command roofline.showPanel yet)';
      throw new Error(`${error instanceof Error ? error.message : String(error)}${why}`);
    }
    await until(
      () => wb.page.locator('iframe.webview.ready').filter({ visible: true }).count(),
      (n) => n > 0,
      20_000,
      () => `"${command}" opened no webview panel`,
    ).catch(async (error: Error) => {
      const toasts = await wb.page.locator('.notification-toast').allInnerTexts();
      throw new Error(`${error.message}${toasts.length ? `; notifications: ${JSON.stringify(toasts)}` : ''}`);
    });
    const view = wb.webview();
    await until(
      () => view.locator('.rl-point').count(),
      (n) => n === points.length,
      30_000,
      (n) => `the panel should draw ${points.length} points (the plottable layers of alexnet.nnm on ${DEFAULT_TARGET}); it draws ${n ?? 0}`,
    );
    const roofs = await view.locator('.rl-roof').evaluateAll((els) => els.map((e) => ({ roof: e.getAttribute('data-roof') ?? '', cls: e.getAttribute('class') ?? '' })));
    assert.ok(roofs.some((r) => r.cls.includes('rl-roof-compute')), `no compute roof among ${JSON.stringify(roofs)}`);
    assert.ok(roofs.some((r) => r.cls.includes('rl-roof-memory') && r.roof.includes(level)), `no ${level} memory roof among ${JSON.stringify(roofs)}`);
    const shot = await wb.screenshot(artifacts, 'panel.png');
    console.log(`      panel screenshot: ${shot}`);
    const conv = layer(cli, 'conv2.conv2d');
    const point = view.locator('.rl-point', { has: view.locator('title', { hasText: /^conv2\.conv2d \(/ }) });
    await point.click({ force: true });
    await wb.waitCursor(conv.range.start.line + 1, conv.range.start.character + 1, 15_000);
  });

  step(`changes the target to ${OTHER_TARGET} from the status bar; the hover and the panel follow`, async function () {
    const cli = analyze(path.join(ws, 'alexnet.nnm'), OTHER_TARGET);
    const conv = layer(cli, 'conv2.conv2d');
    await wb.openFile('alexnet.nnm');
    await pickTarget(OTHER_TARGET);
    await wb.openFile('alexnet.nnm');
    await wb.goTo(conv.range.start.line + 1, conv.range.start.character + 2);
    const text = await until(
      () => wb.hoverAtCursor(`MACs: ${exactCount(conv.macs)}`, 5_000),
      (t) => cardFigures(t).target === OTHER_TARGET,
      20_000,
      (t) => `the hover should now be on ${OTHER_TARGET}:\n${t}`,
    );
    const got = cardFigures(text);
    assert.equal(got.ctc, ratio3(conv.ctc ?? Number.NaN), `CTC on ${OTHER_TARGET}: the card says ${got.ctc}, the CLI ${conv.ctc}`);
    assert.match(got.bound ?? '', boundPattern(conv.bound ?? ''), `bound on ${OTHER_TARGET}: the card says "${got.bound}", the CLI ${conv.bound}`);
    await wb.page.keyboard.press('Escape');
    const level = offChipLevel(OTHER_TARGET);
    if ((await wb.page.locator('iframe.webview.ready').filter({ visible: true }).count()) === 0) {
      assert.fail(`the hover follows ${OTHER_TARGET}, but no Roofline panel is open to follow it (the panel step could not open one)`);
    }
    const view = wb.webview();
    await until(
      () => view.locator('.rl-roof-memory').evaluateAll((els) => els.map((e) => e.getAttribute('data-roof') ?? '')),
      (roofs) => roofs.some((r) => r.includes(level)),
      20_000,
      (roofs) => `the panel's memory roofs should be ${OTHER_TARGET}'s ${level}; they are ${JSON.stringify(roofs ?? [])}`,
    );
    const want = plottable(cli).length;
    await until(
      () => view.locator('.rl-point').count(),
      (n) => n === want,
      10_000,
      (n) => `the panel should draw ${want} points on ${OTHER_TARGET}; it draws ${n}`,
    );
  });

  it('opens light_resnet50.onnx in its Roofline editor: the model it draws is the ONNX one, and the panel follows it', async function () {
    if (!onnxEditorContributed()) {
      console.log('      SKIPPED: package.json contributes no customEditor for *.onnx yet (the ONNX editor is being built)');
      skipped(SUITE, 'onnx editor');
      this.skip();
    }
    await timed(SUITE, 'onnx editor', async () => {
      const file = path.join(ws, path.basename(ONNX_MODEL));
      assert.ok(fs.existsSync(file), `${ONNX_MODEL} is missing`);
      // The target picked from the status bar in the step before: the ONNX file names none.
      const cli = analyze(file, OTHER_TARGET);
      const want = plottable(cli).length;
      await wb.openFile(path.basename(ONNX_MODEL), false);
      const title = new RegExp(`^${cli.model} on `);
      // Two pages draw it: the ONNX editor, and the Roofline panel, which follows the active editor.
      const frames = await until(
        () => rooflineFrames(title),
        (fs) => fs.length === 2,
        45_000,
        (fs) => `the ONNX editor and the panel should both show ${cli.model} of ${path.basename(ONNX_MODEL)}; ${fs?.length ?? 0} page(s) do`,
      );
      for (const f of frames) {
        await until(
          () => f.locator('.rl-point').count(),
          (n) => n === want,
          30_000,
          (n) => `a page showing ${path.basename(ONNX_MODEL)} should draw ${want} points (the CLI's plottable layers on ${OTHER_TARGET}); it draws ${n}`,
        );
        assert.match(await f.locator('.rl-summary').innerText(), new RegExp(path.basename(ONNX_MODEL).replace('.', '\\.')));
        assert.ok((await f.locator('.rl-roof').count()) > 0, 'no roof drawn');
      }
      const shot = await wb.screenshot(artifacts, 'onnx.png');
      console.log(`      ${want} points in the ONNX editor and in the panel; screenshot: ${shot}`);
    });
  });

  step('the chart labels of three models hide no point and no other label: ResNet-50 and Llama-2 decode on h100-sxm, YOLOv3 on jetson-orin-nano-8gb', async function () {
    // The last target picked is the default one again, for the steps after.
    for (const [file, target] of [[path.basename(YOLO), 'jetson-orin-nano-8gb'], ['llama2_7b.nnm', 'h100-sxm'], ['resnet50.nnm', DEFAULT_TARGET]] as const) {
      await wb.openFile(file);
      await pickTarget(target);
      await wb.openFile(file);
      const cli = analyze(path.join(ws, file), target);
      const want = plottable(cli).length;
      const title = new RegExp(`^${cli.model} on ${catalogTitle(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
      const [frame] = await until(
        () => rooflineFrames(title),
        (fs) => fs.length === 1,
        30_000,
        (fs) => `the panel should follow ${file} on ${target}; ${fs?.length ?? 0} page(s) show it`,
      );
      await until(
        () => frame.locator('.rl-point').count(),
        (n) => n === want,
        30_000,
        (n) => `the panel should draw ${want} points for ${file} on ${target}; it draws ${n}`,
      );
      const drawn = (await frame.evaluate(DRAWN_LABELS)) as { labels: { id: string; quad: Quad }[]; obstacles: Circle[] };
      const shot = await wb.screenshot(artifacts, `labels-${path.basename(file).replace(/\.\w+$/, '')}.png`);
      assert.ok(drawn.labels.length >= 2, `labels drawn: ${JSON.stringify(drawn.labels.map((l) => l.id))}`);
      assert.deepEqual(labelOverlaps(drawn.labels, drawn.obstacles), [], `${file} on ${target} (${shot})`);
      console.log(`      ${file} on ${target}: ${drawn.labels.length} labels, ${drawn.obstacles.length} points and ridge marks, no overlap; ${shot}`);
    }
  });

  step("the Get Started walkthrough's first step opens ResNet-50, a copy in the extension's storage, with the conv line's hint", async function () {
    await openWalkthrough();
    await wb.page.locator('.getting-started-step a, .getting-started-step .button-link', { hasText: 'Open ResNet-50' }).first().click();
    await wb.page.locator('.editor-group-container.active .tab.active[aria-label^="resnet50.nnm"]').first().waitFor({ timeout: 20_000 });
    const where = await until(
      () => wb.page.locator('.editor-group-container.active .breadcrumbs-control').first().innerText(),
      (t) => /globalStorage[\s\S]*examples[\s\S]*resnet50\.nnm/.test(t),
      10_000,
      (t) => `the example should open from the extension's storage; the breadcrumbs read "${t}"`,
    );
    console.log(`      opened from ${where.replace(/\s+/g, ' ')}`);
    // `a = relu(conv_bn(x, mid, 1))`: the conv carries its group, in all 16 bottlenecks.
    const cli = analyze(path.join(ROOT, 'examples', 'resnet50.nnm'), DEFAULT_TARGET);
    const conv = layer(cli, 's1[0].a.conv_bn.conv2d');
    const want = `conv2d ${hintLabel(conv)} · ×16`;
    await until(
      () => wb.readLine(11),
      (r) => r.hints.includes(want),
      30_000,
      (r) => `line 11 of the example should end with "${want}"; it shows ${JSON.stringify(r?.hints ?? [])}`,
    );
    await closeActiveEditor();
    await wb.page.locator('.tab', { hasText: 'Walkthrough' }).first().click();
    await until(
      () => walkthroughSteps(),
      (s) => s[0]?.done === true,
      10_000,
      (s) => `the walkthrough's first step should be done once its example opened: ${JSON.stringify(s)}`,
    );
    await closeActiveEditor();
  });

  step('Roofline: Open Example Model offers every example shipped; choosing vgg16.nnm opens its copy', async function () {
    await wb.page.keyboard.press('F1');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${paletteTitle('roofline.openExample', 'Roofline: Open Example Model')}`);
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Example Model' }).first().click();
    const rows = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ visible: true });
    const labels = await until(
      // Each row's first label is the item's (a row's hidden detail label may hold an earlier pick's text).
      () => rows.evaluateAll((rs) => rs.map((r) => r.querySelector('.label-name')?.textContent ?? '')),
      (l) => l.length === EXAMPLE_MODELS.length,
      10_000,
      (l) => `the examples quick pick should list ${EXAMPLE_MODELS.join(', ')}; it lists ${JSON.stringify(l)}`,
    );
    assert.deepEqual(labels.map((l) => l.trim()).sort(), EXAMPLE_MODELS);
    const vgg = wb.quickInputRow('vgg16.nnm');
    assert.match(await vgg.innerText(), /VGG-16 as in torchvision/);
    await vgg.click();
    await wb.page.locator('.editor-group-container.active .tab.active[aria-label^="vgg16.nnm"]').first().waitFor({ timeout: 20_000 });
    const cli = analyze(path.join(ROOT, 'examples', 'vgg16.nnm'), DEFAULT_TARGET);
    const first = cli.layers.find((l) => l.op === 'conv2d')!;
    await until(
      () => wb.readLine(first.range.start.line + 1),
      (r) => r.hints.some((h) => h.includes(`CTC ${ratio3(first.ctc ?? Number.NaN)}`)),
      30_000,
      (r) => `vgg16.nnm line ${first.range.start.line + 1} should carry the hint of ${first.name} (CTC ${first.ctc}); it shows ${JSON.stringify(r?.hints ?? [])}`,
    );
    // Closed, its problems leave the count of the next step.
    await closeActiveEditor();
  });

  step("the walkthrough's five steps are done: example opened, target picked, hover read, tile fixed, panel opened", async function () {
    await openWalkthrough();
    const steps = await until(
      () => walkthroughSteps(),
      (s) => s.length === WALKTHROUGH_STEPS.length && s.every((x) => x.done),
      10_000,
      (s) => `every step of the walkthrough should be done by the steps before: ${JSON.stringify(s)}`,
    );
    assert.deepEqual(steps.map((s) => s.title), WALKTHROUGH_STEPS);
    await wb.screenshot(artifacts, 'walkthrough-done.png');
  });

  step('no request left 127.0.0.1 (all others were blocked)', async function () {
    assert.ok(browser, 'no browser');
    const hosts = [...browser.hosts];
    console.log(`      hosts requested: ${hosts.join(', ')}`);
    assert.deepEqual(browser.blocked, [], `requests to other hosts than 127.0.0.1 (blocked): ${browser.blocked.join(', ')}`);
    assert.ok(hosts.length > 0 && hosts.every((h) => /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(h)), `hosts: ${hosts.join(', ')}`);
  });
});
