// Reads a user target file (`*.target.json`, described by schemas/target.schema.json) into a Target.
// Its fields mirror the hardware block: figures are strings with units ("4.5 GB/s"), numbers in SI
// base units (Hz, B/s, B, op/s, pJ), or { "value": ..., "source": "..." } to cite where a figure
// comes from. The JSON is read with offsets (jsonWithOffsets.ts) and put in the neutral form that
// hardware blocks share (targetSpec.ts), so both descriptions are checked by the same builder
// (buildTarget.ts) and give the same diagnostics, located at the JSON text. Never throws.
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic, Span } from '../diagnostics/types';
import { isPrecision, PRECISIONS } from '../precision';
import { LineIndex } from '../text/lineIndex';
import { findTarget } from './catalog';
import { buildTarget } from './buildTarget';
import { spanOf } from './specFieldChecker';
import { HARDWARE_FIELDS, LEVEL_FIELDS, type FindBase, type SpecField, type SpecLevel, type SpecValue, type TargetResult, type TargetSpec } from './targetSpec';
import { member, parseJsonWithOffsets, type JsonMember, type JsonNode } from './jsonWithOffsets';
import { parseQuantityText } from './units';
import { readInterconnect } from './interconnectJson';

/** Keys of a target file that are not hardware fields. */
export const TARGET_FILE_KEYS = ['$schema', 'name', 'title', 'base', 'source', 'notes', 'levels', 'interconnect'] as const;

const FIGURE_FIELDS = new Set(['clock', 'bandwidth', 'buffer', 'memory', 'lanes', 'capacity']);
const WORD_FIELDS = new Set(['kind', 'precision', 'execution', 'dataflow']);
const FACTOR_FIELDS: Record<string, readonly string[]> = { unroll: ['m', 'n'], systolic: ['rows', 'cols', 'arrays'] };

export interface JsonTargetOptions {
  /** Looks up `base`; the catalog by default. */
  findBase?: FindBase;
  /** File name for sources ("my-fpga.target.json, line 4"); "target file" when absent. */
  file?: string;
}

function describeNode(n: JsonNode): string {
  switch (n.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'string':
      return JSON.stringify(n.value);
    case 'number':
      return String(n.value);
    case 'bool':
      return String(n.value);
    case 'null':
      return 'null';
  }
}

class JsonReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly text: string) {}

  /** A figure: "4.5 GB/s", 4.5e9, or { "value": ..., "source": "..." }. */
  figure(node: JsonNode): { value: SpecValue; source?: string } {
    if (node.kind === 'number') return { value: { kind: 'quantity', value: node.value, siBase: true, span: spanOf(node) } };
    if (node.kind === 'string') {
      const parsed = parseQuantityText(node.value);
      if (!parsed) return { value: { kind: 'other', description: JSON.stringify(node.value), span: spanOf(node) } };
      // Offsets inside the string are exact when the literal has no escapes (always, for figures).
      const raw = this.text.slice(node.start + 1, node.end - 1);
      const exact = raw === node.value;
      const at = (i: number) => (exact ? node.start + 1 + i : undefined);
      const start = at(parsed.numberStart) ?? node.start;
      const end = parsed.unit ? (at(parsed.unit.end) ?? node.end) : (at(parsed.numberEnd) ?? node.end);
      const value: SpecValue = { kind: 'quantity', value: parsed.value, span: { start, end } };
      if (parsed.unit) value.unit = { text: parsed.unit.text, span: exact ? { start: node.start + 1 + parsed.unit.start, end: node.start + 1 + parsed.unit.end } : spanOf(node) };
      return { value };
    }
    if (node.kind === 'object' && member(node, 'value')) {
      let source: string | undefined;
      for (const m of node.members) {
        if (m.key === 'value') continue;
        if (m.key === 'source') {
          if (m.value.kind === 'string' && m.value.value.trim() !== '') source = m.value.value;
          else this.diagnostics.push(diag('RL403', spanOf(m.value), `"source" takes a non-empty string naming where the figure comes from (found ${describeNode(m.value)})`));
          continue;
        }
        this.diagnostics.push(diag('RL404', m.keySpan, m.key, 'value, source'));
      }
      const inner = this.figure((member(node, 'value') as JsonMember).value);
      return source !== undefined ? { value: inner.value, source } : inner;
    }
    return { value: { kind: 'other', description: describeNode(node), span: spanOf(node) } };
  }

  word(node: JsonNode): SpecValue {
    if (node.kind === 'string') return { kind: 'word', word: node.value, span: spanOf(node) };
    return { kind: 'other', description: describeNode(node), span: spanOf(node) };
  }

  factors(node: JsonNode, keys: readonly string[]): { value: SpecValue; source?: string } {
    if (node.kind !== 'object') return { value: { kind: 'other', description: describeNode(node), span: spanOf(node) } };
    const items: { key: string; value: number; span: Span; keySpan: Span }[] = [];
    let source: string | undefined;
    for (const m of node.members) {
      if (m.key === 'source' && m.value.kind === 'string') {
        source = m.value.value;
        continue;
      }
      if (m.value.kind !== 'number') {
        this.diagnostics.push(diag('RL403', spanOf(m.value), `"${m.key}" takes a whole number (found ${describeNode(m.value)})`));
        return { value: { kind: 'other', description: 'an object with a value that is not a number', span: spanOf(node) } };
      }
      if (!keys.includes(m.key)) {
        this.diagnostics.push(diag('RL404', m.keySpan, m.key, [...keys, 'source'].join(', ')));
        continue;
      }
      items.push({ key: m.key, value: m.value.value, span: { start: m.keySpan.start, end: m.value.end }, keySpan: m.keySpan });
    }
    const value: SpecValue = { kind: 'factors', items, span: spanOf(node) };
    return source !== undefined ? { value, source } : { value };
  }

  /** A field of the top level or of a level, from one member. */
  field(m: JsonMember, inLevel: boolean): SpecField[] {
    const base = { keySpan: m.keySpan, span: { start: m.keySpan.start, end: m.value.end } };
    const key = m.key;
    if (key === 'peak' || (key === 'energy' && !inLevel)) {
      if (m.value.kind !== 'object') {
        this.diagnostics.push(diag('RL403', spanOf(m.value), `"${key}" takes an object by precision, such as { "fp16": "${key === 'peak' ? '989.4 TFLOP/s' : '1.5 pJ'}" } (found ${describeNode(m.value)})`));
        return [];
      }
      const out: SpecField[] = [];
      for (const p of m.value.members) {
        if (!isPrecision(p.key)) {
          this.diagnostics.push(diag('RL212', p.keySpan, p.key, PRECISIONS.join(', ')));
          continue;
        }
        const f = this.figure(p.value);
        const field: SpecField = { key, keySpan: m.keySpan, qualifier: { text: p.key, span: p.keySpan }, value: f.value, span: { start: p.keySpan.start, end: p.value.end } };
        if (f.source !== undefined) field.source = f.source;
        out.push(field);
      }
      return out;
    }
    if (FIGURE_FIELDS.has(key) || (key === 'energy' && inLevel)) {
      const f = this.figure(m.value);
      const field: SpecField = { key, ...base, value: f.value };
      if (f.source !== undefined) field.source = f.source;
      return [field];
    }
    if (WORD_FIELDS.has(key)) return [{ key, ...base, value: this.word(m.value) }];
    const factorKeys = FACTOR_FIELDS[key];
    if (factorKeys) {
      const f = this.factors(m.value, factorKeys);
      const field: SpecField = { key, ...base, value: f.value };
      if (f.source !== undefined) field.source = f.source;
      return [field];
    }
    // Unknown: the builder reports it with the list of known fields.
    return [{ key, ...base, value: { kind: 'other', description: describeNode(m.value), span: spanOf(m.value) } }];
  }

  level(node: JsonNode): SpecLevel | undefined {
    if (node.kind !== 'object') {
      this.diagnostics.push(diag('RL403', spanOf(node), `each level is an object such as { "name": "L2", "bandwidth": "10 TB/s" } (found ${describeNode(node)})`));
      return undefined;
    }
    const name = member(node, 'name');
    if (!name || name.value.kind !== 'string' || name.value.value.trim() === '') {
      this.diagnostics.push(diag('RL406', name ? spanOf(name.value) : { start: node.start, end: node.start + 1 }, 'a level needs a "name", such as "L2"'));
      return undefined;
    }
    const fields: SpecField[] = [];
    for (const m of node.members) {
      if (m.key === 'name') continue;
      if (!(LEVEL_FIELDS as readonly string[]).includes(m.key)) {
        this.diagnostics.push(diag('RL404', m.keySpan, m.key, ['name', ...LEVEL_FIELDS].join(', ')));
        continue;
      }
      fields.push(...this.field(m, true));
    }
    return { name: name.value.value, nameSpan: spanOf(name.value), fields, span: spanOf(node) };
  }
}

