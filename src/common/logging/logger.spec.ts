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
