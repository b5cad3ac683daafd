import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  let now = 0;
  const limiter = () => new RateLimiter(() => now);

  beforeEach(() => (now = 1_000_000));

  it('allows a burst up to the limit, then refuses with the time until one request fits', () => {
    const l = limiter();
    for (let i = 0; i < 60; i++) expect(l.take('a', 60).allowed).toBe(true);
    const refused = l.take('a', 60);
    expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
  });

  it('refills at the steady rate', () => {
    const l = limiter();
    for (let i = 0; i < 6; i++) l.take('a', 6); // 6 a minute: one every 10 s
    expect(l.take('a', 6)).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
    now += 9_000;
    expect(l.take('a', 6)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(l.take('a', 6).allowed).toBe(true);
    expect(l.take('a', 6).allowed).toBe(false);
  });

  it('keeps keys apart', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.take('a', 3);
    expect(l.take('a', 3).allowed).toBe(false);
    expect(l.take('b', 3)).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
  });

  it('never holds more than the limit, however long a key was idle', () => {
    const l = limiter();
    l.take('a', 2);
    now += 3_600_000;
    expect(l.take('a', 2).remaining).toBe(1);
    expect(l.take('a', 2).remaining).toBe(0);
    expect(l.take('a', 2).allowed).toBe(false);
  });
});
