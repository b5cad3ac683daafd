import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mintLocalToken, TokenVerifier } from './token-verifier';

describe('TokenVerifier', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'subsidia-token-'));
  const keyFile = path.join(dir, 'key.json');
  const verifier = () => new TokenVerifier({ localKeyFile: keyFile } as never);

  afterEach(() => jest.useRealTimers());
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('remembers a verified token: the same (frozen) actor again', async () => {
    const tokens = verifier();
    const token = await mintLocalToken(keyFile, { sub: 'board-user', role: 'applicant', org: 'org-1' });
    const first = await tokens.verify(token);
    expect(first).toEqual({ id: 'board-user', role: 'applicant', organisationId: 'org-1', scopes: [] });
    expect(Object.isFrozen(first)).toBe(true);
    await expect(tokens.verify(token)).resolves.toBe(first);
  });

  it('never serves a remembered token past its expiry', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z') });
    const tokens = verifier();
    const token = await mintLocalToken(keyFile, { sub: 'board-user', role: 'applicant', org: 'org-1' }, '30s');
    await expect(tokens.verify(token)).resolves.toMatchObject({ id: 'board-user' });
    jest.setSystemTime(new Date('2026-03-02T09:00:31Z'));
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN', message: 'The token has expired.' });
  });

  it('does not remember a token that failed', async () => {
    const tokens = verifier();
    const token = await mintLocalToken(keyFile, { sub: 'x', role: 'applicant' } as never);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
  });
});
