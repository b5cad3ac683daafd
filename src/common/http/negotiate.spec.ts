import { CSV_TYPE, preferredType, XLSX_TYPE } from './negotiate';

const OFFERED = ['application/json', CSV_TYPE, XLSX_TYPE] as const;

describe('content negotiation by Accept', () => {
  it('serves JSON without an Accept header, for */* and for a type it does not offer', () => {
    for (const accept of [undefined, '', '*/*', 'application/pdf', 'text/html, */*;q=0.8']) expect(preferredType(accept, OFFERED)).toBe('application/json');
  });

  it('serves the named type with the highest q, JSON on a tie', () => {
    expect(preferredType('text/csv', OFFERED)).toBe(CSV_TYPE);
    expect(preferredType(XLSX_TYPE, OFFERED)).toBe(XLSX_TYPE);
    expect(preferredType(`text/csv;q=0.5, ${XLSX_TYPE};q=0.9`, OFFERED)).toBe(XLSX_TYPE);
    expect(preferredType('application/json;q=0.4, Text/CSV', OFFERED)).toBe(CSV_TYPE);
    expect(preferredType('application/json, text/csv', OFFERED)).toBe('application/json');
    expect(preferredType('text/csv;q=0', OFFERED)).toBe('application/json');
  });
});
