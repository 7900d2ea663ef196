/**
 * The `Link` header value for a list answer, or undefined when the body is not a page or has no
 * neighbours. Targets are relative references (RFC 3986 §4.2) to the same path with the paging
 * query changed, so they stay right behind proxies that rewrite the host.
 */
export function pageLinks(requestUrl: string, body: unknown, maxStart = Infinity): string | undefined {
  const pagination = paginationOf(body);
  if (!pagination) return undefined;
  const links: string[] = [];
  const link = (rel: string, changes: Record<string, string | undefined>) =>
    links.push(`<${withQuery(requestUrl, changes)}>; rel="${rel}"`);
  if ('next' in pagination) {
    if (pagination.next) link('next', { cursor: pagination.next, limit: String(pagination.limit) });
  } else {
    const { start, limit, total } = pagination;
    // A next page the route would refuse (start over its maximum) is no next page.
    if (start + limit < total && start + limit <= maxStart)
      link('next', { start: String(start + limit), limit: String(limit) });
    // From beyond the end, the previous page is the last one, not the (empty) page just before.
    const prev = Math.max(0, Math.min(start - limit, total - limit));
    if (start > 0) link('prev', { start: String(prev), limit: String(limit) });
  }
  return links.length > 0 ? links.join(', ') : undefined;
}

type Offsets = { start: number; limit: number; total: number };
type Cursor = { limit: number; next: string | null };

function paginationOf(body: unknown): Offsets | Cursor | undefined {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { data?: unknown }).data)) return undefined;
  const pagination = (body as { pagination?: Record<string, unknown> }).pagination;
  if (typeof pagination !== 'object' || pagination === null || typeof pagination.limit !== 'number') return undefined;
  if ('next' in pagination) return pagination as Cursor;
  if (typeof pagination.start === 'number' && typeof pagination.total === 'number') return pagination as Offsets;
  return undefined;
}

function withQuery(requestUrl: string, changes: Record<string, string | undefined>): string {
  const url = new URL(requestUrl, 'http://relative.invalid');
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return `${url.pathname}${url.search}`;
}
