// Checks a neutral target description (targetSpec.ts: from a hardware block or a target file) and
// assembles the Target: every figure's unit, dimension and sign, the memory levels, the peaks (a
// peak not given is derived as 2 x unroll m x n x clock, or 2 x lanes x clock, and marked
// "derived"), the systolic array and the energy table, starting from a catalog entry when the
// description names a base. Every figure's source says where it was written. Errors are located
// diagnostics (RL401-RL406, RL212); nothing here throws.
import { arrayPeak } from './derivedPeak';
import { diag } from '../diagnostics/catalogue';
import type { Span } from '../diagnostics/types';
import { isPrecision, PRECISIONS, type Precision } from '../precision';
import { ENERGY_NOTE, horowitzEnergy, horowitzSramPjPerByte } from './catalog/common';
import { describeValue, SpecFieldChecker, spanOf } from './specFieldChecker';
import { EXECUTION_MODELS, HARDWARE_FIELDS, LEVEL_FIELDS, TARGET_KINDS, type BuildOptions, type FindBase, type SpecLevel, type TargetResult, type TargetSpec } from './targetSpec';
import type { EnergyTable, ExecutionModel, MemoryLevel, Sourced, Target, TargetKind } from './types';
import { formatQuantity } from './units';

const DATAFLOWS = ['os', 'ws', 'is'] as const;
const QUALIFIED = new Set(['peak', 'energy']);

const INTEGER_PRECISIONS = new Set<Precision>(['int4', 'int8', 'int16', 'int32', 'int64', 'bool']);

interface Collected {
  kind?: TargetKind;
  clock?: Sourced;
  bandwidth?: Sourced;
  buffer?: Sourced;
  /** Device memory capacity (`memory`). */
  memory?: Sourced;
  /** Peaks by precision; '' for an unqualified `peak`, which applies to the default precision. */
  peaks: Map<Precision | '', Sourced>;
  unroll?: { m: number; n: number; source: string; span: Span };
  lanes?: Sourced;
  precision?: Precision;
  execution?: ExecutionModel;
  systolic?: { rows: number; cols: number; arrays?: number; source: string; span: Span };
  dataflow?: (typeof DATAFLOWS)[number];
  macPj: Partial<Record<Precision, number>>;
  lanesSpan?: Span;
}

interface CollectedLevel {
  spec: SpecLevel;
  bandwidth?: Sourced;
  capacity?: Sourced;
  energy?: number;
  bandwidthBroken: boolean;
}

class Builder extends SpecFieldChecker {
  private readonly changed: string[] = [];

  constructor(
    private readonly spec: TargetSpec,
    private readonly findBase: FindBase,
    options: BuildOptions,
  ) {
    super(options);
  }

