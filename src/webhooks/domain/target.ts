import { BlockList, isIP } from 'node:net';
import { ipv6Bytes } from '../../common/net/ip-address';

export { ipv6Bytes };

/**
 * Where a webhook may be sent (OWASP API7, server-side request forgery): https only, and
 * only to a global unicast address, never into the funder's own network or the machine
 * itself, unless the installation allows it explicitly. The address is checked when the
 * subscription is made and again for every connection, after the name has been resolved.
 */
const BLOCKED_V4 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  BLOCKED_V4.addSubnet(net, prefix, 'ipv4');
}

/** IPv6 ranges refused outright, inside global unicast 2000::/3 (everything outside it is refused too). */
const BLOCKED_V6: [string, number][] = [
  ['2001::', 23], // IETF protocol assignments (Teredo 2001::/32 is unwrapped before this)
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
  ['64:ff9b:1::', 48], // NAT64 local use (RFC 8215): the translator is inside someone's network
];

export interface TargetPolicy {
  allowPrivateTargets: boolean;
  allowHttp: boolean;
}

const v4At = (b: Uint8Array, i: number, xor = 0) => [0, 1, 2, 3].map((k) => b[i + k] ^ xor).join('.');
const zeros = (b: Uint8Array, from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
const inPrefix = (b: Uint8Array, net: Uint8Array, bits: number) => {
  for (let i = 0; i < bits; i++) if (((b[i >> 3] >> (7 - (i & 7))) & 1) !== ((net[i >> 3] >> (7 - (i & 7))) & 1)) return false;
  return true;
};
const BLOCKED_V6_BYTES = BLOCKED_V6.map(([net, bits]) => [ipv6Bytes(net)!, bits] as const);

/**
 * The IPv4 addresses an IPv6 address carries, by the transition mechanisms a network may
 * route them through: IPv4-mapped ::ffff:0:0/96, IPv4-translated ::ffff:0:0:0/96,
 * IPv4-compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16, and Teredo 2001::/32 (its
 * server and its obfuscated client). Empty when it carries none.
 */
export function embeddedIpv4(b: Uint8Array): string[] {
  if (zeros(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return [v4At(b, 12)]; // mapped
  if (zeros(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(b, 10, 12)) return [v4At(b, 12)]; // translated
  if (zeros(b, 0, 12)) return [v4At(b, 12)]; // compatible (:: and ::1 among them: 0.0.0.0/8 is refused)
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(b, 4, 12)) return [v4At(b, 12)]; // NAT64 well-known
  if (b[0] === 0x20 && b[1] === 0x02) return [v4At(b, 2)]; // 6to4
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) return [v4At(b, 4), v4At(b, 12, 0xff)]; // Teredo server, client
  return [];
}

/** Whether an IPv4 address is not one to connect to. */
const blockedV4 = (address: string) => BLOCKED_V4.check(address, 'ipv4');

/** Whether an IPv6 address (its bytes) is not a global unicast address to connect to, after unwrapping IPv4. */
function blockedV6(b: Uint8Array): boolean {
  const carried = embeddedIpv4(b);
  if (carried.length > 0) return carried.some(blockedV4);
  if ((b[0] & 0xe0) !== 0x20) return true; // outside global unicast 2000::/3: unspecified, loopback, ULA fc00::/7, link-local, site-local fec0::/10, multicast, …
  return BLOCKED_V6_BYTES.some(([net, bits]) => inPrefix(b, net, bits));
}

/** Why an address may not be connected to, or null when it may. */
export function blockedAddress(address: string, policy: TargetPolicy): string | null {
  if (policy.allowPrivateTargets) return null;
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (family === 4) return blockedV4(address) ? `${address} is a private, loopback or reserved address` : null;
  const bytes = ipv6Bytes(address);
  if (!bytes) return `${address} is a scoped IPv6 address`;
  if (!blockedV6(bytes)) return null;
  const carried = embeddedIpv4(bytes).filter(blockedV4);
  return `${address} is a private, loopback or reserved address${carried.length > 0 && !zeros(bytes, 0, 12) ? ` (it carries ${carried.join(', ')})` : ''}`;
}

/** Why a subscriber URL is refused before any name is resolved, or null. */
export function urlProblem(raw: string, policy: TargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) return 'must use https';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!policy.allowPrivateTargets && (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local'))) {
    return `${host} is a local name`;
  }
  if (isIP(host)) return blockedAddress(host, policy);
  return null;
}
