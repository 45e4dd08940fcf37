// Draws the extension's icon (media/icon.png, 128 x 128): a roofline (a bandwidth slope meeting a
// flat compute roof) and three layer points, on a dark rounded square. Run:
//   npx tsx scripts/make-icon.ts
// Written with node's zlib only, so the icon is reproducible and needs no image tool.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const N = 128;
const px = new Uint8Array(N * N * 4);

function blend(x: number, y: number, rgb: [number, number, number], a: number): void {
  if (x < 0 || y < 0 || x >= N || y >= N || a <= 0) return;
  const i = (y * N + x) * 4;
  const alpha = Math.min(1, a);
  for (let k = 0; k < 3; k++) px[i + k] = Math.round(px[i + k] * (1 - alpha) + rgb[k] * alpha);
  px[i + 3] = Math.max(px[i + 3], Math.round(alpha * 255));
}

// Background: a rounded square.
const bg: [number, number, number] = [30, 36, 48];
const r = 22;
for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    const dx = Math.max(r - x, x - (N - 1 - r), 0);
    const dy = Math.max(r - y, y - (N - 1 - r), 0);
    const d = Math.hypot(dx, dy);
    blend(x, y, bg, Math.max(0, Math.min(1, r - d + 0.5)));
  }
}

/** An anti-aliased thick segment. */
function line(x0: number, y0: number, x1: number, y1: number, w: number, rgb: [number, number, number]): void {
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const vx = x1 - x0;
      const vy = y1 - y0;
      const t = Math.max(0, Math.min(1, ((x - x0) * vx + (y - y0) * vy) / (vx * vx + vy * vy)));
      const d = Math.hypot(x - (x0 + t * vx), y - (y0 + t * vy));
      blend(x, y, rgb, w / 2 - d + 0.5);
    }
  }
}

function dot(cx: number, cy: number, rad: number, rgb: [number, number, number]): void {
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) blend(x, y, rgb, rad - Math.hypot(x - cx, y - cy) + 0.5);
}

const axis: [number, number, number] = [120, 130, 150];
line(24, 104, 106, 104, 3, axis);
line(24, 104, 24, 22, 3, axis);
line(26, 100, 66, 40, 7, [79, 193, 255]); // bandwidth roof
line(66, 40, 104, 40, 7, [255, 196, 61]); // compute roof
dot(44, 82, 7, [240, 100, 90]); // memory-bound layer
dot(80, 58, 6, [120, 220, 120]); // compute-bound layers
dot(94, 66, 5, [120, 220, 120]);

// PNG encoding: IHDR, IDAT (filter 0 per row), IEND.
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(body));
  return Buffer.concat([len, body, c]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) Buffer.from(px.buffer, y * N * 4, N * 4).copy(raw, y * (N * 4 + 1) + 1);
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
const out = path.join(__dirname, '..', 'media', 'icon.png');
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
