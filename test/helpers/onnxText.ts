// A small parser of the ONNX textual syntax (as printed by onnx.printer and read by
// onnx.parser), to write test fixtures by hand and encode them to binary protobuf:
//
//   <ir_version: 8, opset_import: ["" : 17]>
//   agraph (float[N, 3, 32, 32] X) => (float[N, 10] Y)
//   <float[16, 3, 3, 3] W1, int64[2] shape = {1, -1}>
//   {
//     C = Conv <pads = [1, 1, 1, 1]> (X, W1)
//     [named] A, B = Split <axis = 1> (C)
//     Y = com.example.Custom (A)
//   }
//
// Types: elem[dims] (dims: numbers, symbols, ?), or elem alone (no shape). In the `< >` list after
// the signature, an entry with a value is an initializer; one without is a value_info when a node
// produces that name, and otherwise an initializer with zero-filled raw_data of its size. Attribute values: numbers, "strings", lists,
// tensors (`int64[2] {1, -1}`, `float {0.5}`), graphs (`name (inputs) => (outputs) { nodes }`);
// an attribute may be typed (`alpha: float = 1`). Comments run from # to the end of the line.
import { DT, encodeModel, toBytes, type AttrSpec, type DTName, type DimSpec, type GraphSpec, type ModelSpec, type NodeSpec, type TensorSpec, type ValueSpec } from './onnxEncode';

