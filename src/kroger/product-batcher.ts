import { AsyncLocalStorage } from 'node:async_hooks';

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
  /** The announcing clients whose lookups are in this call. */
  clients: Set<string>;
  /** Whether a lookup nobody announced is in it (a list read, an MCP call, a cart add). */
  unannounced: boolean;
  openedAt: number;
  timer?: NodeJS.Timeout;
}

export interface BatcherOptions {
  /** A batch goes out once no lookup has joined it for this long and a client in it has none announced... */
  idleMs?: number;
  /** ...or once it has waited this long since its first lookup, whichever comes first (or at 50 ids). */
  maxWaitMs?: number;
}

/**
 * Merges by-id product lookups that arrive close together into `filter.productId` calls of at most
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
  /** Per client, lookups announced by requests still on their way here (authenticating, parsing). */
  private readonly expected = new Map<string, number>();
  private readonly announcement = new AsyncLocalStorage<{ client: string; release: () => void }>();
  private readonly idleMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly fetchMany: (ids: string[], locationId: string | undefined) => Promise<T[]>,
    private readonly admit: () => Promise<void>,
    options: BatcherOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 50;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
  }

  /**
   * Runs `work` (a request of `client` that will look up a product by id) announced: while a
   * client's announced lookups have not arrived, batches holding its lookups wait for them (up to
   * maxWaitMs) instead of going out after idleMs. The requests of one screen arrive together but
   * reach the batcher spread out by authentication and parsing, over seconds when the service is
   * busy; without this they would go out in many small calls. A batch waits only while every client
   * in it has more on the way, so one client's traffic never holds back another's lookups.
   * `onEnd` receives the release for a request that ends without a lookup.
   */
  announce<R>(client: string, work: () => R, onEnd: (release: () => void) => void): R {
    this.expected.set(client, (this.expected.get(client) ?? 0) + 1);
    // A request on its way is activity: the client's open batches keep waiting for it.
    this.rescheduleBatchesOf(client);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = this.expected.get(client)! - 1;
      if (left > 0) return void this.expected.set(client, left);
      this.expected.delete(client);
      this.rescheduleBatchesOf(client);
    };
    onEnd(release);
    return this.announcement.run({ client, release }, work);
  }

  /** The current request has reached its lookup (a cache hit, or a load to follow at once). */
  arrived(): void {
    this.announcement.getStore()?.release();
  }

  /** `payer` names whose budget admits the lookup (`user:<id>`, `address:<ip>`; '' for the service). */
  load(productId: string, locationId: string | undefined, payer: string): Promise<T | undefined> {
    const storeKey = locationId ?? '';
    let batch = this.open.get(storeKey);
    if (!batch) {
      batch = { ids: new Map(), admissions: new Map(), clients: new Set(), unannounced: false, openedAt: Date.now() };
      this.open.set(storeKey, batch);
    }
    const client = this.announcement.getStore()?.client;
    if (client === undefined) batch.unannounced = true;
    else batch.clients.add(client);
    this.schedule(storeKey, batch);
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

  private rescheduleBatchesOf(client: string): void {
    for (const [storeKey, batch] of this.open) if (batch.clients.has(client)) this.schedule(storeKey, batch);
  }

  private schedule(storeKey: string, batch: Batch<T>): void {
    clearTimeout(batch.timer);
    const untilMax = batch.openedAt + this.maxWaitMs - Date.now();
    // Any lookup whose caller expects nothing more makes the batch due after idleMs.
    const allExpectMore = !batch.unannounced && [...batch.clients].every((client) => this.expected.has(client));
    const delay = allExpectMore ? untilMax : Math.min(this.idleMs, untilMax);
    batch.timer = setTimeout(() => this.dispatch(storeKey, batch), Math.max(0, delay));
  }

  private dispatch(storeKey: string, batch: Batch<T>): void {
    if (this.open.get(storeKey) !== batch) return;
    clearTimeout(batch.timer);
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
