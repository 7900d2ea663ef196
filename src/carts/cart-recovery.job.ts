import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron, Interval } from '@nestjs/schedule';
import { AuditService } from '../audit/audit.service';
import { IdempotencyRepository } from '../common/idempotency.repository';
import { AppConfig } from '../config/app-config';
import { inBatches } from '../database/in-batches';
import { Transaction, UnitOfWork } from '../database/unit-of-work';
import { AccountEventsService } from '../events/account-events.service';
import { CartRecoveryRepository, InterruptedLine } from './cart-recovery.repository';
import { CartsService } from './carts.service';
import { INTERRUPTED_ADD_ANSWER, INTERRUPTED_ERROR_CODE } from './interrupted-add';

const BATCH_SIZE = 100;

export interface RecoveryResult {
  /** Ledger lines left SENT by a crash, now UNKNOWN. */
  lines: number;
  /** Idempotency-Keys of those adds, now answering the UNKNOWN outcome instead of 409. */
  keys: number;
  /** Unfinished keys whose request died before reaching Kroger, released for a retry. */
  released: number;
  /** Unfinished keys of adds that had finished (no line SENT), now answering their outcome. */
  settled: number;
}

/**
 * Finishes what a crash (kill -9, lost machine) left half done in cart adds: at start-up and every
 * minute, lines still SENT longer than the longest an add can be in flight (so a live request on
 * another instance is never touched) become UNKNOWN, audited, and their Idempotency-Keys answer that
 * outcome; a replay then says "unknown, check your cart" instead of 409 forever, and never re-adds.
 * Keys of adds that finished but died before their answer was stored answer that outcome too, and
 * keys under which nothing was sent are released. Hourly, expired Idempotency-Keys are deleted. Every step works in bounded batches claimed with
 * FOR UPDATE SKIP LOCKED, so any number of instances can run it at once.
 */
@Injectable()
export class CartRecoveryJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('CartRecoveryJob');
  private readonly enabled: boolean;
  private readonly recoverAfterMs: number;

  constructor(
    private readonly recovery: CartRecoveryRepository,
    private readonly keys: IdempotencyRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly events: AccountEventsService,
    private readonly carts: CartsService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.enabled = config.get('jobsEnabled', { infer: true });
    this.recoverAfterMs = config.get('cartRecoverAfterMs', { infer: true });
  }

  /** Before the instance takes traffic, so a client retrying after the crash already gets the answer. */
  async onApplicationBootstrap(): Promise<void> {
    await this.runRecovery();
  }

  @Interval('cart-recovery', 60_000)
  async runRecovery(): Promise<void> {
    if (!this.enabled) return;
    try {
      const result = await this.recover();
      if (result.lines + result.released + result.settled > 0)
        this.logger.warn(`Recovered interrupted cart adds ${JSON.stringify(result)}`);
    } catch (error) {
      this.logger.error({ err: error }, 'Cart recovery failed');
    }
  }

  @Cron('23 * * * *', { name: 'idempotency-purge' })
  async runPurge(): Promise<void> {
    if (!this.enabled) return;
    try {
      const purged = await this.purgeExpiredKeys();
      if (purged > 0) this.logger.log(`Purged ${purged} expired Idempotency-Keys`);
    } catch (error) {
      this.logger.error({ err: error }, 'Idempotency-Key purge failed');
    }
  }

  async recover(now = new Date()): Promise<RecoveryResult> {
    const startedBefore = new Date(now.getTime() - this.recoverAfterMs);
    const result: RecoveryResult = { lines: 0, keys: 0, released: 0, settled: 0 };
    for (;;) {
      const batch = await this.unitOfWork.run((tx) => this.recoverBatch(startedBefore, tx));
      result.lines += batch.lines.length;
      result.keys += batch.keys;
      await this.announce(batch.lines);
      if (batch.lines.length < BATCH_SIZE) break;
    }
    result.released = await inBatches(BATCH_SIZE, (limit) =>
      this.recovery.releaseKeysThatSentNothing(startedBefore, limit),
    );
    result.settled = await inBatches(BATCH_SIZE, (limit) =>
      this.unitOfWork.run((tx) => this.settleFinishedAdds(startedBefore, limit, tx)),
    );
    return result;
  }

  /**
   * Keys of adds that finished but died before their answer was stored (the lines are ACCEPTED,
   * FAILED or UNKNOWN, none SENT): an all-accepted add answers what it would have (201, its lines),
   * any other the interrupted-add answer, which sends the user to their Kroger cart. Nothing is sent
   * to Kroger again either way.
   */
  private async settleFinishedAdds(startedBefore: Date, limit: number, tx: Transaction): Promise<number> {
    const claimed = await this.recovery.claimKeysOfFinishedAdds(startedBefore, limit, tx);
    for (const { userId, key, lines } of claimed) {
      const answer = lines.every((line) => line.status === 'ACCEPTED')
        ? { status: 201, body: await this.carts.acceptedAnswer(lines, lines[0].locationId ?? undefined) }
        : INTERRUPTED_ADD_ANSWER;
      await this.recovery.completeKey(userId, key, answer, tx);
    }
    return claimed.length;
  }

  purgeExpiredKeys(now = new Date()): Promise<number> {
    return inBatches(BATCH_SIZE * 10, (limit) => this.keys.deleteExpired(now, limit));
  }

  /** One batch, in one transaction: the lines, their keys' answers and the audit trail commit together. */
  private async recoverBatch(
    startedBefore: Date,
    tx: Transaction,
  ): Promise<{ lines: InterruptedLine[]; keys: number }> {
    const lines = await this.recovery.markInterrupted(startedBefore, INTERRUPTED_ERROR_CODE, BATCH_SIZE, tx);
    const keys = new Set<string>();
    for (const [userId, mine] of groupBy(lines, (line) => line.userId)) {
      const userKeys = [...new Set(mine.map((line) => line.idempotencyKey).filter((key) => key !== null))];
      for (const key of userKeys) {
        await this.recovery.completeKey(userId, key, INTERRUPTED_ADD_ANSWER, tx);
        keys.add(`${userId}:${key}`);
      }
      await this.audit.record(
        'cart.add_interrupted',
        {
          userId,
          detail: {
            lines: mine.map((line) => ({ id: line.id, upc: line.upc, quantity: line.quantity })),
            idempotencyKeys: userKeys.length,
          },
        },
        tx,
      );
    }
    return { lines, keys: keys.size };
  }

  /** Once committed: each user's devices hear which adds to check on Kroger's cart page. */
  private async announce(lines: InterruptedLine[]): Promise<void> {
    for (const [userId, mine] of groupBy(lines, (line) => line.userId))
      await this.events.publish(userId, {
        type: 'cart.add_unknown',
        data: {
          reason: 'interrupted',
          items: mine.map((line) => ({ ledgerId: line.id, upc: line.upc, quantity: line.quantity })),
        },
      });
  }
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}
