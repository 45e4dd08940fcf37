// Refreshes the README's two screenshots (docs/images/editor-hover.png, docs/images/panel.png) from
// the end-to-end test's artifacts: run `npm run test:e2e` first (it saves .artifacts/e2e/hover.png
// and panel.png from a real VS Code), then `npx tsx scripts/refresh-screenshots.ts`. Each is scaled
// to 960 px wide in Debian's chromium, so the committed PNGs stay small.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.join(__dirname, '..');
const artifacts = process.env.ROOFLINE_ARTIFACTS ?? path.join(root, '.artifacts', 'e2e');
const pairs: [string, string][] = [
  ['hover.png', 'editor-hover.png'],
  ['panel.png', 'panel.png'],
];

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  try {
    const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
    for (const [from, to] of pairs) {
      const source = path.join(artifacts, from);
      if (!fs.existsSync(source)) throw new Error(`${source} is missing: run npm run test:e2e first`);
      const data = fs.readFileSync(source).toString('base64');
      await page.setContent(`<body style="margin:0"><img id="i" style="width:960px;display:block" src="data:image/png;base64,${data}"></body>`);
      await page.locator('#i').evaluate((img: HTMLImageElement) => img.decode());
      const out = path.join(root, 'docs', 'images', to);
      await page.locator('#i').screenshot({ path: out });
      console.log(`wrote ${out} (${Math.round(fs.statSync(out).size / 1024)} KiB)`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
