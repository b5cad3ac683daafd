import * as fc from 'fast-check';
import { addDays, daysBetween, endOfLocalDay, formatAmsterdam, localDateOf, offsetMinutesAt, startOfLocalDay } from './amsterdam';

describe('Amsterdam calendar', () => {
  it('knows winter and summer time, switching on the last Sundays of March and October', () => {
    expect(offsetMinutesAt(new Date('2021-01-15T12:00:00Z'))).toBe(60);
    expect(offsetMinutesAt(new Date('2021-07-15T12:00:00Z'))).toBe(120);
    expect(offsetMinutesAt(new Date('2021-03-28T00:59:59Z'))).toBe(60);
    expect(offsetMinutesAt(new Date('2021-03-28T01:00:00Z'))).toBe(120);
    expect(offsetMinutesAt(new Date('2021-10-31T00:59:59Z'))).toBe(120);
    expect(offsetMinutesAt(new Date('2021-10-31T01:00:00Z'))).toBe(60);
  });

  it('writes moments in local time with their offset', () => {
    expect(formatAmsterdam(new Date('2021-03-01T08:00:00Z'))).toBe('2021-03-01T09:00:00+01:00');
    expect(formatAmsterdam(new Date('2021-04-30T15:00:00Z'))).toBe('2021-04-30T17:00:00+02:00');
  });

  it('ends a term at local midnight, on short and long days too', () => {
    expect(endOfLocalDay('2021-03-01').toISOString()).toBe('2021-03-01T23:00:00.000Z');
    expect(endOfLocalDay('2021-07-01').toISOString()).toBe('2021-07-01T22:00:00.000Z');
    expect(startOfLocalDay('2021-03-28').toISOString()).toBe('2021-03-27T23:00:00.000Z');
    expect(startOfLocalDay('2021-10-31').toISOString()).toBe('2021-10-30T22:00:00.000Z');
    expect(endOfLocalDay('2021-10-31').toISOString()).toBe('2021-10-31T23:00:00.000Z');
  });

  it('starts every local day at a moment whose local date is that day, one day after the previous', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 40 }), (n) => {
        const day = addDays('2000-01-01', n);
        const start = startOfLocalDay(day);
        expect(localDateOf(start)).toBe(day);
        expect(localDateOf(new Date(start.getTime() - 1))).toBe(addDays(day, -1));
        expect(daysBetween('2000-01-01', day)).toBe(n);
      }),
    );
  });
});