  private collect(): Collected {
    const got: Collected = { peaks: new Map(), macPj: {} };
    const seen = new Set<string>();
    for (const field of this.spec.fields) {
      const key = field.key;
      if (!(HARDWARE_FIELDS as readonly string[]).includes(key)) {
        this.diagnostics.push(diag('RL404', field.keySpan, key, HARDWARE_FIELDS.join(', ')));
        continue;
      }
      if (field.qualifier && !QUALIFIED.has(key)) {
        this.diagnostics.push(diag('RL404', { start: field.keySpan.start, end: field.qualifier.span.end }, `${key} ${field.qualifier.text}`, HARDWARE_FIELDS.join(', ')));
        continue;
      }
      const label = this.label(field);
      if (seen.has(label)) this.diagnostics.push(diag('RL403', field.keySpan, `'${label}' is given twice; the last one counts`));
      seen.add(label);
      this.changed.push(label);
      switch (key) {
        case 'kind': {
          const k = this.word(field, TARGET_KINDS, label);
          if (k) got.kind = k;
          break;
        }
        case 'clock': {
          const c = this.quantity(field, 'frequency', label);
          if (c) got.clock = c;
          break;
        }
        case 'bandwidth': {
          const b = this.quantity(field, 'bandwidth', label);
          if (b) got.bandwidth = b;
          break;
        }
        case 'buffer': {
          const b = this.quantity(field, 'size', label);
          if (b) got.buffer = b;
          break;
        }
        case 'memory': {
          const m = this.quantity(field, 'size', label);
          if (m) got.memory = m;
          break;
        }
        case 'peak': {
          const q = field.qualifier;
          if (q && !isPrecision(q.text)) {
            this.broken.add('peak');
            this.diagnostics.push(diag('RL212', q.span, q.text, PRECISIONS.join(', ')));
            break;
          }
          const p = this.quantity(field, 'throughput', label);
          if (p) got.peaks.set(q ? (q.text as Precision) : '', p);
          break;
        }
        case 'energy': {
          const q = field.qualifier;
          if (!q) {
            this.fail(field, diag('RL403', field.keySpan, `'energy' needs a precision: energy int8 = 0.3 pJ is the energy of one int8 MAC`));
            break;
          }
          if (!isPrecision(q.text)) {
            this.diagnostics.push(diag('RL212', q.span, q.text, PRECISIONS.join(', ')));
            break;
          }
          const e = this.quantity(field, 'energy', label);
          if (e) got.macPj[q.text] = e.value;
          break;
        }
        case 'unroll': {
          const f = this.factors(field, ['m', 'n'], label);
          if (f) got.unroll = { m: f.m, n: f.n, source: field.source ?? this.options.describe(field.span), span: spanOf(field.span) };
          break;
        }
        case 'lanes': {
          const l = this.count(field, label);
          if (l) {
            got.lanes = l;
            got.lanesSpan = spanOf(field.span);
          }
          break;
        }
        case 'precision': {
          const v = field.value;
          if (!v) this.broken.add(key);
          else if (v.kind !== 'word') this.fail(field, diag('RL403', v.span, `'precision' takes a datatype such as fp16 or int8 (found ${describeValue(v)})`));
          else if (!isPrecision(v.word)) this.fail(field, diag('RL212', v.span, v.word, PRECISIONS.join(', ')));
          else got.precision = v.word;
          break;
        }
        case 'execution': {
          const x = this.word(field, EXECUTION_MODELS, label);
          if (x) got.execution = x;
          break;
        }
        case 'systolic': {
          const f = this.factors(field, ['rows', 'cols'], label, ['arrays']);
          if (f) got.systolic = { rows: f.rows, cols: f.cols, arrays: f.arrays, source: field.source ?? this.options.describe(field.span), span: spanOf(field.span) };
          break;
        }
        case 'dataflow': {
          const d = this.word(field, DATAFLOWS, label);
          if (d) got.dataflow = d;
          break;
        }
      }
    }
    return got;
  }

  private collectLevels(): CollectedLevel[] {
    const out: CollectedLevel[] = [];
    const names = new Set<string>();
    for (const level of this.spec.levels) {
      const key = level.name.toLowerCase();
      if (names.has(key)) this.diagnostics.push(diag('RL403', level.nameSpan, `level '${level.name}' is given twice; the last one counts`));
      names.add(key);
      this.changed.push(`level ${level.name}`);
      const got: CollectedLevel = { spec: level, bandwidthBroken: false };
      for (const field of level.fields) {
        if (!(LEVEL_FIELDS as readonly string[]).includes(field.key)) {
          this.diagnostics.push(diag('RL404', field.keySpan, field.key, LEVEL_FIELDS.join(', ')));
          continue;
        }
        if (field.qualifier) {
          this.diagnostics.push(diag('RL404', { start: field.keySpan.start, end: field.qualifier.span.end }, `${field.key} ${field.qualifier.text}`, LEVEL_FIELDS.join(', ')));
          continue;
        }
        const label = this.label(field, level.name);
        if (field.key === 'bandwidth') {
          const b = this.quantity(field, 'bandwidth', label);
          if (b) got.bandwidth = b;
          else got.bandwidthBroken = true;
        } else if (field.key === 'capacity') {
          const c = this.quantity(field, 'size', label);
          if (c) got.capacity = c;
        } else {
          const e = this.quantity(field, 'energy', label);
          if (e) got.energy = e.value;
        }
      }
      out.push(got);
    }
    return out;
  }

