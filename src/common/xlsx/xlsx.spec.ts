import * as fs from 'node:fs';
import * as path from 'node:path';
import { Workbook } from 'exceljs';
import { writeXlsx } from './xlsx';

describe('XLSX formula injection (security finding): text is written as text', () => {
  it('a cell typed as a formula is a string cell, never a formula; an amount is a number to the cent', async () => {
    const file = await writeXlsx('Report', [
      ['name', 'amount'],
      ['=HYPERLINK("http://evil","x")', { amount: '1234.56' }],
      ['+1+1', { amount: '0.10' }],
    ]);
    const book = new Workbook();
    await book.xlsx.load(file as never);
    const sheet = book.worksheets[0];
    expect(sheet.getCell('A2').type).toBe(3); // ValueType.String
    expect(sheet.getCell('A2').value).toBe('=HYPERLINK("http://evil","x")');
    expect(sheet.getCell('A3').formula).toBeUndefined();
    expect(sheet.getCell('A3').value).toBe('+1+1');
    expect((sheet.getCell('B2').value as number).toFixed(2)).toBe('1234.56');
    expect((sheet.getCell('B3').value as number).toFixed(2)).toBe('0.10');
  });
});

describe('XLSX formula injection (security finding): one XLSX writer', () => {
  it('no file but src/common/xlsx/xlsx.ts uses exceljs: every workbook goes through writeXlsx', () => {
    const src = path.resolve(__dirname, '../..');
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path.join(dir, e.name)] : []));
    const users = sources(src).filter((f) => /from 'exceljs'/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(src, f));
    expect(users).toEqual(['common/xlsx/xlsx.ts']);
  });
});
