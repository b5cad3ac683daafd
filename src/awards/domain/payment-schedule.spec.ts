import fc from 'fast-check';
import { addMonthsClamped, advanceSchedule, decisionSchedule, duSchedule, GEMEENTEFONDS_MOMENTS, objectionTermEnds } from './payment-schedule';
import { easterSunday, extendToWorkingDay, generalHolidays, isGeneralHoliday, isLocalDate, kingsDay } from './general-holidays';
import { allocateFormula } from './allocation';

const sum = (xs: readonly bigint[]) => xs.reduce((a, x) => a + x, 0n);

describe('addMonthsClamped', () => {
  it('clamps the day to the end of the target month', () => {
    expect(addMonthsClamped('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsClamped('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonthsClamped('2024-01-31', 3)).toBe('2024-04-30');
    expect(addMonthsClamped('2024-11-30', 3)).toBe('2025-02-28');
    expect(addMonthsClamped('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonthsClamped('2024-05-15', 0)).toBe('2024-05-15');
  });

  it('refuses a date that does not exist', () => {
    expect(() => addMonthsClamped('2023-02-29', 1)).toThrow(RangeError);
    expect(() => addMonthsClamped('2023-2-1', 1)).toThrow(RangeError);
  });
});

describe('advanceSchedule', () => {
  it('pays 80% in two instalments three months apart, the rest after the final determination', () => {
    expect(advanceSchedule(1_000_001n, { percentage: 80, instalments: 2 }, '2024-01-31')).toEqual([
      { sequence: 1, kind: 'advance', amountCents: 400_000n, dueOn: '2024-01-31' },
      { sequence: 2, kind: 'advance', amountCents: 400_000n, dueOn: '2024-04-30' },
      // floor(1,000,001 × 0.8) = 800,000: the odd cents stay with the settlement.
      { sequence: 3, kind: 'settlement', amountCents: 200_001n, dueOn: null },
    ]);
  });

  it('puts the cents left over on the first instalment', () => {
    const lines = advanceSchedule(1_000n, { percentage: 80, instalments: 3 }, '2024-06-30', 1);
    expect(lines.map((l) => [l.amountCents, l.dueOn])).toEqual([
      [268n, '2024-06-30'],
      [266n, '2024-07-30'],
      [266n, '2024-08-30'],
      [200n, null],
    ]);
  });

  it('takes fractional percentages exactly', () => {
    const lines = advanceSchedule(100_000n, { percentage: 87.5, instalments: 1 }, '2024-01-01');
    expect(lines.map((l) => l.amountCents)).toEqual([87_500n, 12_500n]);
    expect(() => advanceSchedule(100n, { percentage: 33.33333, instalments: 1 }, '2024-01-01')).toThrow(RangeError);
    expect(() => advanceSchedule(100n, { percentage: 101, instalments: 1 }, '2024-01-01')).toThrow(RangeError);
  });

  it('keeps the settlement line at 100% and gives the settlement alone at 0%', () => {
    expect(advanceSchedule(500n, { percentage: 100, instalments: 2 }, '2024-01-01').map((l) => [l.kind, l.amountCents])).toEqual([
      ['advance', 250n],
      ['advance', 250n],
      ['settlement', 0n],
    ]);
    expect(advanceSchedule(500n, { percentage: 0, instalments: 2 }, '2024-01-01')).toEqual([{ sequence: 1, kind: 'settlement', amountCents: 500n, dueOn: null }]);
  });

  it('leaves out advance instalments that would be 0.00', () => {
    expect(advanceSchedule(3n, { percentage: 100, instalments: 5 }, '2024-01-01')).toEqual([
      { sequence: 1, kind: 'advance', amountCents: 3n, dueOn: '2024-01-01' },
      { sequence: 2, kind: 'settlement', amountCents: 0n, dueOn: null },
    ]);
  });

  it('always adds up to the amount, advances = floor(amount × percentage / 100)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.integer({ min: 0, max: 100_000 }).map((m) => m / 1000),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        (amount, percentage, instalments, months, first) => {
          const lines = advanceSchedule(amount, { percentage, instalments }, first, months);
          expect(sum(lines.map((l) => l.amountCents))).toBe(amount);
          const advances = lines.filter((l) => l.kind === 'advance');
          const expected = instalments === 0 ? 0n : (amount * BigInt(Math.round(percentage * 1000))) / 100_000n;
          expect(sum(advances.map((l) => l.amountCents))).toBe(expected);
          expect(advances.length).toBeLessThanOrEqual(instalments);
          advances.forEach((l) => expect(l.amountCents > 0n).toBe(true));
          expect(lines.at(-1)).toMatchObject({ kind: 'settlement', dueOn: null });
          lines.forEach((l, i) => expect(l.sequence).toBe(i + 1));
          const dates = advances.map((l) => l.dueOn!);
          expect([...dates].sort()).toEqual(dates);
        },
      ),
    );
  });
});

