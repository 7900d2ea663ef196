/** Kroger's `filter.productId` takes at most 50 ids per call. */
export const MAX_IDS_PER_CALL = 50;

interface Waiting<T> {
  payer: string;
  resolve(value: T | undefined): void;
  reject(error: unknown): void;
}

/** The lookups gathered for one upstream call: at most 50 ids, for one store. */
interface Batch<T> {
  ids: Map<string, Waiting<T>[]>;
  /** Each payer's admission to this call, asked once when the payer's first lookup joins. */
  admissions: Map<string, Promise<void>>;
}

export interface BatcherOptions {
  /** How long a batch waits for more lookups after its first one. */
  windowMs?: number;
}

/**
 * Merges by-id product lookups made within a short window into `filter.productId` calls of at most
 * 50 ids per store, and hands each caller its own product back, DataLoader-style.
 *
 * Lookups of different callers share a call. Who may cause it is decided per caller, not per batch:
 * `admit` runs once for each payer joining a batch, in that payer's request context (so it charges
 * and checks that payer's Kroger spend budget), and a refused payer's lookups fail alone while the
 * others still go out. `fetchMany` then runs as the batch's own work, charged to nobody again. A
 * payer is thus charged at most one call per batch it joins: never more than its lookups would
 * have cost alone, and a batch is paid for by every payer in it.
 */
export class ProductBatcher<T extends { productId: string }> {
  private readonly open = new Map<string, Batch<T>>();
  private readonly windowMs: number;

  constructor(
    private readonly fetchMany: (ids: string[], locationId: string | undefined) => Promise<T[]>,
    private readonly admit: () => Promise<void>,
    options: BatcherOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 10;
  }

  /** `payer` names whose budget admits the lookup (`user:<id>`, `address:<ip>`; '' for the service). */
  load(productId: string, locationId: string | undefined, payer: string): Promise<T | undefined> {
    const storeKey = locationId ?? '';
    let batch = this.open.get(storeKey);
    if (!batch) {
      batch = { ids: new Map(), admissions: new Map() };
      this.open.set(storeKey, batch);
      const opened = batch;
      setTimeout(() => this.dispatch(storeKey, opened), this.windowMs);
    }
    if (!batch.admissions.has(payer)) {
      const admission = this.admit();
      // Read when the batch goes out; until then a refusal must not count as unhandled.
      admission.catch(() => undefined);
      batch.admissions.set(payer, admission);
    }
    const waiting = batch.ids.get(productId) ?? [];
    batch.ids.set(productId, waiting);
    const promise = new Promise<T | undefined>((resolve, reject) => waiting.push({ payer, resolve, reject }));
    // A full batch goes out at once instead of waiting for the window.
    if (batch.ids.size >= MAX_IDS_PER_CALL) this.dispatch(storeKey, batch);
    return promise;
  }

  private dispatch(storeKey: string, batch: Batch<T>): void {
    if (this.open.get(storeKey) !== batch) return;
    this.open.delete(storeKey);
    void this.send(storeKey, batch);
  }

  private async send(storeKey: string, batch: Batch<T>): Promise<void> {
    const refused = new Map<string, unknown>();
    await Promise.all(
      [...batch.admissions].map(([payer, admission]) =>
        admission.catch((error: unknown) => void refused.set(payer, error)),
      ),
    );
    const admitted = new Map<string, Waiting<T>[]>();
    for (const [id, waiting] of batch.ids) {
      for (const w of waiting) if (refused.has(w.payer)) w.reject(refused.get(w.payer));
      const rest = waiting.filter((w) => !refused.has(w.payer));
      if (rest.length > 0) admitted.set(id, rest);
    }
    if (admitted.size === 0) return;
    try {
      const products = await this.fetchMany([...admitted.keys()], storeKey || undefined);
      const byId = new Map(products.map((p) => [p.productId, p]));
      for (const [id, waiting] of admitted) for (const w of waiting) w.resolve(byId.get(id));
    } catch (error) {
      for (const waiting of admitted.values()) for (const w of waiting) w.reject(error);
    }
  }
}
