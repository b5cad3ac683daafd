import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import type { ErrorKind } from './app-error';

const SRC = join(__dirname, '..', '..');

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.spec-support.ts')) out.push(full);
  }
  return out;
}

const HELPER_KIND: Record<string, ErrorKind> = { invalid: 'invalid', notFound: 'not_found', conflict: 'conflict', forbidden: 'forbidden', tooManyRequests: 'too_many_requests' };

/** Every problem code a source text names, with the kind of the call that throws it where the call says. */
export function codesIn(text: string): { code: string; kind?: ErrorKind }[] {
  const out: { code: string; kind?: ErrorKind }[] = [];
  for (const m of text.matchAll(/'([A-Z][A-Z_]+\.[A-Z][A-Z_]+)'/g)) {
    const before = text.slice(Math.max(0, m.index! - 60), m.index);
    const helper = /(invalid|notFound|conflict|forbidden|tooManyRequests)\(\s*$/.exec(before);
    const direct = /new AppError\(\s*'(\w+)',\s*$/.exec(before) ?? /kind: '(\w+)',\s*code:\s*$/.exec(before);
    out.push({ code: m[1], kind: helper ? HELPER_KIND[helper[1]] : (direct?.[1] as ErrorKind | undefined) });
  }
  return out;
}

/** The catalogues: `src/<feature>/<feature>.errors.ts` and the platform's in common/errors. */
function catalogues(): Map<string, Record<string, ErrorKind>> {
  const found = new Map<string, Record<string, ErrorKind>>();
  for (const file of files(SRC).filter((f) => f.endsWith('.errors.ts'))) {
    const module = require(file) as Record<string, Record<string, ErrorKind>>;
    const [name] = Object.keys(module).filter((k) => k.endsWith('_ERRORS'));
    found.set(relative(SRC, file), module[name]);
  }
  return found;
}

describe('the problem-code catalogues (one per feature)', () => {
  const catalogued = new Map<string, { kind: ErrorKind; file: string }>();
  for (const [file, catalogue] of catalogues()) for (const [code, kind] of Object.entries(catalogue)) catalogued.set(code, { kind, file });
  const used = files(SRC)
    .filter((f) => !f.endsWith('.errors.ts'))
    .flatMap((f) => codesIn(readFileSync(f, 'utf8')).map((c) => ({ ...c, file: relative(SRC, f) })));

  it('finds a catalogue in every feature that throws', () => {
    expect([...catalogues().keys()].length).toBeGreaterThanOrEqual(10);
  });

  it('lists every problem code the code throws, with the kind it is thrown as', () => {
    const unlisted = used.filter((u) => !catalogued.has(u.code)).map((u) => `${u.file}: ${u.code}`);
    expect(unlisted).toEqual([]);
    const wrongKind = used.filter((u) => u.kind && catalogued.get(u.code)?.kind !== u.kind).map((u) => `${u.file}: ${u.code} thrown as ${u.kind}, listed as ${catalogued.get(u.code)?.kind}`);
    expect(wrongKind).toEqual([]);
  });

  it('lists no code that nothing throws any more', () => {
    const names = new Set(used.map((u) => u.code));
    expect([...catalogued.keys()].filter((code) => !names.has(code))).toEqual([]);
  });

  it('keeps each code prefix (SCHEME., PAYMENT., …) in one catalogue', () => {
    const owner = new Map<string, Set<string>>();
    for (const [code, { file }] of catalogued) owner.set(code.split('.')[0], (owner.get(code.split('.')[0]) ?? new Set()).add(file));
    expect([...owner].filter(([, f]) => f.size > 1).map(([prefix, f]) => `${prefix}: ${[...f].join(', ')}`)).toEqual([]);
  });

  it('would catch a use case that throws a code no catalogue lists', () => {
    const text = "if (late) throw conflict('OBJECTION.TOO_LATE_NEW', 'The term has passed.');";
    expect(codesIn(text)).toEqual([{ code: 'OBJECTION.TOO_LATE_NEW', kind: 'conflict' }]);
    expect(catalogued.has('OBJECTION.TOO_LATE_NEW')).toBe(false);
  });
});
