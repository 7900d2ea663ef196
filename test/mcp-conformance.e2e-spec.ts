import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

const run = promisify(execFile);
const CONFORMANCE = join(__dirname, '..', 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

/**
 * The official suite's generic server scenarios. The others drive the suite's own fixture tools,
 * prompts and resources (tools-call-*, prompts-get-*, resources-read-*, json-schema-2020-12,
 * elicitation-*), resource subscriptions (we offer none) or resumable SSE streams (server-sse-*:
 * a stateless server keeps no stream to resume), so they do not apply to this server.
 */
const APPLICABLE = [
  'server-initialize',
  'ping',
  'tools-list',
  'prompts-list',
  'resources-list',
  'logging-set-level',
  'completion-complete',
  'dns-rebinding-protection',
];

async function conformance(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CONFORMANCE, ...args], { timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('MCP conformance suite, generic server scenarios (e2e, @modelcontextprotocol/conformance)', () => {
  let database: TestDatabase;
  let service: TestApp;

  beforeAll(async () => {
    database = await TestDatabase.create();
    // The suite sends no Authorization header: the anonymous (public tools) mode serves it.
    service = await startApp(baseEnv(database, { MCP_ALLOW_ANONYMOUS: 'true', JOBS_ENABLED: 'false' }));
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('still lists every scenario this test runs', async () => {
    const { output } = await conformance('list');
    for (const scenario of APPLICABLE) expect(output).toContain(`- ${scenario} `);
  });

  it.each(APPLICABLE)('passes %s', async (scenario) => {
    const { code, output } = await conformance('server', '--url', `${service.url}/mcp`, '--scenario', scenario);
    // "Passed: 3/3, 0 failed": every check passed, and some ran (a scenario with none would fail nothing).
    const [, passed, total, failed] = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(output) ?? [];
    expect({ scenario, code, passed, failed }).toEqual({ scenario, code: 0, passed: total, failed: '0' });
    expect(Number(total)).toBeGreaterThan(0);
  });
});
