#!/usr/bin/env node
// `npm start` calls this: builds only when a source, the schema or a build setting is newer
// than the last build, so a restart is instant and a fresh clone builds itself.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'dist/src/main.js');

function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce(
    (max, name) => (name === 'generated' ? max : Math.max(max, newest(join(path, name)))),
    info.mtimeMs,
  );
}

const inputs = ['src', 'sandbox', 'prisma/schema.prisma', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
if (built === 0 || Math.max(...inputs.map((p) => newest(join(root, p)))) > built) {
  // Build output goes to stderr: `npm run mcp:stdio` keeps stdout for the protocol.
  execSync('npm run --silent build', { cwd: root, stdio: ['ignore', 2, 2] });
}
