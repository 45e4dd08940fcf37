// The TextMate grammar (syntaxes/nnm.tmLanguage.json) run by the real engine (vscode-textmate with
// vscode-oniguruma). Each fixture test/fixtures/grammar/<name>.nnm is dumped as text (every source
// line, then its tokens as `  'text' scope scope ...`, without `source.nnm` and without whitespace
// that carries only meta scopes) and compared with <name>.tokens (UPDATE_GOLDEN=1 rewrites them).
// Explicit checks of key tokens back the goldens up, so that a careless golden update cannot hide
// a wrong grammar; the grammar's lists of operators, builtins, precisions and reserved words are
// generated from the server's tables (scripts/grammar-names.ts) and must equal them. The last suite
// checks language-configuration.json.
// .mocharc.json adds every test file to a run; to rewrite only these goldens:
//   UPDATE_GOLDEN=1 npx mocha --no-config -r tsx/cjs --extension ts test/grammar.test.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { OPERATORS } from '../server/src/core/ops/table';
import { PRECISIONS } from '../server/src/core/precision';
import { BUILTINS } from '../server/src/core/semantics/builtins';
import { parse } from '../server/src/core/syntax/parser';
import { KEYWORD_LIST, KEYWORDS } from '../server/src/core/syntax/tokens';
import { renderGrammar } from '../scripts/grammar-names';
import { expectGolden } from './helpers/golden';

const ROOT = path.resolve(__dirname, '..');
const GRAMMAR_FILE = path.join(ROOT, 'syntaxes', 'nnm.tmLanguage.json');
const CONFIG_FILE = path.join(ROOT, 'language-configuration.json');
const FIXTURES = path.join(__dirname, 'fixtures', 'grammar');
const WASM_FILE = path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm');

// ---- the engine ----------------------------------------------------------------------------

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = fs.readFileSync(WASM_FILE);
    // loadWASM may be called again by other test files: it returns the first call's promise.
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === 'source.nnm' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE) : null,
    });
    const grammar = await registry.loadGrammar('source.nnm');
    if (!grammar) throw new Error('source.nnm did not load');
    return grammar;
  })();
  return grammarPromise;
}

interface Tok {
  text: string;
  /** Scopes without the root `source.nnm`, outermost first. */
  scopes: string[];
}

interface TokLine {
  text: string;
  tokens: Tok[];
}

async function tokenize(source: string): Promise<TokLine[]> {
  const grammar = await loadGrammar();
  let state = vsctm.INITIAL;
  const lines: TokLine[] = [];
  for (const text of source.replace(/\r\n?/g, '\n').split('\n')) {
    const result = grammar.tokenizeLine(text, state, 5000);
    assert.ok(!result.stoppedEarly, `tokenizing stopped early on: ${text}`);
    const tokens = result.tokens.map((t) => ({
      text: text.slice(t.startIndex, Math.min(t.endIndex, text.length)),
      scopes: t.scopes.filter((s) => s !== 'source.nnm'),
    }));
    lines.push({ text, tokens: tokens.filter((t) => t.text.length > 0) });
    state = result.ruleStack;
  }
  return lines;
}

/** Whitespace that carries nothing but meta scopes is left out of the dump. */
function isNoise(t: Tok): boolean {
  return t.text.trim() === '' && t.scopes.every((s) => s.startsWith('meta.'));
}

function dump(name: string, lines: TokLine[]): string {
  const width = String(lines.length).length;
  const out: string[] = [`# Tokens of ${name}.nnm by syntaxes/nnm.tmLanguage.json (test/grammar.test.ts; UPDATE_GOLDEN=1 rewrites).`];
  lines.forEach((line, i) => {
    out.push(`${String(i + 1).padStart(width)} | ${line.text}`.trimEnd());
    for (const t of line.tokens) {
      if (!isNoise(t)) out.push(`  '${t.text}' ${t.scopes.join(' ')}`.trimEnd());
    }
  });
  return out.join('\n') + '\n';
}

/** The scopes of the `nth` token whose text is `text` on the line that contains `lineMark`. */
function scopesAt(lines: TokLine[], lineMark: string, text: string, nth = 0): string[] {
  const line = lines.find((l) => l.text.includes(lineMark));
  assert.ok(line, `no line contains ${JSON.stringify(lineMark)}`);
  const matches = line.tokens.filter((t) => t.text === text);
  assert.ok(matches.length > nth, `no token ${JSON.stringify(text)} (#${nth}) on line ${JSON.stringify(line.text)}; tokens: ${line.tokens.map((t) => JSON.stringify(t.text)).join(' ')}`);
  return matches[nth].scopes;
}

