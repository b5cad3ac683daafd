import type { lookup } from 'node:dns';
import { guardedLookup } from './outbound-http';

/** A resolver that answers every name with the given addresses (DNS rebinding: a public name, a private address). */
const resolvingTo = (...addresses: string[]) =>
  ((_host: string, _options: unknown, callback: (err: Error | null, addresses: { address: string; family: number }[]) => void) =>
    callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })))) as unknown as typeof lookup;

function connect(resolver: typeof lookup, allowPrivateTargets = false): Promise<{ err: (Error & { code?: string }) | null; address: string }> {
  return new Promise((resolve) => guardedLookup({ allowPrivateTargets, allowHttp: false }, resolver)('hooks.example.org', { family: 0 }, (err, address) => resolve({ err, address: address as string })));
}

describe('the connect-time lookup of webhook deliveries', () => {
  it('refuses a public name that resolves to a private address when the connection is made', async () => {
    const { err } = await connect(resolvingTo('127.0.0.1'));
    expect(err).toMatchObject({ code: 'ESSRF', message: 'refused: hooks.example.org resolves to 127.0.0.1 is a private, loopback or reserved address' });
  });

  it('refuses when any of the addresses is private', async () => {
    expect((await connect(resolvingTo('93.184.216.34', '::ffff:169.254.169.254'))).err?.code).toBe('ESSRF');
  });

  it.each(['::127.0.0.1', '::ffff:0:127.0.0.1', '64:ff9b::a9fe:a9fe', '2002:a9fe:a9fe::', 'fec0::1', '2001:db8::1'])(
    'SSRF at delivery: refuses a DNS answer %s, an IPv6 form of a private address',
    async (address) => {
      expect((await connect(resolvingTo(address))).err?.code).toBe('ESSRF');
    },
  );

  it('connects to a public address, and to a private one only where allowed', async () => {
    expect(await connect(resolvingTo('93.184.216.34'))).toEqual({ err: null, address: '93.184.216.34' });
    expect(await connect(resolvingTo('10.0.0.5'), true)).toEqual({ err: null, address: '10.0.0.5' });
  });
});