  build(): TargetResult {
    const spec = this.spec;
    let base: Target | undefined;
    let baseMissing = false;
    if (spec.base) {
      base = safeFind(this.findBase, spec.base.name) ?? safeFind(this.findBase, spec.base.name.replace(/_/g, '-'));
      if (!base) {
        this.diagnostics.push(diag('RL405', spec.base.span, spec.base.name));
        baseMissing = true;
      }
    }
    const got = this.collect();
    const levels = this.collectLevels();
    // The description's own system of devices, read over the base's (its problems reported even when the target is not built).
    const system = spec.interconnect?.(base?.interconnect);
    if (system) this.diagnostics.push(...system.diagnostics);
    if (baseMissing) return { diagnostics: this.diagnostics };

    // Memory: the off-chip level first, then the others in order.
    const memory: MemoryLevel[] = (base?.memory ?? []).map((l) => ({ ...l }));
    let off = memory.find((l) => l.offChip);
    if (got.bandwidth) {
      if (off) off.bandwidth = got.bandwidth;
      else {
        off = { name: 'DRAM', bandwidth: got.bandwidth, offChip: true };
        memory.unshift(off);
      }
    }
    const levelEnergy: Record<string, number> = {};
    for (const level of levels) {
      const existing = memory.find((l) => l.name.toLowerCase() === level.spec.name.toLowerCase());
      if (existing) {
        if (level.bandwidth) existing.bandwidth = level.bandwidth;
        if (level.capacity) existing.capacity = level.capacity;
        if (level.energy !== undefined) levelEnergy[existing.name] = level.energy;
        continue;
      }
      if (!level.bandwidth) {
        if (!level.bandwidthBroken) {
          this.diagnostics.push(diag('RL406', level.spec.nameSpan, `level '${level.spec.name}' needs a bandwidth, e.g. bandwidth = 10 TB/s`));
        }
        continue;
      }
      const m: MemoryLevel = { name: level.spec.name, bandwidth: level.bandwidth, offChip: false };
      if (level.capacity) m.capacity = level.capacity;
      memory.push(m);
      if (level.energy !== undefined) levelEnergy[m.name] = level.energy;
    }
    let usable = true;
    // A systolic array analyses without a bandwidth (no memory roof, no stalls): its peak and cycles
    // come from the array alone.
    const arrayOnly = Boolean(got.systolic ?? base?.systolic) && !this.broken.has('bandwidth');
    if (!memory.some((l) => l.offChip) && !arrayOnly) {
      usable = false;
      if (!this.broken.has('bandwidth')) {
        this.diagnostics.push(diag('RL406', spec.nameSpan, `${this.options.origin} '${spec.name}' needs an off-chip bandwidth, e.g. bandwidth = 4.5 GB/s`));
      }
    }

    // Systolic array.
    let systolic = base?.systolic ? { ...base.systolic } : undefined;
    if (got.systolic) {
      systolic = { rows: got.systolic.rows, cols: got.systolic.cols, dataflow: got.dataflow ?? systolic?.dataflow ?? 'ws', source: got.systolic.source };
      if (got.systolic.arrays !== undefined) systolic.arrays = got.systolic.arrays;
    }
    else if (got.dataflow) {
      if (systolic) {
        const f = this.spec.fields.find((x) => x.key === 'dataflow');
        systolic.dataflow = got.dataflow;
        systolic.source = `${systolic.source}; dataflow ${got.dataflow}: ${f?.source ?? (f ? this.options.describe(f.span) : this.options.origin)}`;
      }
      else {
        const f = this.spec.fields.find((x) => x.key === 'dataflow');
        this.diagnostics.push(diag('RL406', f?.keySpan ?? spec.nameSpan, "'dataflow' needs a systolic array: systolic = (rows: .., cols: ..)"));
      }
    }

    // Precision and peaks.
    let firstQualified: Precision | undefined;
    for (const k of got.peaks.keys()) if (k !== '' && firstQualified === undefined) firstQualified = k;
    const defaultPrecision: Precision = got.precision ?? base?.defaultPrecision ?? firstQualified ?? 'fp32';
    const peak: Partial<Record<Precision, Sourced>> = { ...(base?.peak ?? {}) };
    for (const [k, v] of got.peaks) peak[k === '' ? defaultPrecision : k] = v;
    const clock = got.clock ?? base?.clock;
    const unroll = got.unroll ? { m: got.unroll.m, n: got.unroll.n, source: got.unroll.source } : base?.unroll ? { ...base.unroll } : undefined;
    const lanes = got.lanes ?? base?.lanes;
    const engineChanged = Boolean(got.clock || got.unroll || got.lanes || got.systolic);
    const explicit = got.peaks.has(defaultPrecision) || got.peaks.has('');
    if (!explicit && clock && !unroll && !lanes && systolic) {
      const existing = peak[defaultPrecision];
      if (!existing || (engineChanged && existing.source.startsWith('derived:'))) peak[defaultPrecision] = arrayPeak(systolic.rows, systolic.cols, systolic.arrays ?? 1, clock);
    }
    if (!explicit && clock && (unroll || lanes)) {
      const existing = peak[defaultPrecision];
      if (!existing || (engineChanged && existing.source.startsWith('derived:'))) {
        const clockText = formatQuantity(clock.value, 'frequency');
        peak[defaultPrecision] = unroll
          ? { value: 2 * unroll.m * unroll.n * clock.value, source: `derived: 2 x unroll ${unroll.m} x ${unroll.n} x clock ${clockText}` }
          : { value: 2 * (lanes as Sourced).value * clock.value, source: `derived: 2 x ${(lanes as Sourced).value} lanes x clock ${clockText}` };
      }
    }
    if (!peak[defaultPrecision]) {
      usable = false;
      const dependsOnBroken = ['peak', 'clock', 'unroll', 'lanes', 'precision', 'systolic'].some((k) => this.broken.has(k));
      if (!dependsOnBroken) {
        const unit = INTEGER_PRECISIONS.has(defaultPrecision) ? 'TOP/s' : 'TFLOP/s';
        this.diagnostics.push(
          diag(
            'RL406',
            spec.nameSpan,
            `${this.options.origin} '${spec.name}' has no peak for ${defaultPrecision}: give peak ${defaultPrecision} = ... ${unit}, or a clock with unroll (m: .., n: ..), lanes or systolic (rows: .., cols: ..) to derive it`,
          ),
        );
      }
    }
    if (unroll && lanes && unroll.m * unroll.n > lanes.value && (got.unroll || got.lanes)) {
      const at = got.unroll?.span ?? got.lanesSpan ?? spec.nameSpan;
      this.diagnostics.push(diag('RL403', at, `unroll ${unroll.m} x ${unroll.n} = ${unroll.m * unroll.n} MACs a cycle is more than the ${lanes.value} lanes`));
    }

    const buffer = got.buffer ?? base?.buffer;
    const energy = this.energy(base, memory, buffer, got.macPj, levelEnergy);

    if (!usable) return { diagnostics: this.diagnostics };
    const target: Target = {
      name: spec.name,
      title: spec.title ?? (base ? `${base.title}, changed by ${this.options.origin} '${spec.name}'` : `${this.options.origin} '${spec.name}'`),
      kind: got.kind ?? base?.kind ?? 'asic',
      peak,
      defaultPrecision,
      memory,
      execution: got.execution ?? base?.execution ?? 'sequential',
      energy,
    };
    if (clock) target.clock = clock;
    if (buffer) target.buffer = buffer;
    // Device memory: `memory`, else the base's, else the off-chip level's capacity.
    const deviceMemory = got.memory ?? base?.deviceMemory ?? memory.find((l) => l.offChip)?.capacity;
    if (deviceMemory) target.deviceMemory = deviceMemory;
    if (unroll) target.unroll = unroll;
    if (lanes) target.lanes = lanes;
    if (systolic) target.systolic = systolic;
    // The system of devices: the description's own (a target file's: interconnectJson.ts), else the base's.
    const interconnect = system ? system.interconnect : base?.interconnect;
    if (interconnect) target.interconnect = interconnect;
    const notes = [...(base?.notes ?? []), ...(spec.notes ?? [])];
    if (base) notes.push(`Starts from the catalog entry '${base.name}'; changed by ${this.options.origin} '${spec.name}': ${this.changed.join(', ') || 'nothing'}.`);
    else notes.push(ENERGY_NOTE);
    if (notes.length > 0) target.notes = notes;
    return { target, diagnostics: this.diagnostics };
  }

