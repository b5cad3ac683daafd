import { Queue, Worker } from 'bullmq';
import { loadConfig } from '../config/config';
import { EmbeddedPostgres } from '../database/embedded-postgres';
import { createQueueBackend } from './queue-backend';

describe('queue backend on the embedded database', () => {
  it('picks up a job added while its worker idles behind a far-off scheduled job (no NOTIFY across connections)', async () => {
    const pg = await EmbeddedPostgres.start({ maxConnections: 30 });
    const backend = createQueueBackend(loadConfig({}), pg.url, true, 'test');
    const factory = backend.factory!;
    const queue = new Queue('idle-test', backend.options() as never, factory);
    const done: string[] = [];
    const worker = new Worker('idle-test', async (job) => void done.push(job.name), { ...backend.options(), drainDelay: 1 } as never, factory);
    try {
      // An hourly scheduler: the worker's next wake-up would be an hour away.
      await queue.upsertJobScheduler('hourly', { every: 3_600_000 }, { name: 'hourly', data: {} });
      await new Promise((r) => setTimeout(r, 2_500));
      await queue.add('now', {});
      const deadline = Date.now() + 15_000;
      while (!done.includes('now') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(done).toContain('now');
    } finally {
      await worker.close();
      await queue.close();
      await pg.stop();
    }
  });
});
