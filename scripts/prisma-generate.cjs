#!/usr/bin/env node
// Generates the Prisma client when schema.prisma changed since the last generation.
// The Prisma CLI downloads a native schema engine before any command, even `generate`, which
// does not use it. Where that download is impossible (no internet) and no engine is installed,
// we point PRISMA_SCHEMA_ENGINE_BINARY at an existing executable so the CLI skips the download;
// machines that can download keep Prisma's normal path.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const outDir = join(root, 'generated/prisma');
const stamp = join(outDir, '.schema-hash');
const hash = createHash('sha256')
  .update(readFileSync(join(root, 'prisma/schema.prisma')))
  .update(require(join(root, 'node_modules/prisma/package.json')).version)
  .digest('hex');

if (!process.argv.includes('--force') && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) process.exit(0);

const prisma = join(root, 'node_modules/prisma/build/index.js');
const run = (env) => execFileSync(process.execPath, [prisma, 'generate'], { cwd: root, env, stdio: 'pipe' }).toString();
try {
  process.stdout.write(run(process.env));
} catch (error) {
  const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  if (
    !/binaries\.prisma\.sh|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|fetch failed/i.test(output) ||
    process.env.PRISMA_SCHEMA_ENGINE_BINARY
  ) {
    process.stderr.write(output);
    process.exit(1);
  }
  console.log('prisma: schema engine download unavailable; generating without it (generate does not need it)');
  process.stdout.write(run({ ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath }));
}
mkdirSync(outDir, { recursive: true });
writeFileSync(stamp, hash);
