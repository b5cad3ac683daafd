import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startApp, type RunningApp } from '../../src/app';
import type { Role } from '../../src/auth/actor';
import { mintLocalToken } from '../../src/auth/token-verifier';
import type { Logger } from 'pino';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { assertTestDatabase } from '../../src/database/database';
import { unique } from './unique';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** A raw body, sent as is (for malformed input). */
  raw?: string;
}

/**
 * One running Subsidia per e2e file, on a clean database: a schema of its own in
 * TEST_DATABASE_URL (which must name a test database), or an in-memory embedded
 * PostgreSQL when that is unset. Requests go through real HTTP.
 */
export class TestApp {
  private constructor(
    readonly running: RunningApp,
    readonly config: AppConfig,
    private readonly tmpDir: string,
    private readonly schema: string | undefined,
  ) {}

  /** `options.logger`: where the app logs (a test that reads the log passes one; LOG_LEVEL in `env` then says how much). */
  static async start(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestApp> {
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-test-'));
    const databaseUrl = process.env.TEST_DATABASE_URL;
    if (databaseUrl) assertTestDatabase(databaseUrl);
    const schema = databaseUrl ? `e2e_${randomBytes(5).toString('hex')}` : undefined;
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: tmpDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema! } : {}),
      ...(databaseUrl && process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      ...env,
    });
    const running = await startApp(config, { logger: options.logger, inMemoryDatabase: !databaseUrl, queuePrefix: env.QUEUE_PREFIX ?? `test-${schema ?? randomBytes(5).toString('hex')}` });
    return new TestApp(running, config, tmpDir, schema);
  }

  get url(): string {
    return this.running.url!;
  }

  /**
   * A token for a role; applicants need `org`. A service token is bound to a service client
   * named after its `sub`, registered here (directly in the database) with the token's scopes.
   */
  async token(role: Role, claims: { sub?: string; org?: string; scope?: string } = {}): Promise<string> {
    const sub = claims.sub ?? `${role}-1`;
    if (role !== 'service') return mintLocalToken(this.config.auth.localKeyFile, { sub, role, ...claims });
    const scopes = (claims.scope ?? '').split(' ').filter(Boolean);
    const [client] = await this.sql<{ id: string }>(
      `INSERT INTO service_clients (name, scopes, status, created_by) VALUES ($1, $2, 'active', 'test')
       ON CONFLICT (name) DO UPDATE SET scopes = (SELECT array_agg(DISTINCT s) FROM unnest(service_clients.scopes || EXCLUDED.scopes) AS s)
       RETURNING id`,
      [sub, scopes.length ? scopes : ['organisations:read']],
    );
    return mintLocalToken(this.config.auth.localKeyFile, { ...claims, sub, role, client_id: client.id });
  }

  /** Runs SQL on the app's own database (and schema), outside the API. */
  sql<T = any>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.running.database.dataSource.query(query, params);
  }

  async request<T = any>(method: string, url: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined = options.raw;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${url}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(url: string, options?: RequestOptions) {
    return this.request<T>('GET', url, undefined, options);
  }
  post<T = any>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', url, body, options);
  }
  patch<T = any>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', url, body, options);
  }

  async close(): Promise<void> {
    try {
      await this.running.close();
    } finally {
      if (this.schema && process.env.TEST_DATABASE_URL) {
        const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
          await client.query(`DROP SCHEMA IF EXISTS "${this.schema}_queues" CASCADE`);
        } finally {
          await client.end();
        }
      }
      fs.rmSync(this.tmpDir, { recursive: true, force: true });
    }
  }
}

export { unique };

export async function createOrganisation(app: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  const res = await app.post('/api/v1/organisations', { kind: 'school_board', name: 'Stichting Test', identifier: unique.bestuursnummer(), ...overrides }, { token });
  if (res.status !== 201) throw new Error(`could not create organisation: ${res.status} ${res.text}`);
  return res.body as { id: string; kind: string; name: string; identifier: string; version: number };
}
