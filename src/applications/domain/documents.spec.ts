import { attachmentDisposition, baseContentType, contentMatchesType, fileNameProblem } from './documents';

describe('documents', () => {
  it('recognises allowed types by their first bytes, not by the label alone', () => {
    expect(contentMatchesType('application/pdf', Buffer.from('%PDF-1.7\n'))).toBe(true);
    expect(contentMatchesType('application/pdf', Buffer.from('MZ\x90\x00'))).toBe(false);
    expect(contentMatchesType('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(true);
    expect(contentMatchesType('application/x-msdownload', Buffer.from('MZ'))).toBe(false);
    expect(contentMatchesType('application/pdf', Buffer.from('%P'))).toBe(false);
  });

  it('reads the media type without its parameters', () => {
    expect(baseContentType('Application/PDF; charset=binary')).toBe('application/pdf');
    expect(baseContentType(undefined)).toBe('');
  });

  it('writes a download header with an ASCII fallback and the exact name (RFC 6266/8187)', () => {
    expect(attachmentDisposition('begroting 2021.pdf')).toBe(`attachment; filename="begroting 2021.pdf"; filename*=UTF-8''begroting%202021.pdf`);
    expect(attachmentDisposition("it's (één)*.pdf")).toBe(`attachment; filename="it's (__n)*.pdf"; filename*=UTF-8''it%27s%20%28%C3%A9%C3%A9n%29%2A.pdf`);
  });

  it('refuses file names that could travel as paths or break headers', () => {
    expect(fileNameProblem('begroting 2021.pdf')).toBeUndefined();
    for (const bad of ['', 'factuur\u202Efdp.exe', '../etc/passwd', 'a\\b.pdf', 'a"b.pdf', 'line\nbreak.pdf', '..', 'x'.repeat(201)]) expect(fileNameProblem(bad)).toBeDefined();
  });
});
