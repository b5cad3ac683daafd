import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOCAL_ISSUER = 'subsidia-local';
export const LOCAL_AUDIENCE = 'subsidia';

/**
 * The HS256 key used when no OIDC provider is configured: made on first use and kept
 * in the data directory (mode 0600), so `npm run token` and the running service agree.
 */
export function loadOrCreateLocalKey(file: string): Uint8Array {
  try {
    return Buffer.from(JSON.parse(fs.readFileSync(file, 'utf8')).k, 'base64url');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const k = randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, JSON.stringify({ kty: 'oct', alg: 'HS256', k }), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process won the race
    return loadOrCreateLocalKey(file);
  }
  return Buffer.from(k, 'base64url');
}
