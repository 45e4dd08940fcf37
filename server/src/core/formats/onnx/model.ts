// Reads an ONNX ModelProto into plain records: the opset imports, and the main graph's nodes
// (op type, inputs, outputs, name, attributes), initializers (dims, data type and byte size only:
// payloads are skipped, see tensor.ts), inputs, outputs and value_info with their shapes, symbolic
// dimensions (dim_param) included. Subgraphs (If/Loop/Scan bodies) are summarised, not read.
// Throws WireError on a corrupt or truncated file; never reads past a message or the file.
import { layerLimit } from '../../limits';
import { readTensor, type OnnxTensor } from './tensor';
import { WIRE, type WireReader } from './wire';

export type { OnnxTensor } from './tensor';

/** A dimension of a declared shape: a number, a symbol (dim_param), or unknown (neither). */
export interface OnnxDim {
  value?: number;
  /** The exact decimal digits of a value past 2^53 (which `value` rounds). */
  exact?: string;
  param?: string;
}

export interface OnnxValueInfo {
  name: string;
  /** Element type (TensorProto.DataType); 0 when not a tensor or not given. */
  elemType: number;
  /** The declared shape, or null when the file gives none (unknown rank) or it is not a tensor. */
  dims: OnnxDim[] | null;
  offset: number;
}

/** A graph attribute (If/Loop/Scan body): where it is and how many nodes it has. */
export interface OnnxSubgraph {
  name: string;
  nodes: number;
  offset: number;
  size: number;
}

export type OnnxAttrValue =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: OnnxTensor }
  | { kind: 'graph'; value: OnnxSubgraph }
  | { kind: 'floats'; value: number[] }
  | { kind: 'ints'; value: number[] }
  | { kind: 'strings'; value: string[] }
  | { kind: 'graphs'; value: OnnxSubgraph[] }
  | { kind: 'other'; type: number };

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, OnnxAttrValue>;
  /** Byte offset of the NodeProto in the file. */
  offset: number;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
  /** Sparse initializers are not read; their count is reported. */
  sparseInitializers: number;
  /** Nodes, initializers and value infos past the layer limit (core/limits.ts) each: not read (RL610). */
  skipped: { nodes: number; others: number };
}

export interface OnnxModel {
  irVersion: number;
  producer: string;
  producerVersion: string;
  /** Opset version by domain ('' is the default ONNX domain). */
  opsets: Map<string, number>;
  graph: OnnxGraph | null;
  /** Model-local functions (IR 8+): their names; nodes calling them are not inferred. */
  functions: string[];
}

/** Element count limit of an attribute's list (ints, floats, strings): beyond, it is corrupt. */
const MAX_LIST = 1 << 20;

function readDim(r: WireReader, end: number, depth: number): OnnxDim {
  const d: OnnxDim = {};
  r.message(end, depth, (f) => {
    if (f === 1) {
      r.expect(WIRE.VARINT);
      d.value = r.int64(end);
      if (!Number.isSafeInteger(d.value)) d.exact = r.lastInt64Text();
    } else if (f === 2) d.param = r.string(end);
    else return false;
    return true;
  });
  return d;
}

function readValueInfo(r: WireReader, end: number, depth: number): OnnxValueInfo {
  const v: OnnxValueInfo = { name: '', elemType: 0, dims: null, offset: r.pos };
  r.message(end, depth, (f) => {
    if (f === 1) {
      v.name = r.string(end);
      return true;
    }
    if (f !== 2) return false;
    r.expect(WIRE.LEN);
    const typeEnd = r.lengthEnd(end);
    // TypeProto: only tensor_type (1) is read; sequences, maps and optionals are skipped.
    r.message(typeEnd, depth + 1, (tf) => {
      if (tf !== 1) return false;
      r.expect(WIRE.LEN);
      const tEnd = r.lengthEnd(typeEnd);
      r.message(tEnd, depth + 2, (ttf) => {
        if (ttf === 1) {
          r.expect(WIRE.VARINT);
          v.elemType = r.uint(tEnd);
          return true;
        }
        if (ttf !== 2) return false;
        r.expect(WIRE.LEN);
        const sEnd = r.lengthEnd(tEnd);
        const dims: OnnxDim[] = [];
        r.message(sEnd, depth + 3, (sf) => {
          if (sf !== 1) return false;
          r.expect(WIRE.LEN);
          const dEnd = r.lengthEnd(sEnd);
          if (dims.length >= 64) r.fail(`value '${v.name}' has more than 64 dimensions`);
          dims.push(readDim(r, dEnd, depth + 4));
          return true;
        });
        v.dims = dims;
        return true;
      });
      return true;
    });
    return true;
  });
  return v;
}

