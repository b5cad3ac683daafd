import { writeCsv, type CsvCell } from '../common/csv/csv';
import { writeXlsx, type XlsxCell } from '../common/xlsx/xlsx';
import { UTILISATION_FIGURES } from './domain/utilisation';
import type { UtilisationReportDto } from './utilisation.dto';

/** A report as a table: the header, then rows whose amounts are "1234.56" strings. */
export interface ReportTable {
  header: string[];
  /** Indexes of the columns that hold amounts (numbers in a spreadsheet). */
  amounts: ReadonlySet<number>;
  rows: CsvCell[][];
}

const UTILISATION_HEADER = ['scheme_code', 'window_code', 'budget_line_code', 'budget_line_name', 'region', 'year', ...UTILISATION_FIGURES];

/** The utilisation report as a table, its totals as the last row (`TOTAL` in the first column). */
export function utilisationTable(report: UtilisationReportDto): ReportTable {
  const rows: CsvCell[][] = report.rows.map((r) => [r.schemeCode, r.windowCode, r.budgetLineCode, r.budgetLineName, r.region, r.year, ...UTILISATION_FIGURES.map((k) => r[k])]);
  rows.push(['TOTAL', null, null, null, null, null, ...UTILISATION_FIGURES.map((k) => report.totals[k])]);
  return { header: UTILISATION_HEADER, amounts: new Set(UTILISATION_FIGURES.map((_, i) => 6 + i)), rows };
}

/** As CSV through the one writer (UTF-8 with BOM; formulas escaped). */
export function tableCsv(table: ReportTable, options: { header?: boolean; bom?: boolean } = { header: true, bom: true }): string {
  return writeCsv(options.header === false ? table.rows : [table.header, ...table.rows], { bom: options.bom });
}

/** As an XLSX workbook of one sheet: text as text, amounts as numbers with two decimals. */
export function tableXlsx(sheetName: string, table: ReportTable): Promise<Buffer> {
  const cells: XlsxCell[][] = table.rows.map((row) =>
    row.map((cell, i): XlsxCell => {
      if (cell === null || cell === undefined || cell === '') return null;
      if (table.amounts.has(i)) return { amount: String(cell) };
      return typeof cell === 'number' ? cell : String(cell);
    }),
  );
  return writeXlsx(sheetName, [table.header, ...cells]);
}
