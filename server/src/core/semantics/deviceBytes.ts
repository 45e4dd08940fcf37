// What a device must hold of a model to run it: its weights, its KV cache at the final context and
// its activations (Totals, or one device's share under a parallel plan), and whether that fits the
// target's device memory: the one comparison that RL507 and RL512 check, and that the table's
// device-memory line, the plan's words, the plan search and the JSON report's per-device figures
// state. Pure.

/** The sizes a device holds, in bytes. */
export interface HeldBytes {
  weightBytes: number;
  kvCacheBytes: number;
  activationBytes: number;
}

/** Bytes of device memory: weights + KV cache + activations. */
export function deviceBytes(m: HeldBytes): number {
  return m.weightBytes + m.kvCacheBytes + m.activationBytes;
}

/** A target's device memory in bytes, when it gives one (a positive figure). */
export function deviceCapacity(target: { deviceMemory?: { value: number } } | undefined): number | undefined {
  const v = target?.deviceMemory?.value;
  return v !== undefined && v > 0 ? v : undefined;
}

/** What a device holds against a capacity: its bytes, and whether they fit (undefined without a capacity). */
export function deviceFit(m: HeldBytes, capacity: number | undefined): { need: number; fits?: boolean } {
  const need = deviceBytes(m);
  return capacity === undefined ? { need } : { need, fits: need <= capacity };
}
