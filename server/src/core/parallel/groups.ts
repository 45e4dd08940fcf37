// Where the devices of a plan sit, and which links each group of them talks over. Devices are
// numbered with tensor parallel innermost, then expert parallel, data parallel and pipeline stages
// outermost (Megatron-LM's order: the groups that talk most stay inside a node):
//   device = tp_rank + tp x (ep_rank + ep x (dp_rank + dp x pp_rank))
// Nodes hold `devicesPerNode` consecutive devices. A group of n devices `stride` apart spans the
// nodes its members fall in; beyond one node it needs the target's inter-node link. A device's
// bandwidth on a link kind is its link count x one link's bandwidth (one direction). Pure.
import type { Interconnect, Link } from '../hardware/types';
import type { GroupPath, LinkRoof } from './collectives';
import { devicesOf, type ParallelPlan } from './plan';

export type GroupKind = 'tp' | 'ep' | 'dp' | 'pp';

/** Distance between consecutive members of each kind of group. */
export function strideOf(plan: ParallelPlan, kind: GroupKind): number {
  switch (kind) {
    case 'tp':
      return 1;
    case 'ep':
      return plan.tp;
    case 'dp':
      return plan.tp * plan.ep;
    case 'pp':
      return plan.tp * plan.ep * plan.dp;
  }
}

/** Distinct nodes among devices offset, offset + stride, ... (n of them). */
export function nodesSpanned(n: number, stride: number, perNode: number, offset = 0): number {
  if (!(perNode >= 1)) return n;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) seen.add(Math.floor((offset + i * stride) / perNode));
  return seen.size;
}

/** A device's roof on a link kind: all its links of that kind, one direction. */
export function linkRoof(link: Link): LinkRoof {
  return { name: link.name, bandwidth: link.bandwidth.value * link.links.value, latency: link.latency.value };
}

/** The path of a group of `n` devices `stride` apart (from device `offset`), or why there is none. */
export function groupPath(system: Interconnect, n: number, stride: number, offset = 0): GroupPath | { problem: string } {
  const perNode = system.devicesPerNode.value;
  const nodes = nodesSpanned(n, stride, perNode, offset);
  if (nodes <= 1) return { intra: linkRoof(system.intraNode), nodes: 1 };
  if (!system.interNode) return { problem: `a group of ${n} devices spans ${nodes} nodes of ${perNode} devices, and the target has no link between nodes` };
  return { intra: linkRoof(system.intraNode), inter: linkRoof(system.interNode), nodes };
}

/** Why the system cannot hold the plan's devices, if it cannot. */
export function systemProblem(system: Interconnect | undefined, plan: ParallelPlan, targetName: string): string | undefined {
  const devices = devicesOf(plan);
  if (devices <= 1) return undefined;
  if (!system) return `${targetName} has no device-to-device link in its description (no interconnect): a plan of ${devices} devices needs one`;
  const perNode = system.devicesPerNode.value;
  const nodes = Math.ceil(devices / perNode);
  if (nodes > 1 && !system.interNode) return `${targetName} joins ${perNode} devices a node and has no link between nodes: a plan of ${devices} devices needs ${nodes} nodes`;
  if (system.nodes && nodes > system.nodes.value) return `${targetName} has ${system.nodes.value} nodes of ${perNode} devices (${system.nodes.value * perNode} devices): a plan of ${devices} devices does not fit`;
  return undefined;
}
