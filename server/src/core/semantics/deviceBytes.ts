// What a device must hold of a model to run it: its weights, its KV cache at the final context and
// its activations (Totals, or one device's share under a parallel plan). RL507 and RL512 check it
// against the target's memory; the table's device-memory line, the plan search and the JSON
// report's per-device figures state it. Pure.

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
