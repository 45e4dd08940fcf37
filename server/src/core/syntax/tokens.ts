// Token kinds of the model language and the reserved words.

export type TokenKind =
  | 'ident'
  | 'number'
  | 'string'
  | 'eof'
  | '(' | ')' | '[' | ']' | '{' | '}'
  | ',' | '=' | ':' | '@' | '.' | ';'
  | '+' | '-' | '*' | '/' | '//' | '%'
  | '<' | '>' | '<=' | '>=' | '==' | '!='
  | 'error';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for strings: without the quotes). */
  text: string;
  start: number;
  end: number;
  /** True when a line break (or the start of the text) comes before this token. */
  nl: boolean;
  /** Numeric value of a number token. */
  value?: number;
}

export const KEYWORDS = new Set([
  'model', 'block', 'input', 'output', 'param', 'return', 'hardware', 'use',
  'if', 'then', 'else', 'and', 'or', 'not', 'true', 'false', 'level',
]);
