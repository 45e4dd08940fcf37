// The incremental analysis of an editor's document (core/incremental/): every update must equal the
// analysis of the same text from scratch, whatever the edit. A randomized walk of edits (insertions,
// deletions, numbers changed, lines copied or removed, a return to the original now and then) over
// files with every kind of statement and item, compared in full after each edit; and the re-use
// itself: which statements are read again and evaluated again, and that a change of target,
// precision or parameters does not parse again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, AnalysisSession, DEFAULT_RULE_SETTINGS, type AnalysisOptions } from '../server/src/core';
import { textChange, type TextChange } from '../server/src/core/incremental/textChange';
import { keptStatements } from '../server/src/core/syntax/keptStatements';
import type * as A from '../server/src/core/syntax/ast';

const ROOT = path.join(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const OPTIONS: AnalysisOptions = { fallbackTarget: 'zcu102-int8', rules: DEFAULT_RULE_SETTINGS, fileName: 'model.nnm' };

/** A deterministic generator (a linear congruential one), so that a failure replays. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const INSERTS = ['1', '7', 'x', ' ', '\n', '(', ')', ',', '=', '#', '@', 'relu(', 'e', '.', '[', ']', '}', '{', 'conv2d(x, 8)', '\n  y9 = relu(x)\n', '\nmodel extra {\n  input z: [1, 4]\n}\n'];

/** One random edit of `text`. */
function edit(text: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const at = Math.floor(rnd() * (text.length + 1));
  switch (pick(['insert', 'insert', 'delete', 'number', 'copy line', 'delete line', 'space at line end'] as const)) {
    case 'insert':
      return text.slice(0, at) + pick(INSERTS) + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 4));
    case 'number': {
      const numbers = [...text.matchAll(/\d+/g)];
      if (numbers.length === 0) return text;
      const n = pick(numbers);
      return text.slice(0, n.index) + String(Math.floor(rnd() * 300)) + text.slice(n.index + n[0].length);
    }
    default: {
      const lines = text.split('\n');
      const k = Math.floor(rnd() * lines.length);
      if (rnd() < 1 / 3) lines.splice(k, 0, lines[k]);
      else if (rnd() < 1 / 2) lines.splice(k, 1);
      else lines[k] += ' ';
      return lines.join('\n');
    }
  }
}

/** The changed stretch found one character at a time (the twin of textChange's block comparison). */
function changeByCharacter(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < Math.min(before.length, after.length) && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { start, endBefore, endAfter, delta: endAfter - endBefore };
}

describe('the changed stretch of a text (textChange)', () => {
  it('is the one found a character at a time, at block boundaries and in repeated text', () => {
    const rnd = random(11);
    let checked = 0;
    for (let n = 0; n < 400; n++) {
      // Repeated text (one letter, or a short period) makes prefix and suffix overlap; lengths reach past several blocks.
      const period = 1 + Math.floor(rnd() * 4);
      const length = Math.floor(rnd() * 3000);
      const before = Array.from({ length }, (_, i) => 'ab\u00e9d'[(i % period) % 4]).join('');
      const at = Math.floor(rnd() * (length + 1));
      const cut = Math.floor(rnd() * 700);
      const put = 'ab\u00e9dx'.slice(0, Math.floor(rnd() * 6)).repeat(Math.floor(rnd() * 200));
      const after = before.slice(0, at) + put + before.slice(at + cut);
      assert.deepEqual(textChange(before, after), changeByCharacter(before, after), `length ${length}, at ${at}, cut ${cut}, put ${put.length}`);
      if (before !== after) checked++;
    }
    assert.ok(checked > 300);
  });
});

describe('the statements an edit left alone (keptStatements)', () => {
  it('finds every statement outside one changed stretch, as a table by statement would', () => {
    const rnd = random(12);
    const statement = (i: number) => ({ kind: 'bind', start: i, end: i } as unknown as A.Statement);
    for (let n = 0; n < 300; n++) {
      const before = Array.from({ length: Math.floor(rnd() * 12) }, (_, i) => statement(i));
      const kept = before.map((_, i) => `record ${i}`);
      // One stretch replaced by new statements (or by none), as reparsing an edit gives.
      const at = Math.floor(rnd() * (before.length + 1));
      const cut = Math.floor(rnd() * (before.length - at + 1));
      const now = [...before.slice(0, at), ...Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => statement(100 + i)), ...before.slice(at + cut)];
      const table = new Map(before.map((s, i) => [s, kept[i]]));
      assert.deepEqual(keptStatements(now, before, kept), now.map((s) => table.get(s)), `${before.length} statements, ${cut} replaced at ${at}`);
    }
  });
});

