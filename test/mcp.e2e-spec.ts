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
    expect((priced.structuredContent as { locationId?: string }).locationId).toBe('01400943');
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

  it('returns the same products as REST, compact, within 8 KB of structured content for 10 results', async () => {
    const rest = await request(service.url)
      .get('/api/v1/products?term=greek%20yogurt&locationId=01400943&limit=10')
      .expect(200);
    const mcp = await client.callTool({
      name: 'search_products',
      arguments: { term: 'greek yogurt', locationId: '01400943', limit: 10 },
    });
    const products = (mcp.structuredContent as { products: Record<string, unknown>[] }).products;
    expect(products).toHaveLength(10);
    const restProducts = rest.body.data as {
      productId: string;
      name: string;
      price: { current: number };
      stockLevel?: string;
      aisle?: { description: string };
    }[];
    expect(products.map((p) => [p.productId, p.name, p.price, p.stock, p.aisle])).toEqual(
      restProducts.map((p) => [p.productId, p.name, p.price.current, p.stockLevel, p.aisle?.description]),
    );
    expect(products[0]).not.toHaveProperty('nutrition');
    expect(products[0]).not.toHaveProperty('images');
    const structuredBytes = Buffer.byteLength(JSON.stringify(mcp.structuredContent));
    const textBytes = Buffer.byteLength((mcp.content as { text: string }[])[0].text);
    const fullBytes = Buffer.byteLength(JSON.stringify({ products: rest.body.data, pagination: rest.body.pagination }));
    process.stdout.write(
      `search_products, 10 results: text ${textBytes} B, structured ${structuredBytes} B (full products: ${fullBytes} B)\n`,
    );
    expect(structuredBytes).toBeLessThanOrEqual(8 * 1024);
    // The full product stays one call away.
    const full = await client.callTool({
      name: 'get_product',
      arguments: { productId: products[0].productId, locationId: '01400943' },
    });
    expect((full.structuredContent as { product: { images: unknown[] } }).product.images.length).toBeGreaterThan(0);
  });

  it('searches a shopping list in one call, each term with its own matches, reporting progress as log notifications', async () => {
    const logs: string[] = [];
    const listener = await connect(service.url, pat);
    listener.setNotificationHandler('notifications/message', (n) => void logs.push(String(n.params.data)));
    try {
      await listener.setLoggingLevel('info');
      const result = await listener.callTool({
        name: 'search_products_bulk',
        arguments: { terms: ['eggs', 'whole milk', 'sourdough bread'], locationId: '01400943', limitPerTerm: 2 },
      });
      expect(result.isError ?? false).toBe(false);
      const outcomes = (result.structuredContent as { results: { term: string; products: unknown[] }[] }).results;
      expect(outcomes.map((o) => o.term)).toEqual(['eggs', 'whole milk', 'sourdough bread']);
      for (const outcome of outcomes) expect(outcome.products.length).toBeGreaterThan(0);
      expect(logs).toEqual(expect.arrayContaining([expect.stringMatching(/^Searched 3 of 3/)]));

      // A client that asked for warnings only gets no progress chatter.
      logs.length = 0;
      await listener.setLoggingLevel('warning');
      await listener.callTool({
        name: 'search_products_bulk',
        arguments: { terms: ['apples'], locationId: '01400943' },
      });
      expect(logs).toEqual([]);
    } finally {
      await listener.close();
    }
  });

  it('completes store ids from a ZIP code, chains and departments for prompts and resource templates', async () => {
    const stores = await client.complete({
      ref: { type: 'ref/prompt', name: 'plan_shopping_trip' },
      argument: { name: 'locationId', value: '45202' },
    });
    const nearest = await client.callTool({ name: 'find_stores', arguments: { zipCode: '45202', limit: 1 } });
    expect(stores.completion.values).toContain(
      (nearest.structuredContent as { stores: { locationId: string }[] }).stores[0].locationId,
    );
    const chains = await client.complete({
      ref: { type: 'ref/resource', uri: 'kroger://chains/{name}' },
      argument: { name: 'name', value: 'kr' },
    });
    expect(chains.completion.values).toContain('KROGER');
    const departments = await client.complete({
      ref: { type: 'ref/resource', uri: 'kroger://departments/{departmentId}' },
      argument: { name: 'departmentId', value: 'pharm' },
    });
    expect(departments.completion.values.length).toBeGreaterThan(0);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'kroger://chains/{name}',
      'kroger://departments/{departmentId}',
      'kroger://stores/{locationId}',
    ]);
  });

  it('adds the same items twice when asked twice from two connections, and says so', async () => {
    const eggs = { items: [{ productId: '0001111060903', quantity: 1, modality: 'PICKUP' }] };
    const before = await ledgerCount(service.url, pat, '0001111060903');
    // Two separate clients: each starts its JSON-RPC ids at the same number.
    for (const [index, expected] of [
      [0, /^Added 1 x .+\(PICKUP\)\. Check out/],
      [1, /^Added 1 x .+\(PICKUP\)\. Note: you added the same \d+ seconds ago .*the cart now has both/],
    ] as const) {
      const fresh = await connect(service.url, pat);
      const result = await fresh.callTool({ name: 'add_to_cart', arguments: eggs });
      await fresh.close();
      expect({ index, text: (result.content as { text: string }[])[0].text }).toEqual({
        index,
        text: expect.stringMatching(expected),
      });
    }
    expect(await ledgerCount(service.url, pat, '0001111060903')).toBe(before + 2);
  });

  it('does not add again when a requestId is retried, and says it was already added', async () => {
    const bread = {
      items: [{ productId: '0001111041700', quantity: 2, modality: 'DELIVERY' }],
      requestId: 'retry-0f7c3a1e-5b2d',
    };
    const before = await ledgerCount(service.url, pat, '0001111041700');
    const first = await client.callTool({ name: 'add_to_cart', arguments: bread });
    expect((first.structuredContent as { outcome: string }).outcome).toBe('added');
    const second = await connect(service.url, pat);
    const retry = await second.callTool({ name: 'add_to_cart', arguments: bread });
    await second.close();
    expect((retry.structuredContent as { outcome: string }).outcome).toBe('already_added');
    expect((retry.content as { text: string }[])[0].text).toMatch(/^Already added at .+, not added again: 2 x /);
    expect(await ledgerCount(service.url, pat, '0001111041700')).toBe(before + 1);
  });
});

