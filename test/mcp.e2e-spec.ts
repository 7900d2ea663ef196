import Ajv from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import request from 'supertest';
import { bearer, linkAccount } from './support/accounts';
import { describeWithPostgres, useRealPostgres } from './support/real-postgres';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

const TOOLS = [
  'find_stores',
  'get_chain',
  'get_department',
  'get_preferred_store',
  'get_product',
  'get_products',
  'get_store',
  'list_chains',
  'list_departments',
  'search_products',
  'set_preferred_store',
];

async function connect(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: token ? bearer(token) : {} } }),
  );
  return client;
}

describe('MCP server over Streamable HTTP (e2e, official SDK client)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let pat: string;
  let client: Client;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(
      baseEnv(database, { ALLOWED_RETURN_URLS: 'https://app.example.com/kroger/done', JOBS_ENABLED: 'false' }),
    );
    const account = await linkAccount(service.url, { returnTo: 'https://app.example.com/kroger/done' });
    pat = (
      await request(service.url)
        .post('/api/v1/me/tokens')
        .set(bearer(account.accessToken))
        .send({ name: 'mcp', scopes: ['read', 'cart:write', 'profile:write'] })
        .expect(201)
    ).body.token;
    client = await connect(service.url, pat);
  });
  afterAll(async () => {
    await client?.close();
    await service?.close();
    await database?.drop();
  });

  it('answers tool arguments PostgreSQL cannot store with a tool error, not a transport failure', async () => {
    const result = await client.callTool({ name: 'search_products', arguments: { term: 'milk\u0000x' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('term (in the tool arguments) contains a NUL character');
  });

  it('refuses a client without a token with 401 and WWW-Authenticate', async () => {
    const res = await request(service.url)
      .post('/mcp')
      .set('Accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' })
      .expect(401);
    expect(res.headers['www-authenticate']).toContain('Bearer');
    await expect(connect(service.url)).rejects.toThrow();
  });

  it('lists the product and store tools with annotations and output schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(expect.arrayContaining(TOOLS));
    for (const name of TOOLS) {
      const tool = tools.find((t) => t.name === name)!;
      expect(tool.description!.length).toBeGreaterThan(20);
      expect(tool.outputSchema).toBeDefined();
    }
    expect(tools.find((t) => t.name === 'search_products')!.annotations).toMatchObject({
      readOnlyHint: true,
      openWorldHint: true,
    });
  });

  it('calls every tool; structured content matches each declared output schema', async () => {
    const { tools } = await client.listTools();
    const calls: Record<string, Record<string, unknown>> = {
      find_stores: { zipCode: '45202', limit: 3 },
      get_store: { locationId: '01400943' },
      list_chains: {},
      get_chain: { name: 'kroger' },
      list_departments: {},
      get_department: { departmentId: '09' },
      set_preferred_store: { locationId: '01400943' },
      get_preferred_store: {},
      search_products: { term: 'peanut butter', limit: 5 },
      get_product: { productId: '0001111041700' },
      get_products: { productIds: ['0001111041700', '0000000003107'] },
    };
    for (const [name, args] of Object.entries(calls)) {
      const result = await client.callTool({ name, arguments: args });
      expect({ name, isError: result.isError ?? false }).toEqual({ name, isError: false });
      const validate = ajv.compile(tools.find((t) => t.name === name)!.outputSchema!);
      expect({ name, valid: validate(result.structuredContent), errors: validate.errors ?? null }).toEqual({
        name,
        valid: true,
        errors: null,
      });
      expect((result.content as { type: string; text: string }[])[0].text.length).toBeGreaterThan(0);
    }
    // The preferred store set above now prices products by default.
    const priced = await client.callTool({ name: 'search_products', arguments: { term: 'milk', limit: 3 } });
    expect((priced.structuredContent as { products: { locationId?: string }[] }).products[0].locationId).toBe(
      '01400943',
    );
    expect((priced.content as { text: string }[])[0].text).toMatch(/name \| productId \| price \| stock \| aisle/);
  });

  it('answers errors as tool errors that say what to do next', async () => {
    const result = await client.callTool({ name: 'get_store', arguments: { locationId: '01499999' } });
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0].text).toContain('01499999');
  });

  it('serves a store resource and an aisle-ordered shopping plan prompt', async () => {
    const resource = await client.readResource({ uri: 'kroger://stores/01400943' });
    expect(JSON.parse((resource.contents[0] as { text: string }).text)).toMatchObject({ locationId: '01400943' });
    const prompt = await client.getPrompt({
      name: 'plan_shopping_trip',
      arguments: { items: 'milk, bread, apples', locationId: '01400943' },
    });
    const text = (prompt.messages[0].content as { text: string }).text;
    expect(text).toMatch(/aisle order/);
    expect(text).toContain('milk');
  });

  it('returns the same products as REST for the same query', async () => {
    const rest = await request(service.url)
      .get('/api/v1/products?term=greek%20yogurt&locationId=01400943&limit=10')
      .expect(200);
    const mcp = await client.callTool({
      name: 'search_products',
      arguments: { term: 'greek yogurt', locationId: '01400943', limit: 10 },
    });
    expect((mcp.structuredContent as { products: unknown[] }).products).toEqual(rest.body.data);
  });
});