function expectScope(lines: TokLine[], lineMark: string, text: string, scope: string, nth = 0): void {
  const scopes = scopesAt(lines, lineMark, text, nth);
  assert.ok(scopes.includes(scope), `'${text}' on the line with ${JSON.stringify(lineMark)}: expected ${scope}, got [${scopes.join(' ')}]`);
}

function expectNoScope(lines: TokLine[], lineMark: string, text: string, prefix: string, nth = 0): void {
  const scopes = scopesAt(lines, lineMark, text, nth);
  assert.ok(!scopes.some((s) => s.startsWith(prefix)), `'${text}' on the line with ${JSON.stringify(lineMark)}: expected no ${prefix}*, got [${scopes.join(' ')}]`);
}

async function fixture(name: string): Promise<TokLine[]> {
  return tokenize(fs.readFileSync(path.join(FIXTURES, `${name}.nnm`), 'utf8'));
}

// ---- the raw grammar, for its name lists ----------------------------------------------------

interface RawRule {
  match?: string;
  name?: string;
}

interface RawGrammarFile {
  scopeName: string;
  repository: Record<string, RawRule>;
}

function rawGrammar(): RawGrammarFile {
  return JSON.parse(fs.readFileSync(GRAMMAR_FILE, 'utf8')) as RawGrammarFile;
}

/** The words of a repository rule written as `\b(?:a|b|c)\b`. */
function wordList(rule: RawRule | undefined): string[] {
  const m = /^\\b\(\?:([A-Za-z0-9_|]+)\)\\b$/.exec(rule?.match ?? '');
  assert.ok(m, `rule is not of the form \\b(?:a|b|c)\\b: ${rule?.match}`);
  return m[1].split('|');
}

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

// ---- tests ----------------------------------------------------------------------------------

describe('grammar: token snapshots', () => {
  const names = fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.nnm'))
    .map((f) => f.slice(0, -'.nnm'.length))
    .sort();

  it('has fixtures', () => {
    assert.ok(names.length >= 3, `expected fixtures in ${FIXTURES}`);
  });

  for (const name of names) {
    it(`${name}.nnm matches ${name}.tokens`, async () => {
      expectGolden(path.join(FIXTURES, `${name}.tokens`), dump(name, await fixture(name)));
    });
  }
});

describe('grammar: fixtures follow the parser', () => {
  const read = (name: string) => fs.readFileSync(path.join(FIXTURES, `${name}.nnm`), 'utf8');
  const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

  for (const name of ['model', 'block', 'hardware', 'annotations']) {
    it(`${name}.nnm has no syntax error`, () => {
      const text = read(name);
      const found = parse(text).diagnostics.map((d) => `${lineOf(text, d.span.start)}: ${d.code} ${d.message}`);
      assert.deepEqual(found, []);
    });
  }

  it('broken.nnm is broken where the grammar says, and holds two models', () => {
    const text = read('broken');
    const result = parse(text);
    const lines = new Set(result.diagnostics.map((d) => lineOf(text, d.span.start)));
    for (const l of [3, 4, 5, 6, 7, 8, 10, 11, 12, 18]) assert.ok(lines.has(l), `no syntax error on line ${l}`);
    assert.deepEqual(result.file.items.map((i) => i.kind), ['model', 'model']);
  });
});

