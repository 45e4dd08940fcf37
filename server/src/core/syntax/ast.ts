// The syntax tree of a model file. Every node carries the character offsets [start, end) of the
// source it was read from, so that hovers, diagnostics and plot points point at exact text.

export interface Node {
  start: number;
  end: number;
}

export interface Name extends Node {
  kind: 'name';
  text: string;
}

export interface NumberLit extends Node {
  kind: 'number';
  value: number;
}

export interface StringLit extends Node {
  kind: 'string';
  value: string;
}

export interface BoolLit extends Node {
  kind: 'bool';
  value: boolean;
}

export interface Arg extends Node {
  /** Keyword name, for `name=value`; absent for positional arguments. */
  name?: Name;
  value: Expr;
}

export interface Call extends Node {
  kind: 'call';
  callee: Name;
  args: Arg[];
}

export interface ListExpr extends Node {
  kind: 'list';
  items: Expr[];
}

export interface Binary extends Node {
  kind: 'binary';
  op: '+' | '-' | '*' | '/' | '//' | '%' | '<' | '>' | '<=' | '>=' | '==' | '!=' | 'and' | 'or';
  left: Expr;
  right: Expr;
}

export interface Unary extends Node {
  kind: 'unary';
  op: '-' | 'not';
  operand: Expr;
}

export interface IfExpr extends Node {
  kind: 'if';
  cond: Expr;
  then: Expr;
  else: Expr;
}

export interface Index extends Node {
  kind: 'index';
  target: Expr;
  index: Expr;
}

/** Stands where an expression could not be read; a diagnostic has already been given. */
export interface ErrorExpr extends Node {
  kind: 'error';
}

export type Expr = Name | NumberLit | StringLit | BoolLit | Call | ListExpr | Binary | Unary | IfExpr | Index | ErrorExpr;

export interface Annotation extends Node {
  kind: 'annotation';
  name: Name;
  args: Arg[];
}

export interface ParamItem extends Node {
  name: Name;
  value: Expr;
}

export interface ParamStmt extends Node {
  kind: 'param';
  items: ParamItem[];
}

export interface InputStmt extends Node {
  kind: 'input';
  name: Name;
  shape: ListExpr;
  precision?: Name;
}

export interface BindStmt extends Node {
  kind: 'bind';
  /** One name, or several for an operator with several outputs (`a, b = split(x, 2)`). */
  names: Name[];
  value: Expr;
  annotations: Annotation[];
}

export interface OutputStmt extends Node {
  kind: 'output';
  name?: Name;
  value: Expr;
  annotations: Annotation[];
}

export interface ReturnStmt extends Node {
  kind: 'return';
  value: Expr;
  annotations: Annotation[];
}

export type Statement = ParamStmt | InputStmt | BindStmt | OutputStmt | ReturnStmt;

export interface UseDecl extends Node {
  kind: 'use';
  /** `target`, `precision` or `parallel` (whose value is the plan's text, `tp=8 pp=2`). */
  what: Name;
  value?: Name | StringLit;
}

export interface ModelDecl extends Node {
  kind: 'model';
  name: Name;
  body: Statement[];
}

export interface BlockParam extends Node {
  name: Name;
  default?: Expr;
}

export interface BlockDecl extends Node {
  kind: 'block';
  name: Name;
  params: BlockParam[];
  body: Statement[];
}

/** A number with its unit (`4.5 GB/s`), a word (`fpga`), or named factors (`(m: 64, n: 7)`). */
export type HwValue =
  | { kind: 'quantity'; value: number; unit?: Name; start: number; end: number }
  | { kind: 'word'; word: Name; start: number; end: number }
  | { kind: 'factors'; items: { key: Name; value: number; start: number; end: number }[]; start: number; end: number };

export interface HwField extends Node {
  kind: 'hwfield';
  key: Name;
  /** Second word of the key, e.g. the precision in `peak fp16 = ...`. */
  qualifier?: Name;
  value?: HwValue;
}

export interface HwLevel extends Node {
  kind: 'level';
  name: Name;
  fields: HwField[];
}

export interface HardwareDecl extends Node {
  kind: 'hardware';
  name: Name;
  base?: Name;
  fields: HwField[];
  levels: HwLevel[];
}

export type Item = UseDecl | ModelDecl | BlockDecl | HardwareDecl | ParamStmt;

export interface SourceFile extends Node {
  kind: 'file';
  items: Item[];
}
