import { McpServer, ResourceTemplate } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { McpCaller, McpToolset, requirePrincipal, runTool, Toolset, toolResult } from '../mcp/mcp-toolset';
import { ProductsService } from '../products/products.service';
import { StoreDto } from './dto/store.dto';
import { LocationsService } from './locations.service';
import { PreferredLocationService } from './preferred-location.service';

const hoursSchema = z.object({ open: z.string(), close: z.string(), open24: z.boolean() });
const storeSchema = z.object({
  locationId: z.string(),
  chain: z.string(),
  name: z.string(),
  phone: z.string().optional(),
  address: z.object({
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    state: z.string(),
    zipCode: z.string(),
    county: z.string().optional(),
  }),
  coordinates: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  distanceMiles: z.number().optional(),
  hours: z
    .object({
      timezone: z.string(),
      open24: z.boolean(),
      week: z.record(z.string(), hoursSchema),
      openNow: z.boolean(),
      closesAt: z.string().nullable(),
      nextOpening: z.object({ day: z.string(), time: z.string() }).nullable(),
    })
    .optional(),
  departments: z.array(
    z.object({
      departmentId: z.string(),
      name: z.string(),
      phone: z.string().optional(),
      offsite: z.boolean().optional(),
    }),
  ),
});
const chainSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  domain: z.string().optional(),
  divisionNumbers: z.array(z.string()),
});
const departmentSchema = z.object({ departmentId: z.string(), name: z.string() });
const preferredSchema = z.object({
  locationId: z.string(),
  chain: z.string(),
  name: z.string(),
  updatedAt: z.string(),
});

const readOnly = { readOnlyHint: true, openWorldHint: true } as const;

function storeLine(store: StoreDto): string {
  const open = store.hours
    ? store.hours.openNow
      ? `open now${store.hours.closesAt ? ` until ${store.hours.closesAt}` : ''}`
      : `closed${store.hours.nextOpening ? `, opens ${store.hours.nextOpening.day} ${store.hours.nextOpening.time}` : ''}`
    : 'hours unknown';
  return `${store.name} (${store.locationId}) | ${store.address.line1}, ${store.address.city} ${store.address.state} | ${store.distanceMiles !== undefined ? `${store.distanceMiles} mi | ` : ''}${open}`;
}

/** Store, chain and department tools, the store resource and the shopping-plan prompt. */
@McpToolset()
export class LocationsTools implements Toolset {
  constructor(
    private readonly locations: LocationsService,
    private readonly preferred: PreferredLocationService,
    private readonly products: ProductsService,
  ) {}

