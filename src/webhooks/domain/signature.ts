import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signatures as the Standard Webhooks specification has them: HMAC-SHA256 over
 * `${id}.${timestamp}.${body}` with the subscription's secret, sent as
 * `webhook-signature: v1,<base64>` beside `webhook-id` and `webhook-timestamp`
 * (seconds since 1970). The receiver recomputes it and refuses old timestamps.
 */
export const SECRET_PREFIX = 'whsec_';

export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

function key(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', key(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** What a receiver does: true when one of the header's signatures matches. */
export function verify(secret: string, id: string, timestamp: number, body: string, header: string): boolean {
  const expected = Buffer.from(sign(secret, id, timestamp, body));
  return header.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** The delay before attempt `attempt + 1` (attempt counted from 1): doubling from the base. */
export function backoffMs(baseMs: number, attempt: number): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}
