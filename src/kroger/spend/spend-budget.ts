import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig, KrogerSpendConfig } from '../../config/app-config';
import { Caller, payerOf, requestContext } from '../../common/request-context';
import { apiOf, QuotaEndpoint, QuotaLedger } from '../quota-ledger';
import { KrogerSpendRepository, SpendKind } from './kroger-spend.repository';
import { allowance, retryAfterSeconds, spendableBudget } from './spend-limits';
import { SpendRefusedError } from './spend-refused.error';

const WINDOW_MS = 24 * 60 * 60 * 1000;

interface Subject {
  kind: SpendKind;
  subject: string;
  userId: string | null;
  shareBp: number;
  overridable: boolean;
}

/**
 * Charges every upstream Kroger call to whoever the current request acts for: the user and the
 * client that asked, or the address (and all anonymous callers together). A call that would take a
 * subject past its share of what the others left of the day's budget is refused before it is sent.
 * The service's own work (jobs, cache refreshes that serve everyone) has no caller and is free.
 */
@Injectable()
export class SpendBudget {
  private readonly logger = new Logger('KrogerSpend');
  private readonly settings: KrogerSpendConfig;

  constructor(
    private readonly spend: KrogerSpendRepository,
    private readonly ledger: QuotaLedger,
    config: ConfigService<AppConfig, true>,
  ) {
    this.settings = config.get('kroger.gateway.spend', { infer: true });
  }

  /**
   * Call before each attempt of an upstream call. Throws SpendRefusedError when over share.
   * `asCustomer`: the call uses a Kroger customer's own token. On an anonymous request that is a
   * customer signing in (linking), charged to no one: charging the address would cap sign-ins per
   * network, and the callback's rate limit already bounds it.
   */
  async charge(endpoint: QuotaEndpoint, call: { write: boolean; asCustomer: boolean }): Promise<void> {
    const caller = requestContext.caller();
    if (!caller || (call.asCustomer && !caller.userId)) return;
    const limit = this.ledger.limitOf(endpoint);
    if (limit === null) {
      // Nothing to refuse (Kroger sets no limit): recorded for operators, off the call's path, so a
      // call made inside a transaction never waits for a connection the transaction holds.
      void this.record(caller, endpoint);
      return;
    }
    const budget = spendableBudget(limit, this.settings.reserveBp, call.write);
    const taken: { subject: Subject; windowEnd: Date }[] = [];
    try {
      for (const subject of this.subjectsOf(caller)) {
        const row = await this.take(subject, endpoint, true, budget);
        if (!row) {
          for (const done of taken) await this.spend.giveBack(keyOf(done.subject, endpoint), 1, done.windowEnd);
          throw await this.refusal(caller, subject, endpoint, budget);
        }
        taken.push({ subject, windowEnd: row.windowEnd });
      }
    } catch (error) {
      if (error instanceof SpendRefusedError) throw error;
      // Accounting must not turn a database hiccup into a Kroger outage; Kroger's own limit still holds.
      this.logger.warn({ err: error, endpoint }, 'Kroger spend not recorded');
    }
  }

  private async record(caller: Caller, endpoint: QuotaEndpoint): Promise<void> {
    try {
      for (const subject of this.subjectsOf(caller)) await this.take(subject, endpoint, false, 0);
    } catch (error) {
      this.logger.warn({ err: error, endpoint }, 'Kroger spend not recorded');
    }
  }

  /** The calls a user may make in its window per limited endpoint, as things stand. */
  allowanceOf(endpoint: QuotaEndpoint, own: number, shareBp: number): number | null {
    const limit = this.ledger.limitOf(endpoint);
    if (limit === null) return null;
    const budget = spendableBudget(limit, this.settings.reserveBp, endpoint === 'cart');
    return allowance({ budget, appUsed: this.ledger.usedOf(endpoint), own, shareBp });
  }

  get defaultUserShareBp(): number {
    return this.settings.userShareBp;
  }

  private subjectsOf(caller: Caller): Subject[] {
    const { userShareBp, clientShareBp, anonymousShareBp, anonymousPoolBp } = this.settings;
    if (caller.userId) {
      const user = caller.userId;
      return [
        { kind: 'user', subject: user, userId: user, shareBp: userShareBp, overridable: true },
        ...(caller.client
          ? [
              {
                kind: 'client' as const,
                subject: caller.client,
                userId: user,
                shareBp: clientShareBp,
                // An operator's share for the user applies to the user's credentials too, or
                // raising it would change nothing for a user on one token.
                overridable: true,
              },
            ]
          : []),
      ];
    }
    return [
      { kind: 'address', subject: caller.address, userId: null, shareBp: anonymousShareBp, overridable: false },
      { kind: 'anonymous', subject: '*', userId: null, shareBp: anonymousPoolBp, overridable: false },
    ];
  }

  private async take(subject: Subject, endpoint: QuotaEndpoint, limited: boolean, budget: number) {
    const now = new Date();
    const take = {
      ...keyOf(subject, endpoint),
      userId: subject.userId,
      cost: 1,
      limited,
      budget,
      appUsedHere: this.ledger.usedOf(endpoint),
      shareBp: subject.shareBp,
      overridable: subject.overridable,
      now,
      windowEnd: new Date(now.getTime() + WINDOW_MS),
    };
    const row = await this.spend.take(take);
    if (row) return row;
    // No row yet, or refused: create the row with an ended window unless it exists (a concurrent
    // first call may just have made it), then take again under the same rules.
    await this.spend.createIfAbsent({ ...keyOf(subject, endpoint), userId: subject.userId, now });
    return this.spend.take(take);
  }

  private async refusal(caller: Caller, subject: Subject, endpoint: QuotaEndpoint, budget: number) {
    const now = Date.now();
    const row = await this.spend.find(keyOf(subject, endpoint));
    const shareBp =
      (subject.overridable && subject.userId ? await this.spend.findShare(subject.userId) : undefined) ??
      subject.shareBp;
    const seconds = retryAfterSeconds({
      now,
      subjectWindowEnd: row?.windowEnd.getTime() ?? now,
      appWindowEnd: this.ledger.windowEndOf(endpoint, now),
      freshAllowance: allowance({ budget, appUsed: this.ledger.usedOf(endpoint), own: 0, shareBp }),
    });
    this.logger.log({ endpoint, kind: subject.kind }, 'Kroger call refused: share used up');
    return new SpendRefusedError(payerOf(caller), apiOf(endpoint), seconds, !caller.userId);
  }
}

function keyOf(subject: Subject, endpoint: QuotaEndpoint) {
  return { kind: subject.kind, subject: subject.subject, endpoint };
}
