/**
 * The most upstream Kroger calls one user can cause per day with the default shares, and what the
 * next user still gets: computed from the defaults, then measured at a tenth of Kroger's products
 * quota with the same percentages (each user searching unique terms until refused).
 */
import { randomUUID } from 'node:crypto';
import { KROGER_DAILY_LIMITS, QuotaApi } from '../src/config/app-config';
import { requestContext } from '../src/common/request-context';
import { KrogerClient } from '../src/kroger/kroger-client';
import { allowance, spendableBudget } from '../src/kroger/spend/spend-limits';
import { SpendRefusedError } from '../src/kroger/spend/spend-refused.error';
import { report, runBenchmark, startBenchService } from './support';

const SCALE = 10;

async function main(): Promise<void> {
  const limit = KROGER_DAILY_LIMITS.products / SCALE;
  const service = await startBenchService({ KROGER_QUOTA_LIMITS: `products=${limit}` });
  // Only the products limit is scaled: the shares are the defaults.
  const { spend } = service.config.kroger.gateway;
  const rows: [string, string | number][] = [];
  let total = 0;
  for (const api of Object.keys(KROGER_DAILY_LIMITS) as QuotaApi[]) {
    // The public Cart API only adds (writes): no reserve is kept from it.
    const budget = spendableBudget(KROGER_DAILY_LIMITS[api], spend.reserveBp, api === 'cart');
    const first = allowance({ budget, appUsed: 0, own: 0, shareBp: spend.userShareBp });
    const next = allowance({ budget, appUsed: first, own: 0, shareBp: spend.userShareBp });
    total += first;
    rows.push([`${api} (limit ${KROGER_DAILY_LIMITS[api]}): one user at most / the next user`, `${first} / ${next}`]);
  }
  rows.push(['all limited APIs: one user at most per day', total]);
  report(`Defaults: user share ${spend.userShareBp / 100}%, reserve ${spend.reserveBp / 100}% (computed)`, rows);

  try {
    const kroger = service.app.get(KrogerClient);
    const spendUntilRefused = async (userId: string): Promise<number> => {
      const before = service.calls('/v1/products');
      const caller = { userId, client: `token:${randomUUID()}`, address: '127.0.0.1' };
      for (;;) {
        try {
          await requestContext.runAs(caller, () =>
            kroger.searchProducts({ term: `bench ${randomUUID().slice(0, 8)}` }),
          );
        } catch (error) {
          if (error instanceof SpendRefusedError) return service.calls('/v1/products') - before;
          throw error;
        }
      }
    };
    const budget = spendableBudget(limit, spend.reserveBp, false);
    const predictedFirst = allowance({ budget, appUsed: 0, own: 0, shareBp: spend.userShareBp });
    const first = await spendUntilRefused(randomUUID());
    const predictedNext = allowance({ budget, appUsed: first, own: 0, shareBp: spend.userShareBp });
    const next = await spendUntilRefused(randomUUID());
    report(`Measured at 1/${SCALE} scale (products limit ${limit}, default percentages)`, [
      ['first user: upstream products calls before refusal', `${first} (predicted ${predictedFirst})`],
      ['next user: upstream products calls before refusal', `${next} (predicted ${predictedNext})`],
      ['measured / predicted, first user', (first / predictedFirst).toFixed(2)],
      ['measured / predicted, next user', (next / predictedNext).toFixed(2)],
      ['first user x scale (compare with the computed default)', first * SCALE],
    ]);
  } finally {
    await service.close();
  }
}

runBenchmark(main);
