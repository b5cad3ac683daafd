import fc from 'fast-check';
import { localDateOf } from '../../common/time/amsterdam';
import { lotteryTicket } from '../../reviews/domain/ranking';
import { availableOn } from './allocation-shared';
import { awardedOn, checkCommon, eur, oversubscribed, policyArb, shuffled, withApplications } from './allocation.spec-support';
import { allocateFirstComeFirstServed, type FirstComeFirstServedApplication } from './first-come-first-served-allocation';

describe('allocateFirstComeFirstServed: windhond', () => {
  const at = (iso: string) => new Date(iso);
  const line = { id: 'W', ceilingCents: eur(1_000), alreadyAwardedCents: 0n };
  // Day 1 (local): p and q. Day 2 (local, 2024-03-05 Amsterdam): r, s, t, u; the ceiling is crossed on day 2.
  const applications: FirstComeFirstServedApplication[] = [
    { id: 'p', budgetLineId: 'W', requestedCents: eur(300), completenessAt: at('2024-03-04T09:00:00Z'), receiptNumber: 1 },
    { id: 'q', budgetLineId: 'W', requestedCents: eur(300), completenessAt: at('2024-03-04T22:59:59Z'), receiptNumber: 2 }, // 23:59:59 local
    { id: 'r', budgetLineId: 'W', requestedCents: eur(200), completenessAt: at('2024-03-04T23:00:00Z'), receiptNumber: 3 }, // 00:00 local, 5 March
    { id: 's', budgetLineId: 'W', requestedCents: eur(250), completenessAt: at('2024-03-05T08:00:00Z'), receiptNumber: 4 },
    { id: 't', budgetLineId: 'W', requestedCents: eur(150), completenessAt: at('2024-03-05T12:00:00Z'), receiptNumber: 5 },
    { id: 'u', budgetLineId: 'W', requestedCents: eur(100), completenessAt: at('2024-03-05T22:00:00Z'), receiptNumber: 6 },
    { id: 'v', budgetLineId: 'W', requestedCents: eur(50), completenessAt: at('2024-03-05T23:30:00Z'), receiptNumber: 7 }, // 6 March local
  ];

  it('serves earlier days in time order and draws lots among the crossing day, by the recorded seed', () => {
    const seed = 'seed-2024';
    const day2 = ['r', 's', 't', 'u'].sort((a, b) => (lotteryTicket(seed, a) < lotteryTicket(seed, b) ? -1 : 1));
    const out = allocateFirstComeFirstServed({ lines: [line], applications, lotterySeed: seed, crossingPolicy: 'partial_award' });
    expect(out.map((a) => a.applicationId)).toEqual(['p', 'q', ...day2, 'v']);
    expect(out.slice(0, 2).map((a) => a.outcome)).toEqual(['awarded', 'awarded']);
    expect(out[2].grounds).toContain(`lottery among the 4 applications complete on 2024-03-05: drawn 1 of 4`);
    expect(out[0].grounds[0]).toBe('complete on 2024-03-04T10:00:00+01:00, receipt number 1');
    // 400.00 is left for day 2: served in lottery order, the first that does not fit gets the rest.
    let left = eur(400);
    let crossed = false;
    for (const a of out.slice(2, 6)) {
      const request = applications.find((x) => x.id === a.applicationId)!.requestedCents;
      if (!crossed && request <= left) {
        expect(a).toMatchObject({ outcome: 'awarded', amountCents: request });
        left -= request;
      } else if (!crossed) {
        crossed = true;
        expect(a).toMatchObject({ outcome: 'partly_awarded', amountCents: left });
      } else {
        expect(a).toMatchObject({ outcome: 'rejected', amountCents: 0n, reservePosition: null });
        expect(a.grounds).toContain('ceiling reached');
      }
    }
    expect(out[6]).toMatchObject({ applicationId: 'v', outcome: 'rejected' });
    expect(awardedOn(out, 'W')).toBe(eur(1_000));
  });

  it('puts everyone beyond the ceiling on the reserve list under reserve_list', () => {
    const out = allocateFirstComeFirstServed({ lines: [line], applications, lotterySeed: 'x', crossingPolicy: 'reserve_list' });
    const beyond = out.filter((a) => a.outcome !== 'awarded');
    expect(beyond.map((a) => a.outcome).every((o) => o === 'reserve')).toBe(true);
    expect(beyond.map((a) => a.reservePosition)).toEqual(beyond.map((_, i) => i + 1));
    expect(beyond.at(-1)!.applicationId).toBe('v');
  });

  it('needs no lottery when everything fits, and then ignores the seed', () => {
    const roomy = { ...line, ceilingCents: eur(10_000) };
    const one = allocateFirstComeFirstServed({ lines: [roomy], applications, lotterySeed: 'a', crossingPolicy: 'partial_award' });
    const two = allocateFirstComeFirstServed({ lines: [roomy], applications, lotterySeed: 'b', crossingPolicy: 'partial_award' });
    expect(one).toEqual(two);
    expect(one.map((a) => a.applicationId)).toEqual(['p', 'q', 'r', 's', 't', 'u', 'v']);
    expect(one.every((a) => a.outcome === 'awarded' && !a.grounds.some((g) => g.startsWith('lottery')))).toBe(true);
  });

  it('orders by receipt number at the same moment', () => {
    const moment = at('2024-03-04T09:00:00Z');
    const out = allocateFirstComeFirstServed({
      lines: [{ id: 'W', ceilingCents: eur(1_000), alreadyAwardedCents: 0n }],
      applications: [
        { id: 'b', budgetLineId: 'W', requestedCents: 1n, completenessAt: moment, receiptNumber: 2 },
        { id: 'a', budgetLineId: 'W', requestedCents: 1n, completenessAt: moment, receiptNumber: 3 },
        { id: 'c', budgetLineId: 'W', requestedCents: 1n, completenessAt: moment, receiptNumber: 1 },
      ],
      lotterySeed: 's',
      crossingPolicy: 'reserve_list',
    });
    expect(out.map((a) => a.applicationId)).toEqual(['c', 'b', 'a']);
  });
});