describe('MCP server over stdio (e2e, spawned process)', () => {
  it('serves the tools to a desktop-style client', async () => {
    const database = await TestDatabase.create();
    const env = {
      ...baseEnv(database, { MCP_ALLOW_ANONYMOUS: 'true', LOG_LEVEL: 'info' }),
      PATH: process.env.PATH,
    } as Record<string, string>;
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(__dirname, '..', 'dist', 'src', 'mcp-stdio.js')],
      env,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'desktop', version: '1.0.0' });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['search_products', 'find_stores']));
      const result = await client.callTool({
        name: 'search_products',
        arguments: { term: 'orange', locationId: '01400943', limit: 2 },
      });
      expect((result.structuredContent as { products: unknown[] }).products.length).toBeGreaterThan(0);
    } finally {
      await client.close();
      await database.drop();
    }
  });

  it('refuses to start without a token when anonymous use is off', async () => {
    const database = await TestDatabase.create();
    const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'src', 'mcp-stdio.js')], {
      env: { ...baseEnv(database), PATH: process.env.PATH },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain('MCP_ACCESS_TOKEN');
    await database.drop();
  });
});

describeWithPostgres('MCP over stdio re-checks its token (e2e, spawned process on a shared PostgreSQL)', () => {
  let releasePostgres: () => void = () => undefined;
  beforeAll(async () => {
    releasePostgres = await useRealPostgres();
  });
  afterAll(() => releasePostgres());

  it('ends the session when the personal token is revoked while the client runs', async () => {
    const database = await TestDatabase.create();
    const returnTo = 'https://app.example.com/kroger/done';
    const service = await startApp(baseEnv(database, { ALLOWED_RETURN_URLS: returnTo, JOBS_ENABLED: 'false' }));
    const { accessToken } = await linkAccount(service.url, { returnTo });
    const created = await request(service.url)
      .post('/api/v1/me/tokens')
      .set(bearer(accessToken))
      .send({ name: 'desktop', scopes: ['read'] })
      .expect(201);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(__dirname, '..', 'dist', 'src', 'mcp-stdio.js')],
      env: { ...baseEnv(database, { MCP_ACCESS_TOKEN: created.body.token }), PATH: process.env.PATH } as Record<
        string,
        string
      >,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'desktop', version: '1.0.0' });
    try {
      await client.connect(transport);
      await client.callTool({ name: 'list_chains', arguments: {} });
      await request(service.url).delete(`/api/v1/me/tokens/${created.body.id}`).set(bearer(accessToken)).expect(204);
      await expect(client.callTool({ name: 'list_chains', arguments: {} })).rejects.toThrow();
    } finally {
      await client.close();
      await service.close();
      await database.drop();
    }
  });
});
