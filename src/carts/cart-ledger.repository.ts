import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { databaseBusy } from '../common/errors/prisma-errors';
import { PrismaService } from '../database/prisma.service';
import { ReadBatcher } from '../database/read-batcher';
import { LEDGER_VIEW_LINES } from './carts.contract';

export type CartLineStatus = 'SENT' | 'ACCEPTED' | 'UNKNOWN' | 'FAILED';

/** One line this service sent to a user's Kroger cart, with the product as it was at the time. */
export interface CartLedgerEntry {
  id: string;
  userId: string;
  upc: string;
  quantity: number;
  modality: string;
  channel: string;
  status: CartLineStatus;
  errorCode: string | null;
  productName: string | null;
  unitPrice: number | null;
  locationId: string | null;
  idempotencyKey: string | null;
  requestId: string | null;
  createdAt: Date;
}

/** Where a page of a ledger ended: the next page starts after it. */
export interface LedgerPosition {
  createdAt: Date;
  id: string;
}

export interface LedgerTotals {
  lines: number;
  quantity: number;
  /** Sum of unit price × quantity over priced lines that reached the cart (or may have); null when none. */
  value: number | null;
}

export type NewCartLedgerEntry = Omit<CartLedgerEntry, 'id' | 'status' | 'errorCode' | 'createdAt'>;

const ENTRY = {
  id: true,
  userId: true,
  upc: true,
  quantity: true,
  modality: true,
  channel: true,
  status: true,
  errorCode: true,
  productName: true,
  unitPrice: true,
  locationId: true,
  idempotencyKey: true,
  requestId: true,
  createdAt: true,
} satisfies Prisma.CartLedgerEntrySelect;

/** A user's current ledger as the cart view shows it: its newest lines, its totals, the preferred store. */
export interface CurrentLedger {
  entries: CartLedgerEntry[];
  totals: LedgerTotals;
  preferredLocationId: string | undefined;
}

/** Users whose cart views one statement reads, at most. */
const VIEWS_PER_STATEMENT = 100;

/** The CartLedgerEntry table: the only record of what the public cart API was sent (it cannot be read back). */
@Injectable()
export class CartLedgerRepository {
  private readonly currentViews: ReadBatcher<string, CurrentLedger>;

  constructor(private readonly prisma: PrismaService) {
    this.currentViews = new ReadBatcher((userIds) => this.currentViewsOf(userIds), {
      concurrency: prisma.connection.poolSize,
      maxKeys: VIEWS_PER_STATEMENT,
      maxWaitMs: prisma.connection.poolTimeoutMs,
      waitedTooLong: databaseBusy,
    });
  }

  /** Writes every line as SENT, all or none. */
  recordSent(entries: NewCartLedgerEntry[]): Promise<CartLedgerEntry[]> {
    return this.prisma.$transaction(entries.map((data) => this.prisma.cartLedgerEntry.create({ data, select: ENTRY })));
  }

  async setStatus(ids: string[], status: CartLineStatus, errorCode?: string): Promise<void> {
    await this.prisma.cartLedgerEntry.updateMany({ where: { id: { in: ids } }, data: { status, errorCode } });
  }

  /**
   * One page of a ledger, newest first: the current one (`checkoutId` null) or one checkout's.
   * Keyset paging on (createdAt, id), so lines added while the user pages never shift a page.
   * The whole ledger's totals come in the same statement (see ledgerPage). Totals are undefined only
   * when the page is empty after a cursor: lines before it may remain.
   */
  async pageWithTotals(
    userId: string,
    checkoutId: string | null,
    limit: number,
    after?: LedgerPosition,
  ): Promise<{ entries: CartLedgerEntry[]; totals: LedgerTotals | undefined }> {
    const rows = await this.prisma.$queryRaw<LedgerPageRow[]>(ledgerPage(userId, checkoutId, limit, after));
    if (rows.length === 0) return { entries: [], totals: after ? undefined : NO_LINES };
    return { entries: rows.map(entryOf), totals: totalsOf(rows[0]) };
  }

