import { baseContentType, contentMatchesType, fileNameProblem } from './documents';

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

  it('refuses file names that could travel as paths or break headers', () => {
    expect(fileNameProblem('begroting 2021.pdf')).toBeUndefined();
    for (const bad of ['', '../etc/passwd', 'a\\b.pdf', 'a"b.pdf', 'line\nbreak.pdf', '..', 'x'.repeat(201)]) expect(fileNameProblem(bad)).toBeDefined();
  });
});
