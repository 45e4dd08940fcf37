// Prints a syntax tree as indented text, one node a line with its kind, offsets and key fields,
// for golden parse-tree files.
import type * as A from '../../server/src/core/syntax/ast';

type Printable = { kind?: string; start: number; end: number } & Record<string, unknown>;

function isNode(v: unknown): v is Printable {
  return typeof v === 'object' && v !== null && typeof (v as Printable).start === 'number' && typeof (v as Printable).end === 'number';
}

export function printTree(file: A.SourceFile): string {
  const out: string[] = [];
  const visit = (node: Printable, label: string, depth: number) => {
    const pad = '  '.repeat(depth);
    const scalars: string[] = [];
    const children: [string, Printable][] = [];
    for (const [k, v] of Object.entries(node)) {
      if (k === 'kind' || k === 'start' || k === 'end') continue;
      if (isNode(v)) children.push([k, v]);
      else if (Array.isArray(v)) v.forEach((item, i) => (isNode(item) ? children.push([`${k}[${i}]`, item]) : scalars.push(`${k}[${i}]=${JSON.stringify(item)}`)));
      else if (v !== undefined) scalars.push(`${k}=${JSON.stringify(v)}`);
    }
    out.push(`${pad}${label}${node.kind ?? 'item'} ${node.start}..${node.end}${scalars.length ? ' ' + scalars.join(' ') : ''}`);
    for (const [k, c] of children) visit(c, `${k}: `, depth + 1);
  };
  visit(file as unknown as Printable, '', 0);
  return out.join('\n') + '\n';
}
