import 'reflect-metadata';
import { METHOD_METADATA } from '@nestjs/common/constants';
import type { Request } from 'express';

interface MatchedRoute {
  path?: unknown;
  stack?: { handle: object }[];
}

/**
 * The route a request was answered by, as declared (`/api/v1/products/:productId`), never the raw
 * path: metrics labels and log fields stay bounded whatever clients send. Nest mounts module
 * middleware as catch-all routes too; only a controller's route (its handler carries Nest's route
 * metadata) names the request. Swagger's pages, served outside Nest, are `/docs`; anything else
 * that no route answered is `unmatched`.
 */
export function routeTemplateOf(req: Request): string {
  const route = (req as { route?: MatchedRoute }).route;
  if (
    route &&
    typeof route.path === 'string' &&
    route.stack?.some((layer) => Reflect.hasMetadata(METHOD_METADATA, layer.handle))
  )
    return route.path;
  const path = req.originalUrl.split('?')[0];
  if (path === '/docs' || path.startsWith('/docs/')) return '/docs';
  return 'unmatched';
}

/** REST or MCP: which kind of client a request came from. */
export function channelOf(route: string): 'mcp' | 'rest' {
  return route === '/mcp' ? 'mcp' : 'rest';
}
