/**
 * What an applicant may attach: a short allow-list of document types, each checked
 * against the file's own first bytes so a renamed executable is not taken for a PDF.
 */
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const SIGNATURES: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ZIP,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ZIP,
  'application/vnd.oasis.opendocument.text': ZIP,
  'application/vnd.oasis.opendocument.spreadsheet': ZIP,
};

export const DOCUMENT_CONTENT_TYPES: readonly string[] = Object.keys(SIGNATURES);

export const MAX_DOCUMENTS_PER_APPLICATION = 50;

/** A Content-Disposition for a download (RFC 6266): an ASCII fallback and the exact name in RFC 8187 form. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/** The media type without parameters, lower case. */
export function baseContentType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Whether the bytes start the way files of this type do. */
export function contentMatchesType(contentType: string, bytes: Uint8Array): boolean {
  const signature = SIGNATURES[contentType];
  return signature !== undefined && bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** A file name we can store and hand back in Content-Disposition: no paths, no control characters. */
export function fileNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 200) return 'must be 1–200 characters';
  const forbidden = [...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || ch === '/' || ch === '\\' || ch === '"');
  if (forbidden) return 'must not contain control characters, slashes or quotes';
  // Invisible formatting characters (such as a right-to-left override) can dress up "exe" as "pdf".
  if (/\p{Cf}/u.test(name)) return 'must not contain invisible formatting characters';
  if (name === '.' || name === '..') return 'is not a file name';
  return undefined;
}
