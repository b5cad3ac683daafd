import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { blockedAddress, type TargetPolicy } from './domain/target';

export interface Attempt {
  status?: number;
  error?: string;
}

/** A DNS lookup that refuses to connect to an address the policy blocks (checked at connect time: no rebinding). */
export function guardedLookup(policy: TargetPolicy, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      for (const a of list) {
        const blocked = blockedAddress(a.address, policy);
        if (blocked) return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${blocked}`), { code: 'ESSRF' }), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/**
 * POSTs the body; resolves with the status, or the reason no status came back. The whole
 * exchange has a deadline (a receiver that trickles bytes cannot hold a worker), the
 * answer's body is not read, and redirects are not followed.
 */
export function post(url: string, body: string, headers: Record<string, string>, policy: TargetPolicy, timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guardedLookup(policy), signal: AbortSignal.timeout(timeoutMs) },
      (response) => {
        resolve({ status: response.statusCode });
        response.destroy();
      },
    );
    request.on('error', (err) => resolve({ error: err.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : err.message }));
    request.end(body);
  });
}
