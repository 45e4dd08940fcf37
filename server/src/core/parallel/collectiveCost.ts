// A collective layer of a parallel plan on the roofline of the interconnect: its time is the
// collective's (collectives.ts: bytes a device sends / its link bandwidth + steps x latency) over the
// links its group uses (groups.ts), its bound the link's name ('NVLink', 'InfiniBand', 'ICI'), its
// one roof that link's bandwidth. A reduction's additions are its ops, so that an all-reduce sits
// on the plot at CTC = additions / bytes sent, under the link's roof (latency keeps it below).
// Pure; never throws (a group the target cannot join is a layer with status 'error').
import { APPROXIMATIONS, NO_APPROXIMATIONS, withApproximation, type ApproximationId } from '../cost/approximations';
import type { CostedLayer, LevelRoof } from '../cost/types';
import type { Target } from '../hardware/types';
import type { Layer } from '../semantics/model';
import { collectiveTime, COLLECTIVE_WORDS, reductionOps } from './collectives';
import { groupPath } from './groups';

export function costCollectiveLayer(layer: Layer, target: Target): CostedLayer {
  const out: CostedLayer = { index: layer.index, name: layer.name, op: layer.op, status: 'ok', approximations: NO_APPROXIMATIONS, notes: [...layer.notes] };
  const c = layer.collective;
  const system = target.interconnect;
  if (!c || !system) {
    out.status = 'error';
    out.message = `${target.title || target.name} has no interconnect: the ${c ? COLLECTIVE_WORDS[c.kind] : 'collective'} cannot be costed.`;
    return out;
  }
  const path = groupPath(system, c.devices, c.stride, c.offset);
  if ('problem' in path) {
    out.status = 'error';
    out.message = `The ${COLLECTIVE_WORDS[c.kind]} cannot be costed: ${path.problem}.`;
    return out;
  }
  const approx = (id: ApproximationId) => (out.approximations = withApproximation(out.approximations, APPROXIMATIONS[id]));
  const t = collectiveTime(c.kind, c.size, c.devices, path);
  const ops = reductionOps(c.kind, c.size, c.devices, c.elementBytes);
  out.precision = layer.precision;
  out.ops = ops;
  out.macs = 0;
  const roof: LevelRoof = { name: t.link.name, offChip: false, bandwidth: t.link.bandwidth, traffic: t.bytes, time: t.time };
  if (t.bytes > 0 && ops > 0) {
    roof.ctc = ops / t.bytes;
    roof.attainable = roof.ctc * t.link.bandwidth;
    out.ctc = roof.ctc;
  }
  out.roofs = [roof];
  out.time = t.time;
  if (ops > 0 && t.time > 0) out.attainable = ops / t.time;
  out.bound = t.time > 0 ? t.link.name : 'none';
  out.collective = {
    kind: c.kind,
    algorithm: t.algorithm,
    group: c.group,
    devices: c.devices,
    nodes: path.nodes,
    size: c.size,
    bytes: t.bytes,
    steps: t.steps,
    link: t.link.name,
    bandwidth: t.link.bandwidth,
    stepLatency: t.link.latency,
    transfer: t.transfer,
    latency: t.latency,
  };
  approx('collectiveAlphaBeta');
  if (c.kind === 'allreduce') approx('collectiveAlgorithm');
  approx('linkAggregate');
  approx('linkLatency');
  if (path.nodes > 1) approx('acrossNodes');
  return out;
}
