import { Request, Response, Router } from 'express';
import { callerOf, guard, SandboxContext } from '../context';
import { COLLECTION_TYPES, collectionsFor, CollectionType } from '../data/collections';
import { q, sendWholeList } from './query';

/**
 * `GET /v1/collections` (partner; KROGER_API.md §5.2's quick reference row): the customer's saved
 * collections, filtered by `filter.name` (case-insensitive substring) and `filter.type`.
 * MODELED: Kroger publishes no schema (see data/collections.ts).
 */
export function collectionRoutes(ctx: SandboxContext): Router {
  const router = Router();
  router.get(
    '/collections',
    guard(ctx, {
      customer: true,
      partner: { code: 'COLLECTION-2216', reason: 'required scope not found. expected [collection.basic]' },
      anyScope: ['collection.basic', 'collection.basic:rw'],
    }),
    (req: Request, res: Response) => {
      const name = q(req, 'filter.name')?.trim().toLowerCase();
      const type = q(req, 'filter.type')?.trim().toUpperCase();
      if (type !== undefined && !COLLECTION_TYPES.includes(type as CollectionType)) {
        return ctx.errors.api(
          res,
          400,
          'COLLECTION-2008-400',
          `Field 'type' must be one of ${COLLECTION_TYPES.join(', ')}`,
        );
      }
      const data = collectionsFor(callerOf(res).customer!.email, ctx.catalog.products)
        .filter((c) => !name || c.name.toLowerCase().includes(name))
        .filter((c) => !type || c.type === type);
      sendWholeList(res, data);
    },
  );
  return router;
}
