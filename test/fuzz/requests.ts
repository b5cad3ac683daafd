import {
  deepNesting,
  hostileAuthorization,
  hostileCursor,
  hostileHeaderValue,
  hostileIfMatch,
  hostileJsonBody,
  hostileNumber,
  hostilePathValue,
  hostileString,
  hugeArray,
  serialise,
  wrongType,
} from './hostile';
import { Rng } from './rng';
import { TEMPLATES } from './templates';
import { ValueGenerator, type Leaf, type Operation, type Links, type Param, type Pools, type Spec } from './spec';

/** One request of the fuzz run, as sent: enough to replay it with curl. */
export interface FuzzRequest {
  op: string;
  actor: string;
  /** 'valid' or what was done to it ("body.string: NUL byte at title"). */
  mutation: string;
  method: string;
  /** Relative to the server, with /api/v1. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** What the world gives the generator: ids by name, a token to mangle, and valid non-JSON bodies. */
export interface FuzzWorldView {
  pools: Pools;
  links: Links;
  anyToken: string;
  pdf: Buffer;
  /** A pain.002 status report for one of the world's batches (valid, or nearly). */
  statusReport(rng: Rng): string;
  /** A camt.053/.054 statement booking the world's sent batch (valid, or nearly). */
  bankStatement(rng: Rng): string;
}

const JSON_TYPE = 'application/json';
/** Keys several requests share (on other routes, with other bodies, at the same time in a burst): a replay, a reuse or a key in flight. */
const SHARED_KEYS = ['fuzz-shared-key-1', 'fuzz-shared-key-2'];

export class RequestBuilder {
  constructor(
    private readonly spec: Spec,
    private readonly world: FuzzWorldView,
  ) {}

  /** A request for `op` by `actor`: valid-shaped when `mutate` is false, else with one seeded mutation. */
  build(op: Operation, actor: string, rng: Rng, mutate: boolean): FuzzRequest {
    const gen = new ValueGenerator(this.spec, this.world.pools, rng, this.world.links);
    const pathValues: Record<string, string> = {};
    const query: [string, string][] = [];
    const headers: Record<string, string> = {};
    for (const p of op.params) {
      if (p.in === 'path') pathValues[p.name] = String(gen.value(p.schema, p.name));
      // A cursor is only ever one the API handed out: a made-up one is a mutation.
      else if (p.in === 'query' && (p.required || (rng.chance(0.35) && p.name !== 'cursor' && p.name !== 'after'))) query.push([p.name, String(gen.value(p.schema, p.name))]);
      else if (p.in === 'header' && /idempotency/i.test(p.name) && rng.chance(0.3)) headers['idempotency-key'] = rng.chance(0.2) ? rng.pick(SHARED_KEYS) : `fuzz-${rng.uuid()}`;
    }
    if (op.produces.length > 1 && rng.chance(0.5)) headers.accept = rng.pick(op.produces);
    let body: string | Buffer | undefined;
    let leaves: Leaf[] = [];
    let value: unknown;
    const binary = op.body && !op.body.contentTypes.includes(JSON_TYPE);
    if (op.body && !binary && (op.body.required || rng.chance(0.7))) {
      const template = TEMPLATES[op.key];
      if (template && rng.chance(0.5)) {
        value = template((name) => gen.id(name), rng);
        leaves = gen.leavesOf(value, op.body.schema);
      } else value = gen.value(op.body.schema, '', leaves);
      headers['content-type'] = JSON_TYPE;
    } else if (binary) {
      ({ body, contentType: headers['content-type'] } = this.binaryBody(op, rng));
    }

    let mutation = 'valid';
    if (mutate) {
      const kinds: string[] = ['query', 'header', 'header', 'auth'];
      if (Object.keys(pathValues).length) kinds.push('path', 'path');
      if (op.body && !binary) kinds.push('body', 'body', 'body', 'body', 'whole-body', 'content-type');
      if (binary) kinds.push('binary', 'binary', 'content-type');
      if (!op.body && op.method !== 'GET' && op.method !== 'DELETE') kinds.push('unwanted-body');
      const kind = rng.pick(kinds);
      const m = this.mutate(kind, op, rng, gen, { pathValues, query, headers, leaves, value });
      mutation = `${kind}: ${m.label}`;
      value = m.value;
      if (m.body !== undefined) body = m.body;
    }
    if (body === undefined && value !== undefined) body = serialise(value);

    let url = `${this.spec.base}${op.path.replace(/\{(\w+)\}/g, (_, name: string) => (pathValues[name].includes('%') ? pathValues[name] : encode(pathValues[name])))}`;
    if (query.length) url += `?${query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`;
    return { op: op.key, actor, mutation, method: op.method, url, headers, body };
  }

