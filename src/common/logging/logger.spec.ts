import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('masks IBANs in messages and in nested fields, and keeps the rest', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info({ account: { iban: 'NL91ABNA0417164300' }, note: 'paid to NL50 PSTB 0000 0543 22' }, 'registered NL91ABNA0417164300 for org 41234');
    const out = lines.join('');
    expect(out).not.toContain('ABNA0417164300');
    expect(out).not.toContain('PSTB 0000 0543');
    expect(out).toContain('NL91');
    expect(out).toContain('org 41234');
    const record = JSON.parse(lines[0]);
    expect(record.account.iban).toMatch(/^NL91\*+4300$/);
  });

  it('masks IBANs after an escape in the line and in logged objects that pino serialises (a request)', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info({ req: { method: 'GET', url: '/x?iban=NL91ABNA0417164300' } }, 'first line\nNL91ABNA0417164300\tNL50PSTB0000054322');
    const out = lines.join('');
    expect(out).not.toContain('ABNA0417164300');
    expect(out).not.toContain('PSTB000005');
    const record = JSON.parse(lines[0]);
    expect(record.msg).toMatch(/^first line\nNL91\*+4300\tNL50\*+4322$/);
  });
});

describe('security finding: tokens and secrets are not logged', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvZmZpY2VyLTEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

  it.each([
    ['/api/v1/organisations?access_token=SECRETVALUE123', '/api/v1/organisations?access_token=[REDACTED]'],
    ['/x?limit=5&token=SECRETVALUE123&x=1', '/x?limit=5&token=[REDACTED]&x=1'],
    ['/x?api_key=SECRETVALUE123', '/x?api_key=[REDACTED]'],
    ['/x?client_secret=SECRETVALUE123#frag', '/x?client_secret=[REDACTED]#frag'],
  ])('redacts the credential in a logged URL %s', (url, expected) => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ req: { method: 'GET', url } }, 'request completed');
    expect(lines.join('')).not.toContain('SECRETVALUE123');
    expect(JSON.parse(lines[0]).req.url).toBe(expected);
  });

  it('redacts credential headers, bearer tokens, JWTs and webhook secrets, and keeps the Idempotency-Key', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info(
      { headers: { authorization: `Bearer ${jwt}`, cookie: 'subsidia_dashboard=abc.def', 'idempotency-key': '3f6c2a3e-first-call' }, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      `verified ${jwt} and Bearer abc.def-123`,
    );
    const out = lines.join('');
    for (const secret of ['c2lnbmF0dXJl', 'subsidia_dashboard=abc', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'abc.def-123']) expect(out).not.toContain(secret);
    const record = JSON.parse(lines[0]);
    expect(record.headers).toEqual({ authorization: '[REDACTED]', cookie: '[REDACTED]', 'idempotency-key': '3f6c2a3e-first-call' });
    expect(record.msg).toBe('verified [REDACTED] and Bearer [REDACTED]');
  });
});
