// Recursive-descent parser of the model language. `parse(text)` never throws: it returns the tree
// and the diagnostics. A statement ends at a line break outside brackets; after the first error in
// a statement the rest of its line is skipped, so one bad line gives one diagnostic and the next
// line is read as usual. Every loop consumes at least one token, so the parser always finishes.
import { diag } from '../diagnostics/catalogue';
import { DiagnosticList } from '../diagnostics/limitDiagnostics';
import type { Diagnostic } from '../diagnostics/types';
import type * as A from './ast';
import { layerLimit, LIMITS, moreThanLayers } from '../limits';
import { Lexer } from './lexer';
import { KEYWORD_LIST, type Keyword, type Token, type TokenKind } from './tokens';

/** The reserved words that cannot start an expression: all but the literals, `not`, `if`, and
 *  `level` (a hardware block's word, read as a name elsewhere). */
const EXPRESSION_WORDS: readonly Keyword[] = ['true', 'false', 'not', 'if', 'level'];
const NOT_AN_EXPRESSION: ReadonlySet<string> = new Set(KEYWORD_LIST.filter((k) => !EXPRESSION_WORDS.includes(k)));

export interface ParseResult {
  file: A.SourceFile;
  diagnostics: Diagnostic[];
}

/** Statements read again from the middle of a body: where the reading stopped, and what it found. */
export interface StatementsResult {
  statements: A.Statement[];
  diagnostics: Diagnostic[];
  /** The token the reading stopped at: the one `stop` accepted, or a `}`, a top-level item, the end. */
  stoppedAt: Token;
  /** True when `stop` accepted the token (false: the body ended first). */
  stopped: boolean;
}

/** Items read again from the middle of a file (as StatementsResult; stopped false: at the end). */
export interface ItemsResult {
  items: A.Item[];
  diagnostics: Diagnostic[];
  stopped: boolean;
}

/**
 * Reads top-level items from offset `start` (the start of an item that begins a line, or just after
 * an item's closing brace: `lineBreak` false), as parse would from there, until `stop` accepts a
 * token at the top of its loop or the file ends.
 */
export function reparseItems(text: string, start: number, lineBreak: boolean, stop: (t: Token) => boolean): ItemsResult {
  const lexer = new Lexer(text, start, lineBreak);
  const parser = new Parser(lexer);
  const items: A.Item[] = [];
  let stopped = false;
  parser.items(items, (t) => (stopped = stop(t)));
  return { items, diagnostics: problemsOf(lexer, parser), stopped };
}

/**
 * Reads the statements of a body from offset `start` (the start of a statement that begins a
 * line), as parseBody would from there, until `stop` accepts a token at the top of its loop or the
 * body ends. For incremental/reparse.ts, which splices them into the tree of the text before an edit.
 */
export function reparseStatements(text: string, start: number, stop: (t: Token) => boolean): StatementsResult {
  const lexer = new Lexer(text, start, true);
  const parser = new Parser(lexer);
  const statements: A.Statement[] = [];
  let stopped = false;
  parser.statements(statements, (t) => (stopped = stop(t)));
  return { statements, diagnostics: problemsOf(lexer, parser), stoppedAt: parser.current, stopped };
}

export function parse(text: string): ParseResult {
  const lexer = new Lexer(text);
  const parser = new Parser(lexer);
  const file = parser.parseFile(text.length);
  return { file, diagnostics: problemsOf(lexer, parser) };
}

/** The lexer's and the parser's problems in position order, each list with its RL109 summary past its cap. */
function problemsOf(lexer: Lexer, parser: Parser): Diagnostic[] {
  return [...lexer.diagnostics.all(), ...parser.diagnostics.all()].sort((a, b) => a.span.start - b.span.start);
}

const COMPARISONS = new Set<TokenKind>(['<', '>', '<=', '>=', '==', '!=']);
/** Depth of an expression tree (brackets, calls, unary operators, chains of binary operators). */
const MAX_NESTING = LIMITS.expressionDepth;

