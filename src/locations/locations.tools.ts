import { McpServer, ResourceTemplate } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { McpCaller, McpToolset, requirePrincipal, runTool, Toolset, toolResult } from '../mcp/mcp-toolset';
import { LocationId, wholeNumber } from '../common/contract/values';
import {
  Chain,
  ChainName,
  Department,
  DepartmentId,
  PreferredLocation,
  Store,
  StoreSearchInput,
} from './locations.contract';
import { LocationsService } from './locations.service';
import { PreferredLocationService } from './preferred-location.service';

const readOnly = { readOnlyHint: true, openWorldHint: true } as const;

function storeLine(store: Store): string {
  const open = store.hours
    ? store.hours.openNow
      ? `open now${store.hours.closesAt ? ` until ${store.hours.closesAt}` : ''}`
      : `closed${store.hours.nextOpening ? `, opens ${store.hours.nextOpening.day} ${store.hours.nextOpening.time}` : ''}`
    : 'hours unknown';
  const kind = store.retail ? '' : ' | non-retail location (a fulfilment site), not a store to shop at';
  return `${store.name} (${store.locationId})${kind} | ${store.address.line1}, ${store.address.city} ${store.address.state} | ${store.distanceMiles !== undefined ? `${store.distanceMiles} mi | ` : ''}${open}`;
}

/** Store, chain and department tools and the store resource, over the same contract as REST. */
@McpToolset()
export class LocationsTools implements Toolset {
  constructor(
    private readonly locations: LocationsService,
    private readonly preferred: PreferredLocationService,
  ) {}

  register(server: McpServer, caller: McpCaller): void {
    server.registerTool(
      'find_stores',
      {
        title: 'Find stores',
        description:
          'Kroger-family stores near a ZIP code or coordinates, nearest first, with opening hours and whether they are open now. Gives the locationId other tools need. ' +
          "Without a ZIP code or coordinates it searches around the user's preferred store, or asks for a ZIP code. Non-retail locations (fulfilment sheds) are left out.",
        // A model's context is small: at most 50 stores (REST allows 200).
        inputSchema: StoreSearchInput.safeExtend({
          limit: wholeNumber(1, 50).optional().meta({ description: 'How many stores, 1 to 50', default: 5 }),
        }),
        outputSchema: z.object({
          stores: z.array(Store),
          nearPreferredStore: z
            .object({ locationId: z.string(), name: z.string() })
            .optional()
            .describe(
              "Set when no ZIP code or coordinates were given: the search started at the user's preferred store",
            ),
        }),
        annotations: readOnly,
      },
      (args) =>
        runTool(async () => {
          const found = await this.locations.findStoresNear(
            { ...args, limit: args.limit ?? 5 },
            caller.principal?.userId,
          );
          const near = found.nearPreferredStore;
          const list = found.stores.length
            ? found.stores.map(storeLine).join('\n')
            : 'No stores found there; try a larger radius or another ZIP code.';
          return toolResult(
            { ...found },
            near ? `Near your preferred store ${near.name} (${near.locationId}):\n${list}` : list,
          );
        }),
    );

    server.registerTool(
      'get_store',
      {
        title: 'Get a store',
        description: 'One store by locationId: address, phone, hours (open now?) and departments.',
        inputSchema: z.object({ locationId: LocationId }),
        outputSchema: z.object({ store: Store }),
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
        outputSchema: z.object({ chains: z.array(Chain) }),
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
        inputSchema: z.object({ name: ChainName }),
        outputSchema: z.object({ chain: Chain }),
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
        outputSchema: z.object({ departments: z.array(Department) }),
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
        inputSchema: z.object({ departmentId: DepartmentId }),
        outputSchema: z.object({ department: Department }),
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
        outputSchema: z.object({ preferredStore: PreferredLocation.nullable() }),
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
        inputSchema: z.object({ locationId: LocationId }),
        outputSchema: z.object({ preferredStore: PreferredLocation }),
        annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
      },
      ({ locationId }) =>
        runTool(async () => {
          const preferredStore = await this.preferred.set(requirePrincipal(caller, 'profile:write').userId, locationId);
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
  }
}
