// The `interconnect` of a target file: a system of devices for parallel plans.
//   "interconnect": {
//     "devicesPerNode": 8,  "nodes": 4,
//     "intraNode": { "name": "NVLink", "title": "NVLink 4 through NVSwitch", "topology": "switch",
//                    "bandwidth": "25 GB/s", "links": 18, "latency": "0.6 us" },
//     "interNode": { "name": "InfiniBand", "topology": "fabric", "bandwidth": "50 GB/s", "links": 1, "latency": "2.7 us" }
//   }
// A link's bandwidth is one link's in one direction; a device has `links` of them. Figures take
// units ("25 GB/s", "0.6 us"), SI base numbers, or { "value": ..., "source": "..." }. With a
// `base`, the base's interconnect is the start: what the file gives replaces it field by field (a
// file that gives only "nodes": 4 describes four of the base's nodes). Errors are located
// diagnostics (RL401-RL406); the interconnect is left out when a link lacks a figure. Never throws.
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic } from '../diagnostics/types';
import type { JsonMember, JsonNode } from './jsonWithOffsets';
import { SpecFieldChecker, spanOf } from './specFieldChecker';
import type { BuildOptions, SpecField, SpecValue } from './targetSpec';
import { LINK_TOPOLOGIES, type Interconnect, type Link, type Sourced } from './types';

const INTERCONNECT_KEYS = ['devicesPerNode', 'nodes', 'intraNode', 'interNode'] as const;
const LINK_KEYS = ['name', 'title', 'topology', 'bandwidth', 'links', 'latency'] as const;

/** Reads one figure of the file: the SpecValue and its source (fromJson.ts's reader). */
export type FigureReader = (node: JsonNode) => { value: SpecValue; source?: string };

class InterconnectChecker extends SpecFieldChecker {
  constructor(
    options: BuildOptions,
    private readonly figure: FigureReader,
  ) {
    super(options);
  }

  private field(m: JsonMember): SpecField {
    const f = this.figure(m.value);
    const field: SpecField = { key: m.key, keySpan: m.keySpan, value: f.value, span: { start: m.keySpan.start, end: m.value.end } };
    if (f.source !== undefined) field.source = f.source;
    return field;
  }

  countOf(m: JsonMember, label: string): Sourced | undefined {
    return this.count(this.field(m), label);
  }

  link(node: JsonNode, label: string, base: Link | undefined): Link | undefined {
    if (node.kind !== 'object') {
      this.diagnostics.push(diag('RL403', spanOf(node), `"${label}" takes an object such as { "name": "NVLink", "topology": "switch", "bandwidth": "25 GB/s", "links": 18, "latency": "0.6 us" }`));
      return undefined;
    }
    const out: Partial<Link> = base ? { ...base } : {};
    for (const m of node.members) {
      switch (m.key) {
        case 'name':
        case 'title':
          if (m.value.kind !== 'string' || m.value.value.trim() === '') this.diagnostics.push(diag('RL403', spanOf(m.value), `"${m.key}" takes a non-empty string`));
          else out[m.key] = m.value.value;
          break;
        case 'topology': {
          const t = m.value.kind === 'string' ? m.value.value : '';
          if ((LINK_TOPOLOGIES as readonly string[]).includes(t)) out.topology = t as Link['topology'];
          else this.diagnostics.push(diag('RL403', spanOf(m.value), `"topology" takes one of ${LINK_TOPOLOGIES.join(', ')}`));
          break;
        }
        case 'bandwidth': {
          const b = this.quantity(this.field(m), 'bandwidth', `${label}.bandwidth`);
          if (b) out.bandwidth = b;
          break;
        }
        case 'latency': {
          const l = this.quantity(this.field(m), 'time', `${label}.latency`);
          if (l) out.latency = l;
          break;
        }
        case 'links': {
          const n = this.countOf(m, `${label}.links`);
          if (n) out.links = n;
          break;
        }
        default:
          this.diagnostics.push(diag('RL404', m.keySpan, `${label}.${m.key}`, LINK_KEYS.join(', ')));
      }
    }
    const missing = (['name', 'topology', 'bandwidth', 'latency'] as const).filter((k) => out[k] === undefined);
    if (missing.length > 0) {
      this.diagnostics.push(diag('RL406', spanOf(node), `"${label}" needs ${missing.map((k) => `"${k}"`).join(', ')}`));
      return undefined;
    }
    return { name: out.name as string, title: out.title ?? (out.name as string), topology: out.topology as Link['topology'], bandwidth: out.bandwidth as Sourced, links: out.links ?? { value: 1, source: 'one link (the target file gives no "links")' }, latency: out.latency as Sourced };
  }
}

/** The interconnect a target file's `interconnect` member describes, over the base's. */
export function readInterconnect(node: JsonNode, base: Interconnect | undefined, options: BuildOptions, figure: FigureReader): { interconnect?: Interconnect; diagnostics: Diagnostic[] } {
  const c = new InterconnectChecker(options, figure);
  if (node.kind !== 'object') {
    c.diagnostics.push(diag('RL403', spanOf(node), '"interconnect" takes an object with "devicesPerNode", "nodes", "intraNode" and "interNode"'));
    return { diagnostics: c.diagnostics };
  }
  let devicesPerNode = base?.devicesPerNode;
  let nodes = base?.nodes;
  let intraNode = base?.intraNode;
  let interNode = base?.interNode;
  let broken = false;
  for (const m of node.members) {
    switch (m.key) {
      case 'devicesPerNode':
      case 'nodes': {
        const n = c.countOf(m, `interconnect.${m.key}`);
        if (!n) broken = true;
        else if (m.key === 'nodes') nodes = n;
        else devicesPerNode = n;
        break;
      }
      case 'intraNode':
      case 'interNode': {
        const l = c.link(m.value, `interconnect.${m.key}`, m.key === 'intraNode' ? base?.intraNode : base?.interNode);
        if (!l) broken = true;
        else if (m.key === 'intraNode') intraNode = l;
        else interNode = l;
        break;
      }
      default:
        c.diagnostics.push(diag('RL404', m.keySpan, `interconnect.${m.key}`, INTERCONNECT_KEYS.join(', ')));
    }
  }
  if (broken) return { diagnostics: c.diagnostics };
  if (!intraNode || !devicesPerNode) {
    c.diagnostics.push(diag('RL406', spanOf(node), `"interconnect" needs ${!intraNode ? '"intraNode"' : ''}${!intraNode && !devicesPerNode ? ' and ' : ''}${!devicesPerNode ? '"devicesPerNode"' : ''}`));
    return { diagnostics: c.diagnostics };
  }
  const interconnect: Interconnect = { devicesPerNode, intraNode };
  if (nodes) interconnect.nodes = nodes;
  if (interNode) interconnect.interNode = interNode;
  return { interconnect, diagnostics: c.diagnostics };
}
