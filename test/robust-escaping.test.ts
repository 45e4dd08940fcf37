// Injection (issue reproducers): user text in hovers is Markdown-escaped, so a Caffe layer named with
// a backtick cannot close its code span and render the rest of its name as live Markdown (an image,
// a link, a `command:` link); and the standalone HTML report names its model file by base name
// only, never by a path of the machine that wrote it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver/node';
import { codeSpan, markdownText } from '../server/src/ide/markdownText';
import { mdCode } from '../server/src/cli/markdown';
import { inProcessSession, type LspSession } from './helpers/lspSession';

const ROOT = path.join(__dirname, '..');

/** The Markdown with its code spans removed, as CommonMark reads them (a run of n backticks closes at the next run of exactly n). */
function outsideCodeSpans(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    if (md[i] === '\\') {
      out += md.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (md[i] !== '`') {
      out += md[i++];
      continue;
    }
    let n = 0;
    while (md[i + n] === '`') n++;
    let j = i + n;
    let closed = -1;
    while (j < md.length) {
      if (md[j] !== '`') {
        j++;
        continue;
      }
      let m = 0;
      while (md[j + m] === '`') m++;
      if (m === n) {
        closed = j + m;
        break;
      }
      j += m;
    }
    if (closed < 0) {
      out += md.slice(i, i + n);
      i += n;
    } else i = closed;
  }
  return out;
}

/** Markdown that would be live: an image or a link (`](`, a `command:` link among them), an
 *  autolink or raw HTML (`<`). Escaped characters and code spans are inert. */
function liveMarkdown(md: string): string[] {
  const rest = outsideCodeSpans(md).replace(/\\./g, '');
  return [/\]\(/, /<[a-z]/i].filter((re) => re.test(rest)).map(String);
}

const EVIL = 'a`![x](https://example.com/x.png)[quit](command:workbench.action.quit)`<img src=x>';

describe('robust: user text in hovers is escaped for Markdown', () => {
  it('a code span holds any text: backtick runs, a leading backtick, line breaks', () => {
    for (const text of ['plain', 'a`b', '``', '`x', 'x`', 'a```b``c', 'line\nbreak', EVIL]) {
      const span = codeSpan(text);
      assert.deepEqual(liveMarkdown(span), [], span);
      assert.ok(!span.includes('\n'), 'one line');
    }
    assert.equal(codeSpan('conv1'), '`conv1`');
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x'), '`` `x ``');
  });

  it("the command line's code span (mdCode, pull-request comments) is the same fence, a table cell's pipes escaped, nothing cut", () => {
    assert.equal(mdCode('a`b|c'), '``a`b\\|c``');
    assert.equal(mdCode('`x'), codeSpan('`x'));
    const long = 'x'.repeat(5_000);
    assert.equal(mdCode(long), `\`${long}\``);
    assert.notEqual(codeSpan(long), `\`${long}\``, 'a hover cuts it short');
  });

  it('plain text escapes what could start Markdown, and leaves an underscore inside a word', () => {
    assert.deepEqual(liveMarkdown(markdownText(EVIL)), []);
    assert.equal(markdownText('[a](b) conv_1 _x_ *y* <z>'), '\\[a\\](b) conv_1 \\_x\\_ \\*y\\* \\<z\\>');
  });

  describe('a Caffe layer named with a backtick, an image, a link and a command: link', () => {
    let session: LspSession;
    const uri = 'file:///models/evil.prototxt';
    const text = ['name: "evil"', 'input: "data"', 'input_dim: 1', 'input_dim: 3', 'input_dim: 8', 'input_dim: 8', 'layer {', `  name: "${EVIL}"`, '  type: "Convolution"', '  bottom: "data"', '  top: "c"', '  convolution_param { num_output: 4 kernel_size: 3 }', '}', 'layer {', '  name: "odd"', '  type: "Mystery`[x](command:evil)"', '  bottom: "c"', '  top: "d"', '}', ''].join('\n');

    before(async () => {
      session = inProcessSession();
      await session.initialize({ debounceMs: 0 });
      await session.open(uri, text);
    });

    after(async () => {
      await session.shutdown();
      session.close();
    });

    for (const [what, needle] of [
      ['the layer', 'name: "a`'],
      ['the uncounted layer of an unknown type', 'name: "odd"'],
    ] as const) {
      it(`hovering ${what}: the name shows, nothing of it is live`, async () => {
        const at = text.indexOf(needle);
        const before = text.slice(0, at).split('\n');
        const hover = (await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: before.length - 1, character: before[before.length - 1].length + 2 } })) as Hover | null;
        assert.ok(hover, 'a hover');
        const md = (hover.contents as MarkupContent).value;
        assert.ok(md.length > 0);
        assert.deepEqual(liveMarkdown(md), [], md);
      });
    }
  });
});

describe('robust: the HTML report has no machine path', function () {
  this.timeout(120_000);
  it('names the model file by its base name only', () => {
    spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-report-')));
    const model = path.join(dir, 'secret-project-model.nnm');
    fs.writeFileSync(model, 'model m {\n  input x: [1, 3, 32, 32]\n  y = conv2d(x, 8, kernel=3)\n}\n');
    const out = path.join(dir, 'report.html');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'roofline.js'), 'report', model, '--target', 'h100-sxm', '-o', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    assert.ok(html.includes('secret-project-model.nnm'), 'the base name is there');
    assert.ok(!html.includes(dir), 'no folder of this machine');
    assert.ok(!html.includes(os.homedir()) || os.homedir() === '/', 'no home folder');
  });
});
