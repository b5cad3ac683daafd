import { Workbook } from 'exceljs';

/** A cell of a spreadsheet the service writes: text stays text, an amount is a number shown with two decimals. */
export type XlsxCell = string | { amount: string } | number | null;

/**
 * Every XLSX the service writes goes through here (exceljs). A text cell is always written
 * as a string cell, never as a formula (exceljs makes a formula only from a `{ formula }`
 * value, which this never passes), so a name an applicant typed as `=HYPERLINK(...)` stays
 * text. An amount ("1234.56", integer cents formatted) becomes a number with format 0.00,
 * so finance can add it up; the header row is bold and frozen.
 */
export async function writeXlsx(sheetName: string, rows: readonly (readonly XlsxCell[])[]): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'Subsidia';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  rows.forEach((row, r) => {
    const line = sheet.getRow(r + 1);
    row.forEach((cell, c) => {
      const target = line.getCell(c + 1);
      if (cell === null) return;
      if (typeof cell === 'object') {
        target.value = Number(cell.amount);
        target.numFmt = '0.00';
      } else {
        target.value = cell;
      }
    });
    if (r === 0) line.font = { bold: true };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
