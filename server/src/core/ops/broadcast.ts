// NumPy broadcasting of two shapes.
import type { Shape } from './types';

/** The broadcast shape, or a string saying which dimensions clash. */
export function broadcastShapes(a: Shape, b: Shape): Shape | string {
  const rank = Math.max(a.length, b.length);
  const out: Shape = new Array(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return `dimension ${i}: ${da} vs ${db}`;
  }
  return out;
}
