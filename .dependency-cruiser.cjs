// Module boundaries of ARCHITECTURE.md, checked by `npm run lint` (after ESLint) with
// `depcruise src sandbox`. test/boundaries/ proves every rule still fires on a deliberate violation.
// Paths are relative to the repository root; `$1` in a `to` condition is the group `from.path` caught.

/** Channels: a controller (REST) or a toolset (MCP). */
const CHANNEL = '^src/.+\\.(controller|tools)\\.ts$';
/** Prisma: the client behind PrismaService, the generated client, and every @prisma package. */
const PRISMA = [
  '^src/database/prisma\\.service\\.ts$',
  '^generated/prisma/',
  '(^|/)node_modules/@prisma/',
  '^@prisma/',
];
/** Shared infrastructure any feature may import (Prisma and kroger-http* are fenced by their own rules). */
const SHARED = '^src/(common|config|database|kroger)/';
/** What a feature offers the others: its module, its services and its contract (request/response schemas). */
const FEATURE_SURFACE = '^src/[^/]+/[^/]+\\.(module|service|contract)\\.ts$';
/**
 * Files that are public although their names do not say so. Auth's guard and decorators, principal,
 * scopes and errors are used by every channel (they would sit better in src/common); KrogerUserTokens
 * is a service AuthModule exports under another name. The MCP toolset is how features declare tools.
 */
const NAMED_SURFACE = [
  '^src/auth/(bearer\\.guard|principal|access-tokens|auth-errors|kroger-user-tokens)\\.ts$',
  '^src/mcp/mcp-toolset\\.ts$',
  // Operators' checks that live with their feature (the Kroger profile-exists check) use the admin key.
  '^src/admin/admin-key\\.guard\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'sandbox-imports-src',
      comment: 'The sandbox is an independent stand-in for Kroger: it never imports the service it stands in for.',
      severity: 'error',
      from: { path: '^sandbox/' },
      to: { path: '^(src|generated)/' },
    },
    {
      name: 'kroger-http-outside-gateway',
      comment:
        'Only the gateway (src/kroger/) sends HTTP to Kroger; channels and features call KrogerClient (types, errors).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/kroger/' },
      to: { path: '^src/kroger/kroger-http' },
    },
    {
      name: 'channel-imports-prisma',
      comment: 'Controllers and MCP tools see DTOs, never Prisma: they go through their feature service.',
      severity: 'error',
      from: { path: CHANNEL },
      to: { path: PRISMA },
    },
    {
      name: 'prisma-outside-repositories',
      comment:
        'Prisma is reached only through src/database/ and *.repository.ts (a channel importing Prisma is reported by channel-imports-prisma instead).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/database/', '\\.repository\\.ts$', CHANNEL] },
      to: { path: PRISMA },
    },
    {
      name: 'feature-internals',
      comment:
        'A feature imports another feature only through its *.module.ts, *.service.ts or *.contract.ts (or the few named public files); shared infrastructure is open to all.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/[^/]+/',
        pathNot: ['^src/$1/', SHARED, FEATURE_SURFACE, ...NAMED_SURFACE],
      },
    },
  ],
  options: {
    // Type-only imports count: Prisma types, too, stay below the services.
    tsPreCompilationDeps: true,
    doNotFollow: { path: ['(^|/)node_modules/', '^generated/'] },
    exclude: { path: '^dist/' },
  },
};
