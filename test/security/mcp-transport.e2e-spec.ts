import request from 'supertest';
import { baseEnv, startApp, TestApp, TestDatabase } from '../support/test-app';

/**
 * Attacks on the /mcp transport from a browser: DNS rebinding (a hostile page whose hostname now
 * resolves to this server), cross-site calls from pages not allowed, and oversized bodies. Anonymous
 * MCP is on, as on a local developer's machine, where rebinding matters most.
 */

const ALLOWED = 'https://assistant.example.com';
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'attack', version: '1' } },
};

describe('MCP transport: Origin, Host and body size (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(
      baseEnv(database, { JOBS_ENABLED: 'false', MCP_ALLOW_ANONYMOUS: 'true', MCP_ALLOWED_ORIGINS: ALLOWED }),
    );
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  const mcp = (headers: Record<string, string> = {}, body: unknown = INITIALIZE) =>
    request(service.url)
      .post('/mcp')
      .set('Accept', 'application/json, text/event-stream')
      .set(headers)
      .send(body as object);

  const expectRefused = (res: request.Response, code: string) => {
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
    expect(JSON.stringify(res.body)).not.toContain('serverInfo');
  };

  it('DNS rebinding: a page on a rebound hostname (its Origin and Host) is refused with 403', async () => {
    const port = new URL(service.url).port;
    expectRefused(
      await mcp({ Origin: `http://attacker.example:${port}`, Host: `attacker.example:${port}` }),
      'mcp.host_not_allowed',
    );
  });

  it('DNS rebinding without Origin (a no-cors simple request): the foreign Host is refused on a loopback bind', async () => {
    expectRefused(await mcp({ Host: 'attacker.example' }), 'mcp.host_not_allowed');
  });

  it('a cross-site page not in MCP_ALLOWED_ORIGINS is refused, even addressed to the right host', async () => {
    expectRefused(await mcp({ Origin: 'https://evil.example' }), 'mcp.origin_not_allowed');
  });

  it('look-alikes of an allowed origin are refused: other scheme, other port, opaque null', async () => {
    for (const origin of ['http://assistant.example.com', 'https://assistant.example.com:8443', 'null']) {
      expectRefused(await mcp({ Origin: origin }), 'mcp.origin_not_allowed');
    }
  });

  // Not attacks: what the checks must keep working.
  it('an allowed origin, this server under a loopback name, and clients without Origin still get through', async () => {
    const allowed = await mcp({ Origin: ALLOWED }).expect(200);
    expect(allowed.body.result.serverInfo.name).toBe('kroger-backend');
    await mcp({ Origin: `http://localhost:${new URL(service.url).port}` }).expect(200);
    await mcp().expect(200);
  });

  it('another port on this machine is another site: refused', async () => {
    expectRefused(await mcp({ Origin: 'http://localhost:6666' }), 'mcp.origin_not_allowed');
  });

  it('a body over the MCP limit (64 KB by default) is refused with 413 before any tool runs', async () => {
    const huge = {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'search_products', arguments: { term: 'milk', padding: 'x'.repeat(100 * 1024) } },
    };
    const res = await mcp({}, huge);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('request.body_too_large');
  });
});