/** Counts the nodes of a graph attribute without reading them. */
function readSubgraph(r: WireReader, end: number, depth: number): OnnxSubgraph {
  const g: OnnxSubgraph = { name: '', nodes: 0, offset: r.pos, size: end - r.pos };
  r.message(end, depth, (f) => {
    if (f === 1) {
      g.nodes++;
      return false;
    }
    if (f === 2) {
      g.name = r.string(end);
      return true;
    }
    return false;
  });
  return g;
}

function readAttribute(r: WireReader, end: number, depth: number): [string, OnnxAttrValue] {
  let name = '';
  let type = 0;
  const found: OnnxAttrValue[] = [];
  const ints: number[] = [];
  const floats: number[] = [];
  const strings: string[] = [];
  const graphs: OnnxSubgraph[] = [];
  const push = <T>(list: T[], v: T) => {
    if (list.length >= MAX_LIST) r.fail(`attribute '${name}' has more than ${MAX_LIST} values`);
    list.push(v);
  };
  r.message(end, depth, (f) => {
    switch (f) {
      case 1:
        name = r.string(end);
        return true;
      case 20:
        r.expect(WIRE.VARINT);
        type = r.uint(end);
        return true;
      case 2:
        r.expect(WIRE.I32);
        found.push({ kind: 'float', value: r.float32(end) });
        return true;
      case 3:
        r.expect(WIRE.VARINT);
        found.push({ kind: 'int', value: r.int64(end) });
        return true;
      case 4:
        found.push({ kind: 'string', value: r.string(end) });
        return true;
      case 5: {
        r.expect(WIRE.LEN);
        const e = r.lengthEnd(end);
        found.push({ kind: 'tensor', value: readTensor(r, e, depth + 1) });
        return true;
      }
      case 6: {
        r.expect(WIRE.LEN);
        const e = r.lengthEnd(end);
        found.push({ kind: 'graph', value: readSubgraph(r, e, depth + 1) });
        return true;
      }
      case 7:
        r.repeated(end, WIRE.I32, (l) => r.float32(l), (v) => push(floats, v));
        return true;
      case 8:
        r.repeated(end, WIRE.VARINT, (l) => r.int64(l), (v) => push(ints, v));
        return true;
      case 9:
        push(strings, r.string(end));
        return true;
      case 11: {
        r.expect(WIRE.LEN);
        const e = r.lengthEnd(end);
        push(graphs, readSubgraph(r, e, depth + 1));
        return true;
      }
      default:
        return false;
    }
  });
  // AttributeProto.type: FLOAT 1, INT 2, STRING 3, TENSOR 4, GRAPH 5, FLOATS 6, INTS 7, STRINGS 8,
  // GRAPHS 10. Old files may leave it unset: then the field that is present decides.
  const byKind = (k: OnnxAttrValue['kind']) => found.find((v) => v.kind === k);
  let value: OnnxAttrValue | undefined;
  switch (type) {
    case 1: value = byKind('float'); break;
    case 2: value = byKind('int'); break;
    case 3: value = byKind('string'); break;
    case 4: value = byKind('tensor'); break;
    case 5: value = byKind('graph'); break;
    case 6: value = { kind: 'floats', value: floats }; break;
    case 7: value = { kind: 'ints', value: ints }; break;
    case 8: value = { kind: 'strings', value: strings }; break;
    case 10: value = { kind: 'graphs', value: graphs }; break;
    case 0:
      value = found[0] ?? (ints.length ? { kind: 'ints', value: ints } : floats.length ? { kind: 'floats', value: floats } : strings.length ? { kind: 'strings', value: strings } : graphs.length ? { kind: 'graphs', value: graphs } : undefined);
      break;
    default:
      value = { kind: 'other', type };
  }
  return [name, value ?? { kind: 'other', type }];
}