describe('duSchedule', () => {
  it('spreads a year over the gemeentefonds moments, the odd cents on the earliest', () => {
    expect(duSchedule(100n, 2016)).toEqual([
      { sequence: 1, dueOn: '2016-05-31', amountCents: 34n },
      { sequence: 2, dueOn: '2016-09-30', amountCents: 33n },
      { sequence: 3, dueOn: '2016-12-31', amountCents: 33n },
    ]);
    expect(GEMEENTEFONDS_MOMENTS).toEqual(['05-31', '09-30', '12-31']);
  });

  it('sorts the moments and refuses impossible or repeated ones', () => {
    expect(duSchedule(10n, 2020, ['12-31', '02-29']).map((i) => i.dueOn)).toEqual(['2020-02-29', '2020-12-31']);
    expect(() => duSchedule(10n, 2017, ['02-29'])).toThrow(RangeError);
    expect(() => duSchedule(10n, 2017, ['05-31', '05-31'])).toThrow(RangeError);
    expect(() => duSchedule(10n, 2017, [])).toThrow(RangeError);
  });

  it('reproduces the seed: EUR 11,200,000 a year for 2016–2020 over nine regions, each year to the cent', () => {
    const regions = Array.from({ length: 9 }, (_, i) => ({ id: `R${i + 1}`, weight: BigInt(1_000 + 137 * i) }));
    for (const year of [2016, 2017, 2018, 2019, 2020]) {
      const shares = allocateFormula({ totalCents: 1_120_000_000n, recipients: regions });
      expect(sum(shares.map((s) => s.amountCents))).toBe(1_120_000_000n);
      const paid = shares.flatMap((s) => duSchedule(s.amountCents, year).map((i) => i.amountCents));
      expect(sum(paid)).toBe(1_120_000_000n);
    }
  });

  it('always adds up to the year amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.integer({ min: 2000, max: 2100 }), fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }), (amount, year, months) => {
        const moments = months.map((m) => `${String(m).padStart(2, '0')}-28`);
        const instalments = duSchedule(amount, year, moments);
        expect(sum(instalments.map((i) => i.amountCents))).toBe(amount);
        const amounts = instalments.map((i) => i.amountCents);
        expect(amounts.every((a) => a === amounts[0] || a === amounts[0] - 1n)).toBe(true);
      }),
    );
  });
});

describe('general holidays (Algemene termijnenwet)', () => {
  it('knows Easter', () => {
    expect(easterSunday(2008)).toBe('2008-03-23');
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2285)).toBe('2285-03-22');
  });

  it('moves King’s Day to the 26th when the 27th is a Sunday', () => {
    expect(kingsDay(2023)).toBe('2023-04-27');
    expect(kingsDay(2025)).toBe('2025-04-26');
    expect(kingsDay(2014)).toBe('2014-04-26');
    expect(kingsDay(2006)).toBe('2006-04-29'); // Queen's Day, 30 April 2006 was a Sunday
  });

  it('lists the general holidays of 2025, without Good Friday', () => {
    expect(generalHolidays(2025)).toEqual([
      { date: '2025-01-01', name: 'Nieuwjaarsdag' },
      { date: '2025-04-21', name: 'Tweede Paasdag' },
      { date: '2025-04-26', name: 'Koningsdag' },
      { date: '2025-05-05', name: 'Bevrijdingsdag' },
      { date: '2025-05-29', name: 'Hemelvaartsdag' },
      { date: '2025-06-09', name: 'Tweede Pinksterdag' },
      { date: '2025-12-25', name: 'Eerste Kerstdag' },
      { date: '2025-12-26', name: 'Tweede Kerstdag' },
    ]);
    expect(isGeneralHoliday('2025-04-18')).toBe(false); // Good Friday
    expect(isGeneralHoliday('2026-05-05')).toBe(true); // Liberation Day every year, not only in lustrum years
  });

  it('extends to the next day that is neither weekend nor holiday', () => {
    expect(extendToWorkingDay('2024-04-12')).toBe('2024-04-12');
    expect(extendToWorkingDay('2021-12-25')).toBe('2021-12-27');
  });

  it('validates dates', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2023-02-29')).toBe(false);
    expect(isLocalDate('2023-13-01')).toBe(false);
  });
});