  /** The XML document a route takes: a bank statement, or the bank's status report. */
  private xml(op: Operation, rng: Rng): string {
    return op.path.includes('bank-statements') ? this.world.bankStatement(rng) : this.world.statusReport(rng);
  }

  private binaryBody(op: Operation, rng: Rng): { body: Buffer | string; contentType: string } {
    if (isXml(op)) return { body: this.xml(op, rng), contentType: rng.pick(op.body!.contentTypes) };
    return { body: this.world.pdf, contentType: 'application/pdf' };
  }

  private mutate(
    kind: string,
    op: Operation,
    rng: Rng,
    gen: ValueGenerator,
    r: { pathValues: Record<string, string>; query: [string, string][]; headers: Record<string, string>; leaves: Leaf[]; value: unknown },
  ): { label: string; value?: unknown; body?: string | Buffer } {
    switch (kind) {
      case 'path': {
        const name = rng.pick(Object.keys(r.pathValues));
        const h = hostilePathValue(rng);
        r.pathValues[name] = h.value;
        return { label: `${h.label} as ${name}`, value: r.value };
      }
      case 'query':
        return { ...this.mutateQuery(op, rng, gen, r.query), value: r.value };
      case 'header': {
        const which = rng.pick(['idempotency-key', 'if-match', 'accept', 'idempotency-key']);
        const h = which === 'if-match' ? hostileIfMatch(rng) : which === 'accept' ? { label: 'odd accept', value: rng.pick(['text/csv', 'application/xml', 'text/html', '*/*', 'garbage', 'application/problem+json', 'application/json;q=0, text/csv;q=0']) } : hostileHeaderValue(rng);
        r.headers[which] = h.value;
        return { label: `${h.label} ${which}`, value: r.value };
      }
      case 'auth': {
        const h = hostileAuthorization(rng, this.world.anyToken);
        if (h.value === undefined) r.headers.authorization = '\u0000none';
        else r.headers.authorization = h.value;
        return { label: h.label, value: r.value };
      }
      case 'content-type': {
        const type = rng.pick(['text/csv', 'application/xml', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'a/b/c', '', 'application/pdf', 'application/vnd.api+json']);
        r.headers['content-type'] = type;
        const body = r.value !== undefined ? serialise(r.value) : rng.pick(['a,b,c\n1,2,3', '<x/>', 'x=1&y=2']);
        return { label: `content-type ${type || '(empty)'}`, body };
      }
      case 'unwanted-body': {
        const h = hostileJsonBody(rng);
        r.headers['content-type'] = rng.pick([JSON_TYPE, 'text/csv', 'application/xml']);
        return { label: `${h.label} body on a route that takes none`, body: h.text };
      }
      case 'whole-body': {
        const h = hostileJsonBody(rng);
        return { label: `body ${h.label}`, body: h.text };
      }
      case 'binary':
        return this.mutateBinary(op, rng, r.headers);
      default:
        return this.mutateBody(rng, r.leaves, r.value);
    }
  }