function readNode(r: WireReader, end: number, depth: number): OnnxNode {
  const n: OnnxNode = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: new Map(), offset: r.pos };
  r.message(end, depth, (f) => {
    switch (f) {
      case 1:
        n.inputs.push(r.string(end));
        return true;
      case 2:
        n.outputs.push(r.string(end));
        return true;
      case 3:
        n.name = r.string(end);
        return true;
      case 4:
        n.opType = r.string(end);
        return true;
      case 7:
        n.domain = r.string(end);
        return true;
      case 5: {
        r.expect(WIRE.LEN);
        const e = r.lengthEnd(end);
        const [name, value] = readAttribute(r, e, depth + 1);
        n.attributes.set(name, value);
        return true;
      }
      default:
        return false;
    }
  });
  return n;
}

function readGraph(r: WireReader, end: number, depth: number): OnnxGraph {
  const g: OnnxGraph = { name: '', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [], sparseInitializers: 0, skipped: { nodes: 0, others: 0 } };
  r.message(end, depth, (f) => {
    if (f === 2) {
      g.name = r.string(end);
      return true;
    }
    if (f === 15) {
      g.sparseInitializers++;
      return false;
    }
    if (f !== 1 && f !== 5 && f !== 11 && f !== 12 && f !== 13) return false;
    // Past the layer limit, records are skipped unread, so that memory stays bounded.
    const list = f === 1 ? g.nodes : f === 5 ? g.initializers : f === 11 ? g.inputs : f === 12 ? g.outputs : g.valueInfo;
    if (list.length >= layerLimit()) {
      if (f === 1) g.skipped.nodes++;
      else g.skipped.others++;
      return false;
    }
    r.expect(WIRE.LEN);
    const e = r.lengthEnd(end);
    if (f === 1) g.nodes.push(readNode(r, e, depth + 1));
    else if (f === 5) g.initializers.push(readTensor(r, e, depth + 1));
    else (f === 11 ? g.inputs : f === 12 ? g.outputs : g.valueInfo).push(readValueInfo(r, e, depth + 1));
    return true;
  });
  return g;
}

/** Reads a whole ModelProto (the file's bytes) with `r`. */
export function readModel(r: WireReader): OnnxModel {
  const m: OnnxModel = { irVersion: 0, producer: '', producerVersion: '', opsets: new Map(), graph: null, functions: [] };
  const end = r.size;
  r.message(end, 0, (f) => {
    switch (f) {
      case 1:
        r.expect(WIRE.VARINT);
        m.irVersion = r.int64(end);
        return true;
      case 2:
        m.producer = r.string(end);
        return true;
      case 3:
        m.producerVersion = r.string(end);
        return true;
      case 7: {
        r.expect(WIRE.LEN);
        const e = r.lengthEnd(end);
        if (m.graph) r.fail('the model has two graphs');
        m.graph = readGraph(r, e, 1);
        return true;
      }
      case 8: {
        r.expect(WIRE.LEN);
        const e = r.lengthEnd(end);
        let domain = '';
        let version = 0;
        r.message(e, 1, (of) => {
          if (of === 1) domain = r.string(e);
          else if (of === 2) {
            r.expect(WIRE.VARINT);
            version = r.int64(e);
          } else return false;
          return true;
        });
        m.opsets.set(domain === 'ai.onnx' ? '' : domain, version);
        return true;
      }
      case 25: {
        r.expect(WIRE.LEN);
        const e = r.lengthEnd(end);
        let name = '';
        r.message(e, 1, (ff) => {
          if (ff !== 1) return false;
          name = r.string(e);
          return true;
        });
        m.functions.push(name);
        return true;
      }
      default:
        return false;
    }
  });
  return m;
}
