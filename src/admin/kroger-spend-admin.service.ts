import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DEFAULT_PAGE_LIMIT, PageQuery } from '../common/contract/pagination';
import { NotFoundError } from '../common/errors/domain-error';
import { QuotaEndpoint } from '../kroger/quota-ledger';
import { KrogerSpendRepository } from '../kroger/spend/kroger-spend.repository';
import { SpendBudget } from '../kroger/spend/spend-budget';
import { BASIS_POINTS } from '../kroger/spend/spend-limits';
import { KrogerSpendPage, UserKrogerSpend } from './admin.contract';

const toPercent = (bp: number) => (bp * 100) / BASIS_POINTS;

/** What operators see of Kroger spend per user, and the one knob they turn: a user's share. */
@Injectable()
export class KrogerSpendAdminService {
  constructor(
    private readonly spend: KrogerSpendRepository,
    private readonly budget: SpendBudget,
    private readonly audit: AuditService,
  ) {}

  async biggestSpenders(query: PageQuery): Promise<KrogerSpendPage> {
    const start = query.start ?? 0;
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const { rows, total } = await this.spend.pageTop('user', start, limit, new Date());
    const shares = new Map<string, number>();
    for (const userId of new Set(rows.map((r) => r.userId ?? r.subject)))
      shares.set(userId, await this.shareBpOf(userId));
    return {
      data: rows.map((row) => ({
        userId: row.subject,
        endpoint: row.endpoint,
        used: row.count,
        allowance: this.budget.allowanceOf(row.endpoint as QuotaEndpoint, row.count, shares.get(row.subject)!),
        windowEnd: row.windowEnd.toISOString(),
      })),
      pagination: { start, limit, total },
    };
  }

  async ofUser(userId: string): Promise<UserKrogerSpend> {
    const override = await this.spend.findShare(userId);
    const shareBp = override ?? this.budget.defaultUserShareBp;
    const rows = await this.spend.listOfUser(userId, new Date());
    return {
      userId,
      sharePercent: toPercent(shareBp),
      shareOverridden: override !== undefined,
      endpoints: rows
        .filter((row) => row.kind === 'user')
        .map((row) => ({
          endpoint: row.endpoint,
          used: row.count,
          allowance: this.budget.allowanceOf(row.endpoint as QuotaEndpoint, row.count, shareBp),
          windowEnd: row.windowEnd.toISOString(),
        })),
      clients: rows
        .filter((row) => row.kind === 'client')
        .map((row) => ({
          client: row.subject,
          endpoint: row.endpoint,
          used: row.count,
          windowEnd: row.windowEnd.toISOString(),
        })),
    };
  }

  async setShare(userId: string, sharePercent: number, requestId: string): Promise<UserKrogerSpend> {
    const before = await this.spend.findShare(userId);
    const shareBp = Math.round(sharePercent * 100);
    if (!(await this.spend.saveShare(userId, shareBp, new Date()))) throw new NotFoundError('User');
    await this.audit.record('kroger_share.changed', {
      userId,
      detail: { fromPercent: before === undefined ? null : toPercent(before), toPercent: toPercent(shareBp) },
      requestId,
    });
    return this.ofUser(userId);
  }

  async resetShare(userId: string, requestId: string): Promise<UserKrogerSpend> {
    const before = await this.spend.findShare(userId);
    if (await this.spend.deleteShare(userId)) {
      await this.audit.record('kroger_share.changed', {
        userId,
        detail: { fromPercent: before === undefined ? null : toPercent(before), toPercent: null },
        requestId,
      });
    }
    return this.ofUser(userId);
  }

  private async shareBpOf(userId: string): Promise<number> {
    return (await this.spend.findShare(userId)) ?? this.budget.defaultUserShareBp;
  }
}
