// The Roofline page in headless Chromium (playwright-core driving /usr/bin/chromium): the real
// bundle (built by `node esbuild.mjs` in `before`) under the real CSP, with a stand-in
// acquireVsCodeApi that records what the page posts. Checks the drawing against the pure
// functions, the messages each control posts, selection, sorting, state restore, sampling, the
// exports, the standalone report, and that nothing touches the network or breaks the CSP.
// Skipped with a note when Chromium is missing, except under CI=true where that fails.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { HostMessage, PageMessage, PanelData } from '../server/src/protocol/panel';
import { panelHtml } from '../server/src/ide/panelHtml';
import { inlinePageHtml, reportHtml } from '../server/src/report/reportHtml';
import { rooflineSpec, type RooflineSpec } from '../webview/src/chart/roofline';
import { pointMarks } from '../webview/src/render/rooflineSvg';
import { buildWebview, CHROMIUM, LAUNCH_ARGS, ROOT } from './fixtures/webview/browser';
import { fpgaAlexNet, gpuBert, syntheticPanelData } from './fixtures/webview/panelData';

// ROOFLINE_WEBVIEW_DIST=<folder with webview.js and webview.css> tests a bundle built elsewhere
// (for example with @vscode/webview-ui-toolkit) instead of building one.
const ARTIFACTS = path.join(ROOT, '.artifacts', 'webview');

interface Recorded {
  posted: PageMessage[];
  state: unknown;
  csp: string[];
}

declare global {
  interface Window {
    __rl: Recorded;
  }
}

/** Runs before any page script: the stand-in VS Code API (when `vscode`), and a record of what the
 *  page posts and of CSP violations. A string, not a function: tsx compiles functions with name
 *  helpers that do not exist in the page. */
function initScript(restored: unknown, vscode = true): string {
  return `(() => {
    const rec = { posted: [], state: ${JSON.stringify(restored ?? null)} ?? undefined, csp: [] };
    Object.defineProperty(window, '__rl', { value: rec });
    document.addEventListener('securitypolicyviolation', (e) => rec.csp.push(e.violatedDirective + ': ' + e.blockedURI));
    if (${vscode}) Object.defineProperty(window, 'acquireVsCodeApi', {
      value: () => ({
        postMessage: (m) => { rec.posted.push(JSON.parse(JSON.stringify(m))); },
        getState: () => rec.state,
        setState: (s) => { rec.state = JSON.parse(JSON.stringify(s)); return s; },
      }),
    });
  })();`;
}

const expectedCy = (spec: RooflineSpec, data: PanelData, index: number): number => spec.points.find((p) => p.layer === data.layers[index].index)!.cy;

