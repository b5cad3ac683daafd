#!/usr/bin/env node
// The feature walls (DEVELOPERS.md "Walls"), checked without a framework so that CI can run
// it before anything is built:
//
//  1. A file may import another feature only through that feature's public surface:
//     `src/<feature>/index.ts`, `src/<feature>/<feature>.module.ts`, or its plain-TypeScript
//     `domain/` (rules, engines and types, no framework). Its persistence, use cases, DTOs,
//     controllers and internals stay its own. (`src/database/entities.ts`, the list of mapped
//     classes TypeORM's DataSource is built from, may name every feature's entities.)
//  2. SQL that names a table may stand only in the feature that owns that table. Each
//     feature lists its tables in `src/<feature>/persistence/tables.ts`
//     (`export const TABLES = [...] as const`); every table a migration creates must be
//     claimed by exactly one feature.
//
// `node tools/walls/check-walls.js` (`npm run lint:walls`, in CI) prints each breach with its
// file and line and exits 1 when there is one. `tools/walls/check-walls.spec.ts` proves it
// fails on each kind of breach.
'use strict';
const fs = require('fs');
const path = require('path');

/** Folders under src/ that are not features: the platform and the composition roots. */
const PLATFORM = new Set(['common', 'config', 'database', 'auth', 'jobs', 'metrics', 'health', 'openapi', 'cli', 'demo', 'seed']);
/** Composition roots may import any module file (they wire features together), nothing more. */
const SQL_WORDS = /\b(?:FROM|JOIN|UPDATE|INTO|TABLE|REFERENCES|TRUNCATE)\s+(?:ONLY\s+|IF\s+(?:NOT\s+)?EXISTS\s+)?(?:public\.)?"?([a-z_][a-z0-9_]*)"?/gi;

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The table → feature map from every `persistence/tables.ts`. */
function tableOwners(srcDir) {
  const owners = new Map();
  const problems = [];
  for (const feature of fs.readdirSync(srcDir)) {
    const file = path.join(srcDir, feature, 'persistence', 'tables.ts');
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    const list = /TABLES\s*=\s*\[([^\]]*)\]/.exec(text);
    if (!list) {
      problems.push({ file, line: 1, message: 'declares no `TABLES = [...]`' });
      continue;
    }
    for (const m of list[1].matchAll(/'([a-z0-9_]+)'/g)) {
      const table = m[1];
      if (owners.has(table)) problems.push({ file, line: 1, message: `claims table ${table}, already owned by ${owners.get(table)}` });
      else owners.set(table, feature);
    }
  }
  return { owners, problems };
}

/** Tables the migrations create (forward-only history: a dropped table stays listed). */
function migratedTables(migrationsDir) {
  const tables = new Set();
  const dropped = new Set();
  for (const file of walk(migrationsDir)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?(?:public\.)?"?([a-z_][a-z0-9_]*)"?/gi)) tables.add(m[1]);
    for (const m of text.matchAll(/DROP TABLE\s+(?:IF EXISTS\s+)?(?:public\.)?"?([a-z_][a-z0-9_]*)"?/gi)) dropped.add(m[1]);
  }
  for (const t of dropped) tables.delete(t);
  return tables;
}

function featureOf(srcDir, file) {
  const rel = path.relative(srcDir, file);
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : null;
}

/** The string and template literals of a file, with the line each starts on. */
function literals(text) {
  const out = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') line++;
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (let k = i; k < stop; k++) if (text[k] === '\n') line++;
      i = stop;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      const startLine = line;
      let j = i + 1;
      let body = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') {
          body += text[j + 1] ?? '';
          j += 2;
          continue;
        }
        if (text[j] === '\n') line++;
        body += text[j];
        j++;
      }
      out.push({ line: startLine, text: body });
      i = j + 1;
      continue;
    }
    i++;
  }
  return out;
}

const IMPORT = /(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|require\(\s*'([^']+)'\s*\)/g;

function check(root) {
  const srcDir = path.join(root, 'src');
  const { owners, problems } = tableOwners(srcDir);
  const breaches = [...problems];
  for (const table of migratedTables(path.join(root, 'migrations'))) {
    if (!owners.has(table)) breaches.push({ file: path.join(root, 'migrations'), line: 1, message: `table ${table} has no owner: list it in one feature's persistence/tables.ts` });
  }
  const features = new Set(fs.readdirSync(srcDir).filter((d) => fs.statSync(path.join(srcDir, d)).isDirectory() && !PLATFORM.has(d)));

  for (const file of walk(srcDir)) {
    const from = featureOf(srcDir, file);
    const text = fs.readFileSync(file, 'utf8');
    const isSpec = file.endsWith('.spec.ts');

    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const to = featureOf(srcDir, target);
      if (!to || to === from || !features.has(to)) continue;
      const rel = path.relative(path.join(srcDir, to), target).split(path.sep).join('/');
      if (rel === 'index' || rel === '' || rel === `${to}.module`) continue;
      // A feature's domain is plain TypeScript (rules, engines, types): others may use it.
      if (rel.startsWith('domain/')) continue;
      // The one registry of mapped classes that TypeORM's DataSource is built from.
      if (path.relative(srcDir, file) === path.join('database', 'entities.ts') && /\/persistence\/[^/]+\.entity$/.test(`/${rel}`)) continue;
      const line = text.slice(0, m.index).split('\n').length;
      breaches.push({ file, line, message: `imports ${to}/${rel}: another feature's internals (use src/${to}/index.ts)` });
    }

    if (isSpec) continue;
    for (const lit of literals(text)) {
      if (!/\b(?:SELECT|INSERT|UPDATE|DELETE|WITH|TRUNCATE|ALTER|CREATE)\b/i.test(lit.text)) continue;
      for (const m of lit.text.matchAll(SQL_WORDS)) {
        const owner = owners.get(m[1]);
        if (owner && owner !== from) {
          const line = lit.line + lit.text.slice(0, m.index).split('\n').length - 1;
          breaches.push({ file, line, message: `SQL names ${m[1]}, a table of ${owner}` });
        }
      }
    }
  }
  return breaches;
}

module.exports = { check };

if (require.main === module) {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..'));
  const breaches = check(root);
  for (const b of breaches) console.log(`${path.relative(root, b.file)}:${b.line}: ${b.message}`);
  if (breaches.length) {
    console.log(`\n${breaches.length} breach${breaches.length === 1 ? '' : 'es'} of the feature walls (see DEVELOPERS.md, "Feature walls").`);
    process.exit(1);
  }
  console.log('walls: every feature keeps to its own tables and is reached through its public surface.');
}