  register(server: McpServer, caller: McpCaller): void {
    server.registerTool(
      'find_stores',
      {
        title: 'Find stores',
        description:
          'Kroger-family stores near a ZIP code or coordinates, nearest first, with opening hours and whether they are open now. Gives the locationId other tools need.',
        inputSchema: z.object({
          zipCode: z
            .string()
            .regex(/^\d{5}$/)
            .optional()
            .describe('5-digit US ZIP code'),
          latLong: z
            .string()
            .regex(/^-?\d{1,2}(\.\d+)?,\s*-?\d{1,3}(\.\d+)?$/)
            .optional()
            .describe('"latitude,longitude"'),
          radiusInMiles: z
            .number()
            .int()
            .min(1)
            .max(100)
            .optional()
            .describe('Search radius, 1 to 100 miles (default 10)'),
          limit: z.number().int().min(1).max(50).optional().describe('How many stores (default 5)'),
          chain: z.string().optional().describe('Only this chain, e.g. KROGER, RALPHS, KINGSOOPERS'),
          department: z
            .string()
            .optional()
            .describe('Department ids the store must all have, comma-separated, e.g. "09" for pharmacy'),
        }),
        outputSchema: z.object({ stores: z.array(storeSchema) }),
        annotations: readOnly,
      },
      (args) =>
        runTool(async () => {
          const stores = await this.locations.findStores({ ...args, limit: args.limit ?? 5 });
          return toolResult(
            { stores },
            stores.length
              ? stores.map(storeLine).join('\n')
              : 'No stores found there; try a larger radius or another ZIP code.',
          );
        }),
    );

    server.registerTool(
      'get_store',
      {
        title: 'Get a store',
        description: 'One store by locationId: address, phone, hours (open now?) and departments.',
        inputSchema: z.object({
          locationId: z
            .string()
            .regex(/^[A-Za-z0-9]{8}$/)
            .describe("The store's 8-character locationId"),
        }),
        outputSchema: z.object({ store: storeSchema }),
        annotations: readOnly,
      },
      ({ locationId }) =>
        runTool(async () => {
          const store = await this.locations.getStore(locationId);
          return toolResult({ store }, storeLine(store));
        }),
    );

    server.registerTool(
      'list_chains',
      {
        title: 'List chains',
        description: "Kroger's chains (banners) such as KROGER, RALPHS, FRED, KINGSOOPERS.",
        inputSchema: z.object({}),
        outputSchema: z.object({ chains: z.array(chainSchema) }),
        annotations: readOnly,
      },
      () =>
        runTool(async () => {
          const chains = await this.locations.listChains();
          return toolResult(
            { chains },
            chains.map((c) => `${c.name}: ${c.displayName}${c.domain ? ` (${c.domain})` : ''}`).join('\n'),
          );
        }),
    );

    server.registerTool(
      'get_chain',
      {
        title: 'Get a chain',
        description: 'One chain by name (any case).',
        inputSchema: z.object({ name: z.string().min(2).max(40) }),
        outputSchema: z.object({ chain: chainSchema }),
        annotations: readOnly,
      },
      ({ name }) =>
        runTool(async () => {
          const chain = await this.locations.getChain(name);
          return toolResult({ chain }, `${chain.name}: ${chain.displayName}`);
        }),
    );

    server.registerTool(
      'list_departments',
      {
        title: 'List departments',
        description: 'Store department ids and names (pharmacy, deli, pickup, ...), for filtering stores.',
        inputSchema: z.object({}),
        outputSchema: z.object({ departments: z.array(departmentSchema) }),
        annotations: readOnly,
      },
      () =>
        runTool(async () => {
          const departments = await this.locations.listDepartments();
          return toolResult({ departments }, departments.map((d) => `${d.departmentId}: ${d.name}`).join('\n'));
        }),
    );

    server.registerTool(
      'get_department',
      {
        title: 'Get a department',
        description: 'One department by its two-character id.',
        inputSchema: z.object({ departmentId: z.string().regex(/^[A-Za-z0-9]{2}$/) }),
        outputSchema: z.object({ department: departmentSchema }),
        annotations: readOnly,
      },
      ({ departmentId }) =>
        runTool(async () => {
          const department = await this.locations.getDepartment(departmentId);
          return toolResult({ department }, `${department.departmentId}: ${department.name}`);
        }),
    );

    server.registerTool(
      'get_preferred_store',
      {
        title: 'Get preferred store',
        description: "The user's preferred store, used by default for prices and aisles.",
        inputSchema: z.object({}),
        outputSchema: z.object({ preferredStore: preferredSchema.nullable() }),
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      () =>
        runTool(async () => {
          const found = (await this.preferred.get(requirePrincipal(caller, 'read').userId)) ?? null;
          return toolResult(
            { preferredStore: found },
            found
              ? `${found.name} (${found.locationId})`
              : 'No preferred store set. Use find_stores, then set_preferred_store.',
          );
        }),
    );

    server.registerTool(
      'set_preferred_store',
      {
        title: 'Set preferred store',
        description: "Sets the user's preferred store. Only do this when the user chose the store.",
        inputSchema: z.object({ locationId: z.string().regex(/^[A-Za-z0-9]{8}$/) }),
        outputSchema: z.object({ preferredStore: preferredSchema }),
        annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
      },
      ({ locationId }) =>
        runTool(async () => {
          const preferredStore = await this.preferred.set(requirePrincipal(caller, 'read').userId, locationId);
          return toolResult(
            { preferredStore },
            `Preferred store is now ${preferredStore.name} (${preferredStore.locationId}).`,
          );
        }),
    );

    server.registerResource(
      'store',
      new ResourceTemplate('kroger://stores/{locationId}', { list: undefined }),
      {
        title: 'Store details',
        description: 'A Kroger store: address, hours, departments',
        mimeType: 'application/json',
      },
      async (uri, variables) => {
        const store = await this.locations.getStore(String(variables.locationId));
        return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(store, null, 2) }] };
      },
    );

    server.registerPrompt(
      'plan_shopping_trip',
      {
        title: 'Aisle-ordered shopping plan',
        description: 'Turns a shopping list and a store into a plan ordered by aisle, with prices and stock.',
        argsSchema: z.object({
          items: z.string().describe('The shopping list, one item per line or comma-separated'),
          locationId: z.string().describe("The store's locationId"),
        }),
      },
      async ({ items, locationId }) => {
        const wanted = items
          .split(/[\n,]+/)
          .map((s) => s.trim())
          .filter((s) => s.length >= 3)
          .slice(0, 30);
        const found = await Promise.all(
          wanted.map(async (item) => ({
            item,
            product: (await this.products.search({ term: item, locationId, limit: 1 }).catch(() => undefined))?.data[0],
          })),
        );
        const aisleOf = (n?: string) => (n === undefined ? 999 : Number(n) || 0);
        found.sort((a, b) => aisleOf(a.product?.aisle?.number) - aisleOf(b.product?.aisle?.number));
        const lines = found.map(({ item, product }) =>
          product
            ? `- ${product.aisle?.description ?? 'aisle unknown'}: ${item} -> ${product.name} (${product.productId}), $${product.price?.current.toFixed(2) ?? 'n/a'}, stock ${product.stockLevel ?? 'unknown'}`
            : `- not found: ${item}`,
        );
        return {
          messages: [
            {
              role: 'user' as const,
              content: {
                type: 'text' as const,
                text: `Here is my shopping list matched to products at store ${locationId}, in aisle order:\n${lines.join('\n')}\n\nPresent this as a walking route through the store, note items low or out of stock with alternatives, and total the prices.`,
              },
            },
          ],
        };
      },
    );
  }
}
