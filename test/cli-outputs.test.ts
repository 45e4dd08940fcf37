// `roofline analyze` outputs other than SARIF: CSV (one row per layer, formula-looking cells
// neutralised, the same cell function as the panel's CSV export), Markdown (a pull-request summary:
// totals, bound mix, top 10 layers), JSON as a stream (compact, or indented with --pretty; the same
// value either way), and the table's words for the default target.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ANALYZE_CSV_HEADER } from '../server/src/cli/analyzeCsv';
import { JsonStream } from '../server/src/cli/jsonStream';
import { analyze } from '../server/src/core';
import { streamedReport, type JsonReport } from '../server/src/core/report/jsonReport';
import { csvField, neutraliseCell, toCsv } from '../server/src/protocol/csv';
import type { PanelData, PanelLayer } from '../server/src/protocol/panel';
import { layersCsv } from '../webview/src/chart/csv';
import { cli, parseCsv } from './cli-run';

function tempModel(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-out-')), name);
  fs.writeFileSync(file, text);
  return file;
}

// Layer names that a spreadsheet would run as formulas (the language's names cannot start with
// = + - @, but a block path and an importer's node names can hold anything; a Caffe layer name can).
const EVIL_PROTOTXT = `name: "evil"
input: "data"
input_dim: 1
input_dim: 3
input_dim: 8
input_dim: 8
layer { name: "=HYPERLINK(\\"http://x\\",\\"y\\")" type: "Convolution" bottom: "data" top: "a" convolution_param { num_output: 4 kernel_size: 3 } }
layer { name: "+cmd" type: "ReLU" bottom: "a" top: "b" }
layer { name: "-2+3" type: "ReLU" bottom: "b" top: "c" }
layer { name: "@SUM(A1)" type: "ReLU" bottom: "c" top: "d" }
`;

describe('cli: analyze --format csv', () => {
  it('one row per layer, base units, the documented header', () => {
    const r = cli(['analyze', 'examples/resnet50.nnm', '--target', 'zcu102-int8', '--format', 'csv']);
    assert.equal(r.status, 0, r.err);
    // cli() drops the last line break of standard output: put it back.
    const text = r.out + '\n';
    assert.ok(text.endsWith('\r\n'), 'records end with CRLF');
    const [header, ...body] = parseCsv(text);
    assert.deepEqual(header, [...ANALYZE_CSV_HEADER]);
    const j = JSON.parse(cli(['analyze', 'examples/resnet50.nnm', '--target', 'zcu102-int8', '--format', 'json']).out) as JsonReport;
    assert.equal(body.length, j.layers.length);
    const col = (name: (typeof ANALYZE_CSV_HEADER)[number]) => header.indexOf(name);
    j.layers.forEach((l, i) => {
      assert.equal(body[i][col('name')], l.name);
      assert.equal(body[i][col('line')], String(l.range.start.line + 1));
      assert.equal(Number(body[i][col('macs')]), l.macs);
      assert.equal(Number(body[i][col('time_per_run_s')]), l.time);
      assert.equal(body[i][col('file')], 'examples/resnet50.nnm');
      assert.equal(body[i][col('target')], 'zcu102-int8');
    });
  });

  it('neutralises formula-looking cells (= + - @, tab, CR) and keeps numbers as numbers', () => {
    const file = tempModel('evil.prototxt', EVIL_PROTOTXT);
    const r = cli(['analyze', file, '--format', 'csv']);
    assert.equal(r.status, 0, r.err);
    const [header, ...body] = parseCsv(r.out + '\n');
    const names = body.map((row) => row[header.indexOf('name')]);
    assert.deepEqual(names, [`'=HYPERLINK("http://x","y")`, "'+cmd", "'-2+3", "'@SUM(A1)"]);
    for (const row of body) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `a cell that a spreadsheet would run: ${cell}`);
    // A negative number is data, not a formula.
    assert.equal(csvField(-3), '-3');
    assert.equal(neutraliseCell('\tx'), "'\tx");
    assert.equal(neutraliseCell('\rx'), "'\rx");
    assert.equal(neutraliseCell('conv1'), 'conv1');
    assert.equal(csvField('=1+2'), "'=1+2");
    assert.equal(csvField('=A1,B1'), `"'=A1,B1"`);
    assert.equal(toCsv([['=x', 1]]), "'=x,1\r\n");
  });

  it("the panel's CSV export neutralises the same cells (one function for both)", () => {
    const layer = { index: 0, name: '=cmd|/c calc', op: 'conv2d', line: 0, precision: 'fp32', counted: true, bound: 'compute', boundLabel: '@compute', ops: 2, macs: 1 } as unknown as PanelLayer;
    const csv = layersCsv({ layers: [layer] } as unknown as PanelData);
    const [, row] = parseCsv(csv);
    assert.equal(row[1], "'=cmd|/c calc");
    assert.equal(row[7], "'@compute");
  });
});

