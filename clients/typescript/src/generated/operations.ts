// Generated from openapi.json by `npm run sdk:generate`; do not edit.

/** Operations that accept an Idempotency-Key header, as `METHOD /path/{template}`. */
export const IDEMPOTENCY_KEY_OPERATIONS: ReadonlySet<string> = new Set([
  'POST /api/v1/cart/checked-out',
  'POST /api/v1/cart/items',
  'POST /api/v1/lists/{listId}/cart-items',
  'POST /api/v1/me/collections/{collectionId}/cart-items',
]);
