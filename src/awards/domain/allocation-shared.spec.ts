import fc from 'fast-check';
import { formatAmsterdam } from '../../common/time/amsterdam';
import { amsterdamStamp } from './allocation-shared';

describe('amsterdamStamp', () => {
  it('writes a moment as formatAmsterdam does, also around the DST changes', () => {
    expect(amsterdamStamp(new Date('2024-03-31T00:59:59.999Z'))).toBe('2024-03-31T01:59:59+01:00');
    expect(amsterdamStamp(new Date('2024-03-31T01:00:00Z'))).toBe('2024-03-31T03:00:00+02:00');
    expect(amsterdamStamp(new Date('2024-10-27T00:59:59Z'))).toBe('2024-10-27T02:59:59+02:00');
    expect(amsterdamStamp(new Date('2024-10-27T01:00:00Z'))).toBe('2024-10-27T02:00:00+01:00');
    fc.assert(
      fc.property(fc.date({ min: new Date('1980-01-01'), max: new Date('2080-01-01'), noInvalidDate: true }), (moment) => {
        expect(amsterdamStamp(moment)).toBe(formatAmsterdam(moment));
      }),
      { numRuns: 500 },
    );
  });
});