async function ledgerCount(url: string, token: string, upc: string): Promise<number> {
  const cart = (await request(url).get('/api/v1/cart').set(bearer(token)).expect(200)).body as {
    items: { upc: string; quantity: number }[];
  };
  return cart.items.filter((item) => item.upc === upc).length;
}

describe('MCP tool list fits the tier (e2e, official SDK client)', () => {
  const LIST_TOOLS = [
    'add_to_list',
    'check_off',
    'list_shopping_lists',
    'list_to_cart',
    'remove_from_list',
    'view_list',
  ];
  const PARTNER_ONLY = [
    'clip_coupon',
    'get_loyalty_card',
    'import_collection_to_list',
    'list_coupons',
    'remove_from_cart',
    'unclip_coupon',
    'update_cart_item',
  ];

  it.each(['public', 'partner'] as const)('on the %s tier', async (tier) => {
    const database = await TestDatabase.create();
    const service = await startApp(baseEnv(database, { KROGER_API_TIER: tier, MCP_ALLOW_ANONYMOUS: 'true' }));
    const client = await connect(service.url);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining([...TOOLS, 'add_to_cart', 'view_cart', 'search_products_bulk', ...LIST_TOOLS]),
      );
      if (tier === 'partner') expect(names).toEqual(expect.arrayContaining(PARTNER_ONLY));
      else for (const name of PARTNER_ONLY) expect(names).not.toContain(name);
      // A stateless server never sends list changes, so it does not promise them.
      const capabilities = client.getServerCapabilities()!;
      expect(capabilities.tools?.listChanged).toBeFalsy();
      expect(capabilities).toMatchObject({ logging: {}, completions: {} });
    } finally {
      await client.close();
      await service.close();
      await database.drop();
    }
  });
});

describe('search_products_bulk within a spend budget (e2e)', () => {
  it('answers the terms the budget allows and says, per term, why the others were not searched', async () => {
    const database = await TestDatabase.create();
    const returnTo = 'https://app.example.com/kroger/done';
    const service = await startApp(
      baseEnv(database, {
        ALLOWED_RETURN_URLS: returnTo,
        JOBS_ENABLED: 'false',
        KROGER_QUOTA_LIMITS: 'products=100',
        KROGER_RESERVE_PERCENT: '0',
        KROGER_USER_SHARE_PERCENT: '5',
        KROGER_CLIENT_SHARE_PERCENT: '100',
      }),
    );
    const { accessToken } = await linkAccount(service.url, { returnTo });
    const client = await connect(service.url, accessToken);
    try {
      const terms = ['eggs', 'whole milk', 'bananas', 'peanut butter', 'cheddar', 'coffee', 'orange juice'];
      const result = await client.callTool({ name: 'search_products_bulk', arguments: { terms, limitPerTerm: 1 } });
      expect(result.isError ?? false).toBe(false);
      const outcomes = (
        result.structuredContent as {
          results: { term: string; products: unknown[]; error?: { code: string } }[];
        }
      ).results;
      expect(outcomes.map((o) => o.term)).toEqual(terms);
      // 5% of 100 products calls: five terms are searched, two are refused, each saying so.
      expect(outcomes.filter((o) => o.products.length > 0)).toHaveLength(5);
      expect(outcomes.filter((o) => o.error?.code === 'quota.user_exhausted')).toHaveLength(2);
      expect((result.content as { text: string }[])[0].text).toMatch(/not searched: /);
      // A repeated term is free (read cache): it still answers with the budget used up.
      const again = await client.callTool({
        name: 'search_products_bulk',
        arguments: { terms: [outcomes.find((o) => !o.error)!.term], limitPerTerm: 1 },
      });
      expect((again.structuredContent as { results: { products: unknown[] }[] }).results[0].products).toHaveLength(1);
    } finally {
      await client.close();
      await service.close();
      await database.drop();
    }
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
