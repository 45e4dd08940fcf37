// Benchmark of `roofline simulate` in-process: ResNet-50 (examples/resnet50.nnm, and SCALE-Sim's own
// Resnet50.csv topology from the committed corpus) on a 16 x 16 array with SCALE-Sim's USER
// bandwidth (stalls and accesses per operand: the userB_ws .cfg of the committed SCALE-Sim runs), and
// on tpu-v4 (8 arrays, shared HBM). The command parses the file, costs every layer (compute cycles,
// stalls, SRAM and DRAM words, energy) and prints the SCALE-Sim-style CSV. Aim: < 50 ms.
import * as path from 'node:path';
import { run } from '../server/src/cli/run';
import { fmtTiming, time } from './stats';

const ROOT = path.join(__dirname, '..');
const CFG = path.join(ROOT, 'test', 'fixtures', 'reference', 'scalesim', 'user-bandwidth', 'userB_ws', 'scale.cfg');

function simulate(file: string, target: string): number {
  let rows = 0;
  const status = run(['simulate', file, '--target', target, '--format', 'csv'], { out: (l) => (rows += l.split('\n').length - 1), err: () => undefined, write: () => undefined });
  if (status !== 0) throw new Error(`simulate ${file} --target ${target}: exit ${status}`);
  return rows;
}

export async function benchSimulate(): Promise<string[]> {
  const out: string[] = [];
  const cases: [string, string, string][] = [
    ['resnet50.nnm', path.join(ROOT, 'examples', 'resnet50.nnm'), CFG],
    ['resnet50.nnm', path.join(ROOT, 'examples', 'resnet50.nnm'), 'tpu-v4'],
    ['Resnet50.csv', path.join(ROOT, 'test', 'fixtures', 'models', 'scalesim', 'conv_nets', 'Resnet50.csv'), CFG],
  ];
  for (const [name, file, target] of cases) {
    const rows = simulate(file, target);
    out.push(fmtTiming(`simulate ${name} --target ${path.basename(target)} (${rows} layers)`, time(() => simulate(file, target), 15), 50));
  }
  return out;
}
