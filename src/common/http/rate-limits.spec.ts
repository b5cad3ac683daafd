import type { AppConfig } from '../../config/config';
import { RateLimits } from './rate-limits';

const configWith = (redisUrl: string | undefined) => ({ queues: { prefix: 'spec' }, redisUrl }) as unknown as AppConfig;

describe('RateLimits', () => {
  it('without REDIS_URL the limits are kept per process, and still hold', async () => {
    const limits = new RateLimits(configWith(undefined));
    expect(limits.shared).toBe(false);
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push((await limits.take('address', '192.0.2.1', 2)).allowed);
    expect(verdicts).toEqual([true, true, false]);
  });

  it('with Redis unreachable a request is neither refused nor held up: the process counts on its own meanwhile', async () => {
    const limits = new RateLimits(configWith('redis://127.0.0.1:1'));
    try {
      const verdicts = [];
      for (let i = 0; i < 3; i++) verdicts.push((await limits.take('client', 'c-1', 2)).allowed);
      expect(verdicts).toEqual([true, true, false]);
    } finally {
      limits.onModuleDestroy();
    }
  });
});