describe('objectionTermEnds (Awb 6:7, 6:8; Atw)', () => {
  it.each([
    ['2024-03-01', '2024-04-12', 'a Friday: six weeks later, a Friday'],
    ['2024-03-02', '2024-04-15', 'ends on Saturday 13 April: Monday'],
    ['2025-03-10', '2025-04-22', 'ends on Easter Monday 21 April 2025'],
    ['2025-03-08', '2025-04-22', 'ends on the Saturday before Easter: Saturday, Sunday, Easter Monday'],
    ['2025-03-07', '2025-04-18', 'ends on Good Friday 2025: not a general holiday'],
    ['2023-03-16', '2023-04-28', 'ends on King’s Day, Thursday 27 April 2023'],
    ['2026-03-16', '2026-04-28', 'ends on King’s Day, Monday 27 April 2026'],
    ['2014-03-15', '2014-04-28', 'ends on King’s Day moved to Saturday 26 April 2014'],
    ['2025-03-24', '2025-05-06', 'ends on Liberation Day, Monday 5 May 2025'],
    ['2026-03-24', '2026-05-06', 'ends on Liberation Day, Tuesday 5 May 2026'],
    ['2025-04-17', '2025-05-30', 'ends on Ascension Day, 29 May 2025'],
    ['2025-04-28', '2025-06-10', 'ends on Whit Monday, 9 June 2025'],
    ['2024-11-13', '2024-12-27', 'ends on Christmas Day 2024: Boxing Day is one too'],
    ['2021-11-13', '2021-12-27', 'ends on Christmas Day 2021, a Saturday'],
    ['2021-11-20', '2022-01-03', 'ends on New Year’s Day 2022, a Saturday'],
  ])('sent %s: the term ends %s (%s)', (sentOn, endsOn) => {
    expect(objectionTermEnds(sentOn)).toBe(endsOn);
  });

  it('never ends before six weeks, nor on a weekend or general holiday, nor more than five days late', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), (sentOn) => {
        const ends = objectionTermEnds(sentOn);
        const days = (Date.parse(ends) - Date.parse(sentOn)) / 86_400_000;
        expect(days).toBeGreaterThanOrEqual(42);
        expect(days).toBeLessThanOrEqual(47);
        const weekday = new Date(`${ends}T00:00:00Z`).getUTCDay();
        expect(weekday === 0 || weekday === 6 || isGeneralHoliday(ends)).toBe(false);
      }),
    );
  });

  it('refuses a malformed date', () => {
    expect(() => objectionTermEnds('1-3-2024')).toThrow(RangeError);
  });
});

describe('decisionSchedule', () => {
  it('pays a small award at or below the direct-determination amount in full, at once', () => {
    const policy = { percentage: 80, instalments: 2 };
    expect(decisionSchedule(2_500_000n, policy, 2_500_000n, '2026-01-15')).toEqual([
      { sequence: 1, kind: 'advance', amountCents: 2_500_000n, dueOn: '2026-01-15' },
      { sequence: 2, kind: 'settlement', amountCents: 0n, dueOn: null },
    ]);
    expect(decisionSchedule(2_500_001n, policy, 2_500_000n, '2026-01-15')).toEqual(advanceSchedule(2_500_001n, policy, '2026-01-15'));
    expect(decisionSchedule(100n, policy, null, '2026-01-15')).toEqual(advanceSchedule(100n, policy, '2026-01-15'));
  });
});
