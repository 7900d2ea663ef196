import 'reflect-metadata';
import { METHOD_METADATA } from '@nestjs/common/constants';
import type { Application } from 'express';
import { METHODS } from 'node:http';

/** What this reads of router 2's Layer and Route (the express typings describe Express 4's). */
interface RouterLayer {
  route?: { methods: Record<string, boolean | undefined>; stack: { handle: object }[] };
  match(path: string): unknown;
}

interface Endpoint {
  layer: RouterLayer;
  /** Upper case. */
  methods: readonly string[];
}

export interface RouteTableOptions {
  /** CORS middleware answers OPTIONS on every path before routing when origins are configured. */
  corsAnswersOptions: boolean;
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The controllers' routes as the Express router holds them, so a new endpoint is known here without
 * being listed, and matching uses the router's own layers: `:id` parameters, trailing slashes and
 * case rules are exactly Express's. Nest also mounts module middleware (the request logger, body
 * parsers) as catch-all routes; those are told apart by the route metadata Nest copies onto the
 * handlers of controller methods. Routes added outside Nest (Swagger UI's) are not counted.
 */
export class RouteTable {
  private endpoints?: Endpoint[];

  constructor(
    private readonly app: Application,
    private readonly options: RouteTableOptions,
  ) {}

  /**
   * The methods the endpoints matching `path` answer, as an Allow header lists them (HEAD wherever
   * GET is, since Express answers it with the GET handler); `[]` when no endpoint has this path.
   */
  allowedMethods(path: string): string[] {
    const methods = new Set<string>();
    for (const endpoint of this.known()) {
      if (matches(endpoint.layer, path)) for (const method of endpoint.methods) methods.add(method);
    }
    if (methods.size === 0) return [];
    if (methods.has('GET')) methods.add('HEAD');
    if (this.options.corsAnswersOptions) methods.add('OPTIONS');
    return [...methods].sort(byConventionalOrder);
  }

  /** Routes are registered when the app initialises, after this table is made: read at first use. */
  private known(): Endpoint[] {
    this.endpoints ??= (this.app.router as unknown as { stack: RouterLayer[] }).stack.flatMap((layer) => {
      const route = layer.route;
      if (!route?.stack.some((handler) => Reflect.hasMetadata(METHOD_METADATA, handler.handle))) return [];
      const names = Object.keys(route.methods).filter((name) => route.methods[name]);
      return [{ layer, methods: names.includes('_all') ? METHODS : names.map((name) => name.toUpperCase()) }];
    });
    return this.endpoints;
  }
}

function matches(layer: RouterLayer, path: string): boolean {
  try {
    return Boolean(layer.match(path));
  } catch {
    // A parameter that is not valid percent-encoding; Express itself answers that with a 400.
    return false;
  }
}

function byConventionalOrder(a: string, b: string): number {
  const rank = (method: string) => {
    const index = METHOD_ORDER.indexOf(method);
    return index === -1 ? METHOD_ORDER.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
