// The standalone report answers its what-ifs offline: `roofline report` inlines the analysis core
// (dist/reportEngine.js, built by esbuild.mjs) and the model file's text; the page's controls then
// analyse the model again in the browser. In Node: the engine's first answer is the report's own
// data, and the core stays within its size budget. In headless Chromium, from a file:// URL with
// every request blocked: ResNet-50's points move when the target changes, fusion and params work,
// an ONNX report hides the controls that cannot work (params, precision), and on the reports of
// ResNet-50, YOLOv3 on jetson-orin-nano-8gb and Llama-2 decode no label box, as Chromium draws it,
// overlaps a point, a ridge mark or another label (screenshots in .artifacts/report/).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { run } from '../server/src/cli/run';
import type { PanelData } from '../server/src/protocol/panel';
import { SOURCE_ELEMENT_ID } from '../server/src/protocol/panel';
import { createEngine } from '../server/src/report/reportEngine';
import type { ReportSource } from '../server/src/report/reportSource';
import { labelOverlaps, type Circle, type Quad } from '../webview/src/chart/labels';
import { DRAWN_LABELS } from './helpers/labelsInPage';
import { buildWebview, CHROMIUM, LAUNCH_ARGS, ROOT } from './fixtures/webview/browser';

/** The minified analysis core inlined into every report: 251 KiB when a budget of 320 KiB was set,
 *  297 KiB on main; with the Hugging Face and GGUF readers (~31 KiB) and parallel plans (~25 KiB,
 *  the interconnect catalog's citations included) 371 KiB; with the limits of every analysis
 *  (core/limits.ts, checks in every reader) 387 KiB. A report holds its file's format only: an engine
 *  per format would cut this, not yet done. */
export const ENGINE_BUDGET_BYTES = 416 * 1024;

const ARTIFACTS = path.join(ROOT, '.artifacts', 'report');
let OUT = '';

function report(args: string[], name: string): string {
  const out = path.join(OUT, name);
  const err: string[] = [];
  const lines: string[] = [];
  const status = run(['report', ...args, '-o', out], { out: (l) => lines.push(l), err: (l) => err.push(l), write: (c) => lines.push(c) });
  assert.equal(status, 0, err.join('\n'));
  assert.match(lines.join('\n'), /of which the analysis core \d+ KiB/);
  return out;
}

function embedded<T>(html: string, id: string): T {
  const m = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  assert.ok(m, `no #${id} in the report`);
  return JSON.parse(m[1]) as T;
}