  private mutateQuery(op: Operation, rng: Rng, gen: ValueGenerator, query: [string, string][]): { label: string } {
    const params = op.params.filter((p) => p.in === 'query');
    const choice = rng.pick(['unknown', 'repeat', 'value', 'value', 'value']);
    if (choice === 'unknown' || !params.length) {
      query.push([rng.pick(['foo', 'limit[]', '__proto__', 'sort[$ne]', 'page']), hostileString(rng).value.slice(0, 3000)]);
      return { label: 'unknown query parameter' };
    }
    const p: Param = rng.pick(params);
    const s = gen.resolve(p.schema);
    if (choice === 'repeat') {
      query.push([p.name, String(gen.value(p.schema, p.name))], [p.name, String(gen.value(p.schema, p.name))]);
      return { label: `${p.name} twice` };
    }
    const h =
      p.name === 'cursor' || p.name === 'after'
        ? this.world.pools[p.name]?.length && rng.chance(0.5)
          ? { label: 'a cursor another list handed out', value: rng.pick(this.world.pools[p.name]) }
          : hostileCursor(rng)
        : s.type === 'number' || s.type === 'integer'
          ? rng.pick([{ label: 'out of range', value: String(rng.pick([-1, 0, 101, 1001, 1e9])) }, { label: 'not a number', value: rng.pick(['abc', '1e400', '1.5', '-0', '0x10', ' 5', '']) }])
          : s.enum
            ? { label: 'unknown enum', value: rng.pick(['nope', s.enum[0].toUpperCase(), `${s.enum[0]} `, '']) }
            : s.type === 'boolean'
              ? { label: 'not a boolean', value: rng.pick(['yes', '2', 'TRUE', '']) }
              : hostileString(rng);
    const value = h.value.slice(0, 6000);
    const at = query.findIndex(([k]) => k === p.name);
    if (at >= 0) query[at] = [p.name, value];
    else query.push([p.name, value]);
    return { label: `${h.label} as ${p.name}` };
  }

