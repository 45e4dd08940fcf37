// Documentation text read from the operator table, the builtins and block declarations: one-line
// signatures and argument descriptions, shared by hover and completion.
import type { ArgSpec, ast as A, OpSpec } from '../core';

function formatDefault(d: NonNullable<ArgSpec['default']>): string {
  return Array.isArray(d) ? `[${d.join(', ')}]` : String(d);
}

/** One argument as shown in a signature: `x`, `xs...`, `out?`, `stride=1`. */
export function argSignature(a: ArgSpec): string {
  if (a.kind === 'tensors' && !a.keywordOnly) return `${a.name}...`;
  if (a.default !== undefined) return `${a.name}=${formatDefault(a.default)}`;
  if (a.optional) return `${a.name}?`;
  return a.name;
}

/** `conv2d(x, out?, kernel, stride=1, ...)`. */
export function operatorSignature(spec: OpSpec): string {
  return `${spec.name}(${spec.args.map(argSignature).join(', ')})`;
}

/** Short detail of an argument: its kind, choices, default and whether it is required. */
export function argDetail(a: ArgSpec): string {
  const kind = a.choices ? a.choices.join(' | ') : a.kind;
  const parts = [kind];
  if (a.default !== undefined) parts.push(`default ${formatDefault(a.default)}`);
  else if (a.optional) parts.push('optional');
  else parts.push('required');
  if (a.keywordOnly) parts.push('keyword only');
  return parts.join(', ');
}

/** Markdown description of one argument of an operator. */
export function argMarkdown(spec: OpSpec, a: ArgSpec): string {
  return `**${spec.name}** argument \`${argSignature(a)}\`: ${a.doc}  \n*${argDetail(a)}*`;
}

/** The whole argument list of an operator as a Markdown bullet list. */
export function argListMarkdown(spec: OpSpec): string {
  return spec.args.map((a) => `- \`${argSignature(a)}\`: ${a.doc}`).join('\n');
}

/** `block bottleneck(x, mid, out, stride = 1)`, from the declaration's own text. */
export function blockSignature(decl: A.BlockDecl, text: string): string {
  const params = decl.params.map((p) => (p.default ? `${p.name.text} = ${text.slice(p.default.start, p.default.end)}` : p.name.text));
  return `block ${decl.name.text}(${params.join(', ')})`;
}
