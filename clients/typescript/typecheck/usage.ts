// Compile-time tests of the SDK's typings: `npm run lint` type-checks this file (tsc -p clients/typescript),
// so a call that stops compiling, or a mistake that starts compiling, fails CI. Never executed.
import {
  createKrogerClient,
  isProblem,
  memoryTokenStore,
  ProblemError,
  type AccountEventOf,
  type Schemas,
} from '../src/index.js';

const kroger = createKrogerClient({ baseUrl: 'https://api.example.com', tokens: memoryTokenStore() });

export async function typedCalls(): Promise<void> {
  const search = await kroger.GET('/api/v1/products', { params: { query: { term: 'milk', limit: 5 } } });
  // No error branch: error answers are thrown, so `data` is the body itself.
  const products: Schemas['Product'][] = search.data.data;
  const name: string = products[0].name;

  const product = await kroger.GET('/api/v1/products/{id}', { params: { path: { id: '0001111041700' } } });
  const productId: string = product.data.productId;

  const me = await kroger.GET('/api/v1/me');
  const userId: string = me.data.userId;
  // @ts-expect-error userId is a string
  const wrongType: number = me.data.userId;

  const created = await kroger.POST('/api/v1/me/tokens', { body: { name: 'assistant', scopes: ['read'] } });
  const secret: string = created.data.token;
  await kroger.DELETE('/api/v1/me/tokens/{id}', { params: { path: { id: created.data.id } } });

  const added = await kroger.POST('/api/v1/cart/items', {
    params: { header: { 'Idempotency-Key': 'my-own-key-123' } },
    body: { items: [{ productId: '0001111041700', quantity: 2, modality: 'PICKUP' }] },
  });
  const cartUrl: string | null = added.data.cartUrl;

  // @ts-expect-error no such route
  await kroger.GET('/api/v1/productz');
  // @ts-expect-error the route has no POST
  await kroger.POST('/api/v1/products', {});
  // @ts-expect-error the path parameter is required
  await kroger.GET('/api/v1/products/{id}');
  // @ts-expect-error limit is a number
  await kroger.GET('/api/v1/products', { params: { query: { limit: 'ten' } } });
  // @ts-expect-error Kroger's own filter names are not ours
  await kroger.GET('/api/v1/products', { params: { query: { 'filter.term': 'milk' } } });
  // @ts-expect-error quantity is a number
  await kroger.POST('/api/v1/cart/items', { body: { items: [{ productId: '0001111041700', quantity: '2' }] } });
  // @ts-expect-error a scope the API does not have
  await kroger.POST('/api/v1/me/tokens', { body: { name: 'x', scopes: ['admin'] } });
  // @ts-expect-error the body is required
  await kroger.POST('/api/v1/auth/refresh');

  void [name, productId, userId, wrongType, secret, cartUrl];
}

export function narrowing(error: unknown): string | undefined {
  if (isProblem(error, 'request.validation_failed')) {
    const code: 'request.validation_failed' = error.code;
    return `${code}: ${error.errors.map((e) => `${e.field} ${e.rule}`).join(', ')}`;
  }
  if (isProblem(error, 'link.reauth_required', 'link.revoked')) {
    // @ts-expect-error narrowed to the two codes asked for
    const other: 'request.throttled' = error.code;
    return `${other} ${error.requestId}`;
  }
  if (error instanceof ProblemError) return error.upstream?.code;
  return undefined;
}

export function typedAccountEvents(): void {
  const subscription = kroger.subscribeToAccountEvents({
    onEvent(message) {
      switch (message.event) {
        case 'list.changed': {
          const listId: string = message.data.listId;
          void listId;
          break;
        }
        case 'events.gap': {
          // The schema groups events.ready and events.gap in one member; the SDK splits them.
          const gap: AccountEventOf<'events.gap'> = message;
          void gap;
          break;
        }
        case 'link.restored':
          // @ts-expect-error link.restored carries no listId
          void message.data.listId;
          break;
        // @ts-expect-error not an event type of the API
        case 'list.deleted':
          break;
      }
    },
  });
  // @ts-expect-error read-only: the subscriber keeps it
  subscription.lastEventId = '1';
}