type Tok = { kind: 'id' | 'num' | 'str' | 'punct'; text: string; pos: number };

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s+|#[^\n]*|("(?:[^"\\]|\\.)*")|(-?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?))|([A-Za-z_][A-Za-z0-9_./]*)|(=>|[<>()[\]{},:=?])/y;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < src.length) {
    const pos = re.lastIndex;
    m = re.exec(src);
    if (!m) throw new Error(`onnxText: unexpected character '${src[pos]}' at ${pos}`);
    if (m[1] !== undefined) out.push({ kind: 'str', text: JSON.parse(m[1]) as string, pos });
    else if (m[2] !== undefined) out.push({ kind: 'num', text: m[2], pos });
    else if (m[3] !== undefined) out.push({ kind: 'id', text: m[3], pos });
    else if (m[4] !== undefined) out.push({ kind: 'punct', text: m[4], pos });
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  peek(text?: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && (text === undefined || t.text === text);
  }

  next(): Tok {
    const t = this.toks[this.i++];
    if (!t) throw new Error('onnxText: unexpected end of text');
    return t;
  }

  eat(text: string): Tok {
    const t = this.next();
    if (t.text !== text) throw new Error(`onnxText: expected '${text}', found '${t.text}' at ${t.pos}`);
    return t;
  }

  accept(text: string): boolean {
    if (this.peek(text) && this.toks[this.i].kind !== 'str') {
      this.i++;
      return true;
    }
    return false;
  }

  id(): string {
    const t = this.next();
    if (t.kind !== 'id') throw new Error(`onnxText: expected a name, found '${t.text}' at ${t.pos}`);
    return t.text;
  }

  /** A comma-separated list up to `close` (the opening bracket already eaten). */
  list<T>(close: string, item: () => T): T[] {
    const out: T[] = [];
    while (!this.accept(close)) {
      out.push(item());
      if (!this.peek(close)) this.eat(',');
    }
    return out;
  }

  model(): ModelSpec {
    const spec: ModelSpec = { irVersion: 8, opsets: [{ domain: '', version: 17 }], graph: { name: '', nodes: [], initializers: [], inputs: [], outputs: [] } };
    if (this.accept('<')) {
      this.list('>', () => {
        const key = this.id();
        this.eat(':');
        if (key === 'opset_import') {
          this.eat('[');
          spec.opsets = this.list(']', () => {
            const domain = this.next().text;
            this.eat(':');
            return { domain, version: Number(this.next().text) };
          });
        } else {
          const v = this.next();
          if (key === 'ir_version') spec.irVersion = Number(v.text);
          else if (key === 'producer_name') spec.producer = v.text;
        }
        return key;
      });
    }
    spec.graph = this.graph();
    return spec;
  }

  /** elem[dims] or elem: a value's type. */
  type(): { elemType: number; dims?: DimSpec[] } {
    const elem = this.id();
    const elemType = DT[elem as DTName];
    if (elemType === undefined) throw new Error(`onnxText: unknown element type '${elem}'`);
    if (!this.accept('[')) return { elemType };
    const dims = this.list(']', (): DimSpec => {
      const t = this.next();
      if (t.kind === 'num') return Number(t.text);
      if (t.text === '?') return null;
      return t.text;
    });
    return { elemType, dims };
  }

  valueInfo(): ValueSpec {
    const t = this.type();
    return { name: this.id(), ...t };
  }

  /** `{1, 2, 3}` after a type: a tensor's values. */
  tensorValues(): number[] {
    this.eat('{');
    return this.list('}', () => Number(this.next().text));
  }

  tensor(name: string, t: { elemType: number; dims?: DimSpec[] }): TensorSpec {
    const dims = (t.dims ?? []).map((d) => {
      if (typeof d !== 'number') throw new Error(`onnxText: the tensor '${name}' needs static dimensions`);
      return d;
    });
    return { name, dims, dataType: t.elemType, values: this.tensorValues() };
  }

  graph(): GraphSpec {
    const name = this.id();
    this.eat('(');
    const inputs = this.list(')', () => this.valueInfo());
    this.eat('=>');
    this.eat('(');
    const outputs = this.list(')', () => this.valueInfo());
    const initializers: TensorSpec[] = [];
    const declared: ValueSpec[] = [];
    if (this.accept('<')) {
      this.list('>', () => {
        const t = this.type();
        const n = this.id();
        if (this.accept('=')) initializers.push(this.tensor(n, t));
        else declared.push({ name: n, ...t });
        return n;
      });
    }
    this.eat('{');
    const nodes: NodeSpec[] = [];
    while (!this.accept('}')) nodes.push(this.node());
    // A declaration without a value is a value_info when a node produces that name, otherwise an
    // initializer whose values do not matter (zero-filled raw_data of its size).
    const produced = new Set(nodes.flatMap((n) => n.outputs));
    const valueInfo = declared.filter((v) => produced.has(v.name));
    for (const v of declared.filter((d) => !produced.has(d.name))) initializers.push({ name: v.name, dims: (v.dims ?? []).map(Number), dataType: v.elemType, zeros: true });
    return { name, nodes, initializers, inputs, outputs, valueInfo };
  }

  node(): NodeSpec {
    let name: string | undefined;
    if (this.accept('[')) {
      name = this.id();
      this.eat(']');
    }
    const outputs: string[] = [];
    while (!this.accept('=')) {
      outputs.push(this.id());
      this.accept(',');
    }
    const full = this.id();
    const dot = full.lastIndexOf('.');
    const spec: NodeSpec = { opType: dot >= 0 ? full.slice(dot + 1) : full, inputs: [], outputs };
    if (dot >= 0) spec.domain = full.slice(0, dot);
    if (name) spec.name = name;
    if (this.accept('<')) spec.attrs = this.list('>', () => this.attr());
    this.eat('(');
    // Empty inputs (optional ones left out) are written as nothing between commas.
    while (!this.accept(')')) {
      if (this.peek(',')) spec.inputs.push('');
      else spec.inputs.push(this.id());
      if (!this.peek(')')) this.eat(',');
    }
    return spec;
  }

  attr(): AttrSpec {
    const name = this.id();
    let declared: string | undefined;
    if (this.accept(':')) declared = this.id();
    this.eat('=');
    const t = this.toks[this.i];
    if (t.kind === 'str') return { name, kind: 'string', value: this.next().text };
    if (t.kind === 'num') {
      const text = this.next().text;
      const float = declared === 'float' || (declared === undefined && /[.eE]/.test(text));
      return float ? { name, kind: 'float', value: Number(text) } : { name, kind: 'int', value: Number(text) };
    }
    if (t.text === '[') {
      this.next();
      const items = this.list(']', () => this.next());
      if (items.some((x) => x.kind === 'str')) return { name, kind: 'strings', value: items.map((x) => x.text) };
      const float = declared === 'floats' || (declared === undefined && items.some((x) => /[.eE]/.test(x.text)));
      return { name, kind: float ? 'floats' : 'ints', value: items.map((x) => Number(x.text)) };
    }
    // A tensor (elem[dims] {values}) or a graph (name (inputs) => (outputs) { nodes }).
    if (t.kind === 'id' && DT[t.text as DTName] !== undefined && (this.toks[this.i + 1]?.text === '[' || this.toks[this.i + 1]?.text === '{')) {
      const type = this.type();
      return { name, kind: 'tensor', value: this.tensor('', type) };
    }
    return { name, kind: 'graph', value: this.graph() };
  }
}

/** Parses ONNX textual syntax into a model spec. */
export function parseOnnxText(text: string): ModelSpec {
  const p = new Parser(lex(text));
  const spec = p.model();
  if (p.peek()) throw new Error('onnxText: text after the graph');
  return spec;
}

/** ONNX textual syntax to the bytes of a binary .onnx file. */
export function onnxFromText(text: string): Uint8Array {
  return toBytes(encodeModel(parseOnnxText(text)));
}