  private mutateBinary(op: Operation, rng: Rng, headers: Record<string, string>): { label: string; body: string | Buffer } {
    if (isXml(op)) {
      const depth = rng.pick([100, 10_000]);
      const [label, body] = rng.pick<[string, string]>([
        ['malformed XML', '<Document><CstmrPmtStsRpt>'],
        ['empty', ''],
        ['not XML', 'a,b,c\n1,2,3'],
        ['JSON', '{"status":"ACCP"}'],
        ['XXE', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">&x;</Document>'],
        ['entity expansion', `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Document>&c;&c;&c;&c;</Document>`],
        [`nested x${depth}`, `<Document>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</Document>`],
        ['wrong namespace', this.xml(op, rng).replace('pain.002.001.10', 'pain.001.001.09')],
        ['hostile text', this.xml(op, rng).replace(/<MsgId>[^<]*</, `<MsgId>${hostileString(rng).value.replace(/[<&]/g, '')}<`)],
        ['unknown status', this.xml(op, rng).replace(/<GrpSts>[^<]*</, '<GrpSts>ZZZZ<')],
        ['huge', `<Document>${'<x>y</x>'.repeat(150_000)}</Document>`],
      ]);
      return { label, body };
    }
    const [label, body, type] = rng.pick<[string, Buffer | string, string]>([
      ['empty document', Buffer.alloc(0), 'application/pdf'],
      ['random bytes', Buffer.from(Array.from({ length: rng.int(1, 2000) }, () => rng.int(0, 255))), rng.pick(['application/pdf', 'image/png'])],
      ['PNG sent as PDF', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'application/pdf'],
      ['PDF sent as DOCX', this.world.pdf, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['zip sent as XLSX', Buffer.from('PK\u0003\u0004garbage'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['JSON body', '{"a":1}', 'application/json'],
      ['CSV body', 'a,b\n1,2', 'text/csv'],
      ['over the document limit', Buffer.alloc(11 * 1_048_576, 0x25), 'application/pdf'],
    ]);
    headers['content-type'] = type;
    return { label, body };
  }

  private mutateBody(rng: Rng, leaves: Leaf[], value: unknown): { label: string; value: unknown } {
    if (!leaves.length || value === undefined) return { label: 'no body to mutate', value };
    // The action first, then a leaf it fits (a hostile number on a number field reaches further than on a name).
    const action = rng.weighted<string>([
      [3, 'string'],
      [2, 'number'],
      [2, 'type'],
      [1.5, 'missing'],
      [1, 'extra'],
      [1.5, 'enum'],
      [1, 'nest'],
      [1, 'array'],
    ]);
    const fits: Record<string, (l: Leaf) => boolean> = {
      string: (l) => l.schema.type === 'string' && !l.schema.enum,
      number: (l) => l.schema.type === 'number' || l.schema.type === 'integer',
      missing: (l) => !!l.schema.required?.length,
      extra: (l) => l.schema.type === 'object',
      enum: (l) => !!l.schema.enum,
      array: (l) => l.schema.type === 'array',
    };
    const fitting = leaves.filter(fits[action] ?? (() => true));
    const leaf = rng.pick(fitting.length && rng.chance(0.9) ? fitting : leaves);
    const where = leaf.path.join('.') || '(body)';
    const s = leaf.schema;
    const put = (v: unknown) => setAt(value, leaf.path, v);
    switch (action) {
      case 'missing': {
        if (!s.required?.length) return { label: `nothing required at ${where}`, value };
        const prop = rng.pick<string>(s.required);
        const holder = leaf.path.length ? getAt(value, leaf.path) : value;
        if (holder && typeof holder === 'object') delete (holder as Record<string, unknown>)[prop];
        return { label: `missing required ${[...leaf.path, prop].join('.')}`, value };
      }
      case 'extra': {
        const holder = getAt(value, leaf.path);
        const key = rng.pick(['role', 'id', 'status', 'version', '__proto__', 'organisationId', 'createdBy', 'unknownField']);
        const v = rng.pick<unknown>(['admin', 1, null, { a: 1 }]);
        if (holder && typeof holder === 'object' && !Array.isArray(holder)) (holder as Record<string, unknown>)[key] = v;
        else put({ [key]: v });
        return { label: `extra property ${key} at ${where}`, value };
      }
      case 'enum': {
        if (!s.enum) return this.mutateBody(rng, leaves.filter((l) => l !== leaf), value);
        const bad = rng.pick(['nope', String(s.enum[0]).toUpperCase(), `${s.enum[0]} `, '', 'ranked\u0000']);
        return { label: `unknown enum ${JSON.stringify(bad)} at ${where}`, value: put(bad) };
      }
      case 'number': {
        const h = hostileNumber(rng);
        return { label: `${h.label} at ${where}`, value: put(h.value) };
      }
      case 'type': {
        const h = wrongType(rng, s.type);
        return { label: `${h.label} at ${where}`, value: put(h.value) };
      }
      case 'nest': {
        const h = deepNesting(rng);
        return { label: `${h.label} at ${where}`, value: put(h.value) };
      }
      case 'array': {
        const current = getAt(value, leaf.path);
        const h = hugeArray(rng, Array.isArray(current) ? current[0] : current);
        return { label: `${h.label} at ${where}`, value: put(h.value) };
      }
      default: {
        const h = hostileString(rng);
        return { label: `${h.label} at ${where}`, value: put(h.value) };
      }
    }
  }
}

/** encodeURIComponent, except that a lone surrogate goes out as its (invalid) UTF-8 bytes instead of throwing. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return Array.from(text, (ch) => {
      const u = ch.charCodeAt(0);
      if (ch.length === 1 && u >= 0xd800 && u <= 0xdfff) return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      return encodeURIComponent(ch);
    }).join('');
  }
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  return path.reduce<any>((v, k) => (v == null ? undefined : v[k]), root);
}

/** Sets a value at a path (in place); the root itself when the path is empty. Returns the root. */
function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const holder = getAt(root, path.slice(0, -1));
  if (holder && typeof holder === 'object') (holder as Record<string | number, unknown>)[path[path.length - 1]] = value;
  return root;
}

/** A route that takes an XML document (the bank's pain.002), not one of the office types whose names mention xml. */
function isXml(op: Operation): boolean {
  return !!op.body?.contentTypes.some((t) => t === 'application/xml' || t === 'text/xml');
}
