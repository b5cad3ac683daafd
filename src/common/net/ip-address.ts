import { isIP } from 'node:net';

/** The 16 bytes of an IPv6 address (isIP(text) === 6), or null. */
export function ipv6Bytes(text: string): Uint8Array | null {
  if (isIP(text) !== 6 || text.includes('%')) return null;
  let head = text;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = dotted[1].split('.').map(Number);
    tail.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    head = text.slice(0, -dotted[1].length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const words = (part: string) => (part === '' ? [] : part.split(':').map((w) => parseInt(w, 16)));
  const l = words(left);
  const r = [...(right === undefined ? [] : words(right)), ...tail];
  const all = right === undefined && !head.includes('::') ? [...l, ...tail] : [...l, ...new Array(8 - l.length - r.length).fill(0), ...r];
  if (all.length !== 8) return null;
  const bytes = new Uint8Array(16);
  all.forEach((w, i) => ((bytes[2 * i] = w >> 8), (bytes[2 * i + 1] = w & 0xff)));
  return bytes;
}

/**
 * The key an address's requests are counted under (OWASP API4): an IPv4 address as itself,
 * an IPv4 address written as IPv6 (::ffff:a.b.c.d) as that IPv4 address, and any other IPv6
 * address by its /64, the smallest network one subscriber is given (a client holds all of it).
 */
export function addressKey(address: string): string {
  const bytes = ipv6Bytes(address);
  if (!bytes) return address;
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return [...bytes.subarray(12)].join('.');
  const words = Array.from({ length: 4 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16));
  return `${words.join(':')}::/64`;
}
