// CSV cells and records (RFC 4180), shared by the command line (`roofline analyze --format csv`)
// and the Roofline panel's CSV export: a field holding a comma, a double quote, CR or LF is quoted
// and its quotes doubled; records end with CRLF. A text cell that a spreadsheet would run as a
// formula (starting with = + - @, a tab or a carriage return: OWASP's "CSV injection") gets a
// leading single quote, so that a layer named `=HYPERLINK(...)` stays text. Numbers are written at
// full precision and never changed (-3 is a number, not a formula). Pure: no imports.

export type CsvValue = string | number | boolean | undefined | null;

/** Characters that start a formula in spreadsheet programs (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet will show as text: a leading ' before a formula-looking start. */
export function neutraliseCell(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export function csvField(v: CsvValue): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = typeof v === 'boolean' ? String(v) : neutraliseCell(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Records as CSV text, each ending with CRLF. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}
