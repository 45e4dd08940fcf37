// SCALE-Sim v2 topology CSV -> FileAnalysis. Two forms, told apart by the header (the first line,
// which SCALE-Sim always skips): conv rows `Layer name, IFMAP Height, IFMAP Width, Filter Height,
// Filter Width, Channels, Num Filter, Strides[, Stride width]` and GEMM rows `Layer, M, N, K`.
// SCALE-Sim's conventions hold: no padding field and an output of ceil((H - R + S) / S) (a partial
// last window rounds up), no bias, one-byte words (precision int8 unless the caller sets another).
// Rows are independent layers, as SCALE-Sim simulates them: each has its own input and no producer.
// A row marked `#dw`, or whose name holds 'DP' (SCALE-Sim's own depthwise rule), is depthwise:
// groups = channels, Num Filter filters per channel. Columns beyond the known ones are ignored. A
// malformed row is one RL704 at the cell to blame (or the row) and an uncounted layer; the rest of
// the file still loads.
import { DiagnosticList } from '../../diagnostics/limitDiagnostics';
import { layerLimit } from '../../limits';
import type { FileAnalysis } from '../../analyze';
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic } from '../../diagnostics/types';
import { toRoles, type PrecisionOption } from '../../precision';
import { GraphBuilder } from '../../semantics/graphBuilder';
import { importedAnalysis, modelNameFromFile } from '../common';
import { readRows, type CsvCell, type CsvRow } from './csv';

export interface ScaleSimOptions {
  fileName?: string;
  /** SCALE-Sim topologies have no model parameters; any given is an RL209. */
  params?: Record<string, number>;
  precision?: PrecisionOption;
}

const CONV_COLUMNS = ['IFMAP height', 'IFMAP width', 'filter height', 'filter width', 'channels', 'filters', 'stride'];
const GEMM_COLUMNS = ['M', 'N', 'K'];

type Form = 'conv' | 'gemm';

function formOf(header: CsvRow): Form | undefined {
  const names = header.cells.map((c) => c.text.toLowerCase().replace(/\s+/g, ' '));
  if (names[1] === 'm' && names[2] === 'n' && names[3] === 'k') return 'gemm';
  if (names.some((n) => n.includes('ifmap') || n.includes('filter'))) return 'conv';
  return undefined;
}

/** Whole numbers >= 1 from cells 1..n of a row, or the RL704 that says what is wrong. */
function numbers(row: CsvRow, columns: string[]): number[] | Diagnostic {
  const out: number[] = [];
  for (let i = 0; i < columns.length; i++) {
    const cell: CsvCell | undefined = row.cells[i + 1];
    if (!cell || cell.text === '') {
      return diag('RL704', row.span, `row '${row.cells[0]?.text ?? ''}' has no ${columns[i]} (column ${i + 2}): a ${columns.length === 3 ? 'GEMM row is Layer, M, N, K' : 'conv row is Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides'}`);
    }
    if (!/^\d+$/.test(cell.text) || Number(cell.text) < 1) return diag('RL704', cell.span, `${columns[i]} must be a positive whole number, got '${cell.text}'`);
    out.push(Number(cell.text));
  }
  return out;
}

