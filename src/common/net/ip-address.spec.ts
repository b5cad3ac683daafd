import fc from 'fast-check';
import { addressKey } from './ip-address';

describe('rate limits per /64 (security finding): the key an address is counted under', () => {
  it('counts every address of one IPv6 /64 as one', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::ffff:c000:207')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
  });

  it('property: any two addresses that share their first 64 bits share a key, and only those', () => {
    const half = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 4, maxLength: 4 });
    const text = (w: number[]) => w.map((x) => x.toString(16)).join(':');
    fc.assert(
      fc.property(half.filter((w) => w[0] !== 0), half, half, half, (net, a, b, other) => {
        expect(addressKey(text([...net, ...a]))).toBe(addressKey(text([...net, ...b])));
        if (text(other) !== text(net)) expect(addressKey(text([...other, ...a]))).not.toBe(addressKey(text([...net, ...a])));
      }),
    );
  });
});
