// Typed, located access to the fields of a parsed prototxt message, for the Caffe converter: a
// number, a word or string, a sub-message, a repeated field. A value of the wrong kind is one RL703
// diagnostic at the value (the default is used instead); nothing throws.
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic, Span } from '../../diagnostics/types';
import type { PField, PMessage, PScalar } from './prototxt';

export class Fields {
  constructor(
    readonly message: PMessage | undefined,
    private readonly diagnostics: Diagnostic[],
    /** Where the message is, for errors about a missing field ('convolution_param' of a layer). */
    readonly where: Span,
    /** How the message is named in messages (`convolution_param of 'conv1'`). */
    readonly label: string,
  ) {}

  all(name: string): PField[] {
    return this.message ? this.message.fields.filter((f) => f.name === name) : [];
  }

  /** The last occurrence of a singular field (protobuf: the last one wins). */
  field(name: string): PField | undefined {
    const all = this.all(name);
    return all[all.length - 1];
  }

  has(name: string): boolean {
    return this.all(name).length > 0;
  }

  private bad(f: PField, expected: string): void {
    const shown = f.value.kind === 'message' ? 'a message' : f.value.type === 'string' ? `"${f.value.text}"` : f.value.text;
    this.diagnostics.push(diag('RL703', f.value.kind === 'message' ? f.nameSpan : f.value.span, `${this.label}: '${f.name}' must be ${expected}, got ${shown}`));
  }

  private scalarOf(f: PField, expected: string): PScalar | undefined {
    if (f.value.kind === 'scalar') return f.value;
    this.bad(f, expected);
    return undefined;
  }

  /** A number field, checked to be a whole number >= min when `whole`. */
  numberOf(f: PField, whole: boolean, min = -Infinity): number | undefined {
    const expected = whole ? (min === 1 ? 'a positive whole number' : min === 0 ? 'a non-negative whole number' : 'a whole number') : 'a number';
    const s = this.scalarOf(f, expected);
    if (!s) return undefined;
    const v = s.type === 'number' ? Number(s.text.replace(/[fF]$/, '')) : NaN;
    if (Number.isNaN(v) || (whole && !Number.isInteger(v)) || v < min) {
      this.bad(f, expected);
      return undefined;
    }
    return v;
  }

  int(name: string, fallback: number, min = 0): number {
    const f = this.field(name);
    return (f && this.numberOf(f, true, min)) ?? fallback;
  }

  optInt(name: string, min = 0): number | undefined {
    const f = this.field(name);
    return f ? this.numberOf(f, true, min) : undefined;
  }

  /** Every occurrence of a repeated whole-number field (bad ones left out). */
  ints(name: string, min = 0): number[] {
    const out: number[] = [];
    for (const f of this.all(name)) {
      const v = this.numberOf(f, true, min);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  number(name: string, fallback: number): number {
    const f = this.field(name);
    return (f && this.numberOf(f, false)) ?? fallback;
  }

  /** A string or enum word (`type: "ReLU"`, `pool: MAX`). */
  word(name: string): string | undefined {
    const f = this.field(name);
    if (!f) return undefined;
    return this.scalarOf(f, 'a string or a word')?.text;
  }

  words(name: string): { text: string; span: Span }[] {
    const out: { text: string; span: Span }[] = [];
    for (const f of this.all(name)) {
      const s = this.scalarOf(f, 'a string');
      if (s) out.push({ text: s.text, span: s.span });
    }
    return out;
  }

  bool(name: string, fallback: boolean): boolean {
    const f = this.field(name);
    if (!f) return fallback;
    const s = this.scalarOf(f, 'true or false');
    if (!s) return fallback;
    const t = s.text.toLowerCase();
    if (t === 'true' || t === 't' || t === '1') return true;
    if (t === 'false' || t === 'f' || t === '0') return false;
    this.bad(f, 'true or false');
    return fallback;
  }

  /** A sub-message (`convolution_param { ... }`), as Fields (empty when absent). */
  sub(name: string): Fields {
    const f = this.field(name);
    if (f && f.value.kind !== 'message') this.bad(f, 'a message { ... }');
    const m = f?.value.kind === 'message' ? f.value : undefined;
    return new Fields(m, this.diagnostics, f?.span ?? this.where, `${name} of ${this.label}`);
  }

  subs(name: string): Fields[] {
    return this.all(name).map((f) => {
      if (f.value.kind !== 'message') this.bad(f, 'a message { ... }');
      return new Fields(f.value.kind === 'message' ? f.value : undefined, this.diagnostics, f.span, `${name} of ${this.label}`);
    });
  }

  /** An RL703 at the field (or at the message when absent): a required field is missing or wrong. */
  fail(name: string, message: string): void {
    const f = this.field(name);
    this.diagnostics.push(diag('RL703', f ? (f.value.kind === 'scalar' ? f.value.span : f.nameSpan) : this.where, `${this.label}: ${message}`));
  }
}