export function analyzeScaleSim(text: string, options: ScaleSimOptions = {}): FileAnalysis {
  const diagnostics = new DiagnosticList();
  const roles = toRoles(options.precision ?? 'int8');
  const precision = roles.activations;
  const modelName = modelNameFromFile(options.fileName, 'scalesim');
  const b = new GraphBuilder(modelName, roles, { start: 0, end: text.length });
  for (const name of Object.keys(options.params ?? {})) diagnostics.push(diag('RL209', { start: 0, end: 0 }, `model '${modelName}' has no parameter '${name}' (a SCALE-Sim topology has none)`));
  // The header and at most one row past the layer limit (which the builder then reports).
  const [header, ...rows] = readRows(text, layerLimit() + 2);
  let form: Form = 'conv';
  if (header) {
    const found = formOf(header);
    if (found) form = found;
    else {
      diagnostics.push(diag('RL704', header.span, "the first line is not a SCALE-Sim header ('Layer name, IFMAP Height, ...' or 'Layer, M, N, K'); SCALE-Sim skips it, and so does this analysis"));
      form = rows.some((r) => r.cells.length >= 8) ? 'conv' : 'gemm';
    }
  }
  const strideWidth = form === 'conv' && header !== undefined && /stride/i.test(header.cells[8]?.text ?? '');

  for (const row of rows) {
    const name = row.cells[0].text || `row ${row.line + 1}`;
    const fail = (d: Diagnostic): void => {
      const before = b.diagnostics.length;
      b.uncounted(name, form === 'conv' ? 'conv2d' : 'linear', [], row.span, null, d.message);
      b.diagnostics.splice(before);
      diagnostics.push(d);
    };
    const values = numbers(row, form === 'conv' ? CONV_COLUMNS : GEMM_COLUMNS);
    if (!Array.isArray(values)) {
      fail(values);
      continue;
    }
    if (form === 'gemm') {
      const [m, n, k] = values;
      const x = b.input(`${name}.ifmap`, [m, k], precision, row.span);
      b.layer({ op: 'linear', name, inputs: [x], args: { out: n, bias: false }, span: row.span, notes: [`SCALE-Sim GEMM: an ${m} x ${k} operand times a ${k} x ${n} filter operand, counted as weights (${k} x ${n} parameters), as SCALE-Sim keeps it in the filter SRAM.`] });
      continue;
    }
    const [h, w, r, s, c, nf, sh] = values;
    let sw = sh;
    if (strideWidth && row.cells[8]?.text) {
      const v = row.cells[8];
      if (!/^\d+$/.test(v.text) || Number(v.text) < 1) {
        fail(diag('RL704', v.span, `stride width must be a positive whole number, got '${v.text}'`));
        continue;
      }
      sw = Number(v.text);
    }
    if (r > h || s > w) {
      const cell = r > h ? row.cells[3] : row.cells[4];
      fail(diag('RL704', cell.span, `the filter ${r}x${s} is larger than the IFMAP ${h}x${w}: SCALE-Sim rejects this row`));
      continue;
    }
    const dw = row.comment?.text.toLowerCase().startsWith('dw') || /DP/.test(row.cells[0].text);
    // SCALE-Sim's output size, ceil((H - R + S) / S), counts a last window that overhangs the input;
    // conv2d's floor rule gives the same size with ceil(overhang / 2) rows of zero padding a side.
    const oh = Math.ceil((h - r + sh) / sh);
    const ow = Math.ceil((w - s + sw) / sw);
    const [eh, ew] = [(oh - 1) * sh + r - h, (ow - 1) * sw + s - w];
    const notes = ['SCALE-Sim topology row: no padding field, no bias; output ceil((H - R + S) / S).'];
    if (eh > 0 || ew > 0) notes.push(`The last window overhangs the input by ${eh} row(s) and ${ew} column(s) and is counted, as SCALE-Sim does (output ${oh}x${ow}): modelled as ${Math.ceil(eh / 2)}x${Math.ceil(ew / 2)} zero padding a side.`);
    if (dw) notes.push(`Depthwise (${row.comment ? `'#${row.comment.text}'` : "'DP' in the name"}): one group per channel, ${nf} filter(s) each; SCALE-Sim itself simulates the row as written.`);
    const x = b.input(`${name}.ifmap`, [1, c, h, w], precision, row.span);
    b.layer({
      op: 'conv2d',
      name,
      inputs: [x],
      args: { out: dw ? c * nf : nf, kernel: [r, s], stride: [sh, sw], pad: [Math.ceil(eh / 2), Math.ceil(ew / 2)], groups: dw ? c : 1, bias: false },
      span: row.span,
      notes,
    });
  }

  const model = b.finish();
  if (model.layers.length === 0 && diagnostics.length === 0) diagnostics.push(diag('RL210', { start: 0, end: 0 }, modelName));
  return importedAnalysis(text, [model], [...diagnostics.all(), ...b.diagnostics]);
}
