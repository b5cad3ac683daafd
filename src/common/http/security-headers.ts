/**
 * The security headers of every response (OWASP Secure Headers). JSON answers load nothing,
 * so their policy allows nothing; the two HTML pages the service serves (the contract's docs,
 * Swagger UI, and the queue dashboard, Bull Board) load their scripts, styles and data from
 * the service itself only: nothing from outside (Bull Board's web font falls back to the
 * system's), no inline script, and no page of the service may be framed (clickjacking).
 */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Swagger UI and Bull Board set styles inline.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ALWAYS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()',
};

/** Made once: every response sets one of the two. */
const FOR_API = Object.freeze({ ...ALWAYS, 'content-security-policy': API_POLICY });
const FOR_PAGES = Object.freeze({ ...ALWAYS, 'content-security-policy': PAGE_POLICY });

/** The security headers for a response to this path (the HTML pages get the policy that lets them work). */
export function securityHeaders(path: string, htmlPages: readonly string[]): Readonly<Record<string, string>> {
  const page = htmlPages.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`));
  return page ? FOR_PAGES : FOR_API;
}
