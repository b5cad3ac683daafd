import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Rng } from './rng';

/** The fuzz run's view of openapi/openapi.json: its operations and valid-shaped values for their schemas. */

export type Schema = Record<string, any>;

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** "POST /schemes/{schemeId}/windows" */
  key: string;
  method: string;
  /** The template, with {name} placeholders, without the server's /api/v1. */
  path: string;
  params: Param[];
  body?: { required: boolean; contentTypes: string[]; schema?: Schema };
  /** The media types its successful responses come in (for Accept). */
  produces: string[];
}

export interface Spec {
  base: string;
  operations: Operation[];
  schemas: Record<string, Schema>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function loadSpec(file = path.join(__dirname, '..', '..', 'openapi', 'openapi.json')): Spec {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries<any>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params: Param[] = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .filter((p: any) => ['path', 'query', 'header'].includes(p.in))
        .map((p: any) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema ?? { type: 'string' } }));
      const content = op.requestBody?.content ?? {};
      const contentTypes = Object.keys(content);
      const produces = [...new Set(Object.entries<any>(op.responses ?? {}).filter(([s]) => s.startsWith('2')).flatMap(([, r]) => Object.keys(r.content ?? {})))];
      operations.push({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        path: template,
        params,
        body: contentTypes.length ? { required: !!op.requestBody.required, contentTypes, schema: content[contentTypes[0]]?.schema } : undefined,
        produces,
      });
    }
  }
  return { base: doc.servers?.[0]?.url ?? '', operations, schemas: doc.components?.schemas ?? {} };
}

/** Values the world knows, by the name of the field or parameter that takes them (schemeId, reviewerId, …). */
export type Pools = Record<string, readonly string[]>;

/** Values that belong to a value already chosen: `links['schemeId=<id>'].windowId` are that scheme's windows. */
export type Links = Record<string, Record<string, readonly string[]>>;

/** Where a generated value sits in a body, and the schema it was made for: what mutations aim at. */
export interface Leaf {
  path: (string | number)[];
  schema: Schema;
  /** The object that holds it, and whether the field is required there. */
  required: boolean;
}

const AMOUNT = /\\d\{2\}\$$/;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Builds values that fit a schema (mostly), drawing ids from the world so requests reach the handlers. */
export class ValueGenerator {
  /** What this request has chosen so far, by name: later fields take values that belong to it. */
  private readonly chosen: [string, string][] = [];

  constructor(
    private readonly spec: Spec,
    private readonly pools: Pools,
    private readonly rng: Rng,
    private readonly links: Links = {},
  ) {}

  /** An id from the world for `name` (linked to what was chosen before), or a fresh UUID. */
  id(name: string): string {
    const v = this.fromPool(name) ?? this.rng.uuid();
    this.chosen.push([name, v]);
    return v;
  }

  /** The leaves of a value made elsewhere (a template), with the schema at each, for mutations to aim at. */
  leavesOf(value: unknown, schema: Schema | undefined, leaves: Leaf[] = [], at: (string | number)[] = [], required = true): Leaf[] {
    let s = this.resolve(schema);
    const variants = s.oneOf ?? s.anyOf;
    if (variants) s = this.resolve(variants[0]);
    if (Array.isArray(value)) value.forEach((v, i) => this.leavesOf(v, s.items, leaves, [...at, i]));
    else if (value && typeof value === 'object' && s.properties) {
      for (const [k, v] of Object.entries(value)) this.leavesOf(v, s.properties[k] ?? {}, leaves, [...at, k], (s.required ?? []).includes(k));
    }
    leaves.push({ path: at, schema: s, required });
    return leaves;
  }

  /** A value from the world for `name`: one that belongs to what was chosen before when there is one. */
  private fromPool(name: string): string | undefined {
    for (const [k, v] of this.chosen) {
      const linked = this.links[`${k}=${v}`]?.[name];
      if (linked?.length && this.rng.chance(0.85)) return this.rng.pick(linked);
    }
    const pool = this.pools[name];
    return pool?.length && this.rng.chance(0.9) ? this.rng.pick(pool) : undefined;
  }

  resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {};
    for (let i = 0; s.$ref && i < 20; i++) s = this.spec.schemas[String(s.$ref).split('/').pop()!] ?? {};
    if (s.allOf) {
      const parts = s.allOf.map((p: Schema) => this.resolve(p));
      const own = Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'allOf'));
      s = parts.reduce(
        (acc: Schema, p: Schema) => ({ ...acc, ...p, properties: { ...acc.properties, ...p.properties }, required: [...(acc.required ?? []), ...(p.required ?? [])] }),
        { ...own, properties: { ...own.properties }, required: [...(own.required ?? [])] },
      );
      if (!Object.keys(s.properties).length) delete s.properties;
    }
    return s;
  }

  /** A value for `schema`; `leaves` collects where each leaf went. */
  value(schema: Schema | undefined, name = '', leaves: Leaf[] = [], at: (string | number)[] = [], required = true, depth = 0): unknown {
    const s = this.resolve(schema);
    const variants = s.oneOf ?? s.anyOf;
    if (variants) return this.value(this.rng.pick(variants), name, leaves, at, required, depth);
    const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : 'string');
    if (type === 'object' && depth < 6) {
      const out: Record<string, unknown> = {};
      const req: string[] = s.required ?? [];
      const props = Object.entries<Schema>(s.properties ?? {});
      if (!props.length && s.additionalProperties) return this.freeObject(name, leaves, at, required);
      for (const [prop, sub] of props) {
        if (!req.includes(prop) && !this.rng.chance(0.6)) continue;
        out[prop] = this.value(sub, prop, leaves, [...at, prop], req.includes(prop), depth + 1);
      }
      leaves.push({ path: at, schema: s, required });
      return out;
    }
    if (type === 'array') {
      const min = s.minItems ?? (this.rng.chance(0.85) ? 1 : 0);
      const n = this.rng.int(min, Math.min(s.maxItems ?? min + 3, min + 3));
      const singular = name.endsWith('Ids') ? `${name.slice(0, -3)}Id` : name;
      const out = Array.from({ length: n }, (_, i) => this.value(s.items, singular, leaves, [...at, i], true, depth + 1));
      leaves.push({ path: at, schema: s, required });
      return out;
    }
    const v = this.scalar(s, type, name);
    if (typeof v === 'string') this.chosen.push([name, v]);
    leaves.push({ path: at, schema: s, required });
    return v;
  }

  private scalar(s: Schema, type: string, name: string): unknown {
    const { rng } = this;
    if (s.enum) return rng.pick(s.enum);
    if ('const' in s) return s.const;
    if (type === 'boolean') return rng.chance(0.5);
    if (type === 'integer' || type === 'number') {
      const min = s.minimum ?? (typeof s.example === 'number' && s.example < 0 ? s.example : 0);
      const max = s.maximum ?? Math.max(min + 10, typeof s.example === 'number' ? s.example * 2 : 100);
      if (rng.chance(0.3) && typeof s.example === 'number') return s.example;
      const n = rng.int(Math.ceil(min), Math.floor(max));
      return type === 'number' && /score|weight|spread|threshold|step/i.test(name) && rng.chance(0.5) ? n + 0.5 : n;
    }
    const known = this.fromPool(name);
    if (known !== undefined) return known;
    if (/Id$/.test(name) && !/^(reviewer|chair|member|officer|actor|entity)Id$/.test(name)) return rng.uuid();
    if (name === 'code' || name.endsWith('Code')) return rng.word(1, 12, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_');
    if (name === 'identifier') return String(rng.int(10000, 99999));
    if (name === 'seed') return rng.word(1, 20, 'abcdefghijklmnopqrstuvwxyz0123456789-_');
    switch (s.format) {
      case 'uuid':
        return rng.uuid();
      case 'date':
        return `${rng.int(2015, 2031)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
      case 'date-time':
        return new Date(Date.now() + rng.int(-60, 60) * 86_400_000 + rng.int(0, 86_399) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      case 'uri':
        return rng.pick(['https://hooks.example.invalid/subsidia', 'https://127.0.0.1/hook', 'http://localhost:9/x', 'https://example.org/hook']);
      case 'binary':
        return '';
    }
    if (s.pattern && AMOUNT.test(s.pattern)) {
      if (rng.chance(0.3) && typeof s.example === 'string') return s.example;
      return `${rng.chance(0.1) ? 0 : rng.int(1, rng.pick([100, 100_000, 10_000_000]))}.${pad(rng.int(0, 99))}`;
    }
    if (typeof s.example === 'string' && rng.chance(0.5)) return s.example;
    if (/iban/i.test(name)) return rng.pick(['NL91ABNA0417164300', 'NL02ABNA0123456789', 'DE89370400440532013000']);
    if (/bic/i.test(name)) return 'ABNANL2A';
    const min = s.minLength ?? 1;
    const max = Math.max(min, Math.min(s.maxLength ?? 40, 40));
    return rng.word(min, max, 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789-');
  }

  /** A free-form object (`answers`, `answersSchema`): a small JSON Schema or a few answers. */
  private freeObject(name: string, leaves: Leaf[], at: (string | number)[], required: boolean): unknown {
    const { rng } = this;
    const value = /schema/i.test(name)
      ? rng.pick([
          { type: 'object', properties: { pupils: { type: 'integer', minimum: 0 } }, required: ['pupils'] },
          { type: 'object', properties: { plan: { type: 'string', maxLength: 100, pattern: '^[A-Za-z ]+$' } } },
          { type: 'object', additionalProperties: false },
          {},
        ])
      : rng.pick([{}, { pupils: rng.int(0, 5000) }, { plan: rng.word(3, 30) }, { pupils: 'many', nested: { a: [1, 2] } }]);
    leaves.push({ path: at, schema: { type: 'object', additionalProperties: true }, required });
    return value;
  }
}
