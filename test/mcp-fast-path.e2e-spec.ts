import { request as httpRequest, OutgoingHttpHeaders } from 'node:http';
import { JsonExchangeTransport } from '../src/mcp/json-exchange-transport';
import { linkAccount } from './support/accounts';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Case {
  name: string;
  /** Whether the fast path serves it (the others it leaves to the SDK transport). */
  fast: boolean;
  method?: string;
  /** After the service's URL; /mcp unless named. */
  path?: string;
  /** Sent as is: a string is sent verbatim, anything else as JSON. */
  body?: unknown;
  headers?: OutgoingHttpHeaders;
}

const STREAMABLE = { Accept: 'application/json, text/event-stream', 'Content-Type': 'application/json' };
const VERSION = { 'MCP-Protocol-Version': '2025-11-25' };
const call = (id: number | string, method: string, params?: object) => ({ jsonrpc: '2.0', id, method, params });
const SEARCH = call(4, 'tools/call', {
  name: 'search_products',
  arguments: { term: 'greek yogurt', locationId: '01400943', limit: 10 },
});

/** Sent in order to both services; every row must get the same answer from each. */
const CASES: Case[] = [
  {
    name: 'initialize',
    fast: true,
    body: call(1, 'initialize', {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'e2e', version: '1.0.0' },
    }),
  },
  {
    name: 'initialize naming a version the server does not speak (negotiated in the answer)',
    fast: true,
    headers: { 'MCP-Protocol-Version': '1999-01-01' },
    body: call(1, 'initialize', {
      protocolVersion: '1999-01-01',
      capabilities: {},
      clientInfo: { name: 'e2e', version: '1' },
    }),
  },
  {
    name: 'notifications/initialized (202, no body)',
    fast: false,
    body: { jsonrpc: '2.0', method: 'notifications/initialized' },
  },
  { name: 'tools/list', fast: true, body: call(2, 'tools/list') },
  { name: 'ping with a string id', fast: true, body: call('ping-1', 'ping') },
  { name: 'search_products, first (Kroger read)', fast: true, body: SEARCH },
  { name: 'search_products, cached', fast: true, body: SEARCH },
  {
    name: 'search_products without MCP-Protocol-Version',
    fast: true,
    headers: { 'MCP-Protocol-Version': undefined },
    body: SEARCH,
  },
  {
    name: 'a tool that fails (unknown store): a tool error',
    fast: true,
    body: call(5, 'tools/call', { name: 'get_store', arguments: { locationId: '01499999' } }),
  },
  {
    name: 'invalid tool arguments',
    fast: true,
    body: call(6, 'tools/call', { name: 'search_products', arguments: { limit: 'many' } }),
  },
  { name: 'an unknown tool', fast: true, body: call(7, 'tools/call', { name: 'no_such_tool', arguments: {} }) },
  { name: 'an unknown method', fast: true, body: call(8, 'no/such/method') },
  { name: 'resources/read', fast: true, body: call(9, 'resources/read', { uri: 'kroger://stores/01400943' }) },
  { name: 'logging/setLevel', fast: true, body: call(10, 'logging/setLevel', { level: 'error' }) },
  {
    name: 'an unsupported MCP-Protocol-Version header',
    fast: true,
    headers: { 'MCP-Protocol-Version': '1999-01-01' },
    body: call(11, 'tools/list'),
  },
  {
    name: 'Accept without text/event-stream',
    fast: false,
    headers: { Accept: 'application/json' },
    body: call(12, 'tools/list'),
  },
  { name: 'no Accept', fast: false, headers: { Accept: undefined }, body: call(13, 'tools/list') },
  {
    name: 'a JSON media type other than application/json',
    fast: false,
    headers: { 'Content-Type': 'application/vnd.api+json' },
    body: call(14, 'tools/list'),
  },
  {
    name: 'Content-Type sent twice',
    fast: false,
    headers: { 'Content-Type': ['application/json', 'application/json'] },
    body: call(15, 'tools/list'),
  },
  { name: 'a body that is not JSON', fast: false, body: '{"jsonrpc":' },
  { name: 'a JSON-RPC message without a method', fast: false, body: { jsonrpc: '2.0', id: 16 } },
  { name: 'a JSON-RPC version other than 2.0', fast: false, body: { jsonrpc: '1.0', id: 17, method: 'ping' } },
  { name: 'JSON that is not an object', fast: false, body: '"tools/list"' },
  { name: 'an empty body', fast: false, body: '' },
  { name: 'a batch', fast: false, body: [call(18, 'tools/list'), call(19, 'ping')] },
  { name: 'a posted response', fast: false, body: { jsonrpc: '2.0', id: 20, result: {} } },
  {
    name: 'a Host in capitals (left to the SDK adapter)',
    fast: false,
    headers: { Host: 'LOCALHOST' },
    body: call(21, 'ping'),
  },
  { name: 'a query string (left to the SDK adapter)', fast: false, path: '/mcp?from=test', body: call(23, 'ping') },
  {
    name: 'a tool that reports progress (an SSE answer)',
    fast: false,
    body: call(22, 'tools/call', {
      name: 'search_products_bulk',
      arguments: { terms: ['milk', 'eggs'], locationId: '01400943' },
    }),
  },
  { name: 'DELETE', fast: false, method: 'DELETE' },
];

