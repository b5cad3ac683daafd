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
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== undefined) {
    try {
      return Buffer.from(JSON.parse(text).k, 'base64url');
    } catch {
      throw new Error(`The local signing key ${file} is not valid JSON: delete it to make a new one (tokens minted with it stop working).`);
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const k = randomBytes(32).toString('base64url');
  // Written whole to a temporary file, then linked into place: a reader never sees half a key.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ kty: 'oct', alg: 'HS256', k }), { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process won the race
    return loadOrCreateLocalKey(file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return Buffer.from(k, 'base64url');
}
