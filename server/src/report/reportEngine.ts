// Entry of dist/reportEngine.js, the analysis core bundled for a standalone report (`roofline
// report`): it reads the report's source (<script type="application/json" id="roofline-source">,
// written by the command line) and sets `window.rooflineEngine`, through which the page answers its
// what-if controls in the browser, offline. Runs before the page's own script (dist/webview.js),
// which finds it there. Pure but for that one global.
import { ENGINE_GLOBAL, SOURCE_ELEMENT_ID, type OfflineEngine } from '../protocol/panel';
import { runReportSource, sourceControls, type ReportSource } from './reportSource';

export function createEngine(src: ReportSource): OfflineEngine {
  return { controls: sourceControls(src), run: (whatIf) => runReportSource(src, whatIf) };
}

function install(): void {
  const el = typeof document !== 'undefined' ? document.getElementById(SOURCE_ELEMENT_ID) : null;
  if (!el?.textContent) return;
  try {
    const src = JSON.parse(el.textContent) as ReportSource;
    (globalThis as unknown as Record<string, OfflineEngine>)[ENGINE_GLOBAL] = createEngine(src);
  } catch {
    // A report without a readable source draws its data, with the what-if controls hidden.
  }
}

install();
