import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent (OWASP API7, server-side request forgery): https only, and
 * never to an address inside the funder's own network or the machine itself, unless the
 * installation allows it explicitly. The address is checked when the subscription is made
 * and again for every connection, after the name has been resolved.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 (embeds an IPv4 address)
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

export interface TargetPolicy {
  allowPrivateTargets: boolean;
  allowHttp: boolean;
}

/** Why an address may not be connected to, or null when it may. */
export function blockedAddress(address: string, policy: TargetPolicy): string | null {
  if (policy.allowPrivateTargets) return null;
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blockedAddress(mapped[1], policy);
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6') ? `${address} is a private, loopback or reserved address` : null;
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
