import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { environmentOfRunningService, recordRunningService, runningServices, type RunningService } from './running-service';
import { repositoryRoot } from './vendor-files';

/** How `npm run token` and `npm run seed` find the service running from this checkout. */
describe('the running service a command beside it uses', () => {
  // A port no real service of this checkout uses, so that one running meanwhile does not count.
  const port = 60000 + (process.pid % 5000);
  const env = { PORT: String(port) };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'running-service-'));
  const registry = () => path.join(os.tmpdir(), `subsidia-running-${process.getuid!()}`);
  /** A record for another live process (the test runner's parent), as a second service would write. */
  const other = (overrides: Partial<RunningService> = {}) => {
    const record: RunningService = {
      pid: process.ppid,
      port,
      url: `http://127.0.0.1:${port}`,
      root: repositoryRoot(),
      dataDir: path.join(dataDir, 'other'),
      localKeyFile: path.join(dataDir, 'other', 'local-signing-key.json'),
      database: 'embedded',
      startedAt: new Date().toISOString(),
      ...overrides,
    };
    const file = path.join(registry(), `${record.pid}.json`);
    fs.writeFileSync(file, JSON.stringify(record));
    return () => fs.rmSync(file, { force: true });
  };
  let unrecord: () => void;

  beforeEach(() => {
    unrecord = recordRunningService({ port, url: `http://127.0.0.1:${port}`, dataDir, localKeyFile: path.join(dataDir, 'local-signing-key.json'), database: 'embedded' });
  });
  afterEach(() => unrecord());
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('takes the running service’s DATA_DIR and key when the command was given neither', () => {
    const found = environmentOfRunningService('token', env);
    expect(found.error).toBeUndefined();
    expect(found.env).toMatchObject({ DATA_DIR: dataDir, AUTH_LOCAL_KEY_FILE: path.join(dataDir, 'local-signing-key.json') });
    expect(environmentOfRunningService('seed', env).env.DATA_DIR).toBe(dataDir);
  });

  it('keeps a DATA_DIR the command was given, and says when the service uses another', () => {
    const found = environmentOfRunningService('token', { ...env, DATA_DIR: '/somewhere/else' });
    expect(found.env.DATA_DIR).toBe('/somewhere/else');
    expect(found.notes.join('\n')).toMatch(new RegExp(`uses .*DATA_DIR=${dataDir}.*will answer 401`));
    expect(environmentOfRunningService('token', { ...env, DATA_DIR: dataDir }).notes).toEqual([]);
  });

  it('with two services running asks which one, by PORT or DATA_DIR', () => {
    const remove = other();
    try {
      const found = environmentOfRunningService('token', env);
      expect(found.error).toMatch(/Several Subsidia services run from this checkout.*\n.*PORT=/);
    } finally {
      remove();
    }
  });

  it('does not seed the embedded database when the service runs on a PostgreSQL server', () => {
    unrecord();
    const remove = other({ database: 'server', localKeyFile: undefined });
    try {
      expect(environmentOfRunningService('seed', env).error).toMatch(/uses a PostgreSQL server: run the seed with the same DATABASE_URL/);
    } finally {
      remove();
    }
  });

  it('forgets a service whose process has gone', () => {
    const remove = other({ pid: 2 ** 22 + 12345 });
    try {
      expect(runningServices().filter((s) => s.port === port).map((s) => s.pid)).toEqual([process.pid]);
      expect(fs.existsSync(path.join(registry(), `${2 ** 22 + 12345}.json`))).toBe(false);
    } finally {
      remove();
    }
  });
});