describe('webview in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let script = '';
  let css = '';

  before(function () {
    if (!fs.existsSync(CHROMIUM)) {
      const why = `${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`;
      if (process.env.CI === 'true') throw new Error(why);
      console.log(`    (skipped: ${why})`);
      this.skip();
    }
    return (async () => {
      const bundle = buildWebview();
      if (bundle.note) console.log(`    (${bundle.note})`);
      script = bundle.script;
      css = bundle.css;
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    })();
  });

  after(async () => {
    await browser?.close();
  });

  interface Opened {
    context: BrowserContext;
    page: Page;
    requests: string[];
    errors: string[];
  }

  /** A fresh page that blocks and records every request other than about: and data:. */
  async function open(viewport = { width: 1200, height: 900 }): Promise<Opened> {
    const context = await browser!.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (!url.startsWith('about:') && !url.startsWith('data:')) requests.push(url);
      return route.abort();
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    return { context, page, requests, errors };
  }

  /** The panel page as the tests load it: bundle and stylesheet inline, no data, a VS Code stand-in. */
  async function openPanel(restored?: unknown, controls: 'toolkit' | 'native' = 'toolkit'): Promise<Opened> {
    const o = await open();
    await o.page.addInitScript({ content: initScript(restored) });
    await o.page.goto('about:blank');
    const html = inlinePageHtml({ script, css, title: 'Roofline' });
    await o.page.setContent(controls === 'native' ? html.replace('<html lang="en">', '<html lang="en" data-controls="native">') : html);
    await o.page.waitForFunction(() => window.__rl.posted.some((m) => m.type === 'ready'));
    return o;
  }

  const renders = (page: Page): Promise<number> => page.evaluate(() => Number(document.getElementById('root')!.dataset.renders ?? 0));

  /** Posts a host message as the extension would, and waits for the page to draw it. */
  async function send(page: Page, message: HostMessage): Promise<void> {
    const before = await renders(page);
    // As one JSON string: Playwright's own serialisation of a 10,000-layer object takes seconds.
    await page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(message));
    if (message.type === 'update') await page.waitForFunction((n) => Number(document.getElementById('root')!.dataset.renders ?? 0) > n, before);
  }

  /** Every circle of the page against the pure spec for `data`: same layers, in the same drawing
   *  order, at the same cx, cy, r, with the same class. */
  async function assertPointsMatch(page: Page, data: PanelData, selected?: number): Promise<void> {
    const svg = page.locator('.rl-roofline svg');
    const width = Number(await svg.getAttribute('width'));
    const height = Number(await svg.getAttribute('height'));
    const spec = rooflineSpec(data, { width, height, keep: selected !== undefined ? [selected] : [] });
    const expected = pointMarks(spec.points, selected).map((m) => [m.key, m.attrs.cx, m.attrs.cy, m.attrs.r, m.cls, m.title]);
    const drawn = await page.locator('.rl-roofline g.rl-points > circle').evaluateAll((els) =>
      els.map((e) => [Number(e.getAttribute('data-layer')), Number(e.getAttribute('cx')), Number(e.getAttribute('cy')), Number(e.getAttribute('r')), e.getAttribute('class'), e.querySelector('title')?.textContent]),
    );
    assert.equal(drawn.length, expected.length);
    assert.deepEqual(drawn, expected);
  }

  const posted = (page: Page): Promise<PageMessage[]> => page.evaluate(() => window.__rl.posted);

  async function waitPosted<T extends PageMessage['type']>(page: Page, type: T): Promise<Extract<PageMessage, { type: T }>> {
    await page.waitForFunction((t) => window.__rl.posted.some((m) => m.type === t), type);
    const all = await posted(page);
    return all.filter((m) => m.type === type).pop() as Extract<PageMessage, { type: T }>;
  }

  /** Picks a value in a dropdown: a native <select>, or a toolkit <vscode-dropdown>. */
  async function choose(page: Page, name: string, value: string): Promise<void> {
    const el = page.locator(`[data-control="${name}"]`);
    if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
    else await el.evaluate((e, v) => {
      (e as HTMLSelectElement).value = v;
      e.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  }

  const valueOf = (page: Page, name: string): Promise<string> => page.locator(`[data-control="${name}"]`).evaluate((e) => (e as HTMLSelectElement).value);

  async function clean(o: Opened): Promise<void> {
    const csp = await o.page.evaluate(() => window.__rl.csp);
    assert.deepEqual(csp, [], 'no CSP violation');
    assert.deepEqual(o.requests, [], 'no request left the page');
    assert.deepEqual(o.errors, [], 'no script error');
    await o.context.close();
  }

  it('draws one point per counted layer, the roofs and ridges, where the pure functions put them', async () => {
    const o = await openPanel();
    const { page } = o;
    const data = gpuBert();
    await send(page, { type: 'update', data });
    const points = page.locator('.rl-roofline circle.rl-point[data-layer]');
    assert.equal(await points.count(), data.layers.filter((l) => l.counted).length);
    const labels = await page.locator('.rl-roofline .rl-roof-label').allTextContents();
    assert.deepEqual(labels.sort(), ['HBM3 3.35 TB/s', 'L2 12 TB/s', 'fp16 peak', 'fp32 peak']);
    assert.equal(await page.locator('.rl-roofline line.rl-roof').count(), 4);
    assert.deepEqual((await page.locator('.rl-roofline .rl-ridge-name').allTextContents()).sort(), ['fp16 / HBM3', 'fp16 / L2', 'fp32 / HBM3', 'fp32 / L2']);
    assert.ok((await page.locator('.rl-roofline .rl-axis-title').allTextContents()).includes('operational intensity (op/B)'));

    const svg = page.locator('.rl-roofline svg');
    const width = Number(await svg.getAttribute('width'));
    const height = Number(await svg.getAttribute('height'));
    const spec = rooflineSpec(data, { width, height });
    for (const name of ['enc0_ffn1', 'classifier', 'enc1_softmax']) {
      const l = data.layers.find((x) => x.name === name)!;
      const expected = spec.points.find((p) => p.layer === l.index)!;
      const c = page.locator(`.rl-roofline circle[data-layer="${l.index}"]`);
      assert.equal(Number(await c.getAttribute('cx')), expected.cx, `${name} cx`);
      assert.equal(Number(await c.getAttribute('cy')), expected.cy, `${name} cy`);
      assert.equal(Number(await c.getAttribute('r')), expected.r, `${name} r`);
      assert.match((await c.locator('title').textContent()) ?? '', new RegExp(`^${name} `));
    }
    await assertPointsMatch(page, data);
    // The buffer chart and the table.
    assert.equal(await page.locator('.rl-buffer rect.rl-bar').count(), data.layers.filter((l) => l.bufferNeed > 0).length);
    assert.equal(await page.locator('.rl-table tbody tr[data-layer]').count(), data.layers.length);
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel.png'), fullPage: true });

    // An edit: the points move (patched in place, the same elements), and land where the spec says.
    const before = await page.locator('.rl-roofline circle[data-layer="9"]').elementHandle();
    const edited: PanelData = { ...data, layers: data.layers.map((l, i) => (i === 9 ? { ...l, attainable: l.attainable / 3, time: l.time * 3, share: l.share * 2 } : l)) };
    await send(page, { type: 'update', data: edited });
    await assertPointsMatch(page, edited);
    assert.ok(await page.evaluate(([a]) => a!.isConnected, [before]), 'the same element was moved, not redrawn');
    assert.notEqual(Number(await page.locator('.rl-roofline circle[data-layer="9"]').getAttribute('cy')), expectedCy(spec, data, 9));
    await clean(o);
  });

  for (const controls of ['toolkit', 'native'] as const) {
    it(`clicks post reveal, controls (${controls}) post their messages, select highlights`, async () => {
      const o = await openPanel(undefined, controls);
      const { page } = o;
      const data = fpgaAlexNet();
      await send(page, { type: 'update', data });
      const tagName = await page.locator('[data-control="target"]').evaluate((e) => e.tagName);
      assert.equal(tagName, controls === 'toolkit' ? 'VSCODE-DROPDOWN' : 'SELECT');
      assert.equal(await page.locator('[data-control="export-csv"]').evaluate((e) => e.tagName), controls === 'toolkit' ? 'VSCODE-BUTTON' : 'BUTTON');
      const conv3 = data.layers.find((l) => l.name === 'conv3')!;
      await page.locator(`.rl-roofline circle[data-layer="${conv3.index}"]`).click();
      assert.deepEqual(await waitPosted(page, 'reveal'), { type: 'reveal', layer: conv3.index });

      // Hover card (conv2: alone at 30 op/B; the fully connected layers overlap at 0.5 op/B).
      const conv2 = data.layers.find((l) => l.name === 'conv2')!;
      await page.locator(`.rl-roofline circle[data-layer="${conv2.index}"]`).hover();
      const card = page.locator('.rl-card');
      assert.ok(await card.isVisible());
      const text = (await card.textContent()) ?? '';
      for (const part of ['conv2', 'conv2d', '30 op/B', '40.5 GOP/s', 'buffer-bound (buffer)', '11.1 ms', '14.2%', '448 MOP', '5.93 MiB of 4.53 MiB (overflows)', 'm=128 n=48 r=27 c=27 (file)']) {
        assert.ok(text.includes(part), `card has ${part}: ${text}`);
      }
      await page.mouse.move(5, 5);
      assert.ok(await card.isHidden());
      const fc6 = data.layers.find((l) => l.name === 'fc6')!;

      // A table row click reveals too.
      await page.locator(`.rl-table tbody tr[data-layer="${fc6.index}"]`).click();
      assert.deepEqual((await posted(page)).filter((m) => m.type === 'reveal').pop(), { type: 'reveal', layer: fc6.index });

      const param = page.locator('input[data-control="param"][data-name="batch"]');
      assert.equal(await param.inputValue(), '1');
      await param.fill('16');
      await param.press('Tab');
      assert.deepEqual(await waitPosted(page, 'setParam'), { type: 'setParam', name: 'batch', value: 16 });

      await choose(page, 'target', 'zcu102');
      assert.deepEqual(await waitPosted(page, 'setTarget'), { type: 'setTarget', target: 'zcu102' });
      await choose(page, 'precision', 'int8');
      assert.deepEqual(await waitPosted(page, 'setPrecision'), { type: 'setPrecision', precision: 'int8' });
      await page.locator('[data-control="traffic"]').click();
      assert.deepEqual(await waitPosted(page, 'setTraffic'), { type: 'setTraffic', mode: 'compulsory' });

      // The host's update puts the controls back without echoing a message.
      const count = (await posted(page)).length;
      await send(page, { type: 'update', data });
      assert.equal(await valueOf(page, 'target'), 'vc707-zhang15');
      assert.equal((await posted(page)).length, count, 'no message from the update itself');

      const conv5 = data.layers.find((l) => l.name === 'conv5')!;
      await send(page, { type: 'select', layer: conv5.index });
      await page.waitForSelector(`.rl-roofline circle.rl-point.selected[data-layer="${conv5.index}"]`);
      assert.equal(await page.locator('.rl-roofline circle.rl-point.selected').count(), 1);
      assert.equal(await page.locator(`.rl-table tbody tr.selected[data-layer="${conv5.index}"]`).count(), 1);
      assert.equal(await page.locator(`.rl-buffer rect.rl-bar.selected[data-layer="${conv5.index}"]`).count(), 1);

      await send(page, { type: 'error', message: 'the model has a syntax error at line 3' });
      assert.equal(await page.locator('.rl-error').textContent(), 'the model has a syntax error at line 3');
      assert.equal(await page.locator('.rl-roofline circle.rl-point').count(), 19, 'the last data stays drawn');
      if (controls === 'toolkit') await page.screenshot({ path: path.join(ARTIFACTS, 'panel-toolkit.png') });
      await clean(o);
    });
  }

  it('sorts the table on a header click, keeps sort and scroll across updates, and restores its state', async () => {
    const o = await openPanel();
    const { page } = o;
    const data = fpgaAlexNet();
    await send(page, { type: 'update', data });
    const firstRow = async (): Promise<string | null> => page.locator('.rl-table tbody tr[data-layer]').first().getAttribute('data-layer');
    assert.equal(await firstRow(), '0');
    await page.locator('.rl-table th[data-col="share"]').click();
    const fc6 = data.layers.find((l) => l.name === 'fc6')!;
    assert.equal(await firstRow(), String(fc6.index), 'largest share first');
    assert.equal(await page.locator('.rl-table th[data-col="share"]').getAttribute('aria-sort'), 'descending');
    await page.locator('.rl-table th[data-col="share"]').click();
    assert.equal(await page.locator('.rl-table th[data-col="share"]').getAttribute('aria-sort'), 'ascending');
    const asc = await page.locator('.rl-table tbody tr[data-layer] td:nth-child(2)').allTextContents();
    assert.deepEqual(asc.slice(-4), ['fc7', 'fc6', 'norm1', 'norm2'], 'uncounted layers last');
    await page.locator('.rl-table th[data-col="share"]').click();

    await send(page, { type: 'update', data });
    assert.equal(await firstRow(), String(fc6.index), 'the sort survives an update');

    // Scroll is kept across an update of a long model.
    const big = syntheticPanelData(3000);
    await send(page, { type: 'update', data: big });
    await page.locator('.rl-table-scroll').evaluate((el) => (el.scrollTop = 2200));
    await page.waitForFunction(() => (window.__rl.state as { scrollTop?: number } | undefined)?.scrollTop === 2200);
    await send(page, { type: 'update', data: big });
    assert.equal(await page.locator('.rl-table-scroll').evaluate((el) => el.scrollTop), 2200);
    assert.ok((await page.locator('.rl-table tbody tr[data-layer]').count()) < 100, 'only the rows in view are drawn');

    // Reload with the remembered state: the page comes back drawn and sorted before any update.
    await send(page, { type: 'update', data });
    await send(page, { type: 'select', layer: 4 });
    await page.waitForFunction(() => (window.__rl.state as { selected?: number; data?: { model: string } } | undefined)?.data?.model === 'AlexNet' && (window.__rl.state as { selected?: number }).selected === 4);
    const saved = await page.evaluate(() => window.__rl.state);
    await clean(o);

    const again = await openPanel(saved);
    assert.equal(await again.page.locator('.rl-roofline circle.rl-point').count(), 19);
    assert.equal(await again.page.locator('.rl-table th[data-col="share"]').getAttribute('aria-sort'), 'descending');
    assert.equal(await again.page.locator('.rl-table tbody tr[data-layer]').first().getAttribute('data-layer'), String(fc6.index));
    assert.equal(await again.page.locator('.rl-roofline circle.rl-point.selected').getAttribute('data-layer'), '4');
    await clean(again);
  });

  it('samples a 10,000-layer model and says so', async () => {
    const o = await openPanel();
    const { page } = o;
    const big = syntheticPanelData(10_000);
    await send(page, { type: 'update', data: big });
    assert.equal(await page.locator('.rl-roofline circle.rl-point').count(), 2000);
    await assertPointsMatch(page, big);
    // An edit that changes the shares changes the sample: the patch adds and removes points.
    const edited: PanelData = { ...big, layers: big.layers.map((l) => (l.index % 7 === 0 ? { ...l, share: l.share * 3 } : l)) };
    await send(page, { type: 'update', data: edited });
    await assertPointsMatch(page, edited);
    await send(page, { type: 'update', data: big });
    await assertPointsMatch(page, big);
    assert.match((await page.locator('.rl-notice').textContent()) ?? '', /^showing 2,000 of 9,897 layers/);
    assert.ok(await page.locator('.rl-notice').isVisible());
    // Selecting a layer that the sample left out draws it.
    const drawn = new Set((await page.locator('.rl-roofline circle.rl-point').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-layer'))))));
    const missing = big.layers.find((l) => l.counted && !drawn.has(l.index))!;
    await send(page, { type: 'select', layer: missing.index });
    await page.waitForSelector(`.rl-roofline circle.rl-point.selected[data-layer="${missing.index}"]`);
    await send(page, { type: 'update', data: fpgaAlexNet() });
    assert.ok(await page.locator('.rl-notice').isHidden());
    await clean(o);
  });

  it('exports SVG, PNG and CSV', async () => {
    const o = await openPanel();
    const { page } = o;
    await send(page, { type: 'update', data: fpgaAlexNet() });
    await page.locator('[data-control="export-svg"]').click();
    const svg = await waitPosted(page, 'export');
    assert.equal(svg.format, 'svg');
    assert.match(svg.content, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg.content, /<style>/);
    assert.doesNotMatch(svg.content, /var\(--/);
    assert.equal((svg.content.match(/<circle class="rl-point bound/g) ?? []).length, 19);

    await page.locator('[data-control="export-png"]').click();
    await page.waitForFunction(() => window.__rl.posted.some((m) => m.type === 'export' && m.format === 'png'));
    const png = (await posted(page)).find((m) => m.type === 'export' && m.format === 'png') as Extract<PageMessage, { type: 'export' }>;
    assert.match(png.content, /^data:image\/png;base64,/);
    const bytes = Buffer.from(png.content.slice('data:image/png;base64,'.length), 'base64');
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    const pngWidth = bytes.readUInt32BE(16);
    const svgWidth = Number(await page.locator('.rl-roofline svg').getAttribute('width'));
    assert.equal(pngWidth, svgWidth * 2, 'drawn at twice the size');
    fs.writeFileSync(path.join(ARTIFACTS, 'export.png'), bytes);
    fs.writeFileSync(path.join(ARTIFACTS, 'export.svg'), svg.content);

    await page.locator('[data-control="export-csv"]').click();
    await page.waitForFunction(() => window.__rl.posted.some((m) => m.type === 'export' && m.format === 'csv'));
    const csv = (await posted(page)).find((m) => m.type === 'export' && m.format === 'csv') as Extract<PageMessage, { type: 'export' }>;
    assert.match(csv.content, /^index,name,op,line,/);
    assert.equal(csv.content.split('\r\n').length, fpgaAlexNet().layers.length + 2);
    await clean(o);
  });

  it('enforces its CSP: an inline style attribute does not apply', async () => {
    const o = await openPanel();
    // Chromium reports the violation on the console (the event goes to the detached element).
    const reported = o.page.waitForEvent('console', { predicate: (m) => /inline style/.test(m.text()) && /Content Security Policy/.test(m.text()) });
    const width = await o.page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<div id="probe" style="width: 123px">x</div>');
      return getComputedStyle(document.getElementById('probe')!).width;
    });
    assert.notEqual(width, '123px');
    await reported;
    await o.context.close();
  });

  it('the standalone report draws the same points offline, from its embedded data', async () => {
    const o = await open();
    const { page } = o;
    await page.addInitScript({ content: initScript(undefined, false) });
    await page.goto('about:blank');
    const data = fpgaAlexNet();
    await page.setContent(reportHtml({ data, script, css, title: 'AlexNet on VC707' }));
    await page.waitForFunction(() => Number(document.getElementById('root')?.dataset.renders ?? 0) >= 1);
    assert.equal(await page.locator('.rl-roofline circle.rl-point[data-layer]').count(), data.layers.filter((l) => l.counted).length);
    assert.equal(await page.locator('.rl-roofline .rl-roof-label').count(), 2);
    assert.equal(await page.title(), 'AlexNet on VC707');
    // A report without the analysis core cannot re-run anything: its what-if controls are hidden.
    for (const c of ['target', 'precision', 'fusion', 'traffic']) assert.ok(await page.locator(`[data-control="${c}"]`).isHidden(), `${c} is hidden`);
    assert.ok(await page.locator('[data-control="export-csv"]').isEnabled());
    const download = page.waitForEvent('download');
    await page.locator('[data-control="export-csv"]').click();
    assert.equal((await download).suggestedFilename(), 'alexnet_zhang15-roofline.csv');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
    await clean(o);
  });

  it('the summary says runs/s, and samples/s when the batch is not 1', async () => {
    for (const batch of [1, 10]) {
      // A page each: the bundle runs once per page.
      const o = await open();
      const { page } = o;
      await page.addInitScript({ content: initScript(undefined, false) });
      await page.goto('about:blank');
      const data = fpgaAlexNet();
      data.totals.batch = batch;
      await page.setContent(reportHtml({ data, script, css, title: 'batch' }));
      await page.waitForFunction(() => Number(document.getElementById('root')?.dataset.renders ?? 0) >= 1);
      const text = (await page.locator('.rl-summary').textContent()) ?? '';
      const runs = Number(data.totals.throughput.toPrecision(3));
      const expected = batch === 1 ? `${runs} runs/s (batch 1)` : `${runs} runs/s = ${Number((data.totals.throughput * 10).toPrecision(3))} samples/s (batch 10)`;
      assert.ok(text.includes(expected), text);
      await clean(o);
    }
  });

  it('the panel HTML loads the bundle and stylesheet by URI under its CSP', async () => {
    const o = await open();
    const { page } = o;
    await page.addInitScript({ content: initScript(undefined) });
    const origin = 'https://webview.roofline.test';
    const served: string[] = [];
    // Only the three files of the panel are served; everything else stays blocked by open().
    await page.route(`${origin}/**`, (route) => {
      const url = new URL(route.request().url());
      served.push(url.pathname);
      if (url.pathname === '/index.html') return route.fulfill({ contentType: 'text/html', body: panelHtml({ scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/dist/webview.css`, cspSource: `'self' ${origin}`, nonce: 'r0oflinePanelNonce0123456789abcd' }) });
      if (url.pathname === '/dist/webview.js') return route.fulfill({ contentType: 'text/javascript', body: script });
      if (url.pathname === '/dist/webview.css') return route.fulfill({ contentType: 'text/css', body: css });
      return route.abort();
    });
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => window.__rl.posted.some((m) => m.type === 'ready'));
    await send(page, { type: 'update', data: gpuBert() });
    assert.equal(await page.locator('.rl-roofline circle.rl-point').count(), 25);
    assert.deepEqual(served.sort(), ['/dist/webview.css', '/dist/webview.js', '/index.html']);
    // The stylesheet applied: the table header sticks.
    assert.equal(await page.locator('.rl-table th').first().evaluate((el) => getComputedStyle(el).position), 'sticky');
    assert.deepEqual(await page.evaluate(() => window.__rl.csp), []);
    assert.deepEqual(o.errors, []);
    await o.context.close();
  });
});
