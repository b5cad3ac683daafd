import { blockedAddress, urlProblem } from './target';
import { sign, verify, backoffMs } from './signature';

const strict = { allowPrivateTargets: false, allowHttp: false };

describe('webhook targets (SSRF)', () => {
  it.each([
    ['http://example.org/hook', 'must use https'],
    ['ftp://example.org/hook', 'must use https'],
    ['not a url', 'must be an absolute URL'],
    ['https://user:pw@example.org/hook', 'must not carry credentials'],
    ['https://localhost/hook', 'localhost is a local name'],
    ['https://127.0.0.1/hook', '127.0.0.1 is a private, loopback or reserved address'],
    ['https://10.1.2.3/hook', '10.1.2.3 is a private, loopback or reserved address'],
    ['https://172.20.0.1/hook', '172.20.0.1 is a private, loopback or reserved address'],
    ['https://192.168.1.1/hook', '192.168.1.1 is a private, loopback or reserved address'],
    ['https://169.254.169.254/latest/meta-data', '169.254.169.254 is a private, loopback or reserved address'],
    ['https://[::1]/hook', '::1 is a private, loopback or reserved address'],
    ['https://[fd00::1]/hook', 'fd00::1 is a private, loopback or reserved address'],
    ['https://[::ffff:10.0.0.1]/hook', '::ffff:a00:1 is a private, loopback or reserved address (it carries 10.0.0.1)'],
  ])('refuses %s', (url, reason) => {
    expect(urlProblem(url, strict)).toBe(reason);
  });

  it('accepts public https URLs', () => {
    expect(urlProblem('https://zaaksysteem.delfzijl.nl/webhooks/subsidia', strict)).toBeNull();
    expect(urlProblem('https://93.184.216.34:8443/hook', strict)).toBeNull();
  });

  it('judges resolved addresses, IPv4 written as IPv6 included', () => {
    expect(blockedAddress('::ffff:127.0.0.1', strict)).toMatch(/loopback/);
    expect(blockedAddress('8.8.8.8', strict)).toBeNull();
    expect(blockedAddress('2001:4860:4860::8888', strict)).toBeNull();
  });

  it('lets an installation allow local targets and http explicitly', () => {
    expect(urlProblem('http://127.0.0.1:8080/hook', { allowPrivateTargets: true, allowHttp: true })).toBeNull();
    expect(urlProblem('http://127.0.0.1:8080/hook', { allowPrivateTargets: true, allowHttp: false })).toBe('must use https');
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('verifies what was signed, and nothing else', () => {
    const header = sign(secret, 'msg_1', 1_700_000_000, '{"a":1}');
    expect(header).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verify(secret, 'msg_1', 1_700_000_000, '{"a":1}', header)).toBe(true);
    expect(verify(secret, 'msg_1', 1_700_000_000, '{"a":2}', header)).toBe(false);
    expect(verify(secret, 'msg_1', 1_700_000_001, '{"a":1}', header)).toBe(false);
    expect(verify('whsec_b3RoZXI=', 'msg_1', 1_700_000_000, '{"a":1}', header)).toBe(false);
  });

  it('matches the Standard Webhooks specification’s example', () => {
    expect(sign(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('backs off exponentially', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(1000, a))).toEqual([1000, 2000, 4000, 8000]);
  });
});
