// The checks of one field of a neutral target description (targetSpec.ts): a figure with a unit of
// the right dimension, positive and finite; a whole count without a unit; a word from a list;
// factors such as (m: 64, n: 7). A wrong value is a located diagnostic (RL401-RL403) and marks the
// field broken, so that figures depending on it are not reported missing as well. Never throws.
import { dimensionTooLarge, isDimension } from '../limits';
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic, Span } from '../diagnostics/types';
import type { BuildOptions, SpecField, SpecValue } from './targetSpec';
import type { Sourced } from './types';
import { formatNumber, suggestUnit, toBase, type Dimension } from './units';

const EXAMPLE: Record<Dimension, string> = {
  frequency: '100 MHz',
  bandwidth: '4.5 GB/s',
  size: '2 MiB',
  throughput: '989.4 TFLOP/s',
  energy: '0.2 pJ',
  time: '0.6 us',
};

export function spanOf(x: { start: number; end: number }): Span {
  return { start: x.start, end: x.end };
}

export function describeValue(v: SpecValue): string {
  switch (v.kind) {
    case 'quantity':
      return v.unit ? `${formatNumber(v.value)} ${v.unit.text}` : formatNumber(v.value);
    case 'word':
      return `'${v.word}'`;
    case 'factors':
      return `(${v.items.map((i) => `${i.key}: ${i.value}`).join(', ')})`;
    case 'other':
      return v.description;
  }
}

export class SpecFieldChecker {
  readonly diagnostics: Diagnostic[] = [];
  /** Fields whose value was wrong: figures that depend on them are not reported missing as well. */
  protected readonly broken = new Set<string>();

  constructor(protected readonly options: BuildOptions) {}

  protected sourced(value: number, field: SpecField, v: SpecValue): Sourced {
    return { value, source: field.source ?? this.options.describe(field.span), span: spanOf(v.span) };
  }

  protected label(field: SpecField, level?: string): string {
    const key = field.qualifier ? `${field.key} ${field.qualifier.text}` : field.key;
    return level ? `level ${level}: ${key}` : key;
  }

  /** A figure with a unit of `dimension`, in base units, checked to be a positive finite number. */
  protected quantity(field: SpecField, dimension: Dimension, label: string): Sourced | undefined {
    const v = field.value;
    if (!v) {
      this.broken.add(field.key);
      return undefined;
    }
    if (v.kind !== 'quantity') {
      this.fail(field, diag('RL403', v.span, `'${label}' takes a number with a unit, such as ${EXAMPLE[dimension]} (found ${describeValue(v)})`));
      return undefined;
    }
    let value: number;
    if (v.siBase) value = v.value;
    else {
      const r = toBase(v.value, v.unit?.text, dimension);
      if (!r.ok) {
        const expected = r.expected.join(', ');
        if (r.reason === 'missing-unit') this.fail(field, diag('RL401', v.span, label, expected));
        else {
          const unitText = v.unit?.text ?? '';
          const hint = suggestUnit(unitText, dimension);
          this.fail(field, diag('RL402', v.unit?.span ?? v.span, unitText, label, hint ? `${hint} (did you mean ${hint}?), ${expected}` : expected));
        }
        return undefined;
      }
      value = r.value;
    }
    if (!Number.isFinite(value) || value <= 0) {
      const shown = describeValue(v);
      const why =
        value === 0
          ? dimension === 'bandwidth'
            ? 'a zero bandwidth moves no data'
            : dimension === 'frequency'
              ? 'a zero clock runs no cycles'
              : 'zero is not a usable figure'
          : value < 0
            ? 'it cannot be negative'
            : 'it is not a finite number';
      this.fail(field, diag('RL403', v.span, `'${label}' must be greater than zero: ${why} (found ${shown})`));
      return undefined;
    }
    return this.sourced(value, field, v);
  }

  /** A plain positive whole number (lanes). */
  protected count(field: SpecField, label: string): Sourced | undefined {
    const v = field.value;
    if (!v) {
      this.broken.add(field.key);
      return undefined;
    }
    if (v.kind !== 'quantity') {
      this.fail(field, diag('RL403', v.span, `'${label}' takes a whole number, such as 448 (found ${describeValue(v)})`));
      return undefined;
    }
    if (v.unit) {
      this.fail(field, diag('RL402', v.unit.span, v.unit.text, label, `no unit, '${label}' is a count`));
      return undefined;
    }
    if (!Number.isInteger(v.value) || v.value <= 0) {
      this.fail(field, diag('RL403', v.span, `'${label}' must be a whole number greater than zero (found ${describeValue(v)})`));
      return undefined;
    }
    if (!isDimension(v.value, 1)) {
      this.fail(field, diag('RL218', v.span, `'${label}': ${dimensionTooLarge(v.value)}`));
      return undefined;
    }
    return this.sourced(v.value, field, v);
  }

  protected word<W extends string>(field: SpecField, allowed: readonly W[], label: string): W | undefined {
    const v = field.value;
    if (!v) {
      this.broken.add(field.key);
      return undefined;
    }
    if (v.kind !== 'word') {
      this.fail(field, diag('RL403', v.span, `'${label}' takes one of ${allowed.join(', ')} (found ${describeValue(v)})`));
      return undefined;
    }
    if (!(allowed as readonly string[]).includes(v.word)) {
      this.fail(field, diag('RL403', v.span, `'${label}' must be one of ${allowed.join(', ')} (found '${v.word}')`));
      return undefined;
    }
    return v.word as W;
  }

  protected factors(field: SpecField, keys: readonly string[], label: string, optional: readonly string[] = []): Record<string, number> | undefined {
    const v = field.value;
    if (!v) {
      this.broken.add(field.key);
      return undefined;
    }
    const shape = `(${keys.map((k) => `${k}: ..`).join(', ')})`;
    if (v.kind !== 'factors') {
      this.fail(field, diag('RL403', v.span, `'${label}' takes ${shape} (found ${describeValue(v)})`));
      return undefined;
    }
    const out: Record<string, number> = {};
    for (const item of v.items) {
      if (!keys.includes(item.key) && !optional.includes(item.key)) {
        this.fail(field, diag('RL403', item.keySpan, `'${label}' has no factor '${item.key}' (it takes ${shape})`));
        return undefined;
      }
      if (!Number.isInteger(item.value) || item.value <= 0) {
        this.fail(field, diag('RL403', item.span, `'${label}' factor ${item.key} must be a whole number greater than zero (found ${formatNumber(item.value)})`));
        return undefined;
      }
      if (!isDimension(item.value, 1)) {
        this.fail(field, diag('RL218', item.span, `'${label}' factor ${item.key}: ${dimensionTooLarge(item.value)}`));
        return undefined;
      }
      out[item.key] = item.value;
    }
    const missing = keys.filter((k) => out[k] === undefined);
    if (missing.length > 0) {
      this.fail(field, diag('RL403', v.span, `'${label}' needs ${shape}; ${missing.join(' and ')} missing`));
      return undefined;
    }
    return out;
  }

  protected fail(field: SpecField, d: Diagnostic): void {
    this.broken.add(field.key);
    this.diagnostics.push(d);
  }
}