  private energy(
    base: Target | undefined,
    memory: MemoryLevel[],
    buffer: Sourced | undefined,
    macPj: Partial<Record<Precision, number>>,
    levelEnergy: Record<string, number>,
  ): EnergyTable {
    const table: EnergyTable = base?.energy
      ? { ...base.energy, macPj: { ...base.energy.macPj }, bytePj: { ...base.energy.bytePj } }
      : horowitzEnergy(memory, buffer?.value);
    for (const level of memory) if (table.bytePj[level.name] === undefined) table.bytePj[level.name] = horowitzSramPjPerByte(level.capacity?.value);
    Object.assign(table.macPj, macPj);
    Object.assign(table.bytePj, levelEnergy);
    const overridden = [...Object.keys(macPj).map((p) => `energy ${p}`), ...Object.keys(levelEnergy).map((l) => `level ${l} energy`)];
    if (overridden.length > 0) table.source = `${table.source} Given by ${this.options.origin} '${this.spec.name}': ${overridden.join(', ')}.`;
    return table;
  }
}

function safeFind(findBase: FindBase, name: string): Target | undefined {
  try {
    return findBase(name);
  } catch {
    return undefined;
  }
}

/** Checks a neutral target description and assembles the target. Never throws. */
export function buildTarget(spec: TargetSpec, findBase: FindBase, options: BuildOptions): TargetResult {
  try {
    return new Builder(spec, findBase, options).build();
  } catch (e) {
    // A defect here must not take the analysis down: report it on the description's name.
    return { diagnostics: [diag('RL403', spec.nameSpan, `internal error while reading ${options.origin} '${spec.name}': ${e instanceof Error ? e.message : String(e)}`)] };
  }
}
