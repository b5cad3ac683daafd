import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

/** Rules of the code's shape from the feature-walls issue that no other check holds. */
const ROOT = join(__dirname, '..', '..');

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) tsFiles(full, out);
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

describe('the shape of the code', () => {
  it('no file in src/ or test/ is over 400 lines', () => {
    const long = [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'test'))]
      .map((f) => ({ file: relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });

  it('every trigger a migration creates is named, with what it enforces, beside the repository that relies on it', () => {
    const triggers = new Set<string>();
    for (const f of tsFiles(join(ROOT, 'migrations'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+"?([a-z_][a-z0-9_]*)/gi)) triggers.add(m[1]);
    }
    expect(triggers.size).toBeGreaterThan(0);
    const repositories = tsFiles(join(ROOT, 'src'))
      .filter((f) => /\/persistence\/[^/]+\.ts$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect([...triggers].filter((t) => !new RegExp(`\\b${t}\\b`).test(repositories))).toEqual([]);
  });
});