  /**
   * What GET /api/v1/cart shows: the newest lines of the user's current ledger, its totals, and the
   * preferred store (whose chain names the Kroger site the cart lives on). Views asked for while the
   * database is busy are read together, in one statement (see currentViews and ReadBatcher).
   */
  currentWithStore(userId: string): Promise<CurrentLedger> {
    return this.currentViews.read(userId);
  }

  /**
   * The current view of each user, in one statement, answered under the very key asked for (text: a
   * uuid read back would come lowercase): one row per line, or one row with null line
   * columns for an empty ledger, so every user's store is known. The store is read here, beside the
   * ledger, rather than through the locations module: every Prisma round trip costs the event loop
   * about 0.3 ms on PostgreSQL and 1 ms on PGlite (measured through the cart route), and a cart view
   * waits for each one behind every other request.
   */
  private async currentViewsOf(userIds: string[]): Promise<Map<string, CurrentLedger>> {
    const rows = await this.prisma.$queryRaw<
      (Nullable<LedgerPageRow> & { viewerId: string; preferredLocationId: string | null })[]
    >`
      select viewer."key" as "viewerId", store."locationId" as "preferredLocationId", page.*
      from unnest(${userIds}::text[]) as viewer("key")
      left join "PreferredLocation" as store on store."userId" = viewer."key"::uuid
      left join lateral (${ledgerPage(Prisma.sql`viewer."key"::uuid`, null, LEDGER_VIEW_LINES)}) as page on true
      order by viewer."key", page."createdAt" desc, page."id" desc`;
    const views = new Map<string, CurrentLedger>();
    for (const row of rows) {
      const view = views.get(row.viewerId) ?? {
        entries: [],
        totals: NO_LINES,
        preferredLocationId: row.preferredLocationId ?? undefined,
      };
      if (row.id !== null) {
        const line = row as LedgerPageRow;
        if (view.entries.length === 0) view.totals = totalsOf(line);
        view.entries.push(entryOf(line));
      }
      views.set(row.viewerId, view);
    }
    return views;
  }

  /** Lines and quantities of a ledger, and the value of the lines that reached (or likely reached) the cart. */
  async totalsOf(userId: string, checkoutId: string | null): Promise<LedgerTotals> {
    const [row] = await this.prisma.$queryRaw<{ lines: bigint; quantity: bigint | null; value: number | null }[]>`
      select count(*) as "lines", sum("quantity") as "quantity",
        sum("unitPrice" * "quantity") filter (where "status" in ('ACCEPTED', 'UNKNOWN')) as "value"
      from "CartLedgerEntry"
      where "userId" = ${userId}::uuid and ${ofLedger(checkoutId)} and "removedAt" is null`;
    return totalsOf({ totalLines: row.lines, totalQuantity: row.quantity, totalValue: row.value });
  }

  /** The user's latest checkout, if any. */
  async findLatestCheckout(userId: string): Promise<{ checkoutId: string; checkedOutAt: Date } | undefined> {
    const entry = await this.prisma.cartLedgerEntry.findFirst({
      where: { userId, checkoutId: { not: null } },
      orderBy: [{ checkedOutAt: 'desc' }],
      select: { checkoutId: true, checkedOutAt: true },
    });
    return entry?.checkoutId && entry.checkedOutAt
      ? { checkoutId: entry.checkoutId, checkedOutAt: entry.checkedOutAt }
      : undefined;
  }

  /**
   * Closes the current ledger under `checkoutId`; how many lines it held. One statement: a line an
   * add commits before it is closed with the ledger, one committed after starts the next ledger.
   */
  async checkOut(userId: string, checkoutId: string, at: Date): Promise<number> {
    const { count } = await this.prisma.cartLedgerEntry.updateMany({
      where: { userId, checkoutId: null, removedAt: null },
      data: { checkoutId, checkedOutAt: at },
    });
    return count;
  }

