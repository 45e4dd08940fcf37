// The neutral description of a target that hardware blocks (fromBlock.ts) and target files
// (fromJson.ts) are both read into, so that one builder (buildTarget.ts) checks them alike: fields
// with located values, memory levels, an optional catalog base. Also the field names each takes.
import type { Diagnostic, Span } from '../diagnostics/types';
import type { ExecutionModel, Interconnect, Target, TargetKind } from './types';

export interface TargetResult {
  /** Absent when the description is too broken to analyse with (unknown base, no bandwidth, no peak). */
  target?: Target;
  diagnostics: Diagnostic[];
}

export type SpecValue =
  | {
      kind: 'quantity';
      value: number;
      unit?: { text: string; span: Span };
      /** True for numbers given in SI base units (target files): no unit needed. */
      siBase?: boolean;
      span: Span;
    }
  | { kind: 'word'; word: string; span: Span }
  | { kind: 'factors'; items: { key: string; value: number; span: Span; keySpan: Span }[]; span: Span }
  /** A value of a shape no field takes (a list, an object where a figure goes...), described for messages. */
  | { kind: 'other'; description: string; span: Span };

export interface SpecField {
  key: string;
  keySpan: Span;
  qualifier?: { text: string; span: Span };
  /** Absent when the value could not be read (the reader has reported why). */
  value?: SpecValue;
  span: Span;
  /** The figure's own source, where the description gives one (target files may). */
  source?: string;
}

export interface SpecLevel {
  name: string;
  nameSpan: Span;
  fields: SpecField[];
  span: Span;
}

export interface TargetSpec {
  name: string;
  nameSpan: Span;
  base?: { name: string; span: Span };
  title?: string;
  notes?: string[];
  fields: SpecField[];
  levels: SpecLevel[];
  span: Span;
  /** The description's own system of devices (a target file's `interconnect`), read over the base's; absent: the base's. */
  interconnect?: (base: Interconnect | undefined) => { interconnect?: Interconnect; diagnostics: Diagnostic[] };
}

export interface BuildOptions {
  /** 'hardware block' or 'target file': used in titles and notes. */
  origin: string;
  /** The source text of a figure written at `span` ("model file, line 3"). */
  describe: (span: Span) => string;
}

export type FindBase = (name: string) => Target | undefined;

export const HARDWARE_FIELDS = ['kind', 'clock', 'bandwidth', 'buffer', 'memory', 'peak', 'unroll', 'lanes', 'precision', 'execution', 'systolic', 'dataflow', 'energy'] as const;
export const LEVEL_FIELDS = ['bandwidth', 'capacity', 'energy'] as const;
export const TARGET_KINDS: readonly TargetKind[] = ['gpu', 'tpu', 'fpga', 'asic', 'cpu', 'npu'];
export const EXECUTION_MODELS: readonly ExecutionModel[] = ['sequential', 'pipelined'];
