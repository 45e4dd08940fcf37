// Turning the chart into files: the theme's resolved colours (read from the page's CSS custom
// properties), the SVG drawn onto a canvas for a PNG data URL (the SVG loads as a data: image,
// which the CSP's img-src allows and which does not taint the canvas), and a download for the
// standalone report, which has no extension to hand the file to.
import { DEFAULT_PALETTE, type Palette } from './exportStyle';

/** The chart colours of the page, from the --rl-* custom properties that style.css defines. */
export function readPalette(el: Element): Palette {
  const win = el.ownerDocument.defaultView;
  if (!win) return DEFAULT_PALETTE;
  const cs = win.getComputedStyle(el);
  const out = { ...DEFAULT_PALETTE };
  for (const key of Object.keys(out) as (keyof Palette)[]) {
    const v = cs.getPropertyValue(`--rl-${key}`).trim();
    if (v) out[key] = v;
  }
  return out;
}

/** A PNG data URL of an SVG string, at `scale` times its size, on `background`. */
export function svgToPng(doc: Document, svg: string, width: number, height: number, scale: number, background: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = doc.createElement('canvas');
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const ctx = canvas.getContext('2d');
      if (!ctx) return reject(new Error('no 2d canvas'));
      ctx.fillStyle = background;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      try {
        resolve(canvas.toDataURL('image/png'));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
    img.onerror = () => reject(new Error('the SVG did not load as an image'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

/** Saves `content` (text, or a data: URL) as a file through a temporary link. */
export function download(doc: Document, fileName: string, content: string, mime: string): void {
  const a = doc.createElement('a');
  a.download = fileName;
  let url = content;
  let revoke = false;
  if (!content.startsWith('data:')) {
    url = URL.createObjectURL(new Blob([content], { type: mime }));
    revoke = true;
  }
  a.href = url;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  if (revoke) setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
