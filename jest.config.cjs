// Unit specs sit beside the code; end-to-end specs in test/ boot the real app through bootstrap.ts
// against the sandbox and a real database (PGlite, or PostgreSQL when TEST_DATABASE_URL is set).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // The generated Prisma client imports its TypeScript siblings with NodeNext-style .js suffixes.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Nest 12 and a few of its dependencies are ESM-only: let SWC turn them into CommonJS for Jest.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@prisma/schema-engine-wasm|@seriousme|file-type|strtok3|token-types|@tokenizer|uint8array-extras|load-esm|@modelcontextprotocol)/)',
  ],
};
module.exports = {
  maxWorkers: 2,
  // PGlite's WebAssembly runtime keeps a handle alive inside Jest's VM after it is closed (the same
  // app exits cleanly as a process: test/process.e2e-spec.ts checks that).
  forceExit: true,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // test/boundaries/ runs the module-boundary rules of `npm run lint` on fixtures; clients/ holds
      // the SDK's own specs (its e2e run against the service is test/sdk.e2e-spec.ts).
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/test/boundaries/*.spec.ts',
        '<rootDir>/clients/typescript/test/*.spec.ts',
      ],
    },
    // The Kroger sandbox over HTTP on loopback, in-process: no database, no service.
    { ...shared, displayName: 'sandbox', testMatch: ['<rootDir>/sandbox/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
    },
  ],
};