describe('grammar: key tokens', () => {
  it('scopes model files', async () => {
    const t = await fixture('model');
    expectScope(t, '# Grammar fixture', '#', 'comment.line.number-sign.nnm');
    expectScope(t, 'use target vc707', 'use', 'keyword.other.use.nnm');
    expectScope(t, 'use target vc707', 'vc707', 'entity.name.type.hardware.nnm');
    expectScope(t, 'use target vc707', ' a catalog target', 'comment.line.number-sign.nnm');
    expectScope(t, 'use precision fp16', 'fp16', 'storage.type.precision.nnm');
    expectScope(t, 'model tiny_net', 'model', 'storage.type.model.nnm');
    expectScope(t, 'model tiny_net', 'tiny_net', 'entity.name.type.model.nnm');
    expectScope(t, 'param batch', 'param', 'keyword.other.param.nnm');
    expectScope(t, 'param batch', 'seq', 'variable.other.definition.param.nnm');
    expectScope(t, 'param batch', '4_096', 'constant.numeric.integer.nnm');
    expectScope(t, 'input image', 'input', 'keyword.other.input.nnm');
    expectScope(t, 'input image', 'image', 'variable.other.definition.input.nnm');
    expectScope(t, 'input image', '224', 'meta.shape.nnm');
    expectScope(t, 'input tokens', 'int32', 'storage.type.precision.nnm');

    expectScope(t, 'conv1 = conv2d', 'conv1', 'variable.other.definition.nnm');
    expectScope(t, 'conv1 = conv2d', 'conv2d', 'support.function.operator.nnm');
    expectScope(t, 'conv1 = conv2d', 'kernel', 'variable.parameter.nnm');
    expectScope(t, 'conv1 = conv2d', '=', 'keyword.operator.assignment.nnm', 1);
    expectScope(t, 'conv1 = conv2d', 'width', 'variable.other.nnm');
    expectScope(t, 'x = relu(conv1); y', 'y', 'variable.other.definition.nnm');
    expectScope(t, 'x = relu(conv1); y', ';', 'punctuation.terminator.statement.nnm');
    expectScope(t, 'a, b = split', 'a', 'variable.other.definition.nnm');
    expectScope(t, 'a, b = split', 'b', 'variable.other.definition.nnm');
    expectScope(t, 'a, b = split', 'dim', 'variable.parameter.nnm');
    expectScope(t, 'n = channels(a)', 'channels', 'support.function.builtin.nnm');
    expectScope(t, 'n = channels(a)', 'dim', 'support.function.builtin.nnm');
    expectScope(t, 'n = channels(a)', '//', 'keyword.operator.arithmetic.nnm');
    expectScope(t, 'skip = if', 'if', 'keyword.control.conditional.nnm');
    expectScope(t, 'skip = if', 'and', 'keyword.operator.logical.nnm');
    expectScope(t, 'skip = if', '>=', 'keyword.operator.comparison.nnm');
    expectScope(t, 'big = max', '1.5e9', 'constant.numeric.float.nnm');
    expectScope(t, 'big = max', '.5', 'constant.numeric.float.nnm');
    expectScope(t, 'flag = true', 'true', 'constant.language.boolean.nnm');
    expectScope(t, 'z = my_block', 'my_block', 'entity.name.function.call.nnm');
    expectScope(t, 'z = my_block', 'mode', 'variable.parameter.nnm');
    expectScope(t, 'z = my_block', 'nearest', 'string.quoted.double.nnm');
    expectScope(t, 'z = my_block', '"', 'punctuation.definition.string.begin.nnm');
    expectScope(t, 'z = my_block', 'tiny', 'string.quoted.single.nnm');
    expectScope(t, 'output logits', 'output', 'keyword.other.output.nnm');
    expectScope(t, 'output logits', 'logits', 'variable.other.definition.nnm');
    expectScope(t, 'output logits', 'global_avgpool', 'support.function.operator.nnm');
  });

  it('scopes blocks and calls over several lines', async () => {
    const t = await fixture('block');
    expectScope(t, 'block residual', 'block', 'storage.type.block.nnm');
    expectScope(t, 'block residual', 'residual', 'entity.name.function.block.nnm');
    expectScope(t, 'block residual', 'stride', 'variable.parameter.nnm');
    expectScope(t, 'block residual', 'mid', 'variable.parameter.nnm');
    // `out` in a default value is a use of a parameter, not a declaration.
    expectScope(t, 'block residual', 'out', 'variable.other.nnm', 1);
    expectScope(t, 'return relu', 'return', 'keyword.other.return.nnm');
    // A call continued after a comma (and a comment) keeps its keyword arguments on the next lines.
    expectScope(t, '        kernel=1,', 'kernel', 'variable.parameter.nnm');
    expectScope(t, '        stride=stride)', 'stride', 'variable.parameter.nnm');
    expectScope(t, '        stride=stride)', ')', 'punctuation.definition.arguments.end.nnm');
    expectScope(t, '            56, 56]', '56', 'meta.shape.nnm');
    expectScope(t, 's1 = repeat', 'repeat', 'support.function.builtin.nnm');
    expectNoScope(t, 's1 = repeat', 'residual', 'entity.name.function');
    expectScope(t, 's2 = residual', 'residual', 'entity.name.function.call.nnm');
  });

  it('scopes hardware blocks', async () => {
    const t = await fixture('hardware');
    expectScope(t, 'use target "zhang15-vc707"', 'zhang15-vc707', 'string.quoted.double.nnm');
    expectScope(t, 'hardware zhang15', 'hardware', 'storage.type.hardware.nnm');
    expectScope(t, 'hardware zhang15', 'zhang15', 'entity.name.type.hardware.nnm');
    expectScope(t, 'kind      = fpga', 'kind', 'variable.other.property.nnm');
    expectScope(t, 'kind      = fpga', 'fpga', 'support.constant.nnm');
    expectScope(t, 'clock     = 100 MHz', '100', 'constant.numeric.integer.nnm');
    expectScope(t, 'clock     = 100 MHz', 'MHz', 'keyword.other.unit.nnm');
    expectScope(t, 'unroll    =', 'm', 'variable.parameter.nnm');
    expectScope(t, 'unroll    =', '64', 'constant.numeric.integer.nnm');
    expectScope(t, 'bandwidth = 4.5 GB/s', '4.5', 'constant.numeric.float.nnm');
    expectScope(t, 'bandwidth = 4.5 GB/s', 'GB/s', 'keyword.other.unit.nnm');
    expectScope(t, 'precision = fp32', 'fp32', 'storage.type.precision.nnm');
    expectScope(t, 'peak fp32 = 61.62', 'peak', 'variable.other.property.nnm');
    expectScope(t, 'peak fp32 = 61.62', 'fp32', 'storage.type.precision.nnm');
    expectScope(t, 'peak fp32 = 61.62', 'GFLOP/s', 'keyword.other.unit.nnm');
    expectScope(t, 'hardware my_gpu', 'my_gpu', 'entity.name.type.hardware.nnm');
    expectScope(t, 'hardware my_gpu', 'h100_sxm', 'entity.other.inherited-class.nnm');
    expectScope(t, 'bandwidth = 2.0 TB/s; clock', 'clock', 'variable.other.property.nnm');
    expectScope(t, 'bandwidth = 2.0 TB/s; clock', 'GHz', 'keyword.other.unit.nnm');
    expectScope(t, 'peak int8', '1_979', 'constant.numeric.integer.nnm');
    expectScope(t, 'peak int8', 'TOP/s', 'keyword.other.unit.nnm');
    expectScope(t, 'energy int8', '1.5e-1', 'constant.numeric.float.nnm');
    expectScope(t, 'energy int8', 'pJ', 'keyword.other.unit.nnm');
    expectScope(t, 'level l2', 'level', 'storage.type.level.nnm');
    expectScope(t, 'level l2', 'l2', 'entity.name.type.level.nnm');
    expectScope(t, 'capacity  = 50 MiB', 'MiB', 'keyword.other.unit.nnm');
    expectScope(t, 'level smem', 'KiB', 'keyword.other.unit.nnm');
  });

  it('scopes annotations', async () => {
    const t = await fixture('annotations');
    expectScope(t, 'c1 = conv2d', '@', 'meta.annotation.nnm');
    expectScope(t, 'c1 = conv2d', 'tile', 'storage.modifier.annotation.nnm');
    expectScope(t, 'c1 = conv2d', 'r', 'variable.parameter.nnm');
    expectScope(t, 'c2 = conv2d', 'precision', 'storage.modifier.annotation.nnm');
    expectScope(t, 'c2 = conv2d', 'int8', 'storage.type.precision.nnm');
    expectScope(t, 'c2 = conv2d', 'fuse', 'storage.modifier.annotation.nnm');
    expectScope(t, 'fc = linear', ' GEMM factors', 'comment.line.number-sign.nnm');
    expectScope(t, 'output probs', 'fuse', 'meta.annotation.nnm');
  });

  it('recovers from broken lines', async () => {
    const t = await fixture('broken');
    // An unclosed bracket ends at its line: the next line is a new statement.
    expectScope(t, 'a = conv2d(x, 16', 'a', 'variable.other.definition.nnm');
    expectScope(t, 'b = relu(a) $ 2', 'b', 'variable.other.definition.nnm');
    expectScope(t, 'b = relu(a) $ 2', '$', 'invalid.illegal.character.nnm');
    expectScope(t, 'c = relu(b))', ')', 'invalid.illegal.stray-bracket.nnm', 1);
    expectScope(t, 'e = 4_ + 1', '4_', 'invalid.illegal.numeric.nnm');
    expectScope(t, 'f = relu(b) @', '@', 'invalid.illegal.annotation.nnm');
    expectScope(t, 'g = reshape', 'unclosed', 'invalid.illegal.unclosed-string.nnm');
    expectScope(t, 'h, = relu(b)', 'relu', 'support.function.operator.nnm');
    // The body left open ends where the next model starts, as in the parser.
    expectScope(t, 'model next_one', 'model', 'storage.type.model.nnm');
    expectScope(t, 'model next_one', 'next_one', 'entity.name.type.model.nnm');
    expectScope(t, 'input y', 'y', 'variable.other.definition.input.nnm');
    assert.equal(scopesAt(t, 'model next_one', 'next_one').filter((s) => s === 'meta.model.nnm').length, 1, 'next_one is nested in the broken model');
    // The extra `}` at the end is stray.
    expectScope(t, '} # stray', '}', 'invalid.illegal.stray-bracket.nnm');
  });

  it('scopes every unit of the hardware blocks', async () => {
    const units = ['Hz', 'kHz', 'MHz', 'GHz', 'B/s', 'KB/s', 'MB/s', 'GB/s', 'TB/s', 'GiB/s', 'B', 'KB', 'MB', 'GB', 'KiB', 'MiB', 'GiB',
      'FLOP/s', 'GFLOP/s', 'TFLOP/s', 'GOP/s', 'TOP/s', 'pJ', 'nJ', 'W', 'op/B'];
    const t = await tokenize(['hardware units {', ...units.map((u, i) => `  f${i} = 1.5 ${u}`), '}'].join('\n'));
    units.forEach((u, i) => expectScope(t, `f${i} = 1.5 ${u}`, u, 'keyword.other.unit.nnm'));
  });

  it('scopes every operator, builtin and keyword of the language', async () => {
    const ops = [...OPERATORS.keys()];
    const builtins = [...BUILTINS.keys()];
    const t = await tokenize(['model m {', ...ops.map((o) => `  o_${o} = ${o}(x)`), ...builtins.map((b) => `  b_${b} = ${b}(x)`), '}'].join('\n'));
    for (const o of ops) expectScope(t, `o_${o} =`, o, 'support.function.operator.nnm');
    for (const b of builtins) expectScope(t, `b_${b} =`, b, 'support.function.builtin.nnm');
    // Every reserved word is a keyword, a storage type or a constant wherever it appears.
    const k = await tokenize(['model m {', ...[...KEYWORDS].map((w) => `  k_${w} = f(1) ${w} 2`), '}'].join('\n'));
    for (const w of KEYWORDS) {
      const scopes = scopesAt(k, `k_${w} =`, w);
      assert.ok(scopes.some((s) => /^(keyword|storage\.type|constant\.language)\./.test(s)), `${w}: [${scopes.join(' ')}]`);
    }
    // A keyword followed by a parenthesis is not a call.
    const c = await tokenize('model m {\n  y = if (a) then not (b) else c\n}');
    expectScope(c, 'y = if', 'if', 'keyword.control.conditional.nnm');
    expectScope(c, 'y = if', 'not', 'keyword.operator.logical.nnm');
  });
});

