import { z } from 'zod';
import { McpRegistrar, McpToolset, requirePrincipal, Toolset, toolResult } from '../mcp/mcp-toolset';
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
import { LocationCompletionsService } from './location-completions.service';
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
    private readonly completions: LocationCompletionsService,
  ) {}

  register(mcp: McpRegistrar): void {
    mcp.tool(
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
      async (args, call) => {
        const found = await this.locations.findStoresNear({ ...args, limit: args.limit ?? 5 }, call.principal?.userId);
        const near = found.nearPreferredStore;
        const list = found.stores.length
          ? found.stores.map(storeLine).join('\n')
          : 'No stores found there; try a larger radius or another ZIP code.';
        return toolResult(
          { ...found },
          near ? `Near your preferred store ${near.name} (${near.locationId}):\n${list}` : list,
        );
      },
    );

    mcp.tool(
      'get_store',
      {
        title: 'Get a store',
        description: 'One store by locationId: address, phone, hours (open now?) and departments.',
        inputSchema: z.object({ locationId: LocationId }),
        outputSchema: z.object({ store: Store }),
        annotations: readOnly,
      },
      async ({ locationId }) => {
        const store = await this.locations.getStore(locationId);
        return toolResult({ store }, storeLine(store));
      },
    );

    mcp.tool(
      'list_chains',
      {
        title: 'List chains',
        description: "Kroger's chains (banners) such as KROGER, RALPHS, FRED, KINGSOOPERS.",
        inputSchema: z.object({}),
        outputSchema: z.object({ chains: z.array(Chain) }),
        annotations: readOnly,
      },
      async () => {
        const chains = await this.locations.listChains();
        return toolResult(
          { chains },
          chains.map((c) => `${c.name}: ${c.displayName}${c.domain ? ` (${c.domain})` : ''}`).join('\n'),
        );
      },
    );

    mcp.tool(
      'get_chain',
      {
        title: 'Get a chain',
        description: 'One chain by name (any case).',
        inputSchema: z.object({ name: ChainName }),
        outputSchema: z.object({ chain: Chain }),
        annotations: readOnly,
      },
      async ({ name }) => {
        const chain = await this.locations.getChain(name);
        return toolResult({ chain }, `${chain.name}: ${chain.displayName}`);
      },
    );

    mcp.tool(
      'list_departments',
      {
        title: 'List departments',
        description: 'Store department ids and names (pharmacy, deli, pickup, ...), for filtering stores.',
        inputSchema: z.object({}),
        outputSchema: z.object({ departments: z.array(Department) }),
        annotations: readOnly,
      },
      async () => {
        const departments = await this.locations.listDepartments();
        return toolResult({ departments }, departments.map((d) => `${d.departmentId}: ${d.name}`).join('\n'));
      },
    );

    mcp.tool(
      'get_department',
      {
        title: 'Get a department',
        description: 'One department by its two-character id.',
        inputSchema: z.object({ departmentId: DepartmentId }),
        outputSchema: z.object({ department: Department }),
        annotations: readOnly,
      },
      async ({ departmentId }) => {
        const department = await this.locations.getDepartment(departmentId);
        return toolResult({ department }, `${department.departmentId}: ${department.name}`);
      },
    );

    mcp.tool(
      'get_preferred_store',
      {
        title: 'Get preferred store',
        description: "The user's preferred store, used by default for prices and aisles.",
        inputSchema: z.object({}),
        outputSchema: z.object({ preferredStore: PreferredLocation.nullable() }),
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      async (_args, call) => {
        const found = (await this.preferred.get(requirePrincipal(call, 'read').userId)) ?? null;
        return toolResult(
          { preferredStore: found },
          found
            ? `${found.name} (${found.locationId})`
            : 'No preferred store set. Use find_stores, then set_preferred_store.',
        );
      },
    );

    mcp.tool(
      'set_preferred_store',
      {
        title: 'Set preferred store',
        description: "Sets the user's preferred store. Only do this when the user chose the store.",
        inputSchema: z.object({ locationId: LocationId }),
        outputSchema: z.object({ preferredStore: PreferredLocation }),
        annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
      },
      async ({ locationId }, call) => {
        const preferredStore = await this.preferred.set(requirePrincipal(call, 'profile:write').userId, locationId);
        return toolResult(
          { preferredStore },
          `Preferred store is now ${preferredStore.name} (${preferredStore.locationId}).`,
        );
      },
    );

    mcp.resourceTemplate(
      'store',
      {
        uriTemplate: 'kroger://stores/{locationId}',
        title: 'Store details',
        description: 'A Kroger store: address, hours, departments (complete locationId from a ZIP code)',
        mimeType: 'application/json',
        complete: { locationId: (typed, context) => this.completions.storeIds(typed, context) },
      },
      async (_uri, { locationId }) => ({ text: JSON.stringify(await this.locations.getStore(locationId), null, 2) }),
    );

    mcp.resourceTemplate(
      'chain',
      {
        uriTemplate: 'kroger://chains/{name}',
        title: 'Chain details',
        description: 'A Kroger chain (banner) and its web domain',
        mimeType: 'application/json',
        complete: { name: (typed) => this.completions.chains(typed) },
      },
      async (_uri, { name }) => ({ text: JSON.stringify(await this.locations.getChain(name), null, 2) }),
    );

    mcp.resourceTemplate(
      'department',
      {
        uriTemplate: 'kroger://departments/{departmentId}',
        title: 'Department',
        description: 'A store department by its two-character id (complete from an id or a name, e.g. "pharm")',
        mimeType: 'application/json',
        complete: { departmentId: (typed) => this.completions.departmentIds(typed) },
      },
      async (_uri, { departmentId }) => ({
        text: JSON.stringify(await this.locations.getDepartment(departmentId), null, 2),
      }),
    );
  }
}
