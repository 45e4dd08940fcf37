// Typed, located reads of a config.json's top-level keys: a missing or ill-typed value is an RL811
// error at the key's value (or at the opening brace when the key is absent), and the caller gets
// the fallback, so one bad key never hides the others.
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic, Span } from '../../diagnostics/types';
import { member, type JsonMember, type JsonNode } from '../../hardware/jsonWithOffsets';

export class ConfigReader {
  constructor(
    readonly root: JsonNode & { kind: 'object' },
    readonly diagnostics: Diagnostic[],
    private readonly what: string,
  ) {}

  /** The first of these keys that is present (and not null). */
  private find(keys: string[]): JsonMember | undefined {
    for (const k of keys) {
      const m = member(this.root, k);
      if (m && m.value.kind !== 'null') return m;
    }
    return undefined;
  }

  /** The key is written with the value null (HF: None, which is not the class default). */
  isNull(key: string): boolean {
    return member(this.root, key)?.value.kind === 'null';
  }

  has(...keys: string[]): boolean {
    return this.find(keys) !== undefined;
  }

  /** Where a key's value is written; the opening brace when it is absent. */
  span(...keys: string[]): Span {
    const m = this.find(keys);
    return m ? { start: m.keySpan.start, end: m.value.end } : { start: this.root.start, end: this.root.start + 1 };
  }

  private fail(keys: string[], message: string): void {
    this.diagnostics.push(diag('RL811', this.span(...keys), message));
  }

  /**
   * A positive whole number under the first key present; `fallback` when none is (an error when
   * there is no fallback), and after an error.
   */
  count(keys: string | string[], fallback?: number): number {
    const ks = Array.isArray(keys) ? keys : [keys];
    const m = this.find(ks);
    if (!m) {
      if (fallback === undefined) this.fail(ks, `${this.what} has no '${ks[0]}'${ks.length > 1 ? ` (nor ${ks.slice(1).map((k) => `'${k}'`).join(', ')})` : ''}: it is needed to build the model`);
      return fallback ?? 0;
    }
    const v = m.value;
    if (v.kind !== 'number' || !Number.isSafeInteger(v.value) || v.value < 1) {
      this.fail([m.key], `'${m.key}' must be a positive whole number, got ${v.kind === 'number' ? v.value : v.kind}`);
      return fallback ?? 0;
    }
    return v.value;
  }

  bool(keys: string | string[], fallback: boolean): boolean {
    const ks = Array.isArray(keys) ? keys : [keys];
    const m = this.find(ks);
    if (!m) return fallback;
    if (m.value.kind !== 'bool') {
      this.fail([m.key], `'${m.key}' must be true or false, got ${m.value.kind}`);
      return fallback;
    }
    return m.value.value;
  }

  /** A string value, or undefined when absent (an error when present but not a string). */
  string(key: string): string | undefined {
    const m = this.find([key]);
    if (!m) return undefined;
    if (m.value.kind !== 'string') {
      this.fail([key], `'${key}' must be a string, got ${m.value.kind}`);
      return undefined;
    }
    return m.value.value;
  }

  /** The strings of an array value (non-strings are errors at themselves). */
  strings(key: string): { value: string; span: Span }[] | undefined {
    const m = this.find([key]);
    if (!m) return undefined;
    if (m.value.kind !== 'array') {
      this.fail([key], `'${key}' must be a list of strings, got ${m.value.kind}`);
      return undefined;
    }
    const out: { value: string; span: Span }[] = [];
    for (const item of m.value.items) {
      if (item.kind === 'string') out.push({ value: item.value, span: { start: item.start, end: item.end } });
      else this.diagnostics.push(diag('RL811', { start: item.start, end: item.end }, `'${key}' must list strings, got ${item.kind}`));
    }
    return out;
  }

  /** Members of an object value (id2label), or undefined. */
  objectSize(key: string): number | undefined {
    const m = this.find([key]);
    return m && m.value.kind === 'object' ? m.value.members.length : undefined;
  }
}
