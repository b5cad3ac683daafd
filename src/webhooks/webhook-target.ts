import { lookup } from 'node:dns/promises';
import { blockedAddress, urlProblem, type TargetPolicy } from './domain/target';

/** Why a URL may not be a webhook target, after resolving its name; null when it may. */
export async function targetProblem(raw: string, policy: TargetPolicy): Promise<string | null> {
  const early = urlProblem(raw, policy);
  if (early || policy.allowPrivateTargets) return early;
  const host = new URL(raw).hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return `${host} cannot be resolved`;
  }
  for (const { address } of addresses) {
    const blocked = blockedAddress(address, policy);
    if (blocked) return `${host} resolves to ${blocked}`;
  }
  return null;
}
