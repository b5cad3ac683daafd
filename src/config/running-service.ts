import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repositoryRoot } from './vendor-files';

/**
 * What a running `npm start` tells the commands beside it (`npm run token`, `npm run
 * seed`): where its data directory and signing key are. A newcomer who starts the service
 * with DATA_DIR=… then gets tokens the service accepts and seeds the database it serves,
 * without repeating the setting. One small file per process in the user's temporary
 * directory, removed when the process stops (and ignored once its process is gone).
 * It holds paths only, never a database URL (which may carry a password). Like config.ts,
 * this file reads the environment: the settings a command was given decide what it looks for.
 */
export interface RunningService {
  readonly pid: number;
  readonly port: number | undefined;
  readonly url: string | undefined;
  /** The checkout the service runs from: commands only look at services of their own checkout. */
  readonly root: string;
  readonly dataDir: string;
  readonly localKeyFile: string | undefined;
  /** `embedded`: PGlite in dataDir; `server`: a PostgreSQL server (DATABASE_URL). */
  readonly database: 'embedded' | 'server';
  readonly startedAt: string;
}

function registryDir(): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `subsidia-running-${user}`);
}

/** Records this process as a running service; returns the function that removes the record. */
export function recordRunningService(service: Omit<RunningService, 'pid' | 'root' | 'startedAt'>): () => void {
  const dir = registryDir();
  const file = path.join(dir, `${process.pid}.json`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const record: RunningService = { ...service, pid: process.pid, root: repositoryRoot(), startedAt: new Date().toISOString() };
    fs.writeFileSync(file, JSON.stringify(record), { mode: 0o600 });
  } catch {
    return () => undefined; // only a convenience for the commands beside it
  }
  const remove = () => fs.rmSync(file, { force: true });
  process.once('exit', remove);
  return remove;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The services running from this checkout now, oldest first. */
export function runningServices(): RunningService[] {
  const dir = registryDir();
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const root = repositoryRoot();
  const found: RunningService[] = [];
  for (const name of names) {
    try {
      const record = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as RunningService;
      if (!alive(record.pid)) fs.rmSync(path.join(dir, name), { force: true });
      else if (record.root === root) found.push(record);
    } catch {
      // a record being written or removed: skip it
    }
  }
  return found.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export const describeService = (s: RunningService) => `${s.url ?? `pid ${s.pid}`} (DATA_DIR=${s.dataDir})`;

/**
 * The environment a command beside the service should read its configuration from: the
 * caller's own, plus the running service's DATA_DIR (and key file) when the caller set
 * neither. Several services from one checkout: PORT says which, or the command stops
 * and says how to choose. `notes` are for stderr.
 */
export function environmentOfRunningService(
  purpose: 'token' | 'seed',
  env: NodeJS.ProcessEnv = process.env,
): { env: NodeJS.ProcessEnv; service: RunningService | undefined; notes: string[]; error?: string } {
  const all = runningServices();
  const port = env.PORT ? Number(env.PORT) : undefined;
  const services = port ? all.filter((s) => s.port === port) : all;
  const explicit = purpose === 'token' ? env.DATA_DIR || env.AUTH_LOCAL_KEY_FILE : env.DATA_DIR || env.DATABASE_URL;
  if (explicit) {
    const notes: string[] = [];
    const dataDir = env.DATA_DIR ? path.resolve(env.DATA_DIR) : undefined;
    const same = services.find((s) => (purpose === 'token' ? env.AUTH_LOCAL_KEY_FILE ? s.localKeyFile === path.resolve(env.AUTH_LOCAL_KEY_FILE) : s.dataDir === dataDir : s.dataDir === dataDir));
    if (!same && services.length > 0 && !(purpose === 'seed' && env.DATABASE_URL)) {
      notes.push(
        `Note: the service running from this checkout uses ${services.map(describeService).join(', ')}; ` +
          `this command uses ${env.DATA_DIR ? `DATA_DIR=${env.DATA_DIR}` : `AUTH_LOCAL_KEY_FILE=${env.AUTH_LOCAL_KEY_FILE}`}` +
          (purpose === 'token' ? ', so that service will answer 401 to this token.' : '.'),
      );
    }
    return { env, service: same, notes };
  }
  if (services.length === 0) return { env, service: undefined, notes: [] };
  if (services.length > 1) {
    return {
      env,
      service: undefined,
      notes: [],
      error:
        `Several Subsidia services run from this checkout: ${services.map(describeService).join(', ')}.\n` +
        `Say which one with PORT=<its port> (or DATA_DIR=<its data directory>) before the command.`,
    };
  }
  const [service] = services;
  if (purpose === 'seed' && service.database === 'server') {
    return {
      env,
      service,
      notes: [],
      error: `The service at ${service.url ?? `pid ${service.pid}`} uses a PostgreSQL server: run the seed with the same DATABASE_URL as the service.`,
    };
  }
  return {
    env: { ...env, DATA_DIR: service.dataDir, ...(service.localKeyFile && purpose === 'token' ? { AUTH_LOCAL_KEY_FILE: service.localKeyFile } : {}) },
    service,
    notes: [],
  };
}