/**
 * A list at its exact length. An array grown by push keeps room for more (16 slots from the first
 * push), and the tree of a large file keeps hundreds of thousands of short lists (call arguments).
 */
function exact<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of file';
  if (t.kind === 'string') return 'a string';
  return `'${t.text}'`;
}

class Parser {
  readonly diagnostics = new DiagnosticList();
  private pos = 0;
  /** True after an error in the current statement: further errors are not reported. */
  private inError = false;
  private nesting = 0;
  /** Lists that reached the layer limit (`keep`). */
  private readonly full = new WeakSet<object>();

  /** The current token (kept in a field: the parser reads it at every step). */
  private tok: Token;
  /** Tokens after the current one, pulled by `peek` but not consumed yet (at most two: `peek(2)`). */
  private readonly ahead: Token[] = [];
  /** The last token consumed. */
  private prev: Token | undefined;

  constructor(private readonly lexer: Lexer) {
    this.tok = lexer.next();
  }

  // ---- token helpers -------------------------------------------------------------------------

  /** The k-th token after the current one (k >= 1); the end of file repeats. */
  private peek(k = 1): Token {
    while (this.ahead.length < k) {
      const last = this.ahead.length > 0 ? this.ahead[this.ahead.length - 1] : this.tok;
      this.ahead.push(last.kind === 'eof' ? last : this.lexer.next());
    }
    return this.ahead[k - 1];
  }
  /** Consumes the current token (not the end of file); `pos` counts the tokens consumed. */
  private next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') {
      this.tok = this.ahead.length > 0 ? (this.ahead.shift() as Token) : this.lexer.next();
      this.prev = t;
      this.pos++;
    }
    return t;
  }
  private at(kind: TokenKind, text?: string): boolean {
    return this.tok.kind === kind && (text === undefined || this.tok.text === text);
  }
  private atWord(word: string): boolean {
    return this.tok.kind === 'ident' && this.tok.text === word;
  }
  private eat(kind: TokenKind, text?: string): Token | undefined {
    return this.at(kind, text) ? this.next() : undefined;
  }
  /** True at a statement boundary: a new line, a closing brace, a semicolon or the end. */
  private atStatementEnd(): boolean {
    return this.tok.nl || this.at('}') || this.at(';') || this.at('eof');
  }
  private prevEnd(): number {
    return this.prev ? this.prev.end : 0;
  }

  private error(expected: string, t: Token = this.tok): void {
    if (this.inError) return;
    this.inError = true;
    // The lexer has already reported a bad character or number: one diagnostic is enough.
    if (t.kind === 'error') return;
    this.diagnostics.push(diag('RL103', { start: t.start, end: Math.max(t.end, t.start + (t.kind === 'eof' ? 0 : 1)) }, expected, describe(t)));
  }
  private report(d: Diagnostic): void {
    if (this.inError) return;
    this.inError = true;
    this.diagnostics.push(d);
  }

  private expect(kind: TokenKind, what: string = `'${kind}'`): Token | undefined {
    const t = this.eat(kind);
    if (!t) this.error(what);
    return t;
  }

  /**
   * Skips the rest of a broken statement: up to the next line break outside braces, or a `}`.
   * Stops at once when already at the start of a line (callers guarantee progress themselves).
   */
  private sync(): void {
    let braces = 0;
    while (!this.at('eof')) {
      if (this.tok.nl && braces <= 0) break;
      if (this.at('{')) braces++;
      if (this.at('}')) {
        if (braces <= 0) break;
        braces--;
      }
      this.next();
    }
    this.inError = false;
  }

  private endStatement(): void {
    if (this.inError) {
      this.sync();
      return;
    }
    if (this.eat(';')) return;
    if (!this.atStatementEnd()) {
      this.error('end of line');
      this.sync();
    }
  }

  /**
   * A target name, which may hold dashes and dots written without spaces (`zhang15-vc707`,
   * `a100-sxm-80gb`): the adjacent tokens are joined into one name.
   */
  private targetName(): A.Name {
    const first = this.next();
    let text = first.text;
    let end = first.end;
    while ((this.at('-') || this.at('.')) && this.tok.start === end && (this.peek().kind === 'ident' || this.peek().kind === 'number') && this.peek().start === this.tok.end) {
      text += this.next().text;
      const part = this.next();
      text += part.text;
      end = part.end;
      // A part such as `80gb` lexes as a number and a word: join the word too.
      while (this.at('ident') && this.tok.start === end) {
        text += this.tok.text;
        end = this.next().end;
      }
    }
    return { kind: 'name', text, start: first.start, end };
  }

  /** `fp16`, or `int4/fp16/int8` (weights/activations/kv) as one name whose text keeps the slashes. */
  private precisionRoles(): A.Name {
    const first = this.next();
    let text = first.text;
    let end = first.end;
    while (this.at('/') && this.peek().kind === 'ident') {
      this.next();
      const part = this.next();
      text += `/${part.text}`;
      end = part.end;
    }
    return { kind: 'name', text, start: first.start, end };
  }

  private name(t: Token): A.Name {
    return { kind: 'name', text: t.text, start: t.start, end: t.end };
  }
  private expectName(what: string): A.Name | undefined {
    if (this.at('ident')) return this.name(this.next());
    this.error(what);
    return undefined;
  }

  // ---- file and top-level items --------------------------------------------------------------

  /**
   * Adds a parsed node to a list unless the list holds the layer limit already (core/limits.ts):
   * past it, statements and items are still read, so that the errors and the end of the body are
   * found, but not kept (one RL215 says so), so that the tree of a huge file stays bounded.
   */
  private keep<T extends A.Node>(list: T[], node: T, what: string): void {
    if (this.full.has(list)) return;
    if (list.length < layerLimit()) {
      list.push(node);
      return;
    }
    this.full.add(list);
    this.diagnostics.push(diag('RL215', { start: node.start, end: node.start }, `${moreThanLayers(what)}: the rest is not analysed`));
  }

  parseFile(length: number): A.SourceFile {
    const items: A.Item[] = [];
    this.items(items);
    return { kind: 'file', items, start: 0, end: length };
  }

  /** The file's top-level items, up to its end or a token at which `stop` says to stop (reparseItems). */
  items(items: A.Item[], stop?: (t: Token) => boolean): void {
    while (!this.at('eof')) {
      if (stop?.(this.tok)) return;
      const before = this.pos;
      const item = this.parseItem();
      if (item) this.keep(items, item, 'top-level items');
      if (this.pos === before) {
        this.error('model, block, hardware, use or param');
        this.next();
        this.sync();
      }
      this.inError = false;
    }
  }

  private parseItem(): A.Item | undefined {
    if (this.eat(';')) return undefined;
    if (this.atWord('use')) return this.parseUse();
    if (this.atWord('model')) return this.parseModel();
    if (this.atWord('block')) return this.parseBlock();
    if (this.atWord('hardware')) return this.parseHardware();
    if (this.atWord('param')) {
      const p = this.parseParam();
      this.endStatement();
      return p;
    }
    if (this.at('}')) {
      this.error('model, block, hardware, use or param');
      this.next();
      this.inError = false;
      return undefined;
    }
    const t = this.tok;
    if (t.kind === 'ident' && (this.peek().kind === '=' || this.peek().kind === 'ident' || this.peek().kind === ':')) {
      this.report(diag('RL106', { start: t.start, end: t.end }, `'${t.text}' must be inside a model or block (top level holds model, block, hardware, use and param)`));
    } else this.error('model, block, hardware, use or param');
    this.next();
    this.sync();
    return undefined;
  }

  /** `tp=8 pp=2`: the rest of the statement as one name whose text is the source's (offsets kept). */
  private planText(): A.Name {
    const first = this.tok;
    let text = '';
    let end = first.start;
    while (!this.atStatementEnd()) {
      const t = this.next();
      text += ' '.repeat(Math.max(0, t.start - end)) + t.text;
      end = t.end;
    }
    return { kind: 'name', text, start: first.start, end };
  }

  private parseUse(): A.UseDecl {
    const kw = this.next();
    const what = this.expectName("'target', 'precision' or 'parallel'");
    const node: A.UseDecl = { kind: 'use', what: what ?? { kind: 'name', text: '', start: kw.end, end: kw.end }, start: kw.start, end: this.prevEnd() };
    if (what && what.text !== 'target' && what.text !== 'precision' && what.text !== 'parallel') {
      this.report(diag('RL103', what, "'target', 'precision' or 'parallel'", `'${what.text}'`));
    } else if (what?.text === 'parallel') {
      if (this.atStatementEnd()) this.error('a plan such as tp=8 pp=2');
      else node.value = this.planText();
    } else if (what) {
      if (this.at('ident')) node.value = what.text === 'precision' ? this.precisionRoles() : this.targetName();
      else if (this.at('string')) {
        const s = this.next();
        node.value = { kind: 'string', value: s.text, start: s.start, end: s.end };
      } else this.error(what.text === 'target' ? 'a target name' : 'a precision');
    }
    node.end = this.prevEnd();
    this.endStatement();
    return node;
  }

  private parseModel(): A.ModelDecl {
    const kw = this.next();
    const name = this.expectName('a model name') ?? { kind: 'name', text: '', start: kw.end, end: kw.end };
    const body = this.parseBody();
    return { kind: 'model', name, body, start: kw.start, end: this.prevEnd() };
  }

  private parseBlock(): A.BlockDecl {
    const kw = this.next();
    const name = this.expectName('a block name') ?? { kind: 'name', text: '', start: kw.end, end: kw.end };
    const params: A.BlockParam[] = [];
    if (this.expect('(', "'(' and the block's parameters")) {
      while (!this.at(')') && !this.at('eof') && !this.at('{')) {
        const before = this.pos;
        const pname = this.expectName('a parameter name');
        if (pname) {
          const p: A.BlockParam = { name: pname, start: pname.start, end: pname.end };
          if (this.eat('=')) {
            p.default = this.parseExpr();
            p.end = p.default.end;
          }
          params.push(p);
        }
        if (!this.eat(',')) break;
        if (this.pos === before) this.next();
      }
      if (!this.eat(')')) this.error("')'");
    }
    if (this.inError) {
      // Skip to the body so that the block's statements are still read.
      while (!this.at('{') && !this.at('eof') && !(this.tok.nl && this.atWord('model'))) this.next();
      this.inError = false;
    }
    const body = this.parseBody();
    return { kind: 'block', name, params, body, start: kw.start, end: this.prevEnd() };
  }

  /** `{ statement* }`; a missing `}` is reported at the opening brace. */
  private parseBody(): A.Statement[] {
    const body: A.Statement[] = [];
    const open = this.eat('{');
    if (!open) {
      this.error("'{'");
      this.sync();
      return body;
    }
    this.inError = false;
    this.statements(body);
    if (!this.eat('}')) {
      this.inError = false;
      this.report(diag('RL104', { start: open.start, end: open.end }, "'{'"));
      this.inError = false;
    }
    return body;
  }

  /**
   * The statements of a body, up to its `}`, the end of the file, a top-level item (a body left
   * open), or a token at which `stop` says to stop (re-reading part of a body: reparseStatements).
   */
  statements(body: A.Statement[], stop?: (t: Token) => boolean): void {
    while (!this.at('}') && !this.at('eof')) {
      if (stop?.(this.tok)) return;
      if (this.tok.nl && (this.atWord('model') || this.atWord('block') || this.atWord('hardware')) && this.peek().kind === 'ident' && this.peek(2).kind !== '=') {
        // A top-level item inside an unclosed body: the body ends here.
        break;
      }
      const before = this.pos;
      const stmt = this.parseStatement();
      if (stmt) this.keep(body, stmt, 'statements in one body');
      if (this.pos === before) {
        this.error('a statement');
        this.next();
        this.sync();
      }
      this.inError = false;
    }
  }

  /** The token the parser is at. */
  get current(): Token {
    return this.tok;
  }

  private parseStatement(): A.Statement | undefined {
    if (this.eat(';')) return undefined;
    const t = this.tok;
    let stmt: A.Statement | undefined;
    if (this.atWord('param')) stmt = this.parseParam();
    else if (this.atWord('input')) stmt = this.parseInput();
    else if (this.atWord('output')) stmt = this.parseOutput();
    else if (this.atWord('return')) {
      this.next();
      const value = this.parseExpr();
      const annotations = this.parseAnnotations();
      stmt = { kind: 'return', value, annotations, start: t.start, end: this.prevEnd() };
    } else if (t.kind === 'ident' && (this.peek().kind === '=' || this.peek().kind === ',')) stmt = this.parseBind();
    else {
      if (t.kind === 'ident' && !t.nl) this.error('a new line');
      else this.error('a statement (name = layer, input, output, param or return)');
      this.sync();
      return undefined;
    }
    this.endStatement();
    return stmt;
  }

  private parseParam(): A.ParamStmt {
    const kw = this.next();
    const items: A.ParamItem[] = [];
    do {
      const name = this.expectName('a parameter name');
      if (!name) break;
      if (!this.expect('=', "'=' and the parameter's value")) break;
      const value = this.parseExpr();
      items.push({ name, value, start: name.start, end: value.end });
    } while (this.eat(','));
    return { kind: 'param', items: exact(items), start: kw.start, end: this.prevEnd() };
  }

  private parseInput(): A.InputStmt | undefined {
    const kw = this.next();
    const name = this.expectName('an input name');
    if (!name) return undefined;
    if (!this.expect(':', "':' and the input's shape")) return undefined;
    const open = this.tok;
    if (!this.at('[')) {
      this.error("a shape such as [1, 3, 224, 224]");
      return undefined;
    }
    const shape = this.parseList();
    const stmt: A.InputStmt = { kind: 'input', name, shape, start: kw.start, end: shape.end };
    if (open && this.at('ident') && !this.tok.nl) {
      stmt.precision = this.name(this.next());
      stmt.end = stmt.precision.end;
    }
    return stmt;
  }

  private parseOutput(): A.OutputStmt {
    const kw = this.next();
    let name: A.Name | undefined;
    if (this.at('ident') && this.peek().kind === '=') {
      name = this.name(this.next());
      this.next();
    }
    const value = this.parseExpr();
    const annotations = this.parseAnnotations();
    const stmt: A.OutputStmt = { kind: 'output', value, annotations, start: kw.start, end: this.prevEnd() };
    if (name) stmt.name = name;
    return stmt;
  }

  private parseBind(): A.BindStmt {
    const names: A.Name[] = [this.name(this.next())];
    while (this.eat(',')) {
      const n = this.expectName('a name');
      if (!n) break;
      names.push(n);
    }
    this.expect('=', "'='");
    const value = this.inError ? this.errorExpr() : this.parseExpr();
    const annotations = this.parseAnnotations();
    return { kind: 'bind', names, value, annotations, start: names[0].start, end: this.prevEnd() };
  }

  private parseAnnotations(): A.Annotation[] {
    const out: A.Annotation[] = [];
    while (this.at('@') && !this.tok.nl) {
      const at = this.next();
      // The name must follow on the same line: a lone `@` at a line end does not eat the next line.
      const name = this.tok.nl ? undefined : this.expectName('an annotation name after @');
      if (!name) {
        if (this.tok.nl) this.report(diag('RL103', at, 'an annotation name after @', 'end of line'));
        break;
      }
      let args: A.Arg[] = [];
      if (this.at('(') && !this.tok.nl) args = this.parseArgs(this.next());
      out.push({ kind: 'annotation', name, args, start: at.start, end: this.prevEnd() });
    }
    return out;
  }

  // ---- hardware blocks -----------------------------------------------------------------------

  private parseHardware(): A.HardwareDecl {
    const kw = this.next();
    const name = this.expectName('a hardware name') ?? { kind: 'name', text: '', start: kw.end, end: kw.end };
    const decl: A.HardwareDecl = { kind: 'hardware', name, fields: [], levels: [], start: kw.start, end: kw.end };
    if (!this.inError && this.eat('=')) {
      if (this.at('ident')) decl.base = this.targetName();
      else this.error('the name of a catalog target to start from');
    }
    const open = this.eat('{');
    if (!open) {
      this.error("'{'");
      this.sync();
      decl.end = this.prevEnd();
      return decl;
    }
    this.inError = false;
    this.parseHwFields(decl.fields, decl.levels);
    if (!this.eat('}')) this.report(diag('RL104', { start: open.start, end: open.end }, "'{'"));
    this.inError = false;
    decl.end = this.prevEnd();
    return decl;
  }

  private parseHwFields(fields: A.HwField[], levels: A.HwLevel[] | undefined): void {
    while (!this.at('}') && !this.at('eof')) {
      const before = this.pos;
      if (this.eat(';')) continue;
      if (levels && this.atWord('level') && this.peek().kind === 'ident' && this.peek(2).kind === '{') {
        const kw = this.next();
        const name = this.name(this.next());
        const open = this.next();
        const level: A.HwLevel = { kind: 'level', name, fields: [], start: kw.start, end: kw.end };
        this.parseHwFields(level.fields, undefined);
        if (!this.eat('}')) this.report(diag('RL104', { start: open.start, end: open.end }, "'{'"));
        level.end = this.prevEnd();
        levels.push(level);
        this.inError = false;
        continue;
      }
      const field = this.parseHwField();
      if (field) fields.push(field);
      this.endStatement();
      if (this.pos === before) {
        this.next();
        this.sync();
      }
      this.inError = false;
    }
  }

  private parseHwField(): A.HwField | undefined {
    const key = this.expectName('a hardware field such as clock, bandwidth, buffer or peak');
    if (!key) return undefined;
    const field: A.HwField = { kind: 'hwfield', key, start: key.start, end: key.end };
    if (this.at('ident') && !this.tok.nl) field.qualifier = this.name(this.next());
    if (!this.expect('=', "'='")) return field;
    const t = this.tok;
    if (t.kind === 'number' || (t.kind === '-' && this.peek().kind === 'number')) {
      const neg = this.eat('-') !== undefined;
      const num = this.next();
      const value: A.HwValue = { kind: 'quantity', value: (neg ? -1 : 1) * (num.value ?? 0), start: t.start, end: num.end };
      if (this.at('ident') && !this.tok.nl) {
        const u = this.next();
        let unitText = u.text;
        let unitEnd = u.end;
        // Units such as GB/s, TFLOP/s, op/B: a word, a slash, a word, written without spaces.
        if (this.at('/') && this.tok.start === unitEnd && this.peek().kind === 'ident' && this.peek().start === this.tok.end) {
          this.next();
          const d = this.next();
          unitText += '/' + d.text;
          unitEnd = d.end;
        }
        value.unit = { kind: 'name', text: unitText, start: u.start, end: unitEnd };
        value.end = unitEnd;
      }
      field.value = value;
    } else if (t.kind === 'ident') {
      const w = this.name(this.next());
      field.value = { kind: 'word', word: w, start: w.start, end: w.end };
    } else if (t.kind === '(') {
      const open = this.next();
      const items: { key: A.Name; value: number; start: number; end: number }[] = [];
      while (!this.at(')') && !this.atStatementEnd()) {
        const k = this.expectName('a factor name such as m or n');
        if (!k || !this.expect(':', "':'")) break;
        const v = this.eat('number');
        if (!v) {
          this.error('a number');
          break;
        }
        items.push({ key: k, value: v.value ?? 0, start: k.start, end: v.end });
        if (!this.eat(',')) break;
      }
      if (!this.inError && !this.eat(')')) this.error("')'");
      field.value = { kind: 'factors', items, start: open.start, end: this.prevEnd() };
    } else {
      this.error('a value such as 100 MHz, 4.5 GB/s, fpga or (m: 64, n: 7)');
    }
    field.end = this.prevEnd();
    return field;
  }

  // ---- expressions ---------------------------------------------------------------------------

  private errorExpr(): A.ErrorExpr {
    const t = this.tok;
    return { kind: 'error', start: t.start, end: t.start };
  }

  /**
   * Enters one more level of the expression tree; false, with one RL215, past the depth limit. Every
   * construct that deepens the tree goes through it (a bracket, a call, a unary operator, each link
   * of a chain of binary operators or indexes), so no input can make the parser, the evaluator or
   * the editor's tree walkers recurse deeper than about twice the limit.
   */
  private descend(): boolean {
    if (this.nesting >= MAX_NESTING) {
      this.report(diag('RL215', { start: this.tok.start, end: this.tok.end }, `expression nested more than ${MAX_NESTING} deep`));
      return false;
    }
    this.nesting++;
    return true;
  }

  parseExpr(): A.Expr {
    if (!this.descend()) return this.errorExpr();
    try {
      if (this.atWord('if')) return this.parseIf();
      return this.leaf() ?? this.parseOr();
    } finally {
      this.nesting--;
    }
  }

  /**
   * A lone number or name before ',', ')' or ']' (most call arguments), read without descending
   * through the operator levels: none of them can apply. Undefined for anything else.
   */
  private leaf(): A.Expr | undefined {
    const t = this.tok;
    if (t.kind !== 'number' && (t.kind !== 'ident' || t.text === 'not' || NOT_AN_EXPRESSION.has(t.text))) return undefined;
    const after = this.peek().kind;
    if (after !== ',' && after !== ')' && after !== ']') return undefined;
    return this.parsePrimary();
  }

  /** Parses a left-associative chain: `operand (op operand)*`, one level deeper per link. */
  private chain(operand: () => A.Expr, op: () => A.Binary['op'] | undefined): A.Expr {
    let left = operand();
    const base = this.nesting;
    try {
      for (let o = op(); o !== undefined; o = op()) {
        if (!this.descend()) break;
        this.next();
        const right = operand();
        left = { kind: 'binary', op: o, left, right, start: left.start, end: right.end };
      }
    } finally {
      this.nesting = base;
    }
    return left;
  }

  private parseIf(): A.Expr {
    const kw = this.next();
    const cond = this.parseExpr();
    if (!this.atWord('then')) {
      this.error("'then'");
      return { kind: 'if', cond, then: this.errorExpr(), else: this.errorExpr(), start: kw.start, end: this.prevEnd() };
    }
    this.next();
    const then = this.parseExpr();
    if (!this.atWord('else')) {
      this.error("'else' (an if needs both branches)");
      return { kind: 'if', cond, then, else: this.errorExpr(), start: kw.start, end: this.prevEnd() };
    }
    this.next();
    const otherwise = this.parseExpr();
    return { kind: 'if', cond, then, else: otherwise, start: kw.start, end: otherwise.end };
  }

  private parseOr(): A.Expr {
    return this.chain(() => this.parseAnd(), () => (this.atWord('or') ? 'or' : undefined));
  }

  private parseAnd(): A.Expr {
    return this.chain(() => this.parseNot(), () => (this.atWord('and') ? 'and' : undefined));
  }

  private parseNot(): A.Expr {
    if (this.atWord('not')) {
      const kw = this.next();
      if (!this.descend()) return this.errorExpr();
      try {
        const operand = this.parseNot();
        return { kind: 'unary', op: 'not', operand, start: kw.start, end: operand.end };
      } finally {
        this.nesting--;
      }
    }
    return this.parseComparison();
  }

  private parseComparison(): A.Expr {
    return this.chain(() => this.parseAdditive(), () => (COMPARISONS.has(this.tok.kind) ? (this.tok.kind as A.Binary['op']) : undefined));
  }

  private parseAdditive(): A.Expr {
    return this.chain(() => this.parseMultiplicative(), () => ((this.at('+') || this.at('-')) && !this.tok.nl ? (this.tok.kind as '+' | '-') : undefined));
  }

  private parseMultiplicative(): A.Expr {
    return this.chain(
      () => this.parseUnary(),
      () => ((this.at('*') || this.at('/') || this.at('//') || this.at('%')) && !this.tok.nl ? (this.tok.kind as '*' | '/' | '//' | '%') : undefined),
    );
  }

  private parseUnary(): A.Expr {
    if (this.at('-')) {
      const t = this.next();
      if (!this.descend()) return this.errorExpr();
      try {
        const operand = this.parseUnary();
        return { kind: 'unary', op: '-', operand, start: t.start, end: operand.end };
      } finally {
        this.nesting--;
      }
    }
    return this.parsePostfix();
  }

  private parsePostfix(): A.Expr {
    let e = this.parsePrimary();
    const base = this.nesting;
    try {
      while (this.at('[') && !this.tok.nl && e.kind !== 'error') {
        if (!this.descend()) break;
        this.next();
        const index = this.parseExpr();
        if (!this.eat(']')) this.error("']'");
        e = { kind: 'index', target: e, index, start: e.start, end: this.prevEnd() };
      }
    } finally {
      this.nesting = base;
    }
    return e;
  }

  private parsePrimary(): A.Expr {
    const t = this.tok;
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'number', value: t.value ?? 0, start: t.start, end: t.end };
      case 'string':
        this.next();
        return { kind: 'string', value: t.text, start: t.start, end: t.end };
      case '(': {
        this.next();
        const inner = this.parseExpr();
        if (!this.eat(')')) this.closeMissing(t, "')'");
        return inner;
      }
      case '[':
        return this.parseList();
      case 'ident': {
        if (t.text === 'true' || t.text === 'false') {
          this.next();
          return { kind: 'bool', value: t.text === 'true', start: t.start, end: t.end };
        }
        if (NOT_AN_EXPRESSION.has(t.text)) {
          this.error('an expression');
          return this.errorExpr();
        }
        const name = this.name(this.next());
        if (this.at('(') && !this.tok.nl) {
          const args = this.parseArgs(this.next());
          return { kind: 'call', callee: name, args, start: name.start, end: this.prevEnd() };
        }
        return name;
      }
      default:
        this.error('an expression');
        return this.errorExpr();
    }
  }

  /** Reports a bracket left open (the next token starts a new line) or a wrong token. */
  private closeMissing(open: Token, what: string): void {
    if (this.tok.nl || this.at('eof')) this.report(diag('RL104', { start: open.start, end: open.end }, `'${open.text}'`));
    else this.error(what);
  }

  private parseList(): A.ListExpr {
    const open = this.next();
    const items: A.Expr[] = [];
    while (!this.at(']') && !this.at('eof') && !this.inError) {
      items.push(this.parseExpr());
      if (!this.eat(',')) break;
    }
    if (!this.eat(']')) this.closeMissing(open, "']'");
    return { kind: 'list', items: exact(items), start: open.start, end: this.prevEnd() };
  }

  /** Arguments after an opening parenthesis: positional and `name=value`, up to `)`. */
  private parseArgs(open: Token): A.Arg[] {
    const args: A.Arg[] = [];
    while (!this.at(')') && !this.at('eof') && !this.inError) {
      if (this.at('ident') && this.peek().kind === '=') {
        const name = this.name(this.next());
        this.next();
        // `@tile(..., order=output)`: the reserved word `output` is a plain word there.
        const word = name.text === 'order' && this.at('ident') && this.tok.text === 'output' && (this.peek().kind === ',' || this.peek().kind === ')');
        const value: A.Expr = word ? this.name(this.next()) : this.parseExpr();
        args.push({ name, value, start: name.start, end: value.end });
      } else {
        const value = this.parseExpr();
        args.push({ value, start: value.start, end: value.end });
      }
      if (!this.eat(',')) break;
    }
    if (!this.eat(')')) this.closeMissing(open, "')' or ','");
    return exact(args);
  }
}
