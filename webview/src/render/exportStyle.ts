// The stylesheet embedded in an exported SVG (and so in the PNG drawn from it): the chart classes
// of style.css with the theme's colours resolved to plain values, because a file opened outside
// the panel has no var(--vscode-*). Pure: the colours are read from the page by the caller.

export interface Palette {
  fg: string;
  bg: string;
  muted: string;
  grid: string;
  compute: string;
  memory: string;
  buffer: string;
  utilization: string;
  link: string;
  uncounted: string;
  fits: string;
  overflow: string;
  selected: string;
  font: string;
}

/** Light colours, as in a plain browser: the fallbacks of style.css. */
export const DEFAULT_PALETTE: Palette = {
  fg: '#1f1f1f',
  bg: '#ffffff',
  muted: '#6b6b6b',
  grid: '#e0e0e0',
  compute: '#e51400',
  memory: '#1a85ff',
  buffer: '#d18616',
  utilization: '#8a46c8',
  link: '#388a34',
  uncounted: '#8c8c8c',
  fits: '#388a34',
  overflow: '#e51400',
  selected: '#0090f1',
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
};

/** Only characters a colour or a font list needs: a theme cannot inject markup into the file. */
const clean = (v: string): string => v.replace(/[^\w\s#%(),.\-'"]/g, '');

export function exportStyleSheet(p: Palette): string {
  const c = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, clean(v)])) as unknown as Palette;
  return [
    `svg{font-family:${c.font};font-size:11px}`,
    `text{fill:${c.fg}}`,
    `.rl-bg{fill:${c.bg}}`,
    `.rl-grid line{stroke:${c.grid};stroke-width:1}`,
    `.rl-frame{fill:none;stroke:${c.muted};stroke-width:1}`,
    `.rl-tick,.rl-ridge-name,.rl-legend-note{fill:${c.muted}}`,
    `.rl-axis-title{font-size:12px}`,
    `.rl-roof{stroke-width:2;fill:none}`,
    `.rl-roof-compute{stroke:${c.fg}}`,
    `.rl-roof-memory{stroke:${c.memory}}`,
    `.rl-roof-link{stroke:${c.link};stroke-dasharray:6 3}`,
    `.rl-roof-label{font-weight:600}`,
    `.rl-roof-label-memory{fill:${c.memory}}`,
    `.rl-roof-label-link{fill:${c.link}}`,
    `.rl-ridge-mark{fill:${c.bg};stroke:${c.fg};stroke-width:1.5}`,
    `.rl-point,.rl-legend-dot{fill-opacity:.7;stroke-width:1}`,
    `.bound-compute{fill:${c.compute};stroke:${c.compute}}`,
    `.bound-memory{fill:${c.memory};stroke:${c.memory}}`,
    `.bound-buffer{fill:${c.buffer};stroke:${c.buffer}}`,
    `.bound-utilization{fill:${c.utilization};stroke:${c.utilization}}`,
    `.bound-link{fill:${c.link};stroke:${c.link}}`,
    `.bound-uncounted{fill:${c.uncounted};stroke:${c.uncounted}}`,
    `.rl-point.selected{stroke:${c.fg};stroke-width:2.5;fill-opacity:1}`,
    `.rl-bar.fits{fill:${c.fits}}`,
    `.rl-bar.overflow{fill:${c.overflow}}`,
    `.rl-overflow-marks path{fill:${c.overflow}}`,
    `.rl-capacity line{stroke:${c.fg};stroke-width:1.5;stroke-dasharray:6 3}`,
  ].join('');
}
