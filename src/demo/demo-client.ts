import type { Role } from '../auth/actor';
import { mintLocalToken } from '../auth/token-verifier';

export interface Answer<T = any> {
  status: number;
  body: T;
  bytes: Buffer;
  headers: Headers;
}

/**
 * The demo's HTTP client: it uses Subsidia as another system would, through the API with
 * bearer tokens, and stops the demo with the problem document when a call fails.
 */
export class DemoClient {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    readonly baseUrl: string,
    private readonly keyFile: string,
  ) {}

  token(role: Role, sub: string, org?: string): Promise<string> {
    const key = `${role}:${sub}:${org ?? ''}`;
    if (!this.tokens.has(key)) this.tokens.set(key, mintLocalToken(this.keyFile, { sub, role, ...(org ? { org } : {}) }));
    return this.tokens.get(key)!;
  }

  async call<T = any>(method: string, path: string, token: string, body?: unknown, expect: number[] = [200, 201, 202, 204], headers: Record<string, string> = {}, raw?: string): Promise<Answer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') && bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : undefined;
    if (!expect.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status}: ${parsed ? JSON.stringify(parsed) : bytes.toString('utf8').slice(0, 500)}`);
    }
    return { status: response.status, body: parsed as T, bytes, headers: response.headers };
  }

  get<T = any>(path: string, token: string, headers: Record<string, string> = {}): Promise<Answer<T>> {
    return this.call<T>('GET', path, token, undefined, [200], headers);
  }

  post<T = any>(path: string, token: string, body?: unknown): Promise<Answer<T>> {
    return this.call<T>('POST', path, token, body);
  }
}
