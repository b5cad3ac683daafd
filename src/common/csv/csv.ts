import { stringify } from 'csv-stringify/sync';

/** What a CSV cell may hold; null and undefined are written as an empty cell. */
export type CsvCell = string | number | bigint | boolean | null | undefined;

/** UTF-8 with a byte-order mark, so spreadsheet software reads the accents in Dutch names right. */
const BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula (OWASP "CSV injection"): one that starts with
 * = + - @ (or a full-width ＝ ＋ － ＠), a tab or a carriage return, also after leading
 * white space, which spreadsheet software may strip before it parses the cell.
 */
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
/** A plain number written as text (an amount such as "-12.50") is data, not a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The text of a cell as a spreadsheet may read it: a formula is prefixed with ' so that it stays text. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * Every CSV the service writes goes through here (RFC 4180 quoting by csv-stringify, comma,
 * CRLF for spreadsheets), with every text cell passed through `neutraliseFormula`: a name, title
 * or remittance an applicant typed never runs as a formula in the funder's spreadsheet.
 * `bom` puts the byte-order mark first (once per file: leave it out for the later pages of a stream).
 */
export function writeCsv(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  const text = stringify(
    rows.map((row) => [...row]),
    {
      record_delimiter: 'windows',
      // Our own escaping (below) replaces csv-stringify's escape_formulas, which misses a formula after leading spaces.
      cast: {
        string: (value) => neutraliseFormula(value),
        bigint: (value) => value.toString(),
        boolean: (value) => (value ? 'true' : 'false'),
      },
    },
  );
  return (options.bom ? BOM : '') + text;
}
