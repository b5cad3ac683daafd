import fc from 'fast-check';
import { amendCeiling, checkBudgetLine, checkBudgetLineCodes, checkRegions, checkWindows, windowsOpened } from './scheme-setup-rules';

describe('setting a scheme up', () => {
  it('refuses duplicate windows and windows that close before they open', () => {
    expect(
      checkWindows(
        [
          { code: 'A', opensAt: '2030-01-01T00:00:00Z', closesAt: '2030-02-01T00:00:00Z' },
          { code: 'A', opensAt: '2030-03-01T00:00:00Z', closesAt: '2030-03-01T00:00:00Z' },
        ],
        'windows',
      ),
    ).toEqual([
      { name: 'windows.1.code', reason: 'duplicates window A' },
      { name: 'windows.1.closesAt', reason: 'must be after opensAt' },
    ]);
  });

  it('Bad data stored: refuses a window closing in 9999, before 2000, or open longer than 5 years (issue 17)', () => {
    const w = (opensAt: string, closesAt: string) => checkWindows([{ code: 'W', opensAt, closesAt }], 'windows');
    expect(w('2026-01-01T00:00:00Z', '9999-12-31T23:59:59Z')).toEqual([{ name: 'windows.0.closesAt', reason: 'must lie in the years 2000–2099' }]);
    expect(w('1999-12-31T23:00:00Z', '2026-01-01T00:00:00Z')).toEqual([{ name: 'windows.0.opensAt', reason: 'must lie in the years 2000–2099' }]);
    expect(w('2026-01-01T00:00:00Z', '2031-01-01T00:00:00Z')).toEqual([]);
    expect(w('2026-01-01T00:00:00Z', '2031-01-01T00:00:01Z')).toEqual([{ name: 'windows.0.closesAt', reason: 'must be at most 5 years after opensAt' }]);
    expect(w('2099-01-01T00:00:00+01:00', '2099-12-31T23:59:59+01:00')).toEqual([]);
  });

  it('Bad data stored: refuses a budget period outside 2000–2099 or longer than 10 years (issue 17)', () => {
    const names = (periodStart: string, periodEnd: string) => checkBudgetLine({ code: 'L', periodStart, periodEnd }, 'line', [], []);
    expect(names('2016-01-01', '2025-12-31')).toEqual([]);
    expect(names('2016-01-01', '2026-01-02')).toEqual([{ name: 'line.periodEnd', reason: 'must be at most 10 years after periodStart' }]);
    expect(names('2026-01-01', '9999-12-31')).toEqual([{ name: 'line.periodEnd', reason: 'must lie in the years 2000–2099' }]);
  });

  it('checks a budget line against the scheme’s regions and windows', () => {
    expect(checkBudgetLine({ code: 'L', periodStart: '2030-01-01', periodEnd: '2030-12-31', region: 'X', windowCode: 'W' }, 'line', ['X'], ['W'])).toEqual([]);
    expect(checkBudgetLine({ code: 'L', periodStart: '2030-02-01', periodEnd: '2030-01-01', region: 'Y', windowCode: 'V' }, 'line', ['X'], ['W']).map((p) => p.name)).toEqual([
      'line.periodEnd',
      'line.region',
      'line.windowCode',
    ]);
    expect(checkBudgetLineCodes([{ code: 'L', periodStart: '', periodEnd: '' }, { code: 'L', periodStart: '', periodEnd: '' }])).toEqual([
      { name: 'budgetLines.1.code', reason: 'duplicates budget line L' },
    ]);
  });

  it('knows a region’s lead organisation only when it is registered', () => {
    const known = new Set(['org-1']);
    expect(checkRegions([{ code: 'A', leadOrganisationId: 'org-1' }, { code: 'B' }], known)).toEqual([]);
    expect(checkRegions([{ code: 'A', leadOrganisationId: 'org-2' }, { code: 'A' }], known)).toEqual([
      { name: 'regions.0.leadOrganisationId', reason: 'is not a registered organisation' },
      { name: 'regions.1.code', reason: 'duplicates region A' },
    ]);
  });

  it('fixes the rules once a window has opened', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(windowsOpened([{ opensAt: new Date('2030-01-02T00:00:00Z') }], now)).toBe(false);
    expect(windowsOpened([{ opensAt: now }], now)).toBe(true);
  });
});

describe('a ceiling amendment', () => {
  it('is never below what is awarded, and once fixed never lower than the ceiling (Awb 4:26/4:27)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.boolean(), (a, b, next, fixed) => {
        const [awardedCents, ceilingCents] = a <= b ? [a, b] : [b, a];
        const verdict = amendCeiling({ ceilingCents, awardedCents, fixed }, next);
        if (verdict.ok) {
          expect(next).not.toBe(ceilingCents);
          expect(next >= awardedCents).toBe(true);
          if (fixed) expect(next > ceilingCents).toBe(true);
        }
      }),
    );
  });

  it('names why it refuses', () => {
    const line = { ceilingCents: 100n, awardedCents: 40n, fixed: true };
    expect(amendCeiling(line, 100n)).toEqual({ ok: false, reason: 'unchanged' });
    expect(amendCeiling(line, 30n)).toEqual({ ok: false, reason: 'below_awarded' });
    expect(amendCeiling(line, 50n)).toEqual({ ok: false, reason: 'lowered' });
    expect(amendCeiling({ ...line, fixed: false }, 50n)).toEqual({ ok: true });
    expect(amendCeiling(line, 150n)).toEqual({ ok: true });
  });
});
