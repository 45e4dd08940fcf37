// The time of a collective over a device's links, by the algorithm's bytes and steps (the alpha-beta
// model of Hockney, 1994, as NCCL's tuning model and Thakur, Rabenseifner and Gropp, "Optimization
// of Collective Communication Operations in MPICH", IJHPCA 2005, use it):
//
//   time = bytes a device sends / its bandwidth  +  steps x latency of a step
//
// For n devices and S the bytes of the whole tensor (what every device holds in the end):
//   all-reduce, ring      2 (n-1)/n x S     2 (n-1) steps   (reduce-scatter, then all-gather: n-1 each)
//   all-reduce, tree      2 S               2 ceil(log2 n) steps (reduce up a binary tree, broadcast down, pipelined)
//   all-gather, ring      (n-1)/n x S       n-1 steps
//   reduce-scatter, ring  (n-1)/n x S       n-1 steps
//   all-to-all, pairwise  (n-1)/n x S       n-1 steps       (S: the bytes a device holds and redistributes)
//   send (point to point) S                 1 step
// An all-reduce takes the faster of ring and tree, as NCCL chooses. Across nodes, the ring runs at
// the slower of the two links, and the steps that cross a node boundary pay the inter-node latency
// (a ring of n devices on k nodes crosses k of its n hops). Reductions add (n-1)/n x S / b elements
// per device (b bytes an element): that is the collective's ops. Pure; never throws.

export type CollectiveKind = 'allreduce' | 'allgather' | 'reducescatter' | 'alltoall' | 'send';

/** How each collective is said in words. */
export const COLLECTIVE_WORDS: Record<CollectiveKind, string> = {
  allreduce: 'all-reduce',
  allgather: 'all-gather',
  reducescatter: 'reduce-scatter',
  alltoall: 'all-to-all',
  send: 'send',
};

export type Algorithm = 'ring' | 'tree' | 'pairwise' | 'direct';

/** A link as a collective sees it: one device's bandwidth in one direction, and one step's latency. */
export interface LinkRoof {
  name: string;
  /** Bytes per second a device sends (all its links of this kind, one direction). */
  bandwidth: number;
  /** Seconds a step. */
  latency: number;
}

/** The links a group of devices uses: within a node, and between nodes when it spans several. */
export interface GroupPath {
  intra: LinkRoof;
  /** Present when the group spans more than one node. */
  inter?: LinkRoof;
  /** Nodes the group spans (1 within a node). */
  nodes: number;
}

export interface CollectiveTime {
  kind: CollectiveKind;
  algorithm: Algorithm;
  devices: number;
  /** Bytes one device sends. */
  bytes: number;
  steps: number;
  /** Seconds to send `bytes` at the bandwidth. */
  transfer: number;
  /** Seconds of the steps' latency. */
  latency: number;
  time: number;
  /** The link whose bandwidth sets `transfer` (the inter-node one when the group spans nodes). */
  link: LinkRoof;
}

/** The bandwidth and the per-step latencies of a group's path. */
function pathRoof(path: GroupPath): LinkRoof {
  if (!path.inter || path.nodes <= 1) return path.intra;
  return path.inter.bandwidth < path.intra.bandwidth ? path.inter : path.intra;
}

/** Latency of `steps` steps of a ring of n devices over the path: the hops that cross nodes pay the inter-node latency. */
function ringLatency(path: GroupPath, n: number, steps: number): number {
  if (!path.inter || path.nodes <= 1) return steps * path.intra.latency;
  const inter = Math.min(steps, Math.round((steps * path.nodes) / n));
  return (steps - inter) * path.intra.latency + inter * path.inter.latency;
}

function result(kind: CollectiveKind, algorithm: Algorithm, n: number, bytes: number, steps: number, latency: number, link: LinkRoof): CollectiveTime {
  const transfer = link.bandwidth > 0 ? bytes / link.bandwidth : Infinity;
  return { kind, algorithm, devices: n, bytes, steps, transfer, latency, time: transfer + latency, link };
}

/** Ring all-reduce: 2 (n-1)/n x S bytes a device, 2 (n-1) steps. */
export function ringAllReduce(size: number, n: number, path: GroupPath): CollectiveTime {
  const steps = 2 * (n - 1);
  return result('allreduce', 'ring', n, (2 * (n - 1) * size) / n, steps, ringLatency(path, n, steps), pathRoof(path));
}

/** Tree all-reduce: 2 S bytes a device, 2 ceil(log2 n) steps (the inter-node levels pay the inter-node latency). */
export function treeAllReduce(size: number, n: number, path: GroupPath): CollectiveTime {
  const depth = Math.ceil(Math.log2(n));
  const interDepth = path.inter && path.nodes > 1 ? Math.min(depth, Math.ceil(Math.log2(path.nodes))) : 0;
  const latency = 2 * ((depth - interDepth) * path.intra.latency + interDepth * (path.inter?.latency ?? 0));
  return result('allreduce', 'tree', n, 2 * size, 2 * depth, latency, pathRoof(path));
}

/** The all-reduce an implementation would pick: the faster of ring and tree (the ring on a tie). */
export function allReduce(size: number, n: number, path: GroupPath): CollectiveTime {
  const ring = ringAllReduce(size, n, path);
  const tree = treeAllReduce(size, n, path);
  return tree.time < ring.time ? tree : ring;
}

/** Ring all-gather (or reduce-scatter) of a tensor of `size` bytes in all: (n-1)/n x S a device, n-1 steps. */
export function ringGather(kind: 'allgather' | 'reducescatter', size: number, n: number, path: GroupPath): CollectiveTime {
  const steps = n - 1;
  return result(kind, 'ring', n, ((n - 1) * size) / n, steps, ringLatency(path, n, steps), pathRoof(path));
}

/** All-to-all by pairwise exchange: a device keeps 1/n of its `size` bytes and sends the rest, n-1 steps. */
export function allToAll(size: number, n: number, path: GroupPath): CollectiveTime {
  const steps = n - 1;
  return result('alltoall', 'pairwise', n, ((n - 1) * size) / n, steps, ringLatency(path, n, steps), pathRoof(path));
}

/** A point-to-point send of `size` bytes over one hop. */
export function send(size: number, path: GroupPath): CollectiveTime {
  const link = pathRoof(path);
  return result('send', 'direct', 2, size, 1, path.inter && path.nodes > 1 ? path.inter.latency : path.intra.latency, link);
}

/** The time of a collective of `kind` over n devices on the path; `size` as each formula above takes it. */
export function collectiveTime(kind: CollectiveKind, size: number, n: number, path: GroupPath): CollectiveTime {
  if (kind === 'send') return send(size, path);
  if (n <= 1) return result(kind, 'direct', 1, 0, 0, 0, path.intra);
  switch (kind) {
    case 'allreduce':
      return allReduce(size, n, path);
    case 'allgather':
    case 'reducescatter':
      return ringGather(kind, size, n, path);
    case 'alltoall':
      return allToAll(size, n, path);
  }
}

/** Additions one device makes in a reduction of a tensor of `size` bytes over n devices ((n-1)/n of its elements). */
export function reductionOps(kind: CollectiveKind, size: number, n: number, elementBytes: number): number {
  if (kind !== 'allreduce' && kind !== 'reducescatter') return 0;
  if (n <= 1 || !(elementBytes > 0)) return 0;
  return ((n - 1) * size) / n / elementBytes;
}