describe('properties: allocateFirstComeFirstServed', () => {
  // Moments every 30 minutes over three days around the spring DST change (31 March 2024), often the same few
  // (slot 5 is 23:30 local, slot 6 local midnight), so equal moments, equal receipt numbers and midnights occur.
  const base = Date.UTC(2024, 2, 29, 20, 0, 0);
  const inputArb = withApplications(() => fc.tuple(fc.oneof(fc.integer({ min: 0, max: 144 }), fc.constantFrom(5, 6, 54)), fc.integer({ min: 1, max: 2 }))).chain(([lines, rows]) =>
    fc.record({
      lines: fc.constant(lines),
      applications: fc.constant(
        rows.map(([id, budgetLineId, requestedCents, [slot, receiptNumber]]): FirstComeFirstServedApplication => ({
          id,
          budgetLineId,
          requestedCents,
          completenessAt: new Date(base + slot * 30 * 60_000),
          receiptNumber,
        })),
      ),
      lotterySeed: fc.string({ maxLength: 6 }),
    }),
  );

  it('keeps the invariants; never funds a later day while passing over an earlier one; spends the ceiling with partial_award', () => {
    fc.assert(
      fc.property(inputArb, policyArb, ({ lines, applications, lotterySeed }, crossingPolicy) => {
        const out = allocateFirstComeFirstServed({ lines, applications, lotterySeed, crossingPolicy });
        checkCommon(lines, applications, out);
        expect(out.some((a) => a.outcome === 'below_threshold')).toBe(false);
        if (crossingPolicy === 'reserve_list') expect(out.some((a) => a.outcome === 'partly_awarded' || a.outcome === 'rejected')).toBe(false);
        else expect(out.some((a) => a.outcome === 'reserve')).toBe(false);
        const day = new Map(applications.map((a) => [a.id, localDateOf(a.completenessAt)]));
        for (const line of lines) {
          const onLine = out.filter((a) => a.budgetLineId === line.id);
          const kinds = onLine.map((a) => (a.outcome === 'awarded' ? 'A' : a.outcome === 'partly_awarded' ? 'P' : 'R')).join('');
          expect(kinds).toMatch(/^A*P?R*$/);
          const funded = onLine.filter((a) => a.outcome === 'awarded' || a.outcome === 'partly_awarded').map((a) => day.get(a.applicationId)!);
          const unfunded = onLine.filter((a) => a.outcome === 'reserve' || a.outcome === 'rejected').map((a) => day.get(a.applicationId)!);
          if (funded.length > 0 && unfunded.length > 0) expect(funded.reduce((x, y) => (x > y ? x : y)) <= unfunded.reduce((x, y) => (x < y ? x : y))).toBe(true);
          if (crossingPolicy === 'partial_award' && oversubscribed(line, applications)) expect(awardedOn(out, line.id)).toBe(availableOn(line));
          if (!oversubscribed(line, applications)) expect(kinds).toMatch(/^A*$/);
        }
      }),
    );
  });

  it('gives the same output for the input in any order', () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => fc.tuple(fc.constant(input), shuffled(input.applications), shuffled(input.lines))),
        policyArb,
        ([input, applications, lines], crossingPolicy) => {
          expect(allocateFirstComeFirstServed({ ...input, applications, lines, crossingPolicy })).toEqual(allocateFirstComeFirstServed({ ...input, crossingPolicy }));
        },
      ),
    );
  });
});
