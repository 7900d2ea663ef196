import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import request from 'supertest';
import { z } from 'zod';
import { AddCartItemsRequest, Cart } from '../src/carts/carts.contract';
import { CouponQuery } from '../src/coupons/coupons.contract';
import { Profile } from '../src/identity/identity.contract';
import { FindStoresQuery, Store } from '../src/locations/locations.contract';
import { Product, SearchProductsQuery } from '../src/products/products.contract';
import { bearer, linkAccount } from './support/accounts';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  pattern?: string;
  maximum?: number;
  [key: string]: unknown;
};

/**
 * Each feature declares its schemas once (`*.contract.ts`). These tests check, per feature, that
 * the REST validation, the OpenAPI document and the MCP tool schemas are that one declaration:
 * the same rules appear in all three, taken from the contract object itself, so changing the
 * contract moves all three.
 */
describe('one contract per feature drives REST, OpenAPI and MCP (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let openApi: {
    paths: Record<string, Record<string, { parameters?: { name: string; schema: JsonSchema }[] }>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  let tools: Map<string, { inputSchema: JsonSchema; outputSchema?: JsonSchema }>;
  let client: Client;
  let token: string;

  const input = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;
  const queryParameter = (path: string, name: string) =>
    openApi.paths[path].get.parameters!.find((parameter) => parameter.name === name)!.schema;

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(
      baseEnv(database, {
        ALLOWED_RETURN_URLS: 'https://app.example.com/done',
        JOBS_ENABLED: 'false',
        KROGER_API_TIER: 'partner',
      }),
    );
    const account = await linkAccount(service.url, { returnTo: 'https://app.example.com/done' });
    token = (
      await request(service.url)
        .post('/api/v1/me/tokens')
        .set(bearer(account.accessToken))
        .send({ name: 'contracts', scopes: ['read', 'cart:write'] })
        .expect(201)
    ).body.token;
    openApi = (await request(service.url).get('/docs/openapi.json').expect(200)).body;
    client = new Client({ name: 'contracts', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${service.url}/mcp`), { requestInit: { headers: bearer(token) } }),
    );
    const listed = await client.listTools();
    tools = new Map(listed.tools.map((tool) => [tool.name, tool as never]));
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
    await database?.drop();
  });

  it('products: search_products, GET /products and its parameters share SearchProductsQuery', async () => {
    const contract = input(SearchProductsQuery).properties!;
    const tool = tools.get('search_products')!.inputSchema.properties!;
    for (const field of ['term', 'brand', 'locationId', 'fulfillment', 'start', 'limit']) {
      expect(tool[field]).toMatchObject(contract[field]);
      expect(queryParameter('/api/v1/products', field)).toMatchObject(inOpenApiTerms(contract[field]));
    }
    expect(contract.limit.maximum).toBe(50);
    const rest = await request(service.url).get('/api/v1/products?term=milk&limit=51').expect(400);
    expect(rest.body.errors).toEqual([expect.objectContaining({ field: 'limit', rule: 'maximum' })]);
    const mcp = await client.callTool({ name: 'search_products', arguments: { term: 'milk', limit: 51 } });
    expect(mcp.isError).toBe(true);
  });

  it('products: the Product schema is the OpenAPI component and the MCP output', () => {
    const component = openApi.components.schemas.Product;
    const declared = z.toJSONSchema(Product, { io: 'output' }) as JsonSchema;
    expect(Object.keys(component.properties!).sort()).toEqual(Object.keys(declared.properties!).sort());
    const output = tools.get('get_product')!.outputSchema!.properties!.product;
    expect(Object.keys(output.properties!).sort()).toEqual(Object.keys(declared.properties!).sort());
    // Which fields clients may rely on is the contract's, in the document as in the tool.
    expect(component.required).toEqual(declared.required);
    expect(component.required).toContain('productId');
  });

  it('locations: find_stores and GET /locations share FindStoresQuery; Store is the component', async () => {
    const contract = input(FindStoresQuery).properties!;
    const tool = tools.get('find_stores')!.inputSchema.properties!;
    for (const field of ['zipCode', 'radiusInMiles', 'chain']) {
      expect(tool[field]).toMatchObject(contract[field]);
      expect(queryParameter('/api/v1/locations', field)).toMatchObject(inOpenApiTerms(contract[field]));
    }
    const stores = z.toJSONSchema(Store, { io: 'output' }) as JsonSchema;
    expect(Object.keys(openApi.components.schemas.Store.properties!).sort()).toEqual(
      Object.keys(stores.properties!).sort(),
    );
    const rest = await request(service.url).get('/api/v1/locations?zipCode=4520').expect(400);
    expect(rest.body.errors).toEqual([expect.objectContaining({ field: 'zipCode', rule: 'pattern' })]);
    const mcp = await client.callTool({ name: 'find_stores', arguments: { zipCode: '4520' } });
    expect(mcp.isError).toBe(true);
  });

  it('carts: add_to_cart and POST /cart/items share AddCartItemsRequest; Cart is view_cart output', async () => {
    const contract = input(AddCartItemsRequest);
    expect(tools.get('add_to_cart')!.inputSchema.properties!.items).toMatchObject(contract.properties!.items);
    expect(openApi.components.schemas.AddCartItemsRequest.properties!.items).toMatchObject({
      maxItems: 25,
      minItems: 1,
    });
    const cart = z.toJSONSchema(Cart, { io: 'output' }) as JsonSchema;
    expect(Object.keys(tools.get('view_cart')!.outputSchema!.properties!).sort()).toEqual(
      Object.keys(cart.properties!).sort(),
    );
    const rest = await request(service.url)
      .post('/api/v1/cart/items')
      .set(bearer(token))
      .send({ items: [{ productId: '0001111041700', quantity: 100, modality: 'PICKUP' }] })
      .expect(400);
    expect(rest.body.errors).toEqual([
      { field: 'items.0.quantity', rule: 'maximum', message: 'quantity must be between 1 and 99' },
    ]);
  });

  it('coupons and identity: list_coupons shares CouponQuery with GET /coupons; Profile is get_profile output', async () => {
    const contract = input(CouponQuery).properties!;
    const tool = tools.get('list_coupons')!.inputSchema.properties!;
    expect(tool.productId).toMatchObject(contract.productId);
    expect(queryParameter('/api/v1/coupons', 'productId')).toMatchObject(inOpenApiTerms(contract.productId));
    const profile = z.toJSONSchema(Profile, { io: 'output' }) as JsonSchema;
    expect(Object.keys(tools.get('get_profile')!.outputSchema!.properties!).sort()).toEqual(
      Object.keys(profile.properties!).sort(),
    );
    expect(Object.keys(openApi.components.schemas.Profile.properties!).sort()).toEqual(
      Object.keys(profile.properties!).sort(),
    );
    await request(service.url).get('/api/v1/coupons?productId=12').set(bearer(token)).expect(400);
  });
});

/** The contract's rules as OpenAPI 3.0 writes them: one `example`; defaults are documentation. */
function inOpenApiTerms(schema: JsonSchema): JsonSchema {
  const { default: _default, examples, ...rest } = schema as JsonSchema & { examples?: unknown[] };
  return examples ? { ...rest, example: examples[0] } : rest;
}
