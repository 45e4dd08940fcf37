// Benchmark of the Roofline page in headless Chromium: the production bundle's size, and the time
// from posting an 'update' to the page having drawn it (script only, and to the next frame with
// layout done) for a 175-layer and a 10,000-layer model, on first render and on later updates.
// Skipped with a line saying so when /usr/bin/chromium is missing.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import type { PanelData } from '../server/src/protocol/panel';
import { inlinePageHtml } from '../server/src/report/reportHtml';
import { buildWebview, CHROMIUM, LAUNCH_ARGS, ROOT } from '../test/fixtures/webview/browser';
import { syntheticPanelData } from '../test/fixtures/webview/panelData';
import { fmtTiming, type Timing } from './stats';

const STUB = `window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });`;

/** Posts the update and resolves with [script ms, ms to the next frame after layout]. A string,
 *  not a function: tsx adds name helpers to functions that the page does not have. */
const MEASURE = `async (message) => {
  const root = document.getElementById('root');
  const t0 = performance.now();
  const drawn = new Promise((resolve) => root.addEventListener('roofline:rendered', (e) => resolve(e.detail.ms), { once: true }));
  window.postMessage(message, '*');
  const script = await drawn;
  root.getBoundingClientRect();
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return [script, performance.now() - t0];
}`;

async function measure(page: Page, data: PanelData): Promise<[number, number]> {
  return page.evaluate(`(${MEASURE})(${JSON.stringify({ type: 'update', data })})`) as Promise<[number, number]>;
}

/** CPU time (user + system, ms) used so far by the browser launched with `marker` in its command
 *  line and all its descendants (renderer, GPU, utility processes), or by its renderers only:
 *  unlike wall-clock time, it hardly grows with the machine's load. Linux /proc, 10 ms ticks:
 *  meaningful over many runs. */
function browserCpuMs(marker: string, rendererOnly = false): number {
  const procs: { pid: number; ppid: number; ticks: number; cmd: string }[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8');
      procs.push({ pid: Number(name), ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]), cmd });
    } catch {
      // The process ended while we looked.
    }
  }
  const root = procs.find((p) => p.cmd.includes(marker));
  if (!root) return NaN;
  const tree = new Set([root.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  let ticks = 0;
  for (const p of procs) if (tree.has(p.pid) && (!rendererOnly || p.cmd.includes('--type=renderer'))) ticks += p.ticks;
  return (ticks * 1000) / 100;
}

function timing(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
}

/** A second version of the data, as after an edit: every layer a little slower. */
function edited(data: PanelData, k: number): PanelData {
  const f = 1 + 0.05 * k;
  return { ...data, layers: data.layers.map((l) => ({ ...l, attainable: l.attainable / f, time: l.time * f })) };
}

export async function benchWebview(): Promise<string[]> {
  if (!fs.existsSync(CHROMIUM)) return [`skipped: ${CHROMIUM} is missing (apt-get update && apt-get install -y chromium)`];
  const bundle = buildWebview(['--production']);
  const js = Buffer.byteLength(bundle.script);
  const css = Buffer.byteLength(bundle.css);
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  const lines = [
    `bundle (node esbuild.mjs --production): dist/webview.js ${kb(js)} (${kb(gzipSync(bundle.script).length)} gzip), dist/webview.css ${kb(css)}` +
      `${js + css < 400 * 1024 ? '  (aim < 400 KB: met)' : '  (aim < 400 KB: NOT met)'}`,
  ];
  if (bundle.note) lines.push(`note: ${bundle.note}`);
  // Wall-clock times: on a shared machine they grow with its load, so the load goes with them.
  lines.push(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the start`);
  const html = inlinePageHtml({ script: bundle.script, css: bundle.css, title: 'Roofline bench' });
  const marker = `--roofline-bench=${process.pid}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...LAUNCH_ARGS, marker] });
  try {
    for (const n of [175, 10_000]) {
      const data = syntheticPanelData(n);
      const first: number[][] = [];
      const updates: number[][] = [];
      let updateCpu = 0;
      for (let run = 0; run < 5; run++) {
        const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
        const page = await context.newPage();
        await page.route('**/*', (r) => r.abort());
        await page.addInitScript({ content: STUB });
        await page.goto('about:blank');
        await page.setContent(html);
        first.push(await measure(page, data));
        for (let k = 1; k <= 4; k++) {
          const message = JSON.stringify({ type: 'update', data: edited(data, k) });
          // The message is handed to the page first, so that its transfer is not counted.
          await page.evaluate((json) => ((window as unknown as { rlNext: unknown }).rlNext = JSON.parse(json)), message);
          // The renderer's CPU during an idle wait as long as the update: its baseline.
          const idle0 = browserCpuMs(marker, true);
          const t0 = performance.now();
          await page.evaluate(() => new Promise((r) => setTimeout(r, 150)));
          const idleRate = (browserCpuMs(marker, true) - idle0) / (performance.now() - t0);
          const cpu0 = browserCpuMs(marker, true);
          const t1 = performance.now();
          updates.push((await page.evaluate(`(${MEASURE})(window.rlNext)`)) as [number, number]);
          updateCpu += browserCpuMs(marker, true) - cpu0 - idleRate * (performance.now() - t1);
        }
        await context.close();
      }
      const label = `${n.toLocaleString('en-US')} layers`;
      lines.push(
        fmtTiming(`first render, ${label}: script`, timing(first.map((s) => s[0]))),
        fmtTiming(`first render, ${label}: to next frame`, timing(first.map((s) => s[1]))),
        fmtTiming(`update, ${label}: script`, timing(updates.map((s) => s[0])), 100),
        fmtTiming(`update, ${label}: to next frame`, timing(updates.map((s) => s[1])), 100),
        `${`update, ${label}: renderer CPU per update`.padEnd(58)} mean ${(updateCpu / updates.length).toFixed(1).padStart(8)} ms  (less its idle rate; hardly load-dependent; n=${updates.length})`,
      );
    }
  } finally {
    await browser.close();
  }
  lines.push(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  lines.push(`(dist/ now holds the production build; \`npm run build\` restores the development one; root ${path.relative(process.cwd(), ROOT) || '.'})`);
  return lines;
}
