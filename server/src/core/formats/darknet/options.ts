// Typed, located access to the options of one Darknet section, with Darknet's defaults: the first
// occurrence of a key wins (as Darknet's option_find), a value that is not a number where one is
// needed is one RL703 diagnostic at the value (where Darknet's atoi would silently read 0 or a prefix).
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic, Span } from '../../diagnostics/types';
import { dimensionTooLarge, isDimension, quoted } from '../../limits';
import type { CfgOption, CfgSection } from './cfg';

const INT = /^[+-]?\d+$/;
// Unambiguous alternatives (no `\d+\.?\d*`, which backtracks quadratically on a long run of digits).
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export class Options {
  constructor(
    readonly section: CfgSection,
    private readonly diagnostics: Diagnostic[],
    /** `[convolutional] 3` in messages. */
    readonly label: string,
  ) {}

  option(key: string): CfgOption | undefined {
    return this.section.options.find((o) => o.key === key);
  }

  has(key: string): boolean {
    return this.option(key) !== undefined;
  }

  /** Reports an RL703 at the option's value (or the section header when absent). */
  fail(key: string, message: string): void {
    const o = this.option(key);
    this.diagnostics.push(diag('RL703', o ? o.valueSpan : this.section.header, `${this.label}: ${message}`));
  }

  /** A whole number >= min; the fallback (with an RL703) when the value is not one. */
  int(key: string, fallback: number, min = -Infinity): number {
    const o = this.option(key);
    if (!o) return fallback;
    if (!INT.test(o.value) || Number(o.value) < min) {
      this.fail(key, `'${key}' must be ${min === 1 ? 'a positive whole number' : min === 0 ? 'a non-negative whole number' : 'a whole number'}, got '${quoted(o.value)}'`);
      return fallback;
    }
    if (!isDimension(Math.abs(Number(o.value)))) {
      this.fail(key, `'${key}': ${dimensionTooLarge(Number(o.value))}`);
      return fallback;
    }
    return Number(o.value);
  }

  float(key: string, fallback: number): number {
    const o = this.option(key);
    if (!o) return fallback;
    if (!FLOAT.test(o.value) || !Number.isFinite(Number(o.value))) {
      this.fail(key, `'${key}' must be a finite number, got '${quoted(o.value)}'`);
      return fallback;
    }
    return Number(o.value);
  }

  str(key: string, fallback: string): string {
    return this.option(key)?.value ?? fallback;
  }

  /** A comma-separated list of whole numbers, each with its span (bad items reported, left out). */
  ints(key: string): { value: number; span: Span }[] {
    const o = this.option(key);
    if (!o) return [];
    const out: { value: number; span: Span }[] = [];
    let at = o.valueSpan.start;
    for (const piece of o.raw.split(',')) {
      const lead = piece.length - piece.trimStart().length;
      const item = piece.trim().replace(/\s+/g, '');
      const span = { start: at + lead, end: at + lead + piece.trim().length };
      at += piece.length + 1;
      if (item === '') continue;
      if (!INT.test(item)) {
        this.diagnostics.push(diag('RL703', span, `${this.label}: '${key}' must be whole numbers separated by commas, got '${quoted(item)}'`));
        continue;
      }
      if (!isDimension(Math.abs(Number(item)))) {
        this.diagnostics.push(diag('RL703', span, `${this.label}: '${key}': ${dimensionTooLarge(Number(item))}`));
        continue;
      }
      out.push({ value: Number(item), span });
    }
    return out;
  }
}
