import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { invalidCursor } from '../common/contract/pagination';
import { NotFoundError } from '../common/errors/domain-error';
import { CartLedgerEntry, CartLedgerRepository, LedgerPosition, LedgerTotals } from './cart-ledger.repository';
import { CartItemPage, CartLine, CheckedOutCart, ListCartItemsQuery } from './carts.contract';
import { INTERRUPTED_LINE_NOTE } from './interrupted-add';

/**
 * The cart ledger of the public tier: what this app added to the user's Kroger cart, which
 * Kroger's public API cannot read back. The current ledger is the lines added since the user last
 * said they checked out; each checkout closes it under its own id.
 */
@Injectable()
export class CartLedgerService {
  constructor(private readonly ledger: CartLedgerRepository) {}

  /** The newest lines of the current ledger, its totals and the user's preferred store (for GET /api/v1/cart). */
  async current(
    userId: string,
  ): Promise<{ items: CartLine[]; totals: LedgerTotals; preferredLocationId: string | undefined }> {
    const { entries, totals, preferredLocationId } = await this.ledger.currentWithStore(userId);
    return { items: entries.map(toLine), totals, preferredLocationId };
  }

  async page(userId: string, query: ListCartItemsQuery): Promise<Omit<CartItemPage, 'source'>> {
    const limit = query.limit ?? 50;
    const checkout = query.ledger === 'previous' ? await this.ledger.findLatestCheckout(userId) : undefined;
    if (query.ledger === 'previous' && !checkout)
      return { data: [], pagination: { limit, next: null }, checkout: null, totals: toTotals(EMPTY) };
    const checkoutId = checkout?.checkoutId ?? null;
    // One more than asked tells whether a next page exists without a second query.
    const page = await this.ledger.pageWithTotals(
      userId,
      checkoutId,
      limit + 1,
      query.cursor ? parseCursor(query.cursor) : undefined,
    );
    const entries = page.entries;
    // Past the last line (removed since the cursor was given) the page carries no totals.
    const totals = page.totals ?? (await this.ledger.totalsOf(userId, checkoutId));
    const shown = entries.slice(0, limit);
    return {
      data: shown.map(toLine),
      pagination: { limit, next: entries.length > limit ? cursorOf(shown[shown.length - 1]) : null },
      checkout: checkout
        ? { checkoutId: checkout.checkoutId, checkedOutAt: checkout.checkedOutAt.toISOString() }
        : null,
      totals: toTotals(totals),
    };
  }

  /**
   * Closes the current ledger. With nothing in it, nothing happens (a second tap is harmless);
   * an add racing it lands in the closed ledger or the new one, never in neither.
   */
  async checkOut(userId: string): Promise<CheckedOutCart> {
    const checkoutId = randomUUID();
    const at = new Date();
    const lines = await this.ledger.checkOut(userId, checkoutId, at);
    if (lines === 0) return { checkoutId: null, checkedOutAt: null, lines: 0, estimatedTotal: null };
    const totals = await this.ledger.totalsOf(userId, checkoutId);
    return { checkoutId, checkedOutAt: at.toISOString(), lines, estimatedTotal: roundedTotal(totals) };
  }

  /** Forgets a line the user removed on Kroger's site; another user's line is not found. */
  async remove(userId: string, ledgerId: string): Promise<void> {
    if (!(await this.ledger.remove(userId, ledgerId, new Date())))
      throw new NotFoundError('Cart line', `Your cart ledger has no line ${ledgerId}.`);
  }
}

const EMPTY: LedgerTotals = { lines: 0, quantity: 0, value: null };

export function roundedTotal(totals: LedgerTotals): number | null {
  return totals.value === null ? null : Math.round(totals.value * 100) / 100;
}

function toTotals(totals: LedgerTotals): CartItemPage['totals'] {
  return { lines: totals.lines, quantity: totals.quantity, estimatedTotal: roundedTotal(totals) };
}

function toLine(e: CartLedgerEntry): CartLine {
  return {
    ledgerId: e.id,
    upc: e.upc,
    name: e.productName ?? undefined,
    quantity: e.quantity,
    modality: e.modality,
    unitPrice: e.unitPrice ?? undefined,
    status: e.status,
    ...(e.status === 'UNKNOWN' ? { note: INTERRUPTED_LINE_NOTE } : {}),
    addedAt: e.createdAt.toISOString(),
    channel: e.channel,
  };
}

/** The position after a line, as the opaque `next` cursor: `<epoch ms>_<id>`. */
function cursorOf(entry: CartLedgerEntry): string {
  return `${entry.createdAt.getTime()}_${entry.id}`;
}

function parseCursor(cursor: string): LedgerPosition {
  // The id must be a whole UUID: anything looser reaches the uuid column and fails there as a 500.
  const match = /^(\d{1,15})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(cursor);
  if (!match) throw invalidCursor();
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}
