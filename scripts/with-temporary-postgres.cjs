#!/usr/bin/env node
// Runs a command with TEST_DATABASE_URL pointing at a throwaway PostgreSQL server started from
// the machine's binaries, and stops the server afterwards:
//   node scripts/with-temporary-postgres.cjs npm run test:e2e
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { TemporaryPostgres } = require(join(__dirname, '../dist/src/database/temporary-postgres.js'));

(async () => {
  const server = await TemporaryPostgres.start();
  console.log(`PostgreSQL ${server.url.replace(/^postgresql:\/\/[^@]*@/, '')} started for: ${process.argv.slice(2).join(' ')}`);
  let status = 1;
  try {
    const [command, ...args] = process.argv.slice(2);
    status = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: server.url } }).status ?? 1;
  } finally {
    server.stop();
  }
  process.exit(status);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
