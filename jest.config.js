// Three tiers in one run (CONVENTIONS.md rule 9): pure unit tests beside the code,
// integration tests of use cases on a real database in test/integration, and end-to-end
// tests through HTTP in test/. All are transpiled by SWC (type checking is `npm run typecheck`).
const swc = ['@swc/jest', { ...JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8')), swcrc: false }];

// NestJS 12 and several of its dependencies ship ESM only. Node loads them from CommonJS
// through require(esm), but Jest's module runtime cannot (before Node 24.9), so SWC
// compiles every `"type": "module"` package to CommonJS for the tests, as it does ours.
const fs = require('fs');
const path = require('path');
function esmPackages(dir = path.join(__dirname, 'node_modules')) {
  const found = [];
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      found.push(...esmPackages(path.join(dir, name)).map((n) => `${name}/${n}`));
      continue;
    }
    try {
      if (JSON.parse(fs.readFileSync(path.join(dir, name, 'package.json'), 'utf8')).type === 'module') found.push(name);
    } catch {
      // not a package
    }
  }
  return found;
}
const ESM_PACKAGES = esmPackages().map((n) => n.replace(/[.+]/g, '\\$&'));
const common = {
  testEnvironment: 'node',
  // Starting an embedded PostgreSQL from disk takes seconds on a loaded 2-core machine.
  testTimeout: 60000,
  transform: { '^.+\\.(t|m?j)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
};

module.exports = {
  // testTimeout is a global option: Jest ignores it inside a project's configuration.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/src', '<rootDir>/migrations', '<rootDir>/tools'],
      testMatch: ['**/*.spec.ts'],
    },
    // A feature's use cases and owners on a clean, migrated database per file, without
    // HTTP or queues (test/integration/support/features.ts).
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '-crash\\.e2e-spec\\.ts$', '\\.server\\.e2e-spec\\.ts$'],
    },
    // Killing a worker process needs a PostgreSQL server the worker can reach (`*-crash`), and
    // replicas racing for the migrations or sharing rate limits need servers they share
    // (`*.server`): with TEST_DATABASE_URL set (CI, which sets REDIS_URL too), these run too;
    // on the embedded database they cannot exist.
    ...(process.env.TEST_DATABASE_URL
      ? [{ ...common, displayName: 'crash', roots: ['<rootDir>/test'], testMatch: ['**/*-crash.e2e-spec.ts', '**/*.server.e2e-spec.ts'] }]
      : []),
  ],
};
