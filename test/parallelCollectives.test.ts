// The collectives of parallel plans against hand-computed cases: a ring all-reduce sends
// 2 (n-1)/n x S bytes a device in 2 (n-1) steps ((n-1) a phase), a tree 2 S in 2 ceil(log2 n), an
// all-gather (n-1)/n x S in n-1, an all-to-all (n-1)/n x S in n-1; the time is bytes / bandwidth +
// steps x latency. Groups that span nodes run at the slower link, and their node-crossing hops pay
// the inter-node latency. The catalog's links give the bandwidth a device drives.
import * as assert from 'node:assert/strict';
import { CATALOG, findTarget } from '../server/src/core/hardware/catalog';
import { allReduce, allToAll, collectiveTime, reductionOps, ringAllReduce, ringGather, send, treeAllReduce, type GroupPath } from '../server/src/core/parallel/collectives';
import { groupPath, linkRoof, nodesSpanned, strideOf, systemProblem } from '../server/src/core/parallel/groups';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

// One H100 SXM's NVLink: 18 links of 25 GB/s each way = 450 GB/s; NCCL's 0.6 us a step.
const NVLINK: GroupPath = { intra: { name: 'NVLink', bandwidth: 450e9, latency: 0.6e-6 }, nodes: 1 };

describe('parallel: collective formulas', () => {
  it('ring all-reduce of 16 MiB over 8 devices: 2 x 7/8 x S / B + 14 x latency', () => {
    const S = 16 * 2 ** 20;
    const r = ringAllReduce(S, 8, NVLINK);
    // bytes a device sends: 2 x 7/8 x 16,777,216 = 29,360,128
    assert.equal(r.bytes, 29_360_128);
    assert.equal(r.steps, 14);
    close(r.transfer, 29_360_128 / 450e9, 'transfer'); // 65.2447 us
    close(r.latency, 14 * 0.6e-6, 'latency'); // 8.4 us: (n-1) = 7 steps in each of the two phases
    close(r.time, 29_360_128 / 450e9 + 8.4e-6, 'time');
    assert.equal(r.algorithm, 'ring');
    assert.equal(r.link.name, 'NVLink');
  });

  it('tree all-reduce: 2 S / B + 2 ceil(log2 n) x latency; the faster of the two is taken', () => {
    const small = 16_384; // one decode token's hidden state in fp16 (8192 x 2 bytes)
    const t = treeAllReduce(small, 8, NVLINK);
    assert.equal(t.bytes, 32_768);
    assert.equal(t.steps, 6);
    close(t.time, 32_768 / 450e9 + 6 * 0.6e-6, 'tree time'); // 3.673 us
    const ring = ringAllReduce(small, 8, NVLINK);
    close(ring.time, (2 * 7 * small) / 8 / 450e9 + 14 * 0.6e-6, 'ring time'); // 8.464 us
    assert.equal(allReduce(small, 8, NVLINK).algorithm, 'tree', 'latency-bound: the tree');
    assert.equal(allReduce(64 * 2 ** 20, 8, NVLINK).algorithm, 'ring', 'bandwidth-bound: the ring');
  });

  it('all-gather, reduce-scatter and all-to-all: (n-1)/n x S / B + (n-1) x latency; a send: S / B + one step', () => {
    const S = 1_000_000;
    for (const kind of ['allgather', 'reducescatter'] as const) {
      const g = ringGather(kind, S, 4, NVLINK);
      assert.equal(g.bytes, 750_000);
      assert.equal(g.steps, 3);
      close(g.time, 750_000 / 450e9 + 3 * 0.6e-6, kind);
    }
    const a = allToAll(S, 8, NVLINK);
    assert.equal(a.bytes, 875_000);
    close(a.time, 875_000 / 450e9 + 7 * 0.6e-6, 'all-to-all');
    const s = send(S, NVLINK);
    close(s.time, S / 450e9 + 0.6e-6, 'send');
    assert.equal(collectiveTime('allreduce', S, 1, NVLINK).time, 0, 'one device: nothing to do');
  });

  it('a reduction adds (n-1)/n of its elements on each device; a gather adds nothing', () => {
    assert.equal(reductionOps('allreduce', 16_384, 8, 2), 7168);
    assert.equal(reductionOps('allgather', 16_384, 8, 2), 0);
  });

  it('across nodes: the slower link sets the bandwidth, node-crossing hops pay the inter-node latency', () => {
    const path: GroupPath = { intra: NVLINK.intra, inter: { name: 'InfiniBand', bandwidth: 50e9, latency: 2.7e-6 }, nodes: 2 };
    const S = 64 * 2 ** 20;
    const r = ringAllReduce(S, 16, path);
    // 30 steps; a ring of 16 devices on 2 nodes crosses 2 of its 16 hops: round(30 x 2 / 16) = 4 steps
    close(r.latency, 26 * 0.6e-6 + 4 * 2.7e-6, 'latency');
    close(r.transfer, ((2 * 15) / 16) * S / 50e9, 'transfer at 50 GB/s');
    assert.equal(r.link.name, 'InfiniBand');
  });
});