/** Headers that differ from one response to the next: the request id, the clock and the rate limit's window. */
const PER_RESPONSE = new Set(['date', 'x-request-id', 'x-ratelimit-reset']);

function send(url: string, token: string, row: Case): Promise<Exchange> {
  const body = row.body === undefined ? undefined : typeof row.body === 'string' ? row.body : JSON.stringify(row.body);
  const headers: OutgoingHttpHeaders = { ...STREAMABLE, ...VERSION, Authorization: `Bearer ${token}`, ...row.headers };
  for (const [name, value] of Object.entries(headers)) if (value === undefined) delete headers[name];
  if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${row.path ?? '/mcp'}`, { method: row.method ?? 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const kept = Object.entries(res.headers).filter(([name]) => !PER_RESPONSE.has(name));
        resolve(
          withoutRequestId({
            status: res.statusCode!,
            headers: Object.fromEntries(kept),
            body: Buffer.concat(chunks).toString(),
          }),
        );
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Problem bodies name their request, and their ETag hashes that: both differ from request to request. */
function withoutRequestId(exchange: Exchange): Exchange {
  const body = exchange.body.replace(/"requestId":"[^"]+"/, '"requestId":"(per request)"');
  if (body === exchange.body) return exchange;
  const { etag: _perRequest, ...headers } = exchange.headers;
  return { ...exchange, headers, body };
}

describe('MCP fast path answers as the SDK transport does (e2e)', () => {
  const databases: TestDatabase[] = [];
  let fast: TestApp;
  let sdk: TestApp;
  const tokens = new Map<TestApp, string>();

  beforeAll(async () => {
    const start = async (env: Record<string, string>) => {
      const database = await TestDatabase.create();
      databases.push(database);
      const service = await startApp(
        baseEnv(database, { ALLOWED_RETURN_URLS: 'https://app.example.com/done', JOBS_ENABLED: 'false', ...env }),
      );
      tokens.set(service, (await linkAccount(service.url, { returnTo: 'https://app.example.com/done' })).accessToken);
      return service;
    };
    fast = await start({});
    sdk = await start({ MCP_FAST_PATH: 'false' });
  });
  afterAll(async () => {
    await fast?.close();
    await sdk?.close();
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('gives every request the same status, headers and bytes, and serves the common ones itself', async () => {
    const delivered = jest.spyOn(JsonExchangeTransport.prototype, 'deliver');
    try {
      for (const row of CASES) {
        delivered.mockClear();
        const viaSdk = await send(sdk.url, tokens.get(sdk)!, row);
        expect({ row: row.name, fastPathUsed: delivered.mock.calls.length > 0 }).toEqual({
          row: row.name,
          fastPathUsed: false,
        });
        const viaFastPath = await send(fast.url, tokens.get(fast)!, row);
        expect({ row: row.name, fastPathUsed: delivered.mock.calls.length > 0 }).toEqual({
          row: row.name,
          fastPathUsed: row.fast,
        });
        expect({ row: row.name, ...viaFastPath }).toEqual({ row: row.name, ...viaSdk });
      }
    } finally {
      delivered.mockRestore();
    }
  });

  it('answers a cached search with the same bytes every time', async () => {
    const first = await send(fast.url, tokens.get(fast)!, { name: 'search', fast: true, body: SEARCH });
    const again = await send(fast.url, tokens.get(fast)!, { name: 'search', fast: true, body: SEARCH });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ id: 4, result: { structuredContent: { locationId: '01400943' } } });
    expect(again.body).toBe(first.body);
  });

  it('reuses a cached result for every request id and protocol version, bytes as the SDK sends them', async () => {
    // The result's JSON is kept once serialized: each answer must still carry its own request's id.
    for (const id of ['call-7', 8, 'a "quoted" id'])
      for (const version of ['2025-11-25', '2025-06-18']) {
        const row: Case = {
          name: `search ${id} ${version}`,
          fast: true,
          body: { ...SEARCH, id },
          headers: { 'MCP-Protocol-Version': version },
        };
        const viaFastPath = await send(fast.url, tokens.get(fast)!, row);
        const viaSdk = await send(sdk.url, tokens.get(sdk)!, row);
        expect(JSON.parse(viaFastPath.body)).toMatchObject({ id });
        // The services have served different numbers of calls: their rate-limit headers differ.
        expect({ row: row.name, status: viaFastPath.status, body: viaFastPath.body }).toEqual({
          row: row.name,
          status: viaSdk.status,
          body: viaSdk.body,
        });
      }
  });
});
