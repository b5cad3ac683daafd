import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import { loadOrCreateLocalKey, LOCAL_AUDIENCE, LOCAL_ISSUER } from './local-signing-key';
import { mintLocalToken, TokenVerifier } from './token-verifier';

describe('security finding: token lifetime, issue time and algorithm', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-token-rules-'));
  const keyFile = path.join(dir, 'key.json');
  const verifier = () => new TokenVerifier({ localKeyFile: keyFile, maxTokenLifetimeSeconds: 24 * 3600, clockSkewSeconds: 60, algorithms: ['RS256'] } as never);
  const now = () => Math.floor(Date.now() / 1000);
  /** A token signed with the local key, with exactly the claims and algorithm given. */
  const signed = (claims: { iat?: number; exp?: number }, alg = 'HS256') => {
    let jwt = new SignJWT({ role: 'officer' }).setProtectedHeader({ alg, typ: 'JWT' }).setSubject('officer-1').setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE);
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
    return jwt.sign(loadOrCreateLocalKey(keyFile));
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts a token of the local key that lives within the maximum', async () => {
    await expect(verifier().verify(await signed({ iat: now(), exp: now() + 3600 }))).resolves.toMatchObject({ id: 'officer-1', role: 'officer' });
    await expect(verifier().verify(await mintLocalToken(keyFile, { sub: 'o', role: 'officer' }, '24h'))).resolves.toMatchObject({ id: 'o' });
  });

  it('token without exp: refused (it would be accepted forever)', async () => {
    await expect(verifier().verify(await signed({ iat: now() }))).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN', message: expect.stringContaining('"exp"') });
  });

  it('token without iat: refused (its lifetime cannot be bounded)', async () => {
    await expect(verifier().verify(await signed({ exp: now() + 60 }))).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN', message: expect.stringContaining('"iat"') });
  });

  it('token issued in the future (iat beyond the clock skew): refused', async () => {
    await expect(verifier().verify(await signed({ iat: now() + 3600, exp: now() + 7200 }))).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN', message: expect.stringContaining('issued in the future') });
    // Within the skew (a few seconds ahead): accepted.
    await expect(verifier().verify(await signed({ iat: now() + 5, exp: now() + 600 }))).resolves.toMatchObject({ id: 'officer-1' });
  });

  it('token lifetime above the configured maximum (24 h): refused', async () => {
    await expect(verifier().verify(await signed({ iat: now(), exp: now() + 30 * 24 * 3600 }))).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN', message: expect.stringContaining('at most 24 h') });
    await expect(verifier().verify(await signed({ iat: now() - 25 * 3600, exp: now() + 3600 }))).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
  });

  it.each(['HS384', 'HS512'])('algorithm pinned per key: %s with the local key is refused', async (alg) => {
    await expect(verifier().verify(await signed({ iat: now(), exp: now() + 600 }, alg))).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN', message: expect.stringContaining('must be signed with HS256') });
  });
});