describe('cli: analyze --format markdown', () => {
  // Layer by layer (--fusion none): every layer has its own bound and share.
  const r = cli(['analyze', 'examples/resnet50.nnm', '--target', 'zcu102-int8', '--fusion', 'none', '--format', 'markdown']);
  const md = r.out;
  const j = JSON.parse(cli(['analyze', 'examples/resnet50.nnm', '--target', 'zcu102-int8', '--fusion', 'none', '--format', 'json']).out) as JsonReport;

  /** The rows of the Markdown table under a bold title, as cells. */
  function tableAfter(title: string): string[][] {
    const lines = md.split('\n');
    const at = lines.findIndex((l) => l.startsWith(title));
    assert.ok(at >= 0, `${title} is there`);
    const rows: string[][] = [];
    for (let i = at + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].slice(2, -2).split(' | '));
    return rows;
  }

  it('a heading, the totals, the bound mix and the top 10 layers by share of time', () => {
    assert.equal(r.status, 0, r.err);
    assert.match(md, /^### Roofline: `resnet50` on `zcu102-int8`\n/);
    assert.match(md, /^`examples\/resnet50\.nnm` · .* \(--target\) · sequential execution · batch 1$/m);
    assert.match(md, /^\| time per run \| \d/m);
    assert.match(md, /^\| throughput \| [\d.]+ runs\/s \(batch 1\) \|$/m);
    assert.match(md, /^\| MACs \| 4,089,184,256 \|$/m);
    assert.match(md, /^\| params \| 25,557,032 \|$/m);
    const mix = tableAfter('**Bound mix**');
    const [header, align, ...rows] = mix;
    assert.deepEqual(header, ['bound', 'share of time', 'layers']);
    assert.deepEqual(align, ['---', '---:', '---:']);
    const layersIn = rows.reduce((s, row) => s + Number(row[2]), 0);
    // A layer fused into another's kernel (fusedInto) is in its producer's bound.
    assert.equal(layersIn, j.layers.filter((l) => l.fusedInto === undefined && ((l.traffic ?? 0) > 0 || l.ops > 0)).length, 'every kernel that does work, in one bound');
    const shares = rows.reduce((s, row) => s + Number(row[1].replace('%', '')), 0);
    assert.ok(Math.abs(shares - 100) < 0.5, `the bound mix adds up to 100% (${shares})`);
    const [, , ...top] = tableAfter('**Top 10 layers by share of time**');
    assert.equal(top.length, 10);
    const expected = [...j.layers].sort((a, b) => (b.share ?? 0) - (a.share ?? 0)).slice(0, 10);
    assert.deepEqual(top.map((row) => row[1]), expected.map((l) => `\`${l.name}\``));
    assert.deepEqual(top.map((row) => row[0]), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('escapes what would break a table, and says when there is no target', () => {
    const file = tempModel('evil.prototxt', EVIL_PROTOTXT.replace('"+cmd"', '"a|b`c"'));
    const out = cli(['analyze', file, '--format', 'markdown', '--target', 'none']).out;
    assert.match(out, /No target \(no target \(--target none\)\)/);
    // Layer by layer: every ReLU is a row of its own (fused, it would take no time, nor a top-10 row).
    const withTarget = cli(['analyze', file, '--format', 'markdown', '--fusion', 'none']).out;
    assert.match(withTarget, /\| ``a\\\|b`c`` \|/);
    const cellsOf = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    const lines = withTarget.split('\n');
    const header = lines.find((l) => l.startsWith('| #'))!;
    const row = lines.find((l) => l.includes('``a'))!;
    assert.equal(cellsOf(row), cellsOf(header), 'the escaped pipe does not add a cell');
  });
});

describe('cli: JSON as a stream', () => {
  it('compact by default, indented with --pretty, the same value', () => {
    const compact = cli(['analyze', 'examples/resnet50.nnm', '--format', 'json']).out;
    const pretty = cli(['analyze', 'examples/resnet50.nnm', '--format', 'json', '--pretty']).out;
    assert.equal(compact.split('\n').length, 1, 'one line');
    assert.ok(compact.length > 64 * 1024, 'more than one chunk');
    assert.deepEqual(JSON.parse(compact), JSON.parse(pretty));
    assert.equal(pretty, JSON.stringify(JSON.parse(pretty), null, 2), 'indented as JSON.stringify(v, null, 2)');
  });

  it('writes what JSON.stringify writes, in chunks', () => {
    const value = { a: [1, { b: 'x"y', c: undefined, d: null, e: [] }, NaN, undefined], f: {}, g: 'ü\n', h: [[1, 2], { i: true }] };
    for (const pretty of [false, true]) {
      const chunks: string[] = [];
      new JsonStream({ out: () => undefined, err: () => undefined, write: (c) => chunks.push(c) }, pretty).value(value);
      assert.equal(chunks.join(''), JSON.stringify(value, null, pretty ? 2 : undefined) + '\n');
    }
  });

  it("a report's layers write, in pieces, the very text JSON.stringify gives of each (key order too), costed and not", () => {
    const text = fs.readFileSync(path.join(__dirname, '..', 'examples', 'resnet50.nnm'), 'utf8');
    for (const target of ['h100-sxm', undefined]) {
      const a = analyze({ text, format: 'nnm' }, target ? { target } : {});
      const report = streamedReport(a, 'resnet50.nnm', undefined, a.chosen && a.costs?.[0] ? { chosen: a.chosen, cost: a.costs[0] } : undefined);
      const json = report.layers.json;
      assert.ok(json, 'the layers write their own JSON');
      assert.ok(report.layers.length > 100);
      let spliced = 0;
      for (let i = 0; i < report.layers.length; i++) {
        const pieces: string[] = [];
        json.call(report.layers, i, (p) => pieces.push(p));
        if (pieces.length > 1) spliced++;
        assert.equal(pieces.join(''), JSON.stringify(report.layers.item(i)), `layer ${i}`);
      }
      assert.equal(spliced > 0, target !== undefined, 'the approximations spliced in where there are figures');
    }
  });

  it('writes the same as UTF-8 bytes, chunk by chunk, to an IO that takes bytes', () => {
    // Multi-byte characters (2, 3 and 4 bytes in UTF-8) across chunk edges, a piece larger than a
    // chunk, and a long array written item by item.
    const long = 'é€😀'.repeat(30_000);
    const value = { small: 'ü', items: Array.from({ length: 5000 }, (_, i) => ({ i, s: `€${i}😀` })), long, after: [1, 2] };
    // An IO that writes each chunk out (the stream fills the same bytes again), and one that keeps
    // them (a pipe's queue: the stream must not touch a chunk it has handed over).
    for (const writtenOut of [true, false]) {
      for (const pretty of [false, true]) {
        const chunks: Uint8Array[] = [];
        const arrays = new Set<ArrayBufferLike>();
        const writeBytes = (c: Uint8Array) => {
          arrays.add(c.buffer);
          chunks.push(writtenOut ? Uint8Array.from(c) : c);
          return writtenOut;
        };
        const io = { out: () => undefined, err: () => undefined, write: () => assert.fail('strings written to an IO that takes bytes'), writeBytes };
        new JsonStream(io, pretty).value(value);
        assert.ok(chunks.length > 3, `in chunks (${chunks.length})`);
        assert.equal(Buffer.concat(chunks).toString('utf8'), JSON.stringify(value, null, pretty ? 2 : undefined) + '\n');
        // Written out: one chunk's bytes for all (and the piece larger than a chunk, its own).
        if (writtenOut) assert.ok(arrays.size <= 2, `${arrays.size} arrays for ${chunks.length} chunks`);
      }
    }
  });
});

describe('cli: the default target', () => {
  it("is the editor's (roofline.target's default), and the table says it is the default", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
    const editorDefault = pkg.contributes.configuration.properties['roofline.target'].default;
    const j = JSON.parse(cli(['analyze', 'examples/resnet50.nnm', '--format', 'json']).out) as JsonReport;
    assert.equal(j.target?.name, editorDefault);
    assert.equal(j.target?.origin, 'fallback');
    const table = cli(['analyze', 'examples/resnet50.nnm']).out;
    assert.match(table, new RegExp(`^on ${editorDefault} \\(.*; the default target: neither --target nor the file's 'use target' names one\\)`, 'm'));
    // A file's own `use target` wins, and is named as such.
    assert.match(cli(['analyze', 'examples/alexnet_zhang15.nnm']).out, /^on zhang15-vc707 \(.*; the file's 'use target'\)/m);
  });
});