/**
 * The target a target file describes, with diagnostics located in its text (malformed JSON gives
 * one RL103-style error and no target). Never throws.
 */
export function targetFromJson(text: string, options: JsonTargetOptions = {}): TargetResult {
  const parsed = parseJsonWithOffsets(text);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  const root = parsed.value;
  if (root.kind !== 'object') {
    return { diagnostics: [diag('RL103', spanOf(root), 'an object such as { "name": "my-fpga", ... }', describeNode(root))] };
  }
  const reader = new JsonReader(text);
  const nameMember = member(root, 'name');
  if (!nameMember || nameMember.value.kind !== 'string' || nameMember.value.value.trim() === '') {
    reader.diagnostics.push(diag('RL406', nameMember ? spanOf(nameMember.value) : { start: root.start, end: root.start + 1 }, 'a target file needs a "name", such as "my-fpga"'));
  }
  const name = nameMember && nameMember.value.kind === 'string' ? nameMember.value.value : '';
  const spec: TargetSpec = {
    name,
    nameSpan: nameMember ? spanOf(nameMember.value) : { start: root.start, end: root.start + 1 },
    fields: [],
    levels: [],
    span: spanOf(root),
  };
  let fileSource: string | undefined;
  const known = [...TARGET_FILE_KEYS, ...HARDWARE_FIELDS];
  for (const m of root.members) {
    switch (m.key) {
      case '$schema':
      case 'name':
        break;
      case 'title':
      case 'base':
      case 'source': {
        if (m.value.kind !== 'string') {
          reader.diagnostics.push(diag('RL403', spanOf(m.value), `"${m.key}" takes a string (found ${describeNode(m.value)})`));
          break;
        }
        if (m.key === 'title') spec.title = m.value.value;
        else if (m.key === 'base') spec.base = { name: m.value.value, span: spanOf(m.value) };
        else fileSource = m.value.value;
        break;
      }
      case 'notes': {
        if (m.value.kind !== 'array' || m.value.items.some((i) => i.kind !== 'string')) {
          reader.diagnostics.push(diag('RL403', spanOf(m.value), `"notes" takes a list of strings (found ${describeNode(m.value)})`));
          break;
        }
        spec.notes = m.value.items.map((i) => (i.kind === 'string' ? i.value : ''));
        break;
      }
      case 'interconnect': {
        const node = m.value;
        spec.interconnect = (base) => readInterconnect(node, base, { origin: 'target file', describe }, (n) => reader.figure(n));
        break;
      }
      case 'levels': {
        if (m.value.kind !== 'array') {
          reader.diagnostics.push(diag('RL403', spanOf(m.value), `"levels" takes a list of levels (found ${describeNode(m.value)})`));
          break;
        }
        for (const item of m.value.items) {
          const level = reader.level(item);
          if (level) spec.levels.push(level);
        }
        break;
      }
      default:
        if (!(HARDWARE_FIELDS as readonly string[]).includes(m.key)) {
          reader.diagnostics.push(diag('RL404', m.keySpan, m.key, known.join(', ')));
          break;
        }
        spec.fields.push(...reader.field(m, false));
    }
  }
  if (!name) return { diagnostics: reader.diagnostics };
  let lines: LineIndex | undefined;
  const file = options.file ?? 'target file';
  const describe = (span: Span): string => {
    lines ??= new LineIndex(text);
    const where = `${file}, line ${lines.position(span.start).line + 1}`;
    return fileSource ? `${fileSource} (${where})` : where;
  };
  const built = buildTarget(spec, options.findBase ?? findTarget, { origin: 'target file', describe });
  const diagnostics = [...reader.diagnostics, ...built.diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return built.target ? { target: built.target, diagnostics } : { diagnostics };
}