  /** Hides one of the user's lines; false when the user has no such line (another user's included). */
  async remove(userId: string, id: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.cartLedgerEntry.updateMany({
      where: { id, userId, removedAt: null },
      data: { removedAt: at },
    });
    return count > 0;
  }

  listSinceByUserId(userId: string, since: Date): Promise<CartLedgerEntry[]> {
    return this.prisma.cartLedgerEntry.findMany({
      where: { userId, createdAt: { gte: since } },
      orderBy: { createdAt: 'desc' },
      select: ENTRY,
    });
  }
}

/** The aggregates as SQL returns them: counts and integer sums are bigints, a sum over no rows null. */
interface TotalsRow {
  totalLines: bigint;
  totalQuantity: bigint | null;
  totalValue: number | null;
}

type LedgerPageRow = CartLedgerEntry & TotalsRow;
type Nullable<T> = { [K in keyof T]: T[K] | null };

const NO_LINES: LedgerTotals = { lines: 0, quantity: 0, value: null };

/**
 * A page of a ledger with the whole ledger's totals on every row: window aggregates over all its
 * lines, taken before the cursor and the limit apply. One round trip instead of a page query and a
 * totals query (under load each round trip waits for a pooled connection and a turn of the event
 * loop; PGlite runs them one at a time).
 */
function ledgerPage(
  owner: string | Prisma.Sql,
  checkoutId: string | null,
  limit: number,
  after?: LedgerPosition,
): Prisma.Sql {
  // Prisma sends a Date as its UTC wall time without an offset, as it stores DateTime in timestamp
  // columns: the cursor compares with them whatever the session's time zone. (ISO text would not do:
  // past year 9999 it reads "+010000-…Z", which PostgreSQL refuses, and a forged cursor became a 500.)
  const afterAt = after && Prisma.sql`${after.createdAt}::timestamp(3)`;
  const afterCursor = after
    ? Prisma.sql`where "createdAt" < ${afterAt} or ("createdAt" = ${afterAt} and "id" < ${after.id}::uuid)`
    : Prisma.empty;
  return Prisma.sql`
    select * from (
      select "id", "userId", "upc", "quantity", "modality", "channel", "status"::text as "status", "errorCode",
        "productName", "unitPrice", "locationId", "idempotencyKey", "requestId", "createdAt",
        count(*) over () as "totalLines", sum("quantity") over () as "totalQuantity",
        sum("unitPrice" * "quantity") filter (where "status" in ('ACCEPTED', 'UNKNOWN')) over () as "totalValue"
      from "CartLedgerEntry"
      where "userId" = ${typeof owner === 'string' ? Prisma.sql`${owner}::uuid` : owner} and ${ofLedger(checkoutId)}
        and "removedAt" is null
    ) as ledger
    ${afterCursor}
    order by "createdAt" desc, "id" desc
    limit ${limit}`;
}

/**
 * The lines of one ledger. "is null" rather than "is not distinct from", so the (userId, checkoutId,
 * createdAt) index narrows the scan to this ledger and not to every line the user ever added.
 */
function ofLedger(checkoutId: string | null): Prisma.Sql {
  return checkoutId === null ? Prisma.sql`"checkoutId" is null` : Prisma.sql`"checkoutId" = ${checkoutId}::uuid`;
}

function entryOf(row: LedgerPageRow): CartLedgerEntry {
  return {
    id: row.id,
    userId: row.userId,
    upc: row.upc,
    quantity: row.quantity,
    modality: row.modality,
    channel: row.channel,
    status: row.status,
    errorCode: row.errorCode,
    productName: row.productName,
    unitPrice: row.unitPrice,
    locationId: row.locationId,
    idempotencyKey: row.idempotencyKey,
    requestId: row.requestId,
    createdAt: row.createdAt,
  };
}

function totalsOf(row: TotalsRow): LedgerTotals {
  return { lines: Number(row.totalLines), quantity: Number(row.totalQuantity ?? 0), value: row.totalValue };
}