describe('report: what-ifs offline', function () {
  this.timeout(120_000);
  let resnet = '';
  let onnx = '';
  let yolo = '';
  let llama = '';

  before(() => {
    OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-offline-'));
    buildWebview();
    resnet = report(['examples/resnet50.nnm', '--target', 'h100-sxm'], 'resnet50.html');
    onnx = report([path.join('test', 'fixtures', 'models', 'onnx', 'light', 'light_resnet50.onnx'), '--target', 'h100-sxm'], 'onnx.html');
    yolo = report([path.join('test', 'fixtures', 'models', 'darknet', 'pjreddie', 'yolov3.cfg'), '--target', 'jetson-orin-nano-8gb'], 'yolov3-orin.html');
    llama = report(['examples/llama2_7b.nnm', '--target', 'h100-sxm'], 'llama2-decode.html');
  });

  after(() => {
    if (OUT) fs.rmSync(OUT, { recursive: true, force: true });
  });

  it(`the analysis core bundle is within its budget (${ENGINE_BUDGET_BYTES / 1024} KiB)`, () => {
    const size = fs.statSync(path.join(ROOT, 'dist', 'reportEngine.js')).size;
    console.log(`      dist/reportEngine.js: ${(size / 1024).toFixed(1)} KiB`);
    assert.ok(size <= ENGINE_BUDGET_BYTES, `${size} bytes`);
    assert.ok(size > 50 * 1024, 'it holds the analysis core');
  });

  it("the engine's first answer is the report's own data; a what-if changes it", () => {
    const html = fs.readFileSync(resnet, 'utf8');
    const data = embedded<PanelData>(html, 'roofline-data');
    const source = embedded<ReportSource>(html, SOURCE_ELEMENT_ID);
    assert.equal(source.text, fs.readFileSync(path.join(ROOT, 'examples', 'resnet50.nnm'), 'utf8'));
    const engine = createEngine(source);
    assert.deepEqual(engine.controls, { target: true, precision: true, params: true, fusion: true, traffic: true, attention: true, phase: true, parallel: true });
    const first = engine.run({});
    assert.ok('data' in first);
    assert.deepEqual(first.data, data);
    const orin = engine.run({ target: 'jetson-orin-nano-8gb' });
    assert.ok('data' in orin);
    assert.equal(orin.data.target.name, 'jetson-orin-nano-8gb');
    assert.ok(orin.data.totals.time > data.totals.time);
    assert.deepEqual(engine.run({ fusion: 'wild' }), { error: "unknown fusion policy 'wild' (none, epilogue, aggressive)" });
  });

  it('an ONNX report carries its analysed models, not its bytes: params and precision cannot change', () => {
    const source = embedded<ReportSource>(fs.readFileSync(onnx, 'utf8'), SOURCE_ELEMENT_ID);
    assert.equal(source.text, undefined);
    assert.ok(source.models && source.models[0].layers.length > 100);
    const engine = createEngine(source);
    assert.deepEqual(engine.controls, { target: true, precision: false, params: false, fusion: true, traffic: true, attention: false, phase: false, parallel: true });
    const none = engine.run({ fusion: 'none' });
    assert.ok('data' in none);
    assert.ok(none.data.layers.every((l) => l.fusedInto === undefined));
  });

  it("a parallel plan offline: tp=2 splits Llama-2-7B's layers and adds the all-reduces on NVLink; '' is one device again", () => {
    const engine = createEngine(embedded<ReportSource>(fs.readFileSync(llama, 'utf8'), SOURCE_ELEMENT_ID));
    const one = engine.run({});
    const two = engine.run({ parallel: 'tp=2' });
    assert.ok('data' in one && 'data' in two);
    assert.equal(one.data.parallel, undefined);
    assert.equal(two.data.parallel?.plan, 'tp=2');
    assert.equal(two.data.parallel?.devices, 2);
    assert.ok(two.data.layers.some((l) => l.bound === 'link' && l.boundLabel === 'NVLink'), 'an all-reduce bound by NVLink');
    assert.ok(two.data.roofs.some((r) => r.kind === 'link'));
    assert.ok(two.data.totals.time < one.data.totals.time);
    const back = engine.run({ parallel: '' });
    assert.ok('data' in back);
    assert.equal(back.data.parallel, undefined);
    assert.match(JSON.stringify(engine.run({ parallel: 'tp=0' })), /tp must be a whole number of at least 1, got 0/);
  });

  describe('in headless Chromium from a file:// URL', () => {
    let browser: Browser | undefined;

    before(async function () {
      if (!fs.existsSync(CHROMIUM)) {
        const why = `${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`;
        if (process.env.CI === 'true') throw new Error(why);
        console.log(`    (skipped: ${why})`);
        this.skip();
      }
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    });

    after(async () => {
      await browser?.close();
    });

    /** Opens a report from disk; every request other than the file itself is blocked and recorded. */
    async function openReport(file: string): Promise<{ page: Page; blocked: string[]; errors: string[]; close: () => Promise<void> }> {
      const context = await browser!.newContext({ viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      const blocked: string[] = [];
      const errors: string[] = [];
      const url = `file://${file}`;
      await page.route('**/*', (route) => {
        const u = route.request().url();
        if (u === url) return route.continue();
        blocked.push(u);
        return route.abort();
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(url);
      await page.waitForFunction(() => Number(document.getElementById('root')?.dataset.renders ?? 0) >= 1);
      return { page, blocked, errors, close: () => context.close() };
    }

    const renders = (page: Page) => page.evaluate(() => Number(document.getElementById('root')!.dataset.renders ?? 0));
    const points = (page: Page) => page.locator('.rl-roofline circle.rl-point').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-layer')}:${e.getAttribute('cx')},${e.getAttribute('cy')}`).sort());

    /** Chooses an option of a native <select> and waits for the page to draw the engine's answer. */
    async function choose(page: Page, control: string, value: string): Promise<void> {
      const before = await renders(page);
      await page.locator(`select[data-control="${control}"]`).selectOption(value);
      await page.waitForFunction((n) => Number(document.getElementById('root')!.dataset.renders ?? 0) > n, before);
    }

    it('ResNet-50: switching the target moves the plotted points; fusion and batch work too; nothing leaves the page', async () => {
      const { page, blocked, errors, close } = await openReport(resnet);
      for (const c of ['target', 'precision', 'fusion', 'traffic']) assert.ok(await page.locator(`[data-control="${c}"]`).isVisible(), `${c} is shown`);
      const before = await points(page);
      assert.ok(before.length > 40);
      assert.match(await page.locator('.rl-title').innerText(), /on NVIDIA H100/);
      await choose(page, 'target', 'jetson-orin-nano-8gb');
      const after = await points(page);
      assert.notDeepEqual(after, before, 'the points moved');
      assert.match(await page.locator('.rl-title').innerText(), /Jetson Orin Nano/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'resnet50-orin-offline.png'), fullPage: true });
      // Fusion 'none': every batch norm and ReLU is a point of its own again.
      await choose(page, 'fusion', 'none');
      assert.ok((await points(page)).length > after.length);
      // batch 1 -> 8: the file is analysed again with the param.
      const summary = await page.locator('.rl-summary').innerText();
      const beforeBatch = await renders(page);
      await page.locator('input[data-control="param"][data-name="batch"]').fill('8');
      await page.locator('input[data-control="param"][data-name="batch"]').dispatchEvent('change');
      await page.waitForFunction((n) => Number(document.getElementById('root')!.dataset.renders ?? 0) > n, beforeBatch);
      assert.notEqual(await page.locator('.rl-summary').innerText(), summary, 'the end-to-end time changed');
      assert.ok(await page.locator('input[data-control="param"][data-name="batch"]').evaluate((e) => e.parentElement!.classList.contains('overridden')));
      assert.deepEqual(blocked, []);
      assert.deepEqual(errors, []);
      await close();
    });

    /** The label boxes and the points as Chromium draws them: each text's box (getBBox, before
     *  its rotation) turned by its rotate(); a ridge's two lines as one box; points and ridge marks
     *  as discs (1 px of outline). */
    async function drawnLabels(page: Page): Promise<{ labels: { id: string; quad: Quad }[]; obstacles: Circle[] }> {
      return page.evaluate(DRAWN_LABELS) as Promise<{ labels: { id: string; quad: Quad }[]; obstacles: Circle[] }>;
    }

    for (const [name, file] of [['ResNet-50 on h100-sxm', () => resnet], ['YOLOv3 on jetson-orin-nano-8gb', () => yolo], ['Llama-2-7B decode on h100-sxm', () => llama]] as const) {
      it(`${name}: no drawn label box overlaps a point, a ridge mark or another label (800 and 1,280 px wide)`, async () => {
        for (const width of [800, 1280]) {
          const context = await browser!.newContext({ viewport: { width, height: 900 } });
          const page = await context.newPage();
          await page.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : route.abort()));
          await page.goto(`file://${file()}`);
          await page.waitForFunction(() => Number(document.getElementById('root')?.dataset.renders ?? 0) >= 1);
          const drawn = await drawnLabels(page);
          await page.locator('.rl-roofline').screenshot({ path: path.join(ARTIFACTS, `labels-${path.basename(file(), '.html')}-${width}.png`) });
          assert.ok(drawn.labels.length >= 2 && drawn.obstacles.length > 2, JSON.stringify(drawn.labels.map((l) => l.id)));
          assert.deepEqual(labelOverlaps(drawn.labels, drawn.obstacles), [], `${name} at ${width} px`);
          await context.close();
        }
      });
    }

    it('an ONNX report hides params and precision, and its target still works', async () => {
      const { page, errors, close } = await openReport(onnx);
      assert.ok(await page.locator('[data-control="precision"]').isHidden());
      assert.ok(await page.locator('.rl-params').isHidden());
      const before = await points(page);
      await choose(page, 'target', 'jetson-orin-nano-8gb');
      assert.notDeepEqual(await points(page), before);
      assert.deepEqual(errors, []);
      await close();
    });
  });
});
