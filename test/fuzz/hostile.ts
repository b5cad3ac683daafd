import type { Rng } from './rng';

/**
 * Hostile input for the fuzz run. A raw JSON token (a number JSON.stringify cannot write,
 * deep nesting) is put in a body as a marker string and swapped in after serialising.
 */

export const RAW = '\u0000raw:';
export const raw = (token: string) => `${RAW}${token}`;

/** Turns a value holding raw markers into JSON text. */
export function serialise(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000raw:((?:[^"\\]|\\.)*)"/g, (_, token: string) => JSON.parse(`"${token}"`));
}

export function hostileString(rng: Rng): { label: string; value: string } {
  const n = rng.int(1, 4);
  return rng.pick<() => { label: string; value: string }>([
    () => ({ label: 'empty', value: '' }),
    () => ({ label: 'blank', value: ' \t\n ' }),
    () => ({ label: 'NUL byte', value: `plan\u0000${'x'.repeat(n)}` }),
    () => ({ label: 'lone surrogate', value: rng.pick(['\ud800', 'a\udfffb', '\udbff']) }),
    () => ({ label: 'control chars', value: '\u0001\u0002\u0007\u001b[31m\u007f\u0085' }),
    () => ({ label: 'RTL override', value: 'Stichting \u202egnirednoo\u202c \u200f\u200e\u2066x\u2069' }),
    () => ({ label: 'zero-width and BOM', value: '\ufeff\u200b\u200d\u2060' }),
    () => ({ label: 'emoji and astral', value: '😀👩‍👩‍👧𝕊𝕦𝕓' }),
    () => ({ label: 'combining marks', value: `Z${'\u0336\u0337\u0338'.repeat(50)}` }),
    () => ({ label: 'huge string', value: 'A'.repeat(rng.pick([5_000, 70_000, 300_000])) }),
    () => ({ label: 'huge unicode string', value: 'é€'.repeat(rng.pick([10_000, 100_000])) }),
    () => ({ label: 'SQL', value: rng.pick(["' OR '1'='1", "'; DROP TABLE applications;--", '$1', '\\', "%' AND 1=1 --", "x'::uuid"]) }),
    () => ({ label: 'path traversal', value: rng.pick(['../../etc/passwd', '..\\..\\boot.ini', '/dev/zero', 'a/../../b']) }),
    () => ({ label: 'markup', value: rng.pick(['<script>alert(1)</script>', '<!ENTITY x SYSTEM "file:///etc/passwd">', ']]>', '{{7*7}}', '${jndi:ldap://x}']) }),
    () => ({ label: 'CSV formula', value: rng.pick(['=HYPERLINK("http://x")', '+cmd|/c calc', '@SUM(1)', '-1+1']) }),
    () => ({ label: 'numeric text', value: rng.pick(['1e308', 'NaN', 'Infinity', '-0', '0x10', '00012', '1.000.000,00', '9'.repeat(40)]) }),
    () => ({ label: 'amount-like', value: rng.pick(['-1.00', '1.5', '1,00', '99999999999999.99', '0.001', ' 1.00', '1.00 ', '١٢٣.٠٠']) }),
    () => ({ label: 'date-like', value: rng.pick(['2026-02-30', '0000-01-01', '9999-12-31T23:59:59Z', '2026-13-01T00:00:00Z', '2026-01-01T25:00:00+14:00', '+275760-09-13T00:00:00Z', '2026-01-01', 'yesterday']) }),
    () => ({ label: 'uuid-like', value: rng.pick(['00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '{6ba7b810-9dad-11d1-80b4-00c04fd430c8}', '6ba7b8109dad11d180b400c04fd430c8', 'not-a-uuid']) }),
    () => ({ label: 'evil regex input', value: `${'a'.repeat(40)}!` }),
    () => ({ label: 'prototype', value: rng.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty']) }),
  ])();
}

export function hostileNumber(rng: Rng): { label: string; value: unknown } {
  return rng.pick<() => { label: string; value: unknown }>([
    () => ({ label: '1e308', value: raw(rng.pick(['1e308', '-1e308', '1.7976931348623157e308'])) }),
    () => ({ label: 'overflowing exponent', value: raw(rng.pick(['1e400', '-1e400', '1E+999'])) }),
    () => ({ label: 'tiny exponent', value: raw(rng.pick(['1e-9', '5e-324', '1e-400'])) }),
    () => ({ label: 'negative zero', value: raw('-0') }),
    () => ({ label: 'negative', value: rng.pick([-1, -100, -2147483649]) }),
    () => ({ label: 'fraction', value: rng.pick([0.1, 1.5, 2.25, 0.333333333333]) }),
    () => ({ label: 'unsafe integer', value: raw(rng.pick(['9007199254740993', '123456789012345678901234567890', '-9223372036854775809'])) }),
    () => ({ label: 'int32 edge', value: rng.pick([2147483647, 2147483648, 4294967296]) }),
    () => ({ label: 'zero', value: 0 }),
  ])();
}

/** A value of another JSON type than the schema's. */
export function wrongType(rng: Rng, type: string | undefined): { label: string; value: unknown } {
  const all: [string, unknown][] = [
    ['string', 'text'],
    ['number', 42],
    ['boolean', true],
    ['null', null],
    ['array', ['x', 1]],
    ['object', { a: 1 }],
  ];
  const [label, value] = rng.pick(all.filter(([t]) => t !== type && !(t === 'number' && type === 'integer')));
  return { label: `${label} for ${type ?? 'any'}`, value };
}

/** Nested arrays or objects, deep enough to hurt a recursive walker, as a raw token. */
export function deepNesting(rng: Rng): { label: string; value: string } {
  const depth = rng.pick([200, 2_000, 20_000, 100_000]);
  return rng.chance(0.5)
    ? { label: `nested arrays x${depth}`, value: raw(`${'['.repeat(depth)}${']'.repeat(depth)}`) }
    : { label: `nested objects x${depth}`, value: raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) };
}

/** A large array (bounded: it must fit the body limit). */
export function hugeArray(rng: Rng, sample: unknown): { label: string; value: unknown[] } {
  const n = rng.pick([1_000, 10_000, 50_000]);
  const item = sample === undefined || (typeof sample === 'object' && sample !== null && JSON.stringify(sample).length > 20) ? rng.int(0, 9) : sample;
  return { label: `array of ${n}`, value: Array.from({ length: n }, () => item) };
}

/** Whole bodies that are not the object a JSON route wants. */
export function hostileJsonBody(rng: Rng): { label: string; text: string } {
  const depth = rng.pick([1_000, 50_000]);
  return rng.pick<() => { label: string; text: string }>([
    () => ({ label: 'null', text: 'null' }),
    () => ({ label: 'array', text: '[]' }),
    () => ({ label: 'string', text: '"x"' }),
    () => ({ label: 'number', text: '1e400' }),
    () => ({ label: 'empty', text: '' }),
    () => ({ label: 'malformed', text: rng.pick(['{', '{"a":', "{'a':1}", '{"a":1,}', 'NaN', '\u0000', '{"a":"\\ud800"}', '{"a":"\\u0000"}']) }),
    () => ({ label: 'duplicate keys', text: '{"title":"a","title":{"x":1}}' }),
    () => ({ label: 'prototype pollution', text: '{"__proto__":{"role":"admin","isAdmin":true},"constructor":{"prototype":{"x":1}}}' }),
    () => ({ label: `nested x${depth}`, text: `${'['.repeat(depth)}${']'.repeat(depth)}` }),
    () => ({ label: 'over the body limit', text: `{"title":"${'x'.repeat(1_100_000)}"}` }),
    () => ({ label: 'BOM first', text: '\ufeff{}' }),
  ])();
}

export function hostilePathValue(rng: Rng): { label: string; value: string } {
  return rng.pick<() => { label: string; value: string }>([
    () => ({ label: 'not a uuid', value: rng.pick(['1', 'abc', 'null', 'undefined', 'true', '-1', '0x1']) }),
    () => ({ label: '200 chars', value: 'a'.repeat(200) }),
    () => ({ label: 'long uuid-ish', value: `${rng.uuid()}${'0'.repeat(rng.pick([10, 90, 300]))}` }),
    () => ({ label: 'uppercase uuid', value: rng.uuid().toUpperCase() }),
    () => ({ label: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' }),
    () => ({ label: 'percent NUL', value: `${rng.uuid()}%00` }),
    () => ({ label: 'encoded slash', value: '..%2F..%2Fadmin' }),
    () => ({ label: 'bad percent escape', value: rng.pick(['%', '%ZZ', '%E2%80', '%C0%AF']) }),
    () => ({ label: 'unicode', value: rng.pick(['%E2%80%AE', '%F0%9F%98%80', '%EF%BF%BF']) }),
    () => ({ label: 'SQL', value: "'%20OR%201=1--" }),
  ])();
}

export function hostileHeaderValue(rng: Rng): { label: string; value: string } {
  return rng.pick<() => { label: string; value: string }>([
    () => ({ label: 'empty', value: '' }),
    () => ({ label: 'spaces', value: '   ' }),
    () => ({ label: 'long', value: 'k'.repeat(rng.pick([300, 5_000])) }),
    () => ({ label: 'latin-1', value: 'sleutel-äöü-ÿ' }),
    () => ({ label: 'quotes', value: '"\'"' }),
    () => ({ label: 'list', value: 'a, b, c' }),
  ])();
}

export function hostileIfMatch(rng: Rng): { label: string; value: string } {
  return rng.pick<() => { label: string; value: string }>([
    () => ({ label: 'garbage', value: 'garbage' }),
    () => ({ label: 'stale', value: '"1"' }),
    () => ({ label: 'weak', value: 'W/"2"' }),
    () => ({ label: 'star', value: '*' }),
    () => ({ label: 'list', value: '"1", "2", W/"3"' }),
    () => ({ label: 'huge version', value: '"99999999999999999999999"' }),
    () => ({ label: 'negative version', value: '"-1"' }),
    () => ({ label: 'empty', value: '' }),
    () => ({ label: 'empty tag', value: '""' }),
    () => ({ label: 'long', value: `"${'9'.repeat(5000)}"` }),
  ])();
}

export function hostileAuthorization(rng: Rng, someToken: string): { label: string; value: string | undefined } {
  const [h, p] = someToken.split('.');
  return rng.pick<() => { label: string; value: string | undefined }>([
    () => ({ label: 'none', value: undefined }),
    () => ({ label: 'empty bearer', value: 'Bearer ' }),
    () => ({ label: 'garbage token', value: 'Bearer not.a.jwt' }),
    () => ({ label: 'basic', value: 'Basic YWRtaW46YWRtaW4=' }),
    () => ({ label: 'bad signature', value: `Bearer ${h}.${p}.${'A'.repeat(43)}` }),
    () => ({ label: 'alg none', value: `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.` }),
    () => ({ label: 'huge token', value: `Bearer ${'x'.repeat(8_000)}` }),
    () => ({ label: 'two tokens', value: `Bearer ${someToken}, Bearer ${someToken}` }),
  ])();
}

/** Cursors a client could forge: right encoding, wrong content, and plain garbage. */
export function hostileCursor(rng: Rng): { label: string; value: string } {
  const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  return rng.pick<() => { label: string; value: string }>([
    () => ({ label: 'garbage cursor', value: rng.pick(['!!!', 'abc', '%00', '']) }),
    () => ({ label: 'cursor not json', value: b64('not json') }),
    () => ({ label: 'cursor wrong shape', value: b64(rng.pick([[1, 2], { v: 1, id: 2 }, null, 'x'])) }),
    () => ({ label: 'forged cursor', value: b64({ v: rng.pick(['x', '', '1e400', '2026-99-99', '-1', '\u0000', null, 'é'.repeat(500)]), id: rng.pick([rng.uuid(), 'x', "1' OR 1=1"]) }) }),
    () => ({ label: 'deep cursor', value: b64(`${'['.repeat(5000)}${']'.repeat(5000)}`) }),
  ])();
}
