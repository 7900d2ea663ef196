import type { Express, Request, Response } from 'express';
import type { z } from 'zod';
import { PAGE_RESPONSE, pageOptionsOf } from '../contract/pagination';
import { pageLinks } from './page-links';

/**
 * Adds RFC 8288 `Link` headers (rel="next", rel="prev") to every list answer, from its
 * `pagination`, so clients that follow links need no paging arithmetic of their own.
 *
 * Done where Express sends JSON rather than in a Nest interceptor: any interceptor wraps every
 * request of every route in rxjs, measured at about a fifth of a cached read's CPU (bench:http).
 * How far a next link may lead is the route's page schema (`@Returns`), read from the function Nest
 * registered for the route, onto which Nest copies the controller method's metadata.
 */
export function linkPages(app: Express): void {
  const response = app.response;
  const json = response.json;
  response.json = function sendWithPageLinks(this: Response, body?: unknown) {
    if (!this.headersSent && hasPagination(body)) {
      const links = linksOf(this.req.originalUrl, body, maxStartOf(this.req));
      if (links) this.setHeader('Link', links);
    }
    return json.call(this, body);
  };
}

function hasPagination(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'pagination' in body;
}

interface ExpressRoute {
  stack: { handle: object }[];
}

/** Per Express route (Nest registers one per handler): the largest `start` its next link may offer. */
const maxStartOfRoute = new WeakMap<ExpressRoute, number | undefined>();

function maxStartOf(request: Request): number | undefined {
  const route = request.route as ExpressRoute | undefined;
  if (!route) return undefined;
  if (maxStartOfRoute.has(route)) return maxStartOfRoute.get(route);
  let maxStart: number | undefined;
  for (const { handle } of route.stack) {
    const schema = Reflect.getMetadata(PAGE_RESPONSE, handle) as z.ZodType | undefined;
    if (schema) maxStart = pageOptionsOf(schema)?.maxStart;
  }
  maxStartOfRoute.set(route, maxStart);
  return maxStart;
}

interface RememberedLinks {
  url: string;
  maxStart: number | undefined;
  links: string | undefined;
}

/**
 * A frozen body (a cached answer shared by every request for it) always yields the same links for
 * the same URL, so the last ones worked out for it are kept with it: URL parsing was a visible
 * share of a cached read's cost.
 */
const linksOfFrozenBodies = new WeakMap<object, RememberedLinks>();

function linksOf(url: string, body: unknown, maxStart: number | undefined): string | undefined {
  if (typeof body !== 'object' || body === null || !Object.isFrozen(body)) return pageLinks(url, body, maxStart);
  const remembered = linksOfFrozenBodies.get(body);
  if (remembered?.url === url && remembered.maxStart === maxStart) return remembered.links;
  const links = pageLinks(url, body, maxStart);
  linksOfFrozenBodies.set(body, { url, maxStart, links });
  return links;
}