describe('grammar: name lists follow the server tables', () => {
  const g = rawGrammar();

  it('is source.nnm', () => {
    assert.equal(g.scopeName, 'source.nnm');
  });

  it('lists exactly the operators of the operator table', () => {
    assert.deepEqual(sorted(wordList(g.repository['operator-names'])), sorted(OPERATORS.keys()));
    assert.equal(g.repository['operator-names'].name, 'support.function.operator.nnm');
  });

  it('lists exactly the builtins', () => {
    assert.deepEqual(sorted(wordList(g.repository['builtin-names'])), sorted(BUILTINS.keys()));
    assert.equal(g.repository['builtin-names'].name, 'support.function.builtin.nnm');
  });

  it('lists exactly the precisions', () => {
    assert.deepEqual(sorted(wordList(g.repository['precision-names'])), sorted(PRECISIONS));
    assert.equal(g.repository['precision-names'].name, 'storage.type.precision.nnm');
  });

  it('equals the output of scripts/grammar-names.ts (its name lists generated from the tables)', () => {
    const committed = fs.readFileSync(GRAMMAR_FILE, 'utf8');
    assert.equal(committed, renderGrammar(committed), 'stale: npx tsx scripts/grammar-names.ts');
    // Every "not a reserved word" lookahead lists exactly the reserved words.
    const lookaheads = [...committed.matchAll(/\(\?!\(\?:([a-z|]+)\)\(\?!\[A-Za-z0-9_\]\)\)/g)].map((m) => m[1]);
    assert.ok(lookaheads.length >= 10, `${lookaheads.length} reserved-word lookaheads`);
    for (const l of lookaheads) assert.deepEqual(l.split('|'), [...KEYWORD_LIST]);
  });

  it('the generator rewrites a stale list and a stale reserved-word lookahead', () => {
    const committed = fs.readFileSync(GRAMMAR_FILE, 'utf8');
    const stale = committed.replace('|conv_transpose2d|', '|').replace(/\|level\)\(\?!\[A-Za-z0-9_\]\)\)/g, ')(?![A-Za-z0-9_]))');
    assert.notEqual(stale, committed);
    assert.equal(renderGrammar(stale), committed);
  });
});

