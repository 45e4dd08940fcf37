// Runs versus samples: one run of a model processes its whole batch (`param batch`; Caffe deploy
// files keep batch 10), so runs per second and samples per second differ by the batch. Every
// output that gives a throughput says which it is, and both when the batch is not 1. Pure.
import type { ModelResult } from '../semantics/model';
import { formatSI } from '../../protocol/format';

/** The model's batch: its `batch` parameter when a positive whole number, else 1. */
export function batchOf(model: Pick<ModelResult, 'params'> | undefined): number {
  const b = model?.params.find((p) => p.name === 'batch')?.value;
  return b !== undefined && Number.isInteger(b) && b > 0 ? b : 1;
}

/** '13.2 runs/s' (batch 1: a run is a sample), or '1.32 runs/s = 13.2 samples/s (batch 10)'. */
export function throughputWords(runsPerSecond: number, batch: number): string {
  const runs = `${formatSI(runsPerSecond)} runs/s`;
  return batch === 1 ? `${runs} (batch 1)` : `${runs} = ${formatSI(runsPerSecond * batch)} samples/s (batch ${batch})`;
}

/** The time of one run, in words: 'per run (batch 10)', or 'per run' at batch 1. */
export function perRunWords(batch: number): string {
  return batch === 1 ? 'per run' : `per run of ${batch} samples`;
}
