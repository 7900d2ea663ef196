import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from './prisma.service';

declare const OPEN_TRANSACTION: unique symbol;

/**
 * An open interactive transaction. Opaque above the repositories: services hold one only to hand
 * it to the repository calls that must commit or roll back together.
 */
export interface Transaction {
  readonly [OPEN_TRANSACTION]: true;
}

export interface TransactionOptions {
  /** How long the transaction may run before Prisma rolls it back. */
  timeoutMs?: number;
  /** How long to wait for a pooled connection to start it. */
  maxWaitMs?: number;
}

/** Runs several repository calls in one interactive transaction (row locks live as long as it does). */
@Injectable()
export class UnitOfWork {
  constructor(private readonly prisma: PrismaService) {}

  run<T>(work: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.prisma.$transaction((tx) => work(tx as unknown as Transaction), {
      timeout: options.timeoutMs,
      maxWait: options.maxWaitMs,
    });
  }
}

/** For repositories: the client to query with, inside the caller's transaction when there is one. */
export function clientOf(prisma: PrismaService, tx?: Transaction): Prisma.TransactionClient {
  return tx ? (tx as unknown as Prisma.TransactionClient) : prisma;
}
