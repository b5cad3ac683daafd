import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every .ts file under a directory, specs left out. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [full] : [];
  });
}

describe('CSV formula injection (security finding): one CSV writer', () => {
  const src = path.resolve(__dirname, '../..');
  const writer = path.join(src, 'common/csv/csv.ts');

  it('no file but src/common/csv/csv.ts uses csv-stringify: every CSV goes through writeCsv', () => {
    const others = sources(src).filter((f) => f !== writer && /from 'csv-stringify/.test(fs.readFileSync(f, 'utf8')));
    expect(others).toEqual([]);
  });

  it('every file that answers text/csv writes it with writeCsv, none by hand', () => {
    const producers = sources(src).filter((f) => /text\/csv/.test(fs.readFileSync(f, 'utf8')) && /\.(controller)\.ts$/.test(f));
    expect(producers.length).toBeGreaterThan(0);
    const writers = sources(src).filter((f) => /writeCsv\(/.test(fs.readFileSync(f, 'utf8')) && f !== writer).map((f) => path.relative(src, f));
    expect(writers.sort()).toEqual(['payments/report-export.ts', 'payments/use-cases/export-csv-file.ts', 'reviews/ranking-export.ts']);
    // Hand-made CSV (a row joined with commas and CRLF) is nowhere in the code.
    const byHand = sources(src).filter((f) => /join\(','\)\s*\+\s*'\\r\\n'/.test(fs.readFileSync(f, 'utf8')));
    expect(byHand).toEqual([]);
  });
});
