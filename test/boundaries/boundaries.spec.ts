import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

// `npm run lint` checks src/ and sandbox/ with .dependency-cruiser.cjs. Here the same command runs
// on a miniature repository (fixtures/) that breaks each rule once beside imports the rules allow,
// so a rule that stops firing, or starts firing on an allowed import, fails this test.
const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, 'fixtures');
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function cruiseFixtures(): Promise<string[]> {
  const args = [CLI, '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json', 'src', 'sandbox'];
  // depcruise exits non-zero when it finds errors, and finding them is the point here.
  const stdout = await promisify(execFile)(process.execPath, args, { cwd: FIXTURES, maxBuffer: 16 << 20 }).then(
    (ok) => ok.stdout,
    (failed: { stdout?: string }) => failed.stdout ?? '',
  );
  const result = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  return (
    result.summary.violations
      // An npm package is named by its name, not by the file of it that resolution found.
      .map((v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1')}`)
      .sort()
  );
}

describe('module boundaries (npm run lint)', () => {
  jest.setTimeout(60_000);

  it('reports each deliberate violation in the fixtures, and nothing the rules allow', async () => {
    expect(await cruiseFixtures()).toEqual([
      'channel-imports-prisma: src/carts/carts.tools.ts -> src/database/prisma.service.ts',
      'feature-internals: src/carts/carts.service.ts -> src/locations/store-hours.ts',
      'feature-internals: src/lists/lists.service.ts -> src/auth/token-vault.ts',
      'feature-internals: src/lists/lists.service.ts -> src/carts/cart-write-limiter.ts',
      'kroger-http-outside-gateway: src/carts/carts.controller.ts -> src/kroger/kroger-http.ts',
      'prisma-outside-repositories: src/products/product.mapper.ts -> @prisma/client',
      'prisma-outside-repositories: src/products/products.service.ts -> generated/prisma/client.ts',
      'sandbox-imports-src: sandbox/routes.ts -> src/common/domain-error.ts',
    ]);
  });
});