describe('parallel: the interconnects of the catalog', () => {
  it('H100 SXM: NVLink 4, 18 links of 25 GB/s each way through NVSwitch (900 GB/s both ways), 8 a node, InfiniBand NDR between nodes', () => {
    const t = findTarget('h100-sxm')!;
    const ic = t.interconnect!;
    assert.equal(ic.intraNode.name, 'NVLink');
    assert.equal(ic.intraNode.topology, 'switch');
    assert.equal(ic.intraNode.bandwidth.value * ic.intraNode.links.value * 2, 900e9, 'the datasheet figure, both directions');
    assert.equal(linkRoof(ic.intraNode).bandwidth, 450e9);
    assert.equal(ic.devicesPerNode.value, 8);
    assert.equal(ic.interNode?.name, 'InfiniBand');
    assert.equal(linkRoof(ic.interNode!).bandwidth, 50e9, '400 Gb/s a GPU');
    assert.match(ic.intraNode.bandwidth.source, /NVLink 900 GB\/s/);
    assert.match(ic.intraNode.latency.source, /NCCL/);
  });

  it('A100: NVLink 3, 600 GB/s both ways over 12 links; PCIe cards: one x16 link (H100 PCIe Gen5 63 GB/s each way)', () => {
    const a = findTarget('a100-sxm-80gb')!.interconnect!;
    assert.equal(linkRoof(a.intraNode).bandwidth * 2, 600e9);
    const p = findTarget('h100-pcie')!.interconnect!;
    assert.equal(p.intraNode.topology, 'pcie');
    close(linkRoof(p.intraNode).bandwidth, (32e9 * 16 * 128) / 130 / 8, 'PCIe Gen5 x16 each way');
  });

  it('TPUs: ICI torus links (v4: 6 of 45 GB/s each way; v5e: 4 ports, 400 GB/s both ways a chip)', () => {
    const v4 = findTarget('tpu-v4')!.interconnect!;
    assert.equal(v4.intraNode.topology, 'torus');
    assert.equal(linkRoof(v4.intraNode).bandwidth, 6 * 45e9);
    const v5e = findTarget('tpu-v5e')!.interconnect!;
    assert.equal(linkRoof(v5e.intraNode).bandwidth * 2, 400e9);
    assert.equal(v5e.devicesPerNode.value, 256);
  });

  it('every GPU and TPU of the catalog with a device-to-device link has every figure sourced', () => {
    const withLinks = CATALOG.filter((t) => t.interconnect);
    assert.ok(withLinks.length >= 11);
    for (const t of withLinks) {
      const ic = t.interconnect!;
      for (const link of [ic.intraNode, ...(ic.interNode ? [ic.interNode] : [])]) {
        for (const f of [link.bandwidth, link.links, link.latency]) {
          assert.ok(f.value > 0 && f.source.length > 10, `${t.name} ${link.name}: ${f.source}`);
        }
      }
      assert.ok(ic.devicesPerNode.source.length > 10, t.name);
    }
  });

  it('groups: tensor-parallel groups stay in a node up to 8; 16 devices span two nodes; a system without an inter-node link refuses them', () => {
    const h100 = findTarget('h100-sxm')!.interconnect!;
    const plan = { tp: 8, pp: 2, ep: 1, dp: 1 };
    assert.equal(strideOf(plan, 'pp'), 8);
    assert.equal(nodesSpanned(8, 1, 8), 1);
    assert.equal(nodesSpanned(16, 1, 8), 2);
    assert.equal(nodesSpanned(2, 8, 8, 0), 2, 'stage 0 to stage 1 crosses a node');
    const p = groupPath(h100, 16, 1);
    assert.ok(!('problem' in p) && p.nodes === 2 && p.inter?.name === 'InfiniBand');
    const pcie = findTarget('h100-pcie')!.interconnect!;
    assert.match(systemProblem(pcie, { tp: 16, pp: 1, ep: 1, dp: 1 }, 'h100-pcie') ?? '', /no link between nodes: a plan of 16 devices needs 2 nodes/);
    assert.match(systemProblem(undefined, { tp: 2, pp: 1, ep: 1, dp: 1 }, 'eyeriss') ?? '', /no device-to-device link/);
    assert.equal(systemProblem(h100, { tp: 64, pp: 1, ep: 1, dp: 1 }, 'h100-sxm'), undefined);
  });
});
