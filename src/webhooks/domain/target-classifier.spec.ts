import { isIP } from 'node:net';
import fc from 'fast-check';
import { blockedAddress, embeddedIpv4, ipv6Bytes, urlProblem } from './target';

const strict = { allowPrivateTargets: false, allowHttp: false };
const blocked = (a: string) => blockedAddress(a, strict) !== null;

/** Formats 16 bytes as the full, uncompressed IPv6 text. */
const v6 = (b: number[]) => Array.from({ length: 8 }, (_, i) => ((b[2 * i] << 8) | b[2 * i + 1]).toString(16)).join(':');
const octets = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });
const bytes = (n: number) => fc.array(fc.integer({ min: 0, max: 255 }), { minLength: n, maxLength: n });

/** Every way the issue lists of carrying an IPv4 address inside an IPv6 one. */
const WRAPPERS: Record<string, (v4: number[], rest: number[]) => number[]> = {
  'IPv4-mapped ::ffff:0:0/96': (v4) => [...new Array(10).fill(0), 0xff, 0xff, ...v4],
  'IPv4-translated ::ffff:0:0:0/96': (v4) => [...new Array(8).fill(0), 0xff, 0xff, 0, 0, ...v4],
  'IPv4-compatible ::/96': (v4) => [...new Array(12).fill(0), ...v4],
  'NAT64 64:ff9b::/96': (v4) => [0, 0x64, 0xff, 0x9b, ...new Array(8).fill(0), ...v4],
  '6to4 2002::/16': (v4, rest) => [0x20, 0x02, ...v4, ...rest.slice(0, 10)],
  'Teredo 2001::/32 (client)': (v4, rest) => [0x20, 0x01, 0, 0, 8, 8, 8, 8, ...rest.slice(0, 4), ...v4.map((x) => x ^ 0xff)],
};

describe('SSRF (security finding): the webhook target classifier', () => {
  it.each(['[::127.0.0.1]', '[::ffff:0:127.0.0.1]', '[64:ff9b:1::a9fe:a9fe]', '[2002:a9fe:a9fe::]', '[fec0::1]'])('refuses https://%s/hook, an IPv6 form of a private address', (host) => {
    expect(urlProblem(`https://${host}/hook`, strict)).toMatch(/is a private, loopback or reserved address/);
  });

  it.each([
    '::', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'febf::1', 'fec0::1', 'feff::1', 'ff02::1', 'ff0e::1', '2001:db8::1', '2001:db8:ffff::1', '3fff::1',
    '64:ff9b:1::1', '64:ff9b::10.0.0.1', '::ffff:169.254.169.254', '::ffff:0:192.168.0.1', '2002:c0a8:0101::1', '2002:7f00:1::', '100::1', '::ffff:100.64.0.1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo whose client is 192.0.2.45 (documentation)
  ])('refuses %s', (address) => {
    expect(blocked(address)).toBe(true);
  });

  it.each(['2001:4860:4860::8888', '2a00:1450:4001:82b::200e', '2606:4700::6810:84e5', '::ffff:93.184.216.34', '64:ff9b::93.184.216.34', '2002:5db8:d822::1'])('accepts the global unicast address %s', (address) => {
    expect(blocked(address)).toBe(false);
  });

  it('reads IPv6 text in every notation to the same bytes', () => {
    expect(ipv6Bytes('::ffff:127.0.0.1')).toEqual(ipv6Bytes('0:0:0:0:0:ffff:7f00:1'));
    expect(ipv6Bytes('::127.0.0.1')).toEqual(ipv6Bytes('::7f00:1'));
    expect(ipv6Bytes('64:FF9B::A9FE:A9FE')).toEqual(ipv6Bytes('64:ff9b:0:0:0:0:a9fe:a9fe'));
    expect(embeddedIpv4(ipv6Bytes('2002:a9fe:a9fe::')!)).toEqual(['169.254.169.254']);
    expect(ipv6Bytes('fe80::1%eth0')).toBeNull();
    expect(blocked('fe80::1%eth0')).toBe(true);
  });

  it('property: an IPv6 address that carries an IPv4 address gets the verdict of that IPv4 address, for every wrapping', () => {
    fc.assert(
      fc.property(octets, bytes(10), fc.constantFrom(...Object.keys(WRAPPERS)), (v4, rest, wrapper) => {
        const address = v6(WRAPPERS[wrapper](v4, rest));
        expect(isIP(address)).toBe(6);
        const v4Blocked = blocked(v4.join('.'));
        if (wrapper.startsWith('Teredo')) {
          // The server is public (8.8.8.8), so only the client decides.
          expect(blocked(address)).toBe(v4Blocked);
        } else if (wrapper.startsWith('IPv4-compatible') && v4[0] === 0) {
          expect(blocked(address)).toBe(true); // ::, ::1 and the rest of 0.0.0.0/8
        } else {
          expect(blocked(address)).toBe(v4Blocked);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: every private IPv4 range stays refused in every IPv6 wrapping', () => {
    const privateV4 = fc.oneof(
      octets.map(([, b, c, d]) => [10, b, c, d]),
      octets.map(([, b, c, d]) => [127, b, c, d]),
      octets.map(([, , c, d]) => [169, 254, c, d]),
      octets.map(([, b, c, d]) => [172, 16 + (b % 16), c, d]),
      octets.map(([, , c, d]) => [192, 168, c, d]),
      octets.map(([, b, c, d]) => [100, 64 + (b % 64), c, d]),
    );
    fc.assert(
      fc.property(privateV4, bytes(10), fc.constantFrom(...Object.keys(WRAPPERS)), (v4, rest, wrapper) => {
        expect(blocked(v4.join('.'))).toBe(true);
        expect(blocked(v6(WRAPPERS[wrapper](v4, rest)))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: site-local, unique local, link-local, multicast and documentation addresses are refused whatever their host part', () => {
    const prefixes: [number[], number][] = [
      [[0xfe, 0xc0], 10],
      [[0xfc, 0x00], 7],
      [[0xfe, 0x80], 10],
      [[0xff, 0x00], 8],
      [[0x20, 0x01, 0x0d, 0xb8], 32],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), bytes(16), ([net, bits], random) => {
        const b = random.map((x, i) => {
          const keep = Math.max(0, Math.min(8, bits - 8 * i)); // bits of the prefix in this byte
          const mask = (0xff << (8 - keep)) & 0xff;
          return ((net[i] ?? 0) & mask) | (x & ~mask & 0xff);
        });
        expect(blocked(v6(b))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: nothing outside global unicast 2000::/3 is accepted, unless it carries a public IPv4 address', () => {
    fc.assert(
      fc.property(bytes(16), (b) => {
        const address = v6(b);
        if ((b[0] & 0xe0) !== 0x20 && embeddedIpv4(ipv6Bytes(address)!).length === 0) expect(blocked(address)).toBe(true);
        // The same address written compressed gets the same verdict.
        const compressed = new URL(`http://[${address}]/`).hostname.slice(1, -1);
        expect(blocked(compressed)).toBe(blocked(address));
      }),
      { numRuns: 5000 },
    );
  });
});