describe('language-configuration.json', () => {
  interface AutoClosingPair {
    open: string;
    close: string;
    notIn?: string[];
  }
  interface LanguageConfiguration {
    comments?: { lineComment?: string; blockComment?: [string, string] };
    brackets?: [string, string][];
    autoClosingPairs?: AutoClosingPair[];
    surroundingPairs?: [string, string][];
    folding?: { markers?: { start: string; end: string } };
    wordPattern?: string;
    indentationRules?: { increaseIndentPattern: string; decreaseIndentPattern: string };
  }

  const config = JSON.parse(fs.readFileSync(CONFIG_FILE, 'utf8')) as LanguageConfiguration;
  const brackets: [string, string][] = [['{', '}'], ['[', ']'], ['(', ')']];

  it('uses # line comments and no block comments', () => {
    assert.equal(config.comments?.lineComment, '#');
    assert.equal(config.comments?.blockComment, undefined);
  });

  it('knows the three bracket pairs and closes and surrounds them and the quotes', () => {
    assert.deepEqual(config.brackets, brackets);
    const closing = (config.autoClosingPairs ?? []).map((p) => [p.open, p.close]);
    for (const pair of [...brackets, ['"', '"'], ["'", "'"]]) assert.ok(closing.some((c) => c[0] === pair[0] && c[1] === pair[1]), `autoClosingPairs lacks ${pair.join('')}`);
    for (const q of (config.autoClosingPairs ?? []).filter((p) => p.open === '"' || p.open === "'")) {
      assert.deepEqual(sorted(q.notIn ?? []), ['comment', 'string']);
    }
    const surrounding = (config.surroundingPairs ?? []).map((p) => p.join(''));
    for (const pair of ['{}', '[]', '()', '""', "''"]) assert.ok(surrounding.includes(pair), `surroundingPairs lacks ${pair}`);
  });

  it('folds # region / # endregion and indents after {', () => {
    const markers = config.folding?.markers;
    assert.ok(markers);
    assert.match('# region blocks', new RegExp(markers.start));
    assert.match('  #endregion', new RegExp(markers.end));
    assert.doesNotMatch('# regional settings', new RegExp(markers.start));
    const rules = config.indentationRules;
    assert.ok(rules);
    assert.match('model m {', new RegExp(rules.increaseIndentPattern));
    assert.match('  x = conv2d(a,   # continues', new RegExp(rules.increaseIndentPattern));
    assert.doesNotMatch('  x = relu(a)  # {', new RegExp(rules.increaseIndentPattern));
    assert.doesNotMatch('level l2 { bandwidth = 1 TB/s }', new RegExp(rules.increaseIndentPattern));
    assert.match('  }', new RegExp(rules.decreaseIndentPattern));
  });

  it('takes identifiers with digits and underscores, and numbers, as words', () => {
    assert.ok(config.wordPattern);
    const words = (s: string) => s.match(new RegExp(config.wordPattern ?? '', 'g')) ?? [];
    assert.deepEqual(words('conv_1 = conv2d(x_2, 4_096, kernel=3) @tile(m=64)'), ['conv_1', 'conv2d', 'x_2', '4_096', 'kernel', '3', 'tile', 'm', '64']);
    assert.deepEqual(words('bandwidth = 4.5 GB/s; e = 1.5e9'), ['bandwidth', '4.5', 'GB', 's', 'e', '1.5e9']);
  });
});
