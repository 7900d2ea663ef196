import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';

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

/** The CartLedgerEntry table: the only record of what the public cart API was sent (it cannot be read back). */
@Injectable()
export class CartLedgerRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Writes every line as SENT, all or none. */
  recordSent(entries: NewCartLedgerEntry[]): Promise<CartLedgerEntry[]> {
    return this.prisma.$transaction(entries.map((data) => this.prisma.cartLedgerEntry.create({ data, select: ENTRY })));
  }

  async setStatus(ids: string[], status: CartLineStatus, errorCode?: string): Promise<void> {
    await this.prisma.cartLedgerEntry.updateMany({ where: { id: { in: ids } }, data: { status, errorCode } });
  }

  listNewestByUserId(userId: string, limit: number): Promise<CartLedgerEntry[]> {
    return this.prisma.cartLedgerEntry.findMany({
      where: { userId },
      orderBy: { createdAt: 'desc' },
      take: limit,
      select: ENTRY,
    });
  }

  listSinceByUserId(userId: string, since: Date): Promise<CartLedgerEntry[]> {
    return this.prisma.cartLedgerEntry.findMany({
      where: { userId, createdAt: { gte: since } },
      orderBy: { createdAt: 'desc' },
      select: ENTRY,
    });
  }
}
