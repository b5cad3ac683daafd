import fc from 'fast-check';
import { neutraliseFormula, writeCsv } from './csv';

/** Every cell of a CSV text, unquoted (RFC 4180), for the checks below. */
function cells(csv: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      out.push(cell);
      cell = '';
    }
    else if (c === '\r' && csv[i + 1] === '\n') continue;
    else cell += c;
  }
  out.push(cell);
  return out;
}

const runsAsFormula = (cell: string) => /^[\s\u00a0\u3000]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell);

describe('CSV formula injection (security finding): the shared CSV writer', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","klik")'],
    ['+31 6 1234'],
    ['-2+3'],
    ['@SUM(A1:A2)'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['   =HYPERLINK("x")'],
    ['\u00a0=1+1'],
    ['＝1+1'],
  ])('writes %j as text, never as a formula', (value) => {
    const written = cells(writeCsv([[value]]).replace(/\r\n$/, ''));
    expect(written).toEqual([`'${value}`]);
  });

  it('leaves plain text and numbers as they are', () => {
    expect(writeCsv([['Stichting VO', 'NL91ABNA0417164300', '250000.00', '-12.50', 3, -4, 10n, true, null]])).toBe('Stichting VO,NL91ABNA0417164300,250000.00,-12.50,3,-4,10,true,\r\n');
    expect(neutraliseFormula('De Vries, A.')).toBe('De Vries, A.');
  });

  it('puts the byte-order mark first only when asked', () => {
    expect(writeCsv([['a']], { bom: true })).toBe('\uFEFFa\r\n');
    expect(writeCsv([['a']])).toBe('a\r\n');
  });

  it('property: no cell of any CSV it writes starts a formula, and the text of every cell survives', () => {
    const prefix = fc.constantFrom('', ' ', '  ', '\t', '\r', '\u00a0');
    const start = fc.constantFrom('=', '+', '-', '@', '＝', 'a', '1', '"', ',');
    const cell = fc.tuple(prefix, start, fc.string()).map(([p, s, rest]) => p + s + rest);
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (rows) => {
        const width = rows[0].length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const written = cells(writeCsv(table).slice(0, -2));
        expect(written).toHaveLength(width * table.length);
        for (const [i, w] of written.entries()) {
          expect(runsAsFormula(w)).toBe(false);
          const original = table[Math.floor(i / width)][i % width];
          expect(w === original || w === `'${original}`).toBe(true);
        }
      }),
    );
  });
});
