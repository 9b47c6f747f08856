/**
 * Three tiers (`npm run test:unit` runs the first alone, `npm test` all of them):
 * - unit: pure modules, no I/O, no global setup: seconds, with no Neo4j or browser installed;
 * - integration and e2e: a real Neo4j, a Python venv and a browser, set up once per run by the
 *   global setup (jest runs a setup file shared by several projects once).
 */
const base = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // content-disposition 3 (under @fastify/static) is ESM only, which jest's CommonJS runtime cannot require on Node 20.
    '/node_modules/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
};

const withGraph = {
  ...base,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  // A global option only: jest ignores it in a project's config.
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    { ...withGraph, displayName: 'integration', roots: ['<rootDir>/test/integration'] },
    { ...withGraph, displayName: 'e2e', roots: ['<rootDir>/test/e2e'] },
  ],
};
