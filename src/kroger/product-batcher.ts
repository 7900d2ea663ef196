/** Kroger's `filter.productId` takes at most 50 ids per call. */
export const MAX_IDS_PER_CALL = 50;

interface Waiting<T> {
  resolve(value: T | undefined): void;
  reject(error: unknown): void;
}

/**
 * Merges by-id product lookups made within a short window (per store and payer) into `filter.productId`
 * calls of at most 50 ids, and hands each caller its own product back, DataLoader-style.
 */
export class ProductBatcher<T extends { productId: string }> {
  private readonly queues = new Map<string, Map<string, Waiting<T>[]>>();

  constructor(
    private readonly fetchMany: (ids: string[], locationId: string | undefined) => Promise<T[]>,
    private readonly windowMs = 5,
  ) {}

  /**
   * `payer`: lookups are merged only with the same payer's, so each call is charged to the one who
   * caused it and one caller's spent budget never fails another's lookup.
   */
  load(productId: string, locationId?: string, payer = ''): Promise<T | undefined> {
    const storeKey = `${payer}\n${locationId ?? ''}`;
    let queue = this.queues.get(storeKey);
    if (!queue) {
      queue = new Map();
      this.queues.set(storeKey, queue);
      setTimeout(() => this.dispatch(storeKey), this.windowMs);
    }
    const waiting = queue.get(productId) ?? [];
    queue.set(productId, waiting);
    const promise = new Promise<T | undefined>((resolve, reject) => waiting.push({ resolve, reject }));
    // A full batch goes out at once instead of waiting for the window.
    if (queue.size >= MAX_IDS_PER_CALL) this.dispatch(storeKey);
    return promise;
  }

  private dispatch(storeKey: string): void {
    const queue = this.queues.get(storeKey);
    if (!queue || queue.size === 0) return;
    this.queues.delete(storeKey);
    const ids = [...queue.keys()];
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_CALL) {
      const chunk = ids.slice(i, i + MAX_IDS_PER_CALL);
      const locationId = storeKey.slice(storeKey.indexOf('\n') + 1);
      this.fetchMany(chunk, locationId || undefined).then(
        (products) => {
          const byId = new Map(products.map((p) => [p.productId, p]));
          for (const id of chunk) for (const waiting of queue.get(id)!) waiting.resolve(byId.get(id));
        },
        (error: unknown) => {
          for (const id of chunk) for (const waiting of queue.get(id)!) waiting.reject(error);
        },
      );
    }
  }
}
