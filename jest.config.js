// Two tiers in one run: pure unit tests beside the code, and end-to-end tests
// through HTTP in test/. Both are transpiled by SWC (type checking is `npm run typecheck`).
const swc = ['@swc/jest', { ...JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8')), swcrc: false }];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/migrations'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': swc },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': swc },
      testTimeout: 60000,
    },
  ],
};
