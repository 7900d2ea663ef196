import { z } from 'zod';
import { ValidationError } from '../errors/domain-error';
import { responseSchema } from './schema-registry';
import { wholeNumber } from './values';

/**
 * The one list shape: every collection answers `{data: [...], pagination}`. Lists that can be
 * counted and do not move under the reader page by offset (`start`, `limit`, `total`); lists read
 * newest-first while entries keep arriving (the cart ledger, the audit trail) page by an opaque
 * cursor (`limit`, `next`), because an offset would skip or repeat entries there.
 */

/** A page of a counted list: where it starts, how many were asked, how many there are. */
export const Pagination = responseSchema(
  'Pagination',
  z.object({
    start: z
      .number()
      .int()
      .meta({ examples: [0] }),
    limit: z
      .number()
      .int()
      .meta({ examples: [10] }),
    total: z
      .number()
      .int()
      .meta({ examples: [128] }),
  }),
);
export type Pagination = z.infer<typeof Pagination>;

/** A page of a list that grows while it is read: pass `next` as `cursor` for the following page. */
export const CursorPagination = responseSchema(
  'CursorPagination',
  z.object({
    limit: z
      .number()
      .int()
      .meta({ examples: [50] }),
    next: z.string().nullable().describe('Send as `cursor` for the next page; null on the last page'),
  }),
);
export type CursorPagination = z.infer<typeof CursorPagination>;

/** Upper bounds every offset list shares, so a small request never buys a large answer. */
export const MAX_PAGE_LIMIT = 200;
const MAX_START = 10_000;
export const DEFAULT_PAGE_LIMIT = 50;

/** `start` and `limit`, as query fields: spread into a feature's query schema (`...PageQuery.shape`). */
export const PageQuery = z.strictObject({
  start: wholeNumber(0, MAX_START)
    .optional()
    .meta({ description: `Entries to skip, for the next page (0 to ${MAX_START}; default 0)` }),
  limit: wholeNumber(1, MAX_PAGE_LIMIT)
    .optional()
    .meta({ description: `Entries per page, 1 to ${MAX_PAGE_LIMIT} (default ${DEFAULT_PAGE_LIMIT})` }),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** `cursor` and `limit`, as query fields, for cursor-paged lists. */
export function cursorQuery(maxLimit: number, defaultLimit: number) {
  return z.strictObject({
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, { error: 'must be the pagination.next of an earlier page' })
      .optional()
      .describe('pagination.next of the previous page; leave out for the first page'),
    limit: wholeNumber(1, maxLimit)
      .optional()
      .meta({ description: `Entries per page, 1 to ${maxLimit} (default ${defaultLimit})` }),
  });
}

export interface PageOptions {
  /** The largest `start` the route accepts, when below what `total` may reach (Kroger's search stops at 250). */
  maxStart?: number;
}

const pages = new WeakMap<z.ZodType, PageOptions>();

/** Handler metadata: the page schema a route answers with (set by `@Returns`). */
export const PAGE_RESPONSE = 'contract:page-response';

/** Whether a response schema is a list page (its answers carry `Link` headers). */
export function isPage(schema: z.ZodType): boolean {
  return pages.has(schema);
}

/** How far a page's `Link: rel="next"` may lead (undefined: as far as `total`). */
export function pageOptionsOf(schema: z.ZodType): PageOptions | undefined {
  return pages.get(schema);
}

function page<T extends z.ZodType>(schema: T, options: PageOptions = {}): T {
  pages.set(schema, options);
  return schema;
}

/** A named `{data, pagination}` response schema for a counted list of `item`, with any extra fields of the list. */
export function pageOf<T extends z.ZodType, E extends z.ZodRawShape = Record<never, never>>(
  name: string,
  item: T,
  extra?: E,
  options?: PageOptions,
) {
  return page(
    responseSchema(name, z.object({ data: z.array(item), pagination: Pagination, ...(extra ?? ({} as E)) })),
    options,
  );
}

/** A named `{data, pagination: {limit, next}}` response schema, with any extra fields of the list. */
export function cursorPageOf<T extends z.ZodType, E extends z.ZodRawShape = Record<never, never>>(
  name: string,
  item: T,
  extra?: E,
) {
  return page(
    responseSchema(name, z.object({ data: z.array(item), pagination: CursorPagination, ...(extra ?? ({} as E)) })),
  );
}

export interface Page<T> {
  data: T[];
  pagination: Pagination;
}

/** One page of a list that was fetched whole (Kroger's chains and departments, a user's tokens). */
export function pageLocally<T>(items: readonly T[], query: PageQuery, defaultLimit = DEFAULT_PAGE_LIMIT): Page<T> {
  const start = query.start ?? 0;
  const limit = query.limit ?? defaultLimit;
  return { data: items.slice(start, start + limit), pagination: { start, limit, total: items.length } };
}

/** A cursor this service did not hand out (or from another list): 400 naming the field. */
export function invalidCursor(): ValidationError {
  return new ValidationError([
    { field: 'cursor', rule: 'cursor', message: 'cursor must be the pagination.next of an earlier page' },
  ]);
}
