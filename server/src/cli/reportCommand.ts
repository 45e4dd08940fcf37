// `roofline report FILE --target T -o report.html`: one self-contained HTML file with the Roofline
// panel's charts and table (the same page and chart code as the panel: dist/webview.js and
// dist/webview.css inlined), which opens in any browser with no network. The analysis core
// (dist/reportEngine.js) and the file's text are inlined too, so that its what-if controls
// (target, precision, params, fusion, traffic) analyse the model again in the browser.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { panelData } from '../report/panelData';
import { reportHtml } from '../report/reportHtml';
import type { ReportSource } from '../report/reportSource';
import { detectFormat, rolesText } from './core';
import { option, parseCommand, UsageError, type CommandSpec } from './args';
import { writeOutputFile, type CliIO } from './io';
import { loadOneModel, MODEL_OPTIONS, type LoadedModel } from './loadModel';

export const REPORT_COMMAND: CommandSpec = {
  name: 'report',
  usage: 'usage: roofline report FILE [--target NAME|FILE] -o report.html [options]',
  summary: "One self-contained HTML page with the Roofline panel's charts and table, which opens in any browser with no network.",
  options: [...MODEL_OPTIONS, { name: 'output', value: true, short: 'o', placeholder: 'FILE', help: 'the HTML file to write (required)' }],
};
export const REPORT_USAGE = REPORT_COMMAND.usage;

/** The webview bundle beside this command's own bundle (dist/cli.js -> dist/webview.js). */
function bundleFile(name: string): string {
  const candidates = [path.join(__dirname, name), path.join(__dirname, '..', '..', '..', 'dist', name)];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new UsageError(`cannot find ${name}: run 'npm run build' first`);
  return found;
}

/** What the report's engine analyses again: the file's text (or an ONNX file's models), the
 *  options, and the target chosen (read from a file, it is carried along). */
function reportSource(loaded: LoadedModel, uri: string, modelIndex: number): ReportSource {
  const o = loaded.options;
  const chosen = loaded.analysis.chosen?.target;
  const src: ReportSource = {
    uri,
    fileName: path.basename(loaded.file),
    options: {
      ...(chosen ? { target: chosen.name } : {}),
      ...(o.precision ? { precision: typeof o.precision === 'string' ? o.precision : rolesText(o.precision) } : {}),
      ...(o.params && Object.keys(o.params).length > 0 ? { params: o.params } : {}),
      ...(o.traffic ? { traffic: o.traffic } : {}),
      ...(o.fusion ? { fusion: o.fusion } : {}),
      ...(o.attention ? { attention: o.attention } : {}),
      ...(o.phase ? { phase: o.phase } : {}),
      ...(o.parallel ? { parallel: o.parallel } : {}),
      modelIndex,
    },
  };
  if (chosen && typeof o.target === 'object') src.targets = [chosen];
  const format = detectFormat(loaded.file, loaded.analysis.text.slice(0, 4096));
  if (format === 'onnx' || loaded.analysis.text === '') src.models = loaded.analysis.models;
  else {
    src.text = loaded.analysis.text;
    src.format = format;
  }
  return src;
}

export function runReport(argv: string[], io: CliIO): number {
  const args = parseCommand(argv, REPORT_COMMAND, io.out);
  if (!args) return 0;
  const out = option(args, 'output');
  if (!out) throw new UsageError(`${REPORT_USAGE}\n(-o FILE is required)`);
  const loaded = loadOneModel(args, io, REPORT_USAGE, true);
  if (loaded.errors > 0) return 1;
  const modelName = option(args, 'model');
  const modelIndex = modelName ? loaded.analysis.models.findIndex((m) => m.name === modelName) : 0;
  const precision = option(args, 'precision');
  // The file's base name only: a report is shared, and must not carry a path of this machine.
  const uri = path.basename(loaded.file);
  const data = panelData(loaded.analysis, { uri, fileName: path.basename(loaded.file), modelIndex, ...(precision ? { precision } : {}), ...(loaded.options.attention ? { attention: loaded.options.attention } : {}) });
  if (!data) throw new UsageError(`${loaded.file}: nothing to report (no model, or it could not be costed)`);
  const engine = { script: fs.readFileSync(bundleFile('reportEngine.js'), 'utf8'), source: reportSource(loaded, uri, modelIndex) };
  const html = reportHtml({ data, script: fs.readFileSync(bundleFile('webview.js'), 'utf8'), css: fs.readFileSync(bundleFile('webview.css'), 'utf8'), title: `Roofline: ${data.model} on ${data.target.name}`, engine });
  writeOutputFile(out, html);
  // The last words are the path, to open or click.
  io.out(`report of ${data.model} on ${data.target.name} (${data.layers.length} layers, ${Math.round(html.length / 1024)} KiB, of which the analysis core ${Math.round(engine.script.length / 1024)} KiB) written to ${out}`);
  return 0;
}