/** `before` analysed in a session, then `after`: the session and both analyses, the second checked equal to the analysis of `after` from scratch. */
function updated(before: string, after: string): { session: AnalysisSession; first: ReturnType<AnalysisSession['update']>; r: ReturnType<AnalysisSession['update']> } {
  const session = new AnalysisSession();
  const first = session.update(before, 'nnm', OPTIONS);
  const r = session.update(after, 'nnm', OPTIONS);
  assert.deepStrictEqual(r, analyze({ text: after, format: 'nnm' }, OPTIONS));
  return { session, first, r };
}

describe('incremental analysis', () => {
  describe('equals the analysis from scratch after every edit (randomized)', () => {
    /** Which re-use of costs the walks went through. */
    const reuse = new Set<string>();
    const cases = [
      { file: 'test/fixtures/incremental/mixed.nnm', seed: 1, edits: 120 },
      { file: 'test/fixtures/incremental/mixed.nnm', seed: 2, edits: 120 },
      { file: 'examples/resnet50.nnm', seed: 3, edits: 80 },
      { file: 'examples/bert_base.nnm', seed: 4, edits: 60 },
      { file: 'test/fixtures/parser/unclosed.nnm', seed: 14, edits: 80 },
      { file: 'test/fixtures/parser/recovery.nnm', seed: 5, edits: 60 },
    ];
    for (const c of cases) {
      it(`${c.file}, ${c.edits} edits (seed ${c.seed})`, () => {
        const original = read(c.file);
        const rnd = random(c.seed);
        const session = new AnalysisSession();
        const kinds = new Set<string>();
        let text = original;
        for (let e = 0; e < c.edits; e++) {
          const before = text;
          text = rnd() < 0.05 ? original : edit(text, rnd);
          const incremental = session.update(text, 'nnm', OPTIONS);
          kinds.add(`${session.stats.parse}${session.stats.replayed > 0 ? ' + replay' : ''}`);
          if (session.stats.plansKept > 0) reuse.add('plan kept');
          if (session.stats.costsReused > 0) reuse.add('costs reused');
          if (session.stats.namesKept > 0) reuse.add('names kept');
          const scratch = analyze({ text, format: 'nnm' }, OPTIONS);
          assert.deepStrictEqual(incremental, scratch, `edit ${e}: ${JSON.stringify(before)} -> ${JSON.stringify(text)}`);
        }
        // The walk went through re-use, not only through full parses.
        assert.ok(kinds.has('statements + replay'), [...kinds].join(', '));
      });
    }
    it('the walks went through costings that kept the plan of before, costings re-used whole, and statements that kept their names', () => {
      assert.deepEqual([...reuse].sort(), ['costs reused', 'names kept', 'plan kept']);
    });
  });

  it('resolves again only the statements an edit changed, or whose names find other definitions', () => {
    const text = ['model m {', '  input x: [1, 16, 8, 8]', '  a = relu(x)', '  b = relu(a)', '  c = add(b, a)', '  output y = relu(c)', '}', ''].join('\n');
    const session = new AnalysisSession();
    session.update(text, 'nnm', OPTIONS);
    const names = () => [session.stats.namesResolved, session.stats.namesKept];
    // An argument of b's call: a and b are read again (new name nodes), so c, which names them, is
    // resolved again; the input and y keep their references.
    const argument = text.replace('b = relu(a)', 'b = relu(a )');
    let r = session.update(argument, 'nnm', OPTIONS);
    assert.equal(session.stats.parse, 'statements');
    assert.deepEqual(names(), [3, 2]);
    assert.deepStrictEqual(r, analyze({ text: argument, format: 'nnm' }, OPTIONS));
    // a renamed a2: the input and a2 are read again, b and c find no a (two RL201); y keeps its references.
    const renamed = argument.replace('  a = relu(x)', '  a2 = relu(x)');
    r = session.update(renamed, 'nnm', OPTIONS);
    assert.deepEqual(names(), [4, 1]);
    assert.equal(r.diagnostics.filter((d) => d.code === 'RL201').length, 2);
    assert.deepStrictEqual(r, analyze({ text: renamed, format: 'nnm' }, OPTIONS));
    // A comment before y: c and y are read again; b, untouched, reported a problem, so it is resolved
    // again too; the input and a2 keep theirs.
    const comment = renamed.replace('  output y', '  # note\n  output y');
    r = session.update(comment, 'nnm', OPTIONS);
    assert.deepEqual(names(), [3, 2]);
    assert.deepStrictEqual(r, analyze({ text: comment, format: 'nnm' }, OPTIONS));
  });

  it('a model added above another leaves that one\'s names found', () => {
    const text = ['# models', '', 'model b {', '  input x: [1, 4, 8, 8]', '  a = relu(x)', '  c = relu(a)', '  output y = relu(c)', '}', ''].join('\n');
    // Inserted between the comment and the blank line: the edit touches no item but the new one.
    const { session } = updated(text, text.replace('# models\n', '# models\nmodel z {\n  input q: [1, 4]\n  output w = relu(q)\n}\n'));
    // b's four statements keep their references; z's two are resolved.
    assert.deepEqual([session.stats.namesKept, session.stats.namesResolved], [4, 2], JSON.stringify(session.stats));
  });

  it('a statement left alone whose name now finds a later definition is resolved again (RL203)', () => {
    // x is bound twice (RL202); y names the first. Deleting the first leaves y untouched, naming the
    // second, which comes after it: a use before its definition.
    const text = ['model m {', '  input i: [1, 4, 8, 8]', '  x = relu(i)', '  p = relu(i)', '  q = relu(p)', '  y = relu(x)', '  x = relu(q)', '}', ''].join('\n');
    const { session, first, r } = updated(text, text.replace('  x = relu(i)\n', ''));
    assert.deepEqual(first.diagnostics.filter((d) => d.code.startsWith('RL20')).map((d) => d.code), ['RL202']);
    assert.equal((r.file.items[0] as A.ModelDecl).body[3], (first.file.items[0] as A.ModelDecl).body[4], "y's statement is the object of before");
    assert.ok(session.stats.namesKept > 0, JSON.stringify(session.stats));
    assert.deepEqual(r.diagnostics.filter((d) => d.code.startsWith('RL20')).map((d) => d.code), ['RL203']);
  });

  it("a statement whose layer's name an edit took is evaluated again, the names it had claimed given back", () => {
    const text = ['model m {', '  input x: [1, 4, 8, 8]', '  a = relu(x)', '  p = relu(x)', '  q = relu(p)', '  r = relu(q)', '  b = relu(relu(x))', '}', ''].join('\n');
    // a becomes b: its layer takes the name 'b', which the next statement's outer layer had (its
    // inner one, 'b.relu', is free): that statement is evaluated, not replayed.
    const { session, r } = updated(text, text.replace('  a = relu(x)', '  b = relu(x)'));
    assert.equal(session.stats.parse, 'statements');
    assert.ok(session.stats.replayed >= 2, JSON.stringify(session.stats));
    assert.deepEqual(r.models[0].layers.map((l) => l.name), ['b', 'p', 'q', 'r', 'b.relu', 'b#2']);
  });

  it('reads again and evaluates again only the statement an edit changed', () => {
    const text = read('test/fixtures/incremental/mixed.nnm');
    const session = new AnalysisSession();
    session.update(text, 'nnm', OPTIONS);
    // A kernel that keeps the output shape: the layers after it are replayed, not evaluated.
    const edited = text.replace('kernel=1))', 'kernel=1, bias=false))');
    assert.notEqual(edited, text);
    const r = session.update(edited, 'nnm', OPTIONS);
    assert.deepEqual(session.stats.parse, 'statements');
    assert.ok(session.stats.evaluated <= 2, JSON.stringify(session.stats));
    assert.ok(session.stats.replayed >= 10, JSON.stringify(session.stats));
    assert.deepStrictEqual(r, analyze({ text: edited, format: 'nnm' }, OPTIONS));
  });

  it('a comment typed in a model body re-uses its layer objects and its whole costing; a changed figure costs the model again', () => {
    const text = ['use precision int8', 'model m {', '  input x: [1, 16, 32, 32]', '  c0 = conv2d(x, 16, kernel=3, pad=1, bias=false)', '  c1 = conv2d(c0, 16, kernel=3, pad=1, bias=false)', '  b1 = batchnorm(c1)', '  r1 = relu(b1)', '  output y = add(r1, c0)', '}', ''].join('\n');
    const session = new AnalysisSession();
    const first = session.update(text, 'nnm', OPTIONS);
    const layersBefore = first.models[0].layers.slice();
    const costBefore = first.costs[0];
    // A comment line inside the body, before a layer's statement: that statement is read and evaluated again.
    const at = text.indexOf('  c1 = ');
    assert.ok(at > 0);
    const commented = `${text.slice(0, at)}  # a note\n${text.slice(at)}`;
    const r = session.update(commented, 'nnm', OPTIONS);
    assert.equal(session.stats.parse, 'statements');
    assert.ok(session.stats.evaluated >= 1, JSON.stringify(session.stats));
    assert.equal(session.stats.costsReused, 1, JSON.stringify(session.stats));
    assert.equal(r.models[0].layers.length, layersBefore.length);
    r.models[0].layers.forEach((l, i) => assert.equal(l, layersBefore[i], `layer ${l.name} is the object of before`));
    assert.equal(r.costs[0], costBefore, 'the costing of before');
    assert.deepStrictEqual(r, analyze({ text: commented, format: 'nnm' }, OPTIONS));
    // A figure that changes (a bias added): the model is costed again, and equals the analysis from scratch.
    const biased = commented.replace('c1 = conv2d(c0, 16, kernel=3, pad=1, bias=false)', 'c1 = conv2d(c0, 16, kernel=3, pad=1, bias=true)');
    assert.notEqual(biased, commented);
    const b = session.update(biased, 'nnm', OPTIONS);
    assert.equal(session.stats.costsReused, 0, JSON.stringify(session.stats));
    assert.equal(session.stats.plansKept, 1, `the plan does not read a conv's bias: ${JSON.stringify(session.stats)}`);
    assert.notEqual(b.costs[0], costBefore);
    assert.deepStrictEqual(b, analyze({ text: biased, format: 'nnm' }, OPTIONS));
    // An operator changed (the relu a pooling of its own size): the plan is made again, and differs.
    const pooled = biased.replace('r1 = relu(b1)', 'r1 = maxpool(b1, kernel=1)');
    const p = session.update(pooled, 'nnm', OPTIONS);
    assert.equal(session.stats.plansKept, 0, JSON.stringify(session.stats));
    assert.notDeepEqual(p.costs[0].groups, b.costs[0].groups);
    assert.deepStrictEqual(p, analyze({ text: pooled, format: 'nnm' }, OPTIONS));
  });

  it('a change of target or traffic model costs again without parsing or evaluating again', () => {
    const text = read('examples/resnet50.nnm');
    const session = new AnalysisSession();
    const first = session.update(text, 'nnm', OPTIONS);
    for (const options of [{ ...OPTIONS, fallbackTarget: 'h100-sxm' }, { ...OPTIONS, traffic: 'compulsory' as const }]) {
      const r = session.update(text, 'nnm', options);
      assert.deepEqual(session.stats, { parse: 'none', replayed: 0, evaluated: 0, namesKept: 0, namesResolved: 0, costsReused: 0, plansKept: 0 });
      assert.equal(r.file, first.file, 'the same syntax tree');
      assert.deepStrictEqual(r, analyze({ text, format: 'nnm' }, options));
    }
  });

  it('a change of precision or parameters evaluates the same tree again', () => {
    const text = read('examples/resnet50.nnm');
    const session = new AnalysisSession();
    const first = session.update(text, 'nnm', OPTIONS);
    for (const options of [{ ...OPTIONS, precision: 'int8' as const }, { ...OPTIONS, params: { batch: 8 } }]) {
      const r = session.update(text, 'nnm', options);
      assert.equal(session.stats.parse, 'none');
      assert.ok(session.stats.evaluated > 0);
      assert.equal(r.file, first.file, 'the same syntax tree');
      assert.deepStrictEqual(r, analyze({ text, format: 'nnm' }, options));
    }
  });

  it('other formats are analysed in full, equal to analyze', () => {
    const text = read('test/fixtures/models/caffe/lenet.prototxt');
    const session = new AnalysisSession();
    const r = session.update(text, 'caffe', { ...OPTIONS, fileName: 'lenet.prototxt' });
    assert.deepStrictEqual(r, analyze({ text, format: 'caffe' }, { ...OPTIONS, fileName: 'lenet.prototxt' }));
  });
});
